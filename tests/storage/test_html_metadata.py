"""HTML metadata: JSON-LD first (the schema.org article item), then meta tags, then the element marked as author."""

from __future__ import annotations

import pytest

from storage.ingest.formats import LinkedData, html_to_page, read_json_ld, site_beside

ARTICLE_HTML = (
    "<html><head>{head}<meta name='author' content='Desk Editor'>"
    "<meta property='article:published_time' content='2020-01-02'></head><body><article>"
    "<h1>Council apologises for care failings</h1>"
    "<p>The city council has apologised to families after an inspection found serious failings in care.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            '{"@type": "NewsArticle", "headline": "Council apologises", "datePublished": "2015-06-04T10:00:00Z",'
            ' "author": {"@type": "Person", "name": "Jane Okafor"}, "publisher": {"name": "Midland Courier"}}',
            LinkedData("Council apologises", "Midland Courier", "Jane Okafor", "2015-06-04T10:00:00Z"),
        ),
        (
            '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "Home"},'
            ' {"@type": ["ReportageNewsArticle"], "headline": "Fish &amp; chips",'
            ' "author": ["Ann Lee", {"name": "Bo Ray"}, {"name": "Cy Day"}], "publisher": "Coast News"}]}',
            LinkedData("Fish & chips", "Coast News", "Ann Lee, Bo Ray and Cy Day", ""),
        ),
        (
            '[{"@type": "BlogPosting", "headline": "Notes", "author": {"@type": "Organization", "name": "Site"}}]',
            LinkedData("Notes", "", "", ""),
        ),
        (
            '{"@graph": [{"@type": "Article", "headline": "Notes", "author": {"@id": "#person-1"},'
            ' "publisher": {"@id": "#org"}}, {"@type": "Organization", "@id": "#org", "name": "Coast News"},'
            ' {"@type": "Person", "@id": "#person-1", "name": "Ann Lee"}]}',
            LinkedData("Notes", "Coast News", "Ann Lee", ""),
        ),
        ('{"@type": "Organization", "name": "Midland Courier"}', LinkedData()),
        ('{"@type": "NewsArticle", "headline": ', LinkedData()),
    ],
    ids=["news-article", "graph-and-authors", "organisation-author", "by-reference", "no-article", "broken-json"],
)
def test_json_ld_gives_the_article_item_metadata(block: str, expected: LinkedData) -> None:
    assert expected == read_json_ld([block])


def test_json_ld_wins_over_meta_tags() -> None:
    script = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2015-06-04",'
        ' "author": {"name": "Jane Okafor"}}</script>'
    )

    page = html_to_page(ARTICLE_HTML.format(head=script))

    assert ("Jane Okafor", "2015-06-04") == (page.author, page.published)
    assert not any("Okafor" in paragraph for paragraph in page.paragraphs)


def test_without_json_ld_the_meta_tags_are_read() -> None:
    page = html_to_page(ARTICLE_HTML.format(head=""))

    assert ("Desk Editor", "2020-01-02") == (page.author, page.published)


@pytest.mark.parametrize(
    "byline",
    [
        '<a rel="author" href="/staff/jane">Jane Okafor</a>',
        '<span class="byline">By Jane Okafor</span>',
        '<span itemprop="author">Jane Okafor</span>',
    ],
)
def test_without_stated_metadata_the_element_marked_as_author_names_the_author(byline: str) -> None:
    html = f"<html><body><article><h1>Council apologises</h1><p>{byline}</p><p>{'Text. ' * 20}</p></article></body></html>"

    assert "Jane Okafor" == html_to_page(html).author


@pytest.mark.parametrize(
    ("page_title", "expected"),
    [
        ("Accra: Parents protest fee rise - Gold Coast Today", "Gold Coast Today"),
        ("Parents protest fee rise | News | Gold Coast Today", "Gold Coast Today"),
        ("Gold Coast Today | Parents protest fee rise", "Gold Coast Today"),
        ("Parents protest fee rise", ""),
    ],
)
def test_the_site_beside_the_headline_in_a_page_title_is_the_last_part_after_it(page_title: str, expected: str) -> None:
    assert expected == site_beside(page_title, "Parents protest fee rise")
