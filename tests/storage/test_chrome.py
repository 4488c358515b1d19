"""Chrome detection: how paragraphs are classified and where the article's densest prose runs."""

from __future__ import annotations

import pytest

from storage.chrome import Kind, classify, find_article_span, repeated_captions

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
    ],
)
def test_paragraphs_are_classified_by_shape_and_phrase(paragraph: str, expected: Kind) -> None:
    assert expected == classify(paragraph)


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (["Menu", "Headline here", PROSE, PROSE, "Similar Articles", PROSE], (2, 4)),
        ([PROSE, "Advertisement", PROSE, "Subheading", PROSE], (0, 5)),
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
