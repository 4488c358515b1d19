"""LexisNexis downloads: a classic .TXT and a Nexis Uni .DOCX become one Article per article, with their fields."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from storage.ingest.article import IngestError
from storage.ingest.downloads import read_articles
from tests.conftest import NEXIS_UNI_OUTLETS, write_nexis_uni

DOWNLOADS = Path(__file__).parent.parent / "fixtures" / "downloads"

OUTLETS = NEXIS_UNI_OUTLETS


def test_a_ten_article_nexis_uni_download_gives_ten_articles_with_headlines_outlets_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "download.docx"
    write_nexis_uni(path, 10)

    articles = read_articles(path)

    assert [(f"Headline number {n} about foster care", OUTLETS[n % 3], f"2016-05-{n:02d}") for n in range(1, 11)] == [
        (article.title, article.publication, article.published) for article in articles
    ]
    assert (
        "Reporter Number3",
        "The first paragraph of article 3 says the council met on Monday.\n\n"
        "The second paragraph of article 3 gives a figure: 12 children.",
    ) == (articles[2].author, articles[2].body)


def test_a_nexis_uni_article_keeps_its_section_and_stated_length(tmp_path: Path) -> None:
    path = tmp_path / "download.docx"
    write_nexis_uni(path, 2)

    assert [("NEWS", 101), ("NEWS", 102)] == [(found.section, found.stated_words) for found in read_articles(path)]


def test_a_classic_download_splits_into_its_articles_with_their_fields() -> None:
    found = read_articles(DOWNLOADS / "classic_download.TXT")

    assert [
        (
            "Council to recruit 40 more foster carers after shortage leaves children placed out of county",
            "Northfield Courier",
            "2016-05-04",
            "Priya Raman",
            "NEWS; Pg. 7",
            212,
        ),
        ("Foster families say allowances have not kept up with costs", "Harbour Gazette", "2016-05-06", "LIAM DOHERTY", "LOCAL; Pg. 3", 158),
        ("Letters: Foster care deserves more support", "The Valley Star (Ridgeview)", "2016-06-01", "", "OPINION; Pg. 14", 96),
    ] == [
        (f.title, f.publication, f.published, f.author, f.section, f.stated_words)
        for f in found
    ]


def test_a_classic_article_body_is_its_paragraphs_unwrapped_without_the_closing_fields() -> None:
    body = read_articles(DOWNLOADS / "classic_download.TXT")[1].body

    assert (
        "Foster families in Harbour say the weekly allowance they receive has not risen in six years while food "
        "and energy prices have climbed.\n\nA survey by the local foster care association found that most carers "
        "were topping up allowances from their own wages."
    ) == body


def test_each_article_of_a_download_keeps_its_own_part_of_the_file_as_raw() -> None:
    articles = read_articles(DOWNLOADS / "classic_download.TXT")

    assert [True, True, True] == [a.body.split("\n\n")[0][:40] in " ".join(a.raw.split()) for a in articles]
    assert ["Northfield" in articles[0].raw, "Northfield" in articles[1].raw] == [True, False]


def test_a_text_file_that_is_no_download_is_one_article() -> None:
    articles = read_articles(Path(__file__).parent.parent / "fixtures" / "wire_story.txt")

    assert ["State takes over troubled foster care system"] == [article.title for article in articles]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a zip file", r"is not a Word \(\.docx\) file"), (None, "holds no article in the Nexis Uni download shape")],
)
def test_a_word_file_that_is_no_nexis_uni_download_is_one_clear_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "notes.docx"
    if content is None:
        document = docx.Document()
        document.add_paragraph("Meeting notes: nothing here is an article.")
        document.save(str(path))
    else:
        path.write_bytes(content)

    with pytest.raises(IngestError, match=message):
        read_articles(path)
