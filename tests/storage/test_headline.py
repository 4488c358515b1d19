"""The headline of a text dump, found by position and line shape above the article."""

from __future__ import annotations

import pytest

from storage.ingest.headline import headline_above, is_label, is_menu_line

HEADLINE = "Council votes to close three youth centres"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (["The Valley Courier", "News", "Sport", "Local News", HEADLINE, "By Sam Lee", "3 June 2015"], HEADLINE),
        (["Home News Sport Business Opinion Weather", HEADLINE, "Sam Lee", "Share"], HEADLINE),
        (
            ["Menu", HEADLINE, "The decision saves the council £400,000 a year", "By Sam Lee", "Key points:",
             "Centres will shut in March", "Youth workers will be redeployed"],
            HEADLINE,
        ),
        (["Home › News › Local", "NATIONAL / SOCIAL AFFAIRS", HEADLINE, "Published 3 June 2015 | Updated 4 June"], HEADLINE),
        (["Home", "June 3, 2015 / 11:48 AM", HEADLINE, "By Sam Lee", "3 Min Read"], HEADLINE),
        ([HEADLINE, "By Sam Lee", "Related Stories", "Bus fares to rise in April"], HEADLINE),
        (["Subscribe", "Council Votes to Close Three Youth Centres", "By Sam Lee"], "Council Votes to Close Three Youth Centres"),
        (["Profile: Jane Doe"], "Profile: Jane Doe"),
        (["Home", "News", "Sport", "Weather"], ""),
    ],
)
def test_the_headline_is_the_top_of_the_block_above_the_byline(head: list[str], expected: str) -> None:
    index = headline_above(head)

    assert expected == (head[index] if index >= 0 else "")


@pytest.mark.parametrize(
    ("line", "menu"),
    [
        ("Home News Counties Business Sports Lifestyle Opinion", True),
        ("News / City News / Mumbai News / Council votes to close centres", True),
        ("NEWSINFO GLOBAL NATION BUSINESS LIFESTYLE", True),
        (HEADLINE, False),
        # Same shape as a menu: the walk takes it anyway when it is the line nearest the byline.
        ("Judge Blocks Ohio Rule Cutting Food Aid for Jobless Adults", True),
        ("Council leader resigns.", False),
    ],
)
def test_a_menu_printed_as_one_line_is_known_by_its_shape(line: str, menu: bool) -> None:
    assert menu == is_menu_line(line)


@pytest.mark.parametrize(
    ("line", "label"),
    [("Local News", True), ("NHS CRISIS", True), ("National / Social affairs", True), ("Why caseloads matter", False), (HEADLINE, False)],
)
def test_a_section_label_is_short_and_name_case_or_capitals(line: str, label: bool) -> None:
    assert label == is_label(line)
