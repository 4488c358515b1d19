"""Reader comments: found under the article in their common shapes, kept apart from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.ingest.article import parse_article
from storage.ingest.comments import comment_entry, split_comments
from storage.models import ParsedComment

ARTICLE = ["Headline", "The council met on Monday to discuss the report into its services."]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. Philip Measures April 3, 2014 at 2:54 pm #", ("Philip Measures", "2014-04-03 14:54")),
        ("Jane Doe says:", ("Jane Doe", "")),
        ("Posted by Jane Doe on 3 June 2015", ("Jane Doe", "2015-06-03")),
        ("Sam | 12/03/2016 09:05", ("Sam", "2016-03-12 09:05")),
        ("Ann Lee • 3 years ago", ("Ann Lee", "")),
        ("Tuesday, January 20, 2015", None),
        ("The report was published on 20 January 2015.", None),
    ],
)
def test_comment_entries_are_a_name_with_a_date_or_says(line: str, expected: tuple[str, str] | None) -> None:
    assert expected == comment_entry(line)


def test_a_wordpress_comment_block_is_split_into_comments() -> None:
    page = [
        *ARTICLE,
        "3 thoughts on “Council meets”",
        "Ann Lee says:",
        "June 4, 2015 at 9:15 am",
        "First point.",
        "Second point.",
        "Reply",
        "Bob Rae says:",
        "June 5, 2015 at 10:00 pm",
        "I disagree.",
        "Leave a Reply",
        "Your email address will not be published.",
    ]

    assert (
        ARTICLE,
        (
            ParsedComment("Ann Lee", "2015-06-04 09:15", "First point.\n\nSecond point."),
            ParsedComment("Bob Rae", "2015-06-05 22:00", "I disagree."),
        ),
    ) == split_comments(page)


@pytest.mark.parametrize(
    "tail",
    [
        ["There are no comments. Why not be the first?", "Add your comment"],
        ["Comments", "Sign in to comment", "Most read"],
        ["One Response to nothing"],
    ],
)
def test_a_comment_heading_without_comments_is_not_a_comment_block(tail: list[str]) -> None:
    assert ([*ARTICLE, *tail], ()) == split_comments([*ARTICLE, *tail])


def test_a_comment_counter_beside_the_byline_does_not_swallow_the_article() -> None:
    page = [
        "Headline",
        "12 Comments",
        "Jane Smith 4 June 2015",
        *ARTICLE[1:],
        "More text of the article here.",
    ]

    assert (page, ()) == split_comments(page)


def test_a_name_line_over_a_date_line_starts_a_comment() -> None:
    page = [*ARTICLE, "2 Comments", "Ruth Ellis", "July 22, 2014 at 10:15 am", "Nobody listened."]

    assert (
        ARTICLE,
        (ParsedComment("Ruth Ellis", "2014-07-22 10:15", "Nobody listened."),),
    ) == split_comments(page)


def test_a_user_name_over_a_date_line_starts_a_comment_and_button_rows_are_dropped() -> None:
    page = [
        *ARTICLE,
        "comments (2)",
        "Sign in or create your account to join the discussion.",
        "bluebird42",
        "4 Mar 2019 6:50",
        "Another cut dressed up as reform.",
        "Reply • Share ›",
        "Ann Smith • 3 years ago",
        "Agreed.",
        "Reply | Report",
    ]

    assert (
        ARTICLE,
        (
            ParsedComment("bluebird42", "2019-03-04 06:50", "Another cut dressed up as reform."),
            ParsedComment("Ann Smith", "", "Agreed."),
        ),
    ) == split_comments(page)


FIRST_TEXT = "Our branch is the only warm place some of our neighbours have."
SECOND_TEXT = "Volunteers could keep the doors open longer."


@pytest.mark.parametrize(
    ("fixture", "authors", "dates"),
    [
        ("wordpress_says.html", ("Greta Lindqvist", "Obi Nwankwo"), ("2016-03-03 16:12", "2016-03-04 09:00")),
        ("signed_below.html", ("Greta Lindqvist", "Obi Nwankwo"), ("2016-03-03", "2016-03-04")),
        ("handles_ago.html", ("reading_gran", "obi_n77"), ("", "")),
        ("name_time_inline.html", ("Greta Lindqvist", "Obi Nwankwo"), ("2016-03-03", "2016-03-04")),
        ("said_on.txt", ("Greta Lindqvist", "Obi Nwankwo"), ("2016-03-03", "2016-03-04")),
    ],
)
def test_two_comments_each_keep_their_author_date_and_text(
    fixture: str, authors: tuple[str, str], dates: tuple[str, str]
) -> None:
    path = Path(__file__).parent.parent / "fixtures" / "comments" / fixture
    article = parse_article(path.read_text(encoding="utf-8"), fixture)

    assert [
        ParsedComment(authors[0], dates[0], FIRST_TEXT),
        ParsedComment(authors[1], dates[1], SECOND_TEXT),
    ] == list(article.comments)
    assert "neighbours" not in article.body
