"""The coded-segments report: hostile text stays text in HTML and Markdown, CSV round-trips, writes are atomic."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from storage.exchange.report import (
    CSV_COLUMNS,
    ReportError,
    markdown_escaped,
    render_report,
    report_format,
    write_report,
)
from storage.exchange.segments import CodedSegment

HOSTILE = '<script>alert("x")</script> & [sic] **bold** `code` <img src=x onerror=alert(1)>\x1b[31m'


def segment(text: str = "The ward closed, \"for good\", she said.", **changes: object) -> CodedSegment:
    values: dict[str, object] = dict(
        annotation_id=1, document_id=7, start=10, end=10 + len(text), text=text, note="", coder="ana", tag_id=1,
        tag_name="Closures", document_title="Ward closes", published="2014-05-01", publication="Valley Post",
        author="", speakers=("Ann Pryce",),
    )
    values.update(changes)
    return CodedSegment(**values)  # type: ignore[arg-type]


class TextAndTags(HTMLParser):
    """Collects the tags and the text a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_hostile_text_as_text_and_runs_nothing() -> None:
    hostile = segment(HOSTILE, note=HOSTILE, document_title=HOSTILE, tag_name=HOSTILE, speakers=(HOSTILE,))

    page = render_report([hostile], [1], title=f"Coded segments: {HOSTILE}", about="", format="html")

    parser = TextAndTags()
    parser.feed(page)
    assert {"script", "img"}.isdisjoint(parser.tags)
    assert "style" in parser.tags and "link" not in parser.tags  # self-contained
    assert '<script>alert("x")</script>' in "".join(parser.text)
    assert "\x1b" not in page


def test_markdown_escapes_what_markdown_would_read_as_syntax() -> None:
    assert r"\<b\> \*a\* \_b\_ \[l\](u) \`c\` a \| b \&amp; \$x\$ \#3" == markdown_escaped(
        "<b> *a* _b_ [l](u) `c` a | b &amp; $x$ #3")
    assert r"\- item" == markdown_escaped("- item")
    assert r"12\. item" == markdown_escaped("12. item")


def test_markdown_keeps_hostile_lines_inside_the_quote() -> None:
    text = "First line\n\n    indented code?\n# Not a heading\n- not a list\n1. not a list either"

    report = render_report([segment(text, note=HOSTILE)], [1], title="Coded segments: Closures", about="",
                           format="md")

    quote = [line for line in report.splitlines() if line.startswith(">")]
    assert ["> First line", ">", "> indented code?", r"> \# Not a heading", r"> \- not a list",
            r"> 1\. not a list either"] == quote
    assert "<script>" not in report and "\x1b" not in report
    assert "### 1. Ward closes" in report and "**Speaker:** Ann Pryce" in report


def test_csv_round_trips_every_field_under_a_header() -> None:
    tricky = segment('He said "no", then, after a pause,\nleft.', note="a, b\n\"c\"", author="Jo Hale",
                     speakers=("Ann Pryce", "Tom Okafor"))

    rows = list(csv.reader(io.StringIO(render_report([tricky], [1], title="", about="", format="csv"))))

    assert list(CSV_COLUMNS) == rows[0]
    record = dict(zip(rows[0], rows[1]))
    assert (tricky.text, tricky.note, "Ann Pryce; Tom Okafor", "Jo Hale") == (
        record["text"], record["note"], record["speakers"], record["author"])
    assert (str(tricky.start), str(tricky.end), "7", "Closures") == (
        record["start"], record["end"], record["document_id"], record["tag"])


def test_sections_follow_the_tag_order_given() -> None:
    segments = [segment(tag_id=2, tag_name="Sub"), segment(tag_id=1, tag_name="Top")]

    report = render_report(segments, [1, 2], title="t", about="", format="md")

    assert report.index("## Top (1)") < report.index("## Sub (1)")


@pytest.mark.parametrize(
    ("path", "given", "expected"),
    [(None, None, "md"), ("r.html", None, "html"), ("r.CSV", None, "csv"), ("r.txt", "html", "html")],
)
def test_the_format_comes_from_the_option_or_the_suffix(path: str | None, given: str | None, expected: str) -> None:
    assert expected == report_format(Path(path) if path else None, given)


@pytest.mark.parametrize(("path", "given"), [("r.md", "html"), (None, "pdf")])
def test_a_format_that_cannot_be_written_is_refused(path: str | None, given: str) -> None:
    with pytest.raises(ReportError):
        report_format(Path(path) if path else None, given)


def test_writing_never_replaces_a_file_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("mine", encoding="utf-8")

    with pytest.raises(ReportError, match="already exists"):
        write_report("new", target)
    assert "mine" == target.read_text(encoding="utf-8")

    write_report("new", target, force=True)
    assert "new" == target.read_text(encoding="utf-8")
    assert [target] == list(tmp_path.iterdir())  # no temporary file left


def test_a_report_into_a_missing_folder_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="no folder"):
        write_report("text", tmp_path / "missing" / "report.html")
    assert [] == list(tmp_path.iterdir())


def test_a_written_report_is_readable_by_others(tmp_path: Path) -> None:
    path = write_report("text", tmp_path / "report.csv")

    assert re.fullmatch("0o6[0-7]4", oct(path.stat().st_mode & 0o777))
