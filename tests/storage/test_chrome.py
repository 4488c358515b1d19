"""Chrome detection: how paragraphs are classified and where the article's densest prose runs."""

from __future__ import annotations

import pytest

from storage.ingest.chrome import Kind, classify, find_article_span, repeated_captions

PROSE = "The council said it had accepted every recommendation in the report and would act on them at once."


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (PROSE, Kind.PROSE),
        ("Cllr Jones said:", Kind.SENTENCE),
        ("“We are sorry.”", Kind.SENTENCE),
        ("What happens next", Kind.SHORT),
        ("Your browser is no longer supported", Kind.CHROME),
        (
            "We'll assume we have your consent to use cookies, for example so you won't need to log in.",
            Kind.CHROME,
        ),
        ("From £15 / month", Kind.CHROME),
        ("  • Comment", Kind.END),
        ("(Image: c. Cristian Bortes)", Kind.CHROME),
        ("Advertisement", Kind.CHROME),
        (
            "Sign up to our daily newsletter to get the latest news from the council delivered straight to your"
            " inbox every morning.",
            Kind.CHROME,
        ),
        (
            "Since you're here, we have a small favour to ask. More people are reading than ever but advertising"
            " revenues are falling, so we need your help to keep our reporting open to everyone who wants it."
            " If everyone who reads our reporting, who likes it, helps fund it, our future would be much more"
            " secure.",
            Kind.CHROME,
        ),
        ("Story continues below advertisement", Kind.CHROME),
        ("Media caption The minister spoke to reporters", Kind.CHROME),
        ("— Jane Doe (@janedoe) June 4, 2015", Kind.CHROME),
        ("Follow Jane Doe on Twitter", Kind.CHROME),
        ("Read more: Councils spend record sums on agency staff", Kind.CHROME),
        ("Home | News | Politics | Sport", Kind.CHROME),
        (
            "Taking time to say thank you is one of the hidden pillars of a society. Bei... more >",
            Kind.CHROME,
        ),
        ("Similar Articles", Kind.END),
        ("More from Community Care", Kind.END),
        ("Tell us what you think – have your say below or email", Kind.END),
        ("12 Comments", Kind.END),
        ("© 2019 The Daily Herald Media Group", Kind.END),
        ("About Author", Kind.END),
        ("Shares in the company fell by a fifth after the announcement on Monday morning.", Kind.PROSE),
        (
            "Netflix said its subscription revenue rose by a third in the last quarter of the year.",
            Kind.PROSE,
        ),
        ("The WTO is to hold membership talks with both countries next month, officials said.", Kind.PROSE),
        ("Reporting by Pieter Vos in Amsterdam; Additional reporting by Ann Lee; Editing by Andrew Hale", Kind.END),
        ("Our Standards: The Thomson Reuters Trust Principles.", Kind.END),
        ("Ends", Kind.END),
        ("Notes to editors", Kind.END),
        ("Comments are closed.", Kind.END),
        ("Related Story: Foster carers quit over lack of support", Kind.CHROME),
        ("Contact Marta Kowalski at mkowalski@ledger.example or 555-0142. Follow her on Twitter.", Kind.CHROME),
        ("This article originally appeared on The Valley Courier.", Kind.CHROME),
        ("Get the latest news delivered to your inbox every morning.", Kind.CHROME),
        ("Enjoy unlimited access to all of our journalism for just 99p.", Kind.CHROME),
        ("You have reached your limit of free articles this month.", Kind.CHROME),
        ("(This story has not been edited by Courier staff and is auto-generated from a syndicated feed.)", Kind.CHROME),
        ("Harbour Gazette, 12 Quay Street. All content copyright Harbour Gazette Newspapers 2010.", Kind.CHROME),
        ("Click to share on Facebook (Opens in new window)", Kind.CHROME),
        ("Join our WhatsApp channel", Kind.CHROME),
        ("Editor's Picks", Kind.CHROME),
        ("Loading...", Kind.CHROME),
        ("As a subscriber, you have 10 gift articles to give each month. Anyone can read it.", Kind.CHROME),
        ("SKIP ADVERTISEMENT", Kind.CHROME),
        ("Why you can trust Sky News", Kind.CHROME),
        ("Jane Doe covers child welfare for the Metro desk. More about Jane Doe", Kind.CHROME),
        (
            "A version of this article appears in print on March 4, 2019, Section A, Page 12 of the New York"
            " edition with the headline: Council Votes to Close Homes.",
            Kind.END,
        ),
        ("Home | News | Local | Politics", Kind.CHROME),
        ("By Jane Doe | March 3, 2019 | 4:15 pm", Kind.SHORT),
        (
            "Police said: “We want to hear from anyone who saw the car, and our officers are ready to help.”",
            Kind.PROSE,
        ),
        ("Reporting by the council's own staff was found to be late in every quarter of the year.", Kind.PROSE),
    ],
)
def test_paragraphs_are_classified_by_shape_and_phrase(paragraph: str, expected: Kind) -> None:
    assert expected == classify(paragraph)


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["Menu", "Headline here", PROSE, PROSE, "Similar Articles", PROSE], (2, 4)),
        ([PROSE, "Advertisement", PROSE, "Subheading", PROSE], (0, 5)),
        ([PROSE, PROSE, "Reporting by Ann Lee; Editing by Bo Ray", PROSE], (0, 2)),
        (["Cookie policy", "Sign in", "Subscribe"], (0, 0)),
        ([], (0, 0)),
    ],
)
def test_the_article_is_the_densest_run_of_prose_and_never_crosses_an_end_heading(
    paragraphs: list[str], expected: tuple[int, int]
) -> None:
    assert expected == find_article_span(paragraphs)


def test_a_caption_printed_twice_after_prose_begins_is_a_caption_but_a_repeated_headline_is_not() -> None:
    paragraphs = ["Headline here", "Headline here", PROSE, "Caption of a photo", "Caption of a photo", PROSE]

    assert {"Caption of a photo"} == repeated_captions(paragraphs)
