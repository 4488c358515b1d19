"""Provides the coded-segments report: Markdown, self-contained HTML or CSV, written atomically.

Everything in a segment (article text, titles, notes, names) is untrusted: HTML
escapes it, Markdown backslash-escapes what Markdown would read as syntax, and
control characters are removed from all three. A report is written under a
temporary name beside its target and renamed into place, so a reader of the
folder never sees half a report, and an existing file is replaced only when asked.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from storage.exchange.csv_cells import spreadsheet_safe_row
from storage.exchange.segments import CodedSegment, SegmentFilter, tags_for_report
from storage.store import Store, StoreError, clean_name, clean_note

REPORT_FORMATS = ("md", "html", "csv")
FORMAT_OF_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv"}
SUFFIX_OF_FORMAT = {"md": ".md", "html": ".html", "csv": ".csv"}

CSV_COLUMNS = (
    "tag", "document_id", "document", "date", "outlet", "author", "speakers", "coder", "note", "start", "end", "text",
)

MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~&$#])")
"""Characters Markdown reads as syntax anywhere in a line (emphasis, links, HTML, tables, code, entities, maths)."""

MARKDOWN_LINE_START = re.compile(r"^([-+=>]|\d+[.)])")
"""What makes a line a list item, a heading underline or a quote when it starts one."""

HTML_STYLE = """
body { font: 16px/1.55 Georgia, 'Times New Roman', serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; background: #fff; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; margin-top: 2.2rem; }
.about { color: #555; font-size: .95rem; }
article { margin: 1.4rem 0; page-break-inside: avoid; }
h3 { font-size: 1.05rem; margin: 0 0 .2rem; }
.meta { color: #555; font-size: .9rem; margin: 0; }
blockquote { margin: .5rem 0; padding: .2rem 0 .2rem 1rem; border-left: 4px solid #999; white-space: pre-wrap; }
.note { font-style: italic; white-space: pre-wrap; margin: .3rem 0; }
@media (prefers-color-scheme: dark) { body { color: #ddd; background: #181818; } .meta, .about { color: #aaa; } }
"""


class ReportError(StoreError):
    """A report that cannot be written; the message is one line for users."""


@dataclass(frozen=True)
class ReportSection:
    """The segments of one tag, under its name."""

    tag_name: str
    segments: tuple[CodedSegment, ...]


def report_format(path: Path | None, given: str | None) -> str:
    """The format asked for: ``given`` if any, else the suffix of ``path``, else Markdown.

    Raises:
        ReportError: an unknown format, or a suffix that contradicts ``given``.
    """
    if given is not None and given not in REPORT_FORMATS:
        raise ReportError(f"unknown report format {given!r} (choose from {', '.join(REPORT_FORMATS)})")
    implied = FORMAT_OF_SUFFIX.get(path.suffix.lower()) if path is not None else None
    if given and implied and given != implied and path is not None:
        raise ReportError(f"{path} ends in {path.suffix} but the format asked for is {given}")
    return given or implied or "md"


def sections(segments: Sequence[CodedSegment], tag_order: Sequence[int]) -> list[ReportSection]:
    """The segments grouped by tag, in ``tag_order``; tags with no segment are left out."""
    by_tag: dict[int, list[CodedSegment]] = {}
    for segment in segments:
        by_tag.setdefault(segment.tag_id, []).append(segment)
    return [
        ReportSection(by_tag[tag_id][0].tag_name, tuple(by_tag[tag_id])) for tag_id in tag_order if tag_id in by_tag
    ]


def render_report(
    segments: Sequence[CodedSegment], tag_order: Sequence[int], *, title: str, about: str, format: str
) -> str:
    """The report as text in ``format`` (md, html or csv).

    Args:
        segments: What to report, as ``Store.coded_segments`` returns them.
        tag_order: The tags' ids in the order their sections appear.
        title: The report's heading (untrusted: tag names).
        about: One line under the heading: what was selected and how.
        format: ``md``, ``html`` or ``csv`` (CSV has one row per segment and ignores title and about).
    """
    grouped = sections(segments, tag_order)
    if format == "csv":
        return render_csv([segment for section in grouped for segment in section.segments])
    if format == "html":
        return render_html(grouped, title, about)
    return render_markdown(grouped, title, about)


def generated_line(count: int, about: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    noun = "segment" if count == 1 else "segments"
    return f"{count} coded {noun}" + (f"; {about}" if about else "") + f". Written {stamp} by safeguard-tui."


def details(segment: CodedSegment) -> list[tuple[str, str]]:
    """The labelled facts shown under a segment's title, in order; empty ones are left out."""
    facts = [
        ("Date", segment.published[:10]),
        ("Outlet", segment.publication),
        ("Author", segment.author),
        ("Speaker", ", ".join(segment.speakers)),
        ("Coder", segment.coder),
    ]
    return [(label, clean_name(value)) for label, value in facts if clean_name(value)]


def segments_report(
    store: Store, tag_ids: Sequence[int], *, subtags: bool, where: SegmentFilter, filter_text: str, format: str
) -> tuple[str, int]:
    """Read the segments of ``tag_ids`` (and their sub-tags if asked) and render them; returns (text, count)."""
    tags = store.tags()
    names = {tag.id: tag.name for tag in tags}
    covered = tags_for_report(tags, list(tag_ids), subtags=subtags)
    segments = store.coded_segments(covered, where)
    about = ["with sub-tags" if subtags else "", f"filter: {filter_text.strip()}" if filter_text.strip() else ""]
    title = "Coded segments: " + ", ".join(names[tag_id] for tag_id in tag_ids)
    text = render_report(segments, covered, title=title, about="; ".join(part for part in about if part), format=format)
    return text, len(segments)


# -- Markdown ------------------------------------------------------------------


def markdown_escaped(text: str) -> str:
    """One line of untrusted text that Markdown shows as it is (no links, emphasis, HTML, lists)."""
    line = MARKDOWN_INLINE.sub(r"\\\1", text)
    return MARKDOWN_LINE_START.sub(
        lambda match: "".join(ch if ch.isdigit() else "\\" + ch for ch in match.group(1)), line
    )


def markdown_quote(text: str) -> str:
    """Untrusted multi-line text as a Markdown blockquote, each line escaped (and unindented: no code blocks)."""
    lines = [markdown_escaped(line.strip()) for line in clean_note(text).splitlines()]
    return "\n".join(f"> {line}" if line else ">" for line in lines) or ">"


def render_markdown(grouped: list[ReportSection], title: str, about: str) -> str:
    count = sum(len(section.segments) for section in grouped)
    out = [f"# {markdown_escaped(clean_name(title))}", "", markdown_escaped(generated_line(count, about)), ""]
    for section in grouped:
        out += [f"## {markdown_escaped(clean_name(section.tag_name))} ({len(section.segments)})", ""]
        for number, segment in enumerate(section.segments, 1):
            out += [f"### {number}. {markdown_escaped(clean_name(segment.document_title))}", ""]
            facts = details(segment)
            if facts:
                out += [" · ".join(f"**{label}:** {markdown_escaped(value)}" for label, value in facts), ""]
            out += [markdown_quote(segment.text), ""]
            note = clean_note(segment.note)
            if note:
                lines = [markdown_escaped(line.strip()) for line in note.splitlines() if line.strip()]
                out += ["*Note:* " + "  \n".join(lines), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML ----------------------------------------------------------------------


def escaped(text: str, *, keep_newlines: bool = False) -> str:
    """Untrusted text for HTML: control characters removed, ``<>&"'`` escaped."""
    return html.escape(clean_note(text) if keep_newlines else clean_name(text), quote=True)


def render_html(grouped: list[ReportSection], title: str, about: str) -> str:
    count = sum(len(section.segments) for section in grouped)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escaped(title)}</title>",
        f"<style>{HTML_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escaped(title)}</h1>",
        f'<p class="about">{escaped(generated_line(count, about))}</p>',
    ]
    for section in grouped:
        out += ["<section>", f"<h2>{escaped(section.tag_name)} ({len(section.segments)})</h2>"]
        for number, segment in enumerate(section.segments, 1):
            facts = " · ".join(f"<b>{label}:</b> {html.escape(value)}" for label, value in details(segment))
            out += [
                "<article>",
                f"<h3>{number}. {escaped(segment.document_title)}</h3>",
                f'<p class="meta">{facts}</p>' if facts else "",
                f"<blockquote>{escaped(segment.text, keep_newlines=True)}</blockquote>",
            ]
            if clean_note(segment.note):
                out.append(f'<p class="note">Note: {escaped(segment.note, keep_newlines=True)}</p>')
            out.append("</article>")
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(line for line in out if line) + "\n"


# -- CSV -----------------------------------------------------------------------


def render_csv(segments: Sequence[CodedSegment]) -> str:
    """One row per segment under a header (``CSV_COLUMNS``); speakers joined with '; '.

    Text a spreadsheet would run as a formula is guarded (``storage.exchange.csv_cells``).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for segment in segments:
        row = [
            clean_name(segment.tag_name), segment.document_id, clean_name(segment.document_title),
            segment.published, clean_name(segment.publication), clean_name(segment.author),
            "; ".join(clean_name(name) for name in segment.speakers), clean_name(segment.coder),
            clean_note(segment.note), segment.start, segment.end, clean_note(segment.text),
        ]  # fmt: skip
        writer.writerow(spreadsheet_safe_row(row))
    return buffer.getvalue()


# -- writing -------------------------------------------------------------------


def write_report(text: str, out: str | Path, *, force: bool = False) -> Path:
    """Write ``text`` to ``out`` atomically (a temporary file beside it, then a rename).

    Raises:
        ReportError: ``out`` exists (without ``force``) or is a folder, its folder is
            missing, or the write fails; nothing is left behind.
    """
    target = Path(out).expanduser()
    if target.is_dir():
        raise ReportError(f"{target} is a folder; give a file name for the report")
    if (target.exists() or target.is_symlink()) and not force:
        raise ReportError(f"{target} already exists (use --force to replace it)")
    if not target.parent.is_dir():
        raise ReportError(f"no folder {target.parent} to write the report in")
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    except OSError as error:
        raise ReportError(f"cannot write in folder {target.parent}: {error.strerror or error}") from None
    scratch = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        # mkstemp makes a private file; a report is meant to be shared.
        scratch.chmod(0o644)
        os.replace(scratch, target)
    except OSError as error:
        scratch.unlink(missing_ok=True)
        raise ReportError(f"cannot write {target}: {error.strerror or error}") from None
    return target
