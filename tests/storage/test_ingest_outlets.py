"""Ingestion of pages shaped like many kinds of outlet, none of them a seed: the rules hold beyond the seeds.

Each fixture in tests/fixtures/outlets/ is an invented page in the shape of an
outlet type and era (US metro daily, UK broadsheet, wire copy, Australian
broadcaster, Indian daily, council press release, blog with comments,
paywall, live blog, and HTML with JSON-LD, div soup, a <title> beside an
<h1>, and a WordPress theme's markup). The expectations of the first twelve
were written before the extraction rules were tuned against them; they live
in tests/fixtures/outlets/expected.toml, which the benchmark reads too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from storage.ingest.article import read_article
from storage.models import Article
from tests.fixtures.outlets.outlet_pages import load_pages

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


def stated_pages() -> dict[str, Expected]:
    """The pages of tests/fixtures/outlets/expected.toml that state their metadata, by file name as written."""
    expected = {}
    for page in load_pages("html") + load_pages("text"):
        if "first" in page.stated and page.path.name not in expected and is_as_written(page.path):
            stated = page.stated
            expected[page.path.name] = Expected(
                title=page.title,
                publication=str(stated["publication"]),
                author=str(stated["author"]),
                published=str(stated["published"]),
                first=str(stated["first"]),
                last=str(stated["last"]),
                absent=page.leaked,
                comments=tuple(tuple(pair) for pair in stated.get("comments", [])),
            )
    return expected


def is_as_written(path: Path) -> bool:
    """The page as written, not the text-dump twin of an HTML page."""
    return path.suffix == ".html" or not path.with_suffix(".html").exists()


EXPECTED = stated_pages()


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
