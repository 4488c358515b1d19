"""Ingestion of pages shaped like many kinds of outlet, none of them a seed: the rules hold beyond the seeds.

Each fixture in tests/fixtures/outlets/ is an invented page in the shape of an
outlet type and era (US metro daily, UK broadsheet, wire copy, Australian
broadcaster, Indian daily, council press release, blog with comments,
paywall, live blog, and HTML with JSON-LD, div soup, a <title> beside an
<h1>, and a WordPress theme's markup). The expectations of the first twelve
were written before the extraction rules were tuned against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from storage.ingest.article import read_article
from storage.models import Article

OUTLETS = Path(__file__).parent.parent / "fixtures" / "outlets"


@dataclass(frozen=True)
class Expected:
    """What a page states and where its article starts and ends; ``absent`` is chrome no body may hold."""

    title: str
    publication: str
    author: str
    published: str
    first: str
    last: str
    absent: tuple[str, ...]
    comments: tuple[tuple[str, str], ...] = field(default=())


EXPECTED = {
    "us_metro_daily.txt": Expected(
        title="Foster families say county left them waiting months for payments",
        publication="The Springfield Ledger",
        author="MARTA KOWALSKI",
        published="2019-03-03",
        first="SPRINGFIELD — Dozens of foster families in Hadley County went without reimbursement checks",
        last="at a time when the county already has fewer homes than children who need them.",
        absent=(
            "Advertisement",
            "Story continues below",
            "READ MORE",
            "Contact Marta",
            "Most Popular",
            "Staff Writer",
            "Published",
            "©",
        ),
    ),
    "uk_broadsheet.txt": Expected(
        title="Academy trust stripped of schools after financial mismanagement",
        publication="The Northern Courier",
        author="Oliver Pryce",
        published="2011-11-09",
        first="Government inquiry found executives paid themselves bonuses while pupils went without textbooks"
        "\n\nA chain of academies in the north-east",
        last="The transfers are expected to be completed before the start of the next school year.",
        absent=(
            "Share on",
            "Sign up to our newsletter",
            "Get the day's headlines",
            "Topics",
            "Academies\n",
            "Reuse this content",
            "Most viewed",
            "Education correspondent",
        ),
    ),
    "reuters_wire.txt": Expected(
        title="Dutch court orders review of youth care agency after boy's death",
        publication="Reuters",
        author="Pieter Vos",
        published="2007-04-17",
        first="AMSTERDAM (Reuters) - A Dutch court on Tuesday ordered an independent review",
        last="national standards on how quickly youth care workers must respond to reports of abuse.",
        absent=("Reporting by", "Editing by", "Our Standards", "Min Read", "All quotes delayed", "©"),
    ),
    "au_broadcaster.txt": Expected(
        title="Child protection caseworkers stretched as notifications rise by a third",
        publication="ABC News",
        author="Kate Brennan",
        published="2014-03-04",
        first="Child protection caseworkers in Queensland's south-east say they can no longer safely manage",
        last="The union will meet the department next week.",
        absent=(
            "Posted",
            "Photo:",
            "Key points",
            "Related Story",
            "Foster carers quit",
            "Topics",
            "child-abuse",
            "Contact Kate Brennan",
        ),
    ),
    "indian_daily.txt": Expected(
        title="Orphanage sealed after inspection finds children living in unsafe conditions",
        publication="The Deccan Standard",
        author="Ananya Kulkarni",
        published="2016-01-12",
        first="The district administration has shifted 42 children to a government-run home\n\n"
        "The district administration on Monday sealed a privately run orphanage",
        last="Police said a case had been registered and further investigation was under way.",
        absent=("Also Read", "Child rights body", "HC pulls up", "For all the latest", "Written by", "Updated:"),
    ),
    "council_press_release.txt": Expected(
        title="Council invests £2.4 million in new children's homes",
        publication="Fenwick District Council",
        author="",
        published="2017-08-14",
        first="Fenwick District Council is to open two new children's homes in the district",
        last="recruitment for 18 posts will begin in the autumn.",
        absent=(
            "Press release",
            "Date:",
            "Ends",
            "Notes to editors",
            "media enquiries",
            "Share this page",
            "Was this page helpful",
        ),
    ),
    "blog_comments.txt": Expected(
        title="What nobody tells you about your first placement",
        publication="The Foster Room",
        author="Rachel Whitby",
        published="2012-09-22",
        first="I had read all the books.",
        last="Ring your supervising social worker even when you think it is a silly question. It never is.",
        absent=("Share this", "Like Loading", "Related", "Five things", "Posted in", "thoughts on", "Reply"),
        comments=(
            ("Maggie O'Brien", "2012-09-22 22:14"),
            ("Dev Patel", "2012-09-23 08:02"),
            ("Rachel Whitby", "2012-09-23 09:30"),
            ("Sandra Lowe", "2012-09-25 18:45"),
        ),
    ),
    "paywalled.txt": Expected(
        title="Police chief apologises for handling of missing teen reports",
        publication="The Lakeside Tribune",
        author="Darnell Hughes",
        published="2021-09-28",
        first="Lakeside's police chief apologised on Monday",
        last='opening missing-person investigations, a decision he now called wrong.',
        absent=("Subscribe", "subscriber", "unlimited digital access", "Cancel anytime", "Log In"),
    ),
    "live_blog.txt": Expected(
        title="Flooding live: homes evacuated as river bursts its banks",
        publication="The Evening Dispatch",
        author="Priya Nair",
        published="2020-06-19",
        first="Follow the latest updates as emergency services respond to flooding across the county\n\n"
        "Evacuation centre opens at leisure centre\n\nThe council has opened a rest centre",
        last="has left the River Leam at its highest level for 20 years.",
        absent=("Key events", "Show key events", "Share this post", "Sign up", "Most Read", "Man charged"),
    ),
    "jsonld_article.html": Expected(
        title="Care home inspectors find residents left without water",
        publication="Valley Star",
        author="Carmen Ruiz",
        published="2022-02-08",
        first="State inspectors who made an unannounced visit to a Ridgeview care home",
        last="The state has fined the home $21,000 and will return within 90 days.",
        absent=(
            "Advertisement",
            "Health\n",
            "By Carmen",
            "Photo:",
            "morning briefing",
            "Share on",
            "Related stories",
            "staffing rules delayed",
            "©",
        ),
    ),
    "div_soup.html": Expected(
        title="Youth centre funding cut as council closes budget gap",
        publication="Harbour Gazette",
        author="Liam Doherty",
        published="2010-06-24",
        first="Three youth centres in Harbour town will lose their council funding next year",
        last="The centres will now look for charitable funding to stay open beyond March.",
        absent=("Home |", "Email this story", "Other headlines", "Harbour wall", "Weather", "Have your say", "Quay Street"),
    ),
    "title_and_h1.html": Expected(
        title="Adoption waiting times fall to lowest level in a decade",
        publication="Westshire Echo",
        author="Nadia Hussain",
        published="2013-05-16",
        first="Children in Westshire who are waiting to be adopted are now placed",
        last="“The headline figure is welcome, but it hides the children who wait the longest,” said its director,"
        " Joe Stanton.",
        absent=("Posted on", "Tags:", "Popular", "Bypass plans", "Copyright"),
    ),
    "wordpress_comments.html": Expected(
        title="Why caseloads matter",
        publication="The Care Desk",
        author="Sam Okoro",
        published="2016-05-02",
        first="Social workers with too many cases cannot see the children",
        last="which compared caseloads with the results of inspections.",
        absent=("Share this", "Related", "Posted in", "Previous post", "thoughts on", "Leave a Reply", "WordPress"),
        comments=(("Lena Marsh", "2016-05-02 10:11"), ("Tom Reed", "2016-05-03 18:40")),
    ),
}


def outlet(name: str) -> Article:
    return read_article(OUTLETS / name)[0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_outlet_page_gives_its_headline_and_the_metadata_it_states(name: str) -> None:
    expected, article = EXPECTED[name], outlet(name)

    assert (expected.title, expected.publication, expected.author, expected.published) == (
        article.title,
        article.publication,
        article.author,
        article.published,
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_outlet_body_runs_from_the_first_to_the_last_sentence_of_the_article(name: str) -> None:
    expected, body = EXPECTED[name], outlet(name).body

    assert (expected.first, expected.last) == (body[: len(expected.first)], body[-len(expected.last) :])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_outlet_body_holds_none_of_its_page_chrome(name: str) -> None:
    body = outlet(name).body

    assert [] == [phrase for phrase in EXPECTED[name].absent if phrase in body + "\n"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_outlet_keeps_its_reader_comments_apart(name: str) -> None:
    article = outlet(name)

    assert EXPECTED[name].comments == tuple((c.author, c.posted) for c in article.comments)
