"""Metadata finders: dates to ISO, bylines, publication names, page-title lines; nothing is invented."""

from __future__ import annotations

import pytest

from storage.ingest.metadata import (
    byline_name,
    find_date,
    find_masthead,
    find_publication,
    is_date_line,
    normalise_date,
    split_page_title,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday, January 20, 2015", "2015-01-20"),
        ("🕔04.Jun 2015", "2015-06-04"),
        ("20 January 2015", "2015-01-20"),
        ("2015-01-20", "2015-01-20"),
        ("2015-06-04T10:00:00+01:00", "2015-06-04"),
        ("20/01/2015", "2015-01-20"),
        ("03/04/2014", "2014-04-03"),
        ("12/25/2015", "2015-12-25"),
        ("Posted on 3rd of June, 2015", "2015-06-03"),
        ("Sept 9 2016", "2016-09-09"),
        ("Published: 4 Jun. 2015 10:02 BST", "2015-06-04"),
        ("2015/06/04", "2015-06-04"),
        ("Last updated at 10:29 AM on 4th June 2015", "2015-06-04"),
        ("31/02/2015", ""),
        ("between 2015-16 and 2017-18", ""),
        ("£140m by 2018", ""),
        ("", ""),
    ],
)
def test_dates_are_normalised_to_iso_and_impossible_ones_ignored(text: str, expected: str) -> None:
    assert expected == normalise_date(text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tuesday, January 20, 2015", True),
        ("Tuesday, 1 March", True),
        ("2 hours ago", True),
        ("10:32 BST", True),
        ("Published 6:02 p.m. ET March 3, 2019 | Updated 8:15 p.m. ET March 4, 2019", True),
        ("April 17, 2007 / 11:48 AM / Updated 12 years ago", True),
        ("Updated figures published on 3 June 2015 show that the council missed every one of its targets", False),
        ("Blackburn v Burnley", False),
        ("May the best team win", False),
        ("The report published on 20 January 2015 found that services were failing children.", False),
    ],
)
def test_date_lines_are_short_lines_that_are_only_a_date_or_time(line: str, expected: bool) -> None:
    assert expected == is_date_line(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Derren Hayes", "Derren Hayes"),
        ("By Jane Smith, Political Editor", "Jane Smith"),
        ("By Jane Smith - 3 June 2015", "Jane Smith"),
        ("Written by Mary-Jane O'Neill", "Mary-Jane O'Neill"),
        ("Jan van der Berg", "Jan van der Berg"),
        ("By JANE SMITH FOR MAILONLINE", "JANE SMITH"),
        ("Posted by Jane Doe on June 3, 2015", "Jane Doe"),
        ("Jane Smith, Health Correspondent", "Jane Smith"),
        ("Helen Marsh Social policy editor", "Helen Marsh"),
        ("Posted on June 3, 2015 by Jane Doe", "Jane Doe"),
        ("Jane Smith | 3 June 2015", "Jane Smith"),
        ("Author: Jane Smith", "Jane Smith"),
        ("By MARTA KOWALSKI | Staff Writer", "MARTA KOWALSKI"),
        ("By Jane Doe jdoe@courier.example", "Jane Doe"),
        ("Jane Doe for The Courier", "Jane Doe"),
        ("Jane Doe August 21, 2018 5:12am", "Jane Doe"),
        ("September 4, 2019 Jane Doe, Health Reporter", "Jane Doe"),
        ("By Jane Doe Thursday, January 30, 2020", "Jane Doe"),
        ("Jane Doe / TNN / Updated: May 22, 2017, 04:05 IST", "Jane Doe"),
        ("Jane Doe - Reporter / @janedoe", "Jane Doe"),
        ("Tuesday, January 20, 2015", ""),
        ("Latest Public Sector News", ""),
        ("Share this article", ""),
        ("The council met on Monday.", ""),
        ("by the council", ""),
    ],
)
def test_bylines_give_a_name_and_other_lines_none(line: str, expected: str) -> None:
    assert expected == byline_name(line)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["The Chamberlain Files | Homepage"], "The Chamberlain Files"),
        (["More from Community Care"], "Community Care"),
        (["CYP Now Digital membership", "From £15 / month"], "CYP Now"),
        (["© 2019 Guardian News & Media Limited or its affiliated companies."], "Guardian News & Media"),
        (["Copyright © 2015 Express & Star. All rights reserved."], "Express & Star"),
        (["Read more from Public Sector Executive’s Matt Roberts"], ""),
        (["Caseworkers at the office in May. (Valley News: Tim Lowe)"], "Valley News"),
        (["Inspectors visited in May (Image: Jane Doe)"], ""),
        (["More from this author", "Digital membership", "Sign up to our newsletter"], ""),
        (["Learn more", "Subscribe"], ""),
        (["More on Children"], ""),
        (["© Fenwick District Council 2017"], "Fenwick District Council"),
        ([], ""),
    ],
)
def test_publication_comes_only_from_what_the_page_furniture_states(lines: list[str], expected: str) -> None:
    assert expected == find_publication(lines)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "The Chamberlain Files | Council bosses warn over children's safety",
            ("Council bosses warn over children's safety", "The Chamberlain Files"),
        ),
        ("Council leader resigns - BBC News", ("Council leader resigns - BBC News", "")),
        (
            "Its report – It takes a city to raise a child",
            ("Its report – It takes a city to raise a child", ""),
        ),
        ("Warner: NHS must do more", ("Warner: NHS must do more", "")),
    ],
)
def test_page_title_lines_split_only_beside_a_site_name(line: str, expected: tuple[str, str]) -> None:
    assert expected == split_page_title(line)


def test_a_dash_splits_a_page_title_beside_the_name_the_page_states_elsewhere() -> None:
    line = "Council leader resigns - Valley News"

    assert ("Council leader resigns", "Valley News") == split_page_title(line, "Valley News")
    assert (line, "") == split_page_title(line, "Harbour Gazette")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Skip to main content", "The Springfield Ledger", "News"], "The Springfield Ledger"),
        (["Menu", "The Evening Dispatch & Advertiser"], "The Evening Dispatch & Advertiser"),
        (["Just In", "Fact Check", "World News"], ""),
        (["The council met on Monday"], ""),
        (["The Author"], ""),
    ],
)
def test_a_masthead_is_a_the_name_above_the_headline_and_menu_labels_are_not(
    lines: list[str], expected: str
) -> None:
    assert expected == find_masthead(lines)


@pytest.mark.parametrize(
    ("lines", "masthead", "expected"),
    [
        (["© 2011 Northern Courier Media Ltd."], "The Northern Courier", "The Northern Courier"),
        (["Blog at WordPress.com."], "The Foster Room", "The Foster Room"),
        (["© 2019 Courier Media"], "The Latest", "Courier Media"),
    ],
)
def test_a_masthead_names_the_site_unless_the_furniture_names_another(
    lines: list[str], masthead: str, expected: str
) -> None:
    assert expected == find_publication(lines, masthead)


def test_a_long_published_and_updated_line_gives_the_first_publication_date() -> None:
    assert "2019-03-03" == find_date(
        ["Published 6:02 p.m. ET March 3, 2019 | Updated 8:15 p.m. ET March 4, 2019"]
    )
