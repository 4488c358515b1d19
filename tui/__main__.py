"""Provides the ``safeguard-tui`` command: argument parsing, opening the Store, running the app."""

from __future__ import annotations

import argparse
import gc
import getpass
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NoReturn

from storage.store import Store, StoreError
from storage.writer_record import name_this_program
from tui.terminal_text import escaped, folded, json_line

if TYPE_CHECKING:
    from storage.ingest.importer import ImportOutcome
    from storage.search.engine import SearchHit

PROG = "safeguard-tui"
EXIT_USAGE = 2
EXIT_SOME_SKIPPED = 1
EXIT_INTERRUPTED = 130
WRITE_WAIT_SECONDS = 600.0
"""How long a command waits for another writer (the app, an import) before giving up with one line."""
PLAIN_PROGRESS_SECONDS = 5.0
"""Without a terminal, import progress is one plain line this often."""
BAR_REFRESH_SECONDS = 0.1
TABLE_FIELDS = ("text", "title", "date", "outlet", "author", "url")
"""The columns of a table of articles that ``import --NAME-column`` names: storage.ingest.tabular.FIELDS, written
out so that building the parser does not load the page parser."""


class UsageError(Exception):
    """Bad input from the command line; reported as one line and exit status 2."""


def default_database_path() -> Path:
    """The database the app opens when no ``--db`` is given, in the user's data folder."""
    from platformdirs import user_data_path

    return user_data_path(PROG, appauthor=False) / "safeguard.db"


def default_coder() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


def app_version() -> str:
    # Imported on demand: importlib.metadata is slow to load and only --version needs it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PROG)
    except PackageNotFoundError:
        return "unknown"


class VersionAction(argparse.Action):
    """``--version``: print the installed version (looked up only when asked) and exit."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"{PROG} {app_version()}")
        parser.exit()


def global_options(defaults: bool) -> argparse.ArgumentParser:
    """The options every command takes, before or after the subcommand.

    The subcommands' copies default to SUPPRESS so that an option given before
    the subcommand is not overwritten by the subparser's default.
    """
    parser = argparse.ArgumentParser(add_help=False)
    suppress = argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if defaults else suppress,
        help="the database to use (default: safeguard.db in your data folder)",
    )
    parser.add_argument(
        "--coder",
        metavar="NAME",
        default=default_coder() if defaults else suppress,
        help="your name, recorded on every annotation (default: your login name)",
    )
    return parser


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, its error line escaped: it quotes arguments (file names) as they were typed."""

    def error(self, message: str) -> NoReturn:
        super().error(escaped(message))


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog=PROG,
        description="Read and code news coverage in the terminal. With no command, opens the app.",
        parents=[global_options(defaults=True)],
    )
    parser.add_argument("--version", action=VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = [global_options(defaults=False)]

    importer = commands.add_parser(
        "import",
        parents=common,
        help="import article files (.txt, .md, .html), LexisNexis downloads (.TXT, .docx), tables of articles"
        " (.csv, .jsonl) or folders of them",
    )
    importer.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    importer.add_argument(
        "--strict", action="store_true", help="import nothing if any file cannot be imported (default: skip it)"
    )
    importer.add_argument(
        "--max-size", type=float, default=50, metavar="MB", help="skip files bigger than this (default: 50 MB)"
    )
    for name in TABLE_FIELDS:
        importer.add_argument(
            f"--{name}-column", metavar="NAME", default="", help=f"a table's {name} column (default: found by its header)"
        )
    importer.set_defaults(handler=run_import)

    exporter = commands.add_parser(
        "export",
        parents=common,
        help="export documents, quotes, tags and annotations to SQLite, CSV or JSON-LD (see docs/export.md)",
    )
    exporter.add_argument("out", metavar="OUT", help="the file (a folder for csv) to write")
    exporter.add_argument(
        "--format",
        choices=("sqlite", "csv", "json", "qdpx", "qdc"),
        help="what to write (default: qdpx or qdc for OUT.qdpx / OUT.qdc, else sqlite)",
    )
    exporter.add_argument("--force", action="store_true", help="replace OUT if it is an earlier export")
    exporter.set_defaults(handler=run_export)

    annotations = commands.add_parser(
        "import-annotations",
        parents=common,
        help="bring the annotations of an SQLite export back in, re-anchoring them where the text changed",
    )
    annotations.add_argument("file", metavar="FILE", help="an SQLite file written by `export`")
    annotations.set_defaults(handler=run_import_annotations)

    project = commands.add_parser(
        "import-project",
        parents=common,
        help="import a REFI-QDA project (.qdpx: documents, codes, coded passages, notes) or codebook (.qdc)",
    )
    project.add_argument("file", metavar="FILE", help="a .qdpx or .qdc file from NVivo, ATLAS.ti, MAXQDA, QualCoder...")
    project.set_defaults(handler=run_import_project)

    searcher = commands.add_parser(
        "search",
        parents=common,
        help="fuzzy-search quotes, actors, annotations and memos (filters: by: tag: in: kind: \"phrase\")",
    )
    searcher.add_argument("query", nargs="+", metavar="QUERY", help="words to search for (joined by spaces)")
    searcher.add_argument("--json", action="store_true", help="print one JSON object per hit")
    searcher.add_argument("--limit", type=int, default=20, metavar="N", help="hits per group (default 20)")
    searcher.set_defaults(handler=run_search)

    reporter = commands.add_parser(
        "report",
        parents=common,
        help="write the coded segments of tags as a report: Markdown, HTML or CSV (see docs/segments.md)",
    )
    reporter.add_argument("tags", nargs="+", metavar="TAG", help="tag names (quote a name with spaces)")
    reporter.add_argument("--format", choices=("md", "html", "csv"), help="default: from --output's suffix, else md")
    reporter.add_argument("--output", metavar="FILE", help="the file to write (default: print the report)")
    reporter.add_argument("--subtags", action="store_true", help="include the segments of every sub-tag")
    reporter.add_argument(
        "--filter", default="", metavar="QUERY",
        help='keep only some segments: outlet:NAME author:NAME date:2014..2015 by:ACTOR coder:NAME words',
    )
    reporter.add_argument("--force", action="store_true", help="replace FILE if it exists")
    reporter.set_defaults(handler=run_report)

    rebuild = commands.add_parser(
        "reextract",
        parents=common,
        help="find quotes and speakers again in every current document (annotations and corrections are kept)",
    )
    rebuild.set_defaults(handler=run_reextract)

    agreement = commands.add_parser(
        "agreement",
        parents=common,
        help="agreement between coders per tag: %% agreement, kappa, alpha (sentences), alpha_u (spans)",
    )
    agreement.add_argument(
        "--coders", metavar="A,B", help="the coders to compare, comma-separated (default: everyone who coded)"
    )
    agreement.add_argument("--tag", action="append", metavar="T", help="only this tag (repeatable)")
    agreement.add_argument("--json", action="store_true", help="print the table as one JSON object")
    agreement.set_defaults(handler=run_agreement)

    evaluate = commands.add_parser(
        "evaluate", parents=common, help="score quote extraction against a hand-written gold file"
    )
    evaluate.add_argument("gold", metavar="GOLD.json", help="the gold file (see tests/gold/seeds.json)")
    evaluate.add_argument(
        "--corpus",
        metavar="DIR",
        help="extract afresh from the article files in DIR instead of reading the database",
    )
    evaluate.set_defaults(handler=run_evaluate)
    return parser


def open_store(args: argparse.Namespace, *, seed_if_new: bool = False) -> Store:
    """Open the chosen database, creating it (with the starter codebook) if it is new.

    A database created for the app itself is also seeded with the shipped articles,
    so a first launch shows something to read. Creation is all or nothing (see
    storage.corpus.create_database).
    """
    path = chosen_database(args)
    is_new = is_new_database(path)
    if is_new and not args.db:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create folder {path.parent}: {error.strerror or error}") from None
    if is_new:
        # Only a new database needs the shipped corpus (and the page parser behind it).
        from storage.corpus import create_database

        create_database(path, with_articles=seed_if_new)
    store = Store.open(path)
    store.write_wait = WRITE_WAIT_SECONDS
    store.on_write_wait = say_waiting
    return store


def chosen_database(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_database_path()


def is_new_database(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def say_waiting(holder: str) -> None:
    """One line on stderr while a write waits for the lock, naming the program holding it when known."""
    who = f" ({escaped(holder)})" if holder else ""
    print(f"{PROG}: waiting for another writer{who} to finish (Ctrl+C to stop)", file=sys.stderr, flush=True)


def run_import(args: argparse.Namespace) -> int:
    """Import files and folders; a file that cannot be imported is skipped (or, with --strict, refuses all).

    Exit status 0 when every file is in the database, 1 when some were skipped,
    2 when none could be imported (or the command is wrong), 130 when stopped.
    """
    from storage.ingest.importer import ImportRun, ImportSummary
    from storage.store import remove_database_files

    if not args.max_size > 0:
        raise UsageError(f"--max-size must be more than 0, not {args.max_size:g}")
    # Listing the files first refuses a wrong path before a database is created.
    columns = {name: getattr(args, f"{name}_column") for name in TABLE_FIELDS}
    run = ImportRun(args.paths, max_bytes=int(args.max_size * 1024 * 1024), strict=args.strict, columns=columns)
    path = chosen_database(args)
    created = is_new_database(path)
    summary = ImportSummary()
    held: list[str] = []
    last_reason = ""
    try:
        with open_store(args) as store, stop_on_interrupt(run.stop), import_progress(run.total) as advance:
            for outcome in run.outcomes(store):
                summary.count(outcome)
                # The first article of a file of many says how many more the file gives.
                advance(outcome.file_parts - 1 if outcome.part == 1 else 0)
                if outcome.status == "skipped":
                    last_reason = outcome.reason
                    if run.total > 1 or outcome.within:
                        print(f"{PROG}: skipped {outcome.reason}", file=sys.stderr)
                elif args.strict:
                    held.append(outcome_line(outcome))
                else:
                    print(outcome_line(outcome))
    finally:
        if created and not summary.stored:
            remove_database_files(path)
    for line in held:
        print(line)
    if run.stop.is_set():
        print(f"stopped: {summary.sentence()}; run the same command again to carry on")
        return EXIT_INTERRUPTED
    if not summary.stored:
        if run.total == 1:
            raise UsageError(last_reason)
        raise UsageError(f"nothing could be imported ({summary.skipped} files skipped)")
    print(summary.sentence())
    return EXIT_SOME_SKIPPED if summary.skipped else 0


def outcome_line(outcome: ImportOutcome) -> str:
    """One file's result: status, title (or file name) and path, made safe for the terminal."""
    title = outcome.document.title if outcome.document is not None else ""
    flag = "  [needs review]" if outcome.document is not None and outcome.document.needs_review else ""
    return f"{outcome.status:9} {folded(title or outcome.path.name)}{flag}  ({outcome.shown})"


@contextmanager
def stop_on_interrupt(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl+C asks ``stop`` to end after the batch being written; a second one stops at once."""

    def interrupted(number: int, frame: FrameType | None) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print(f"{PROG}: stopping after the current batch (Ctrl+C again to stop now)", file=sys.stderr, flush=True)

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def import_progress(total: int) -> Iterator[Callable[[int], None]]:
    """A callable to call once per article, with how many more to expect than counted so far.

    It starts from one article a file (``total``); a file of many adds its own
    count when its first article comes. On a terminal it draws a progress bar,
    else it prints a plain line every few seconds.
    """
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        columns = (
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}", style="cyan"),
            TimeRemainingColumn(),
        )
        # Refreshed by hand, not by Rich's thread: the import forks worker processes, safe only without threads.
        progress = Progress(
            *columns,
            console=Console(stderr=True),
            transient=True,
            auto_refresh=False,
            redirect_stdout=sys.stdout.isatty(),  # Lines for a file or a pipe go there, not above the bar.
        )
        with progress as bar:
            task = bar.add_task("import", total=total, rate="")
            started = drawn = time.monotonic()

            def advance_bar(more: int) -> None:
                nonlocal drawn
                now = time.monotonic()
                done = bar.tasks[0].completed + 1
                rate = f"{done / max(now - started, 1e-6):.0f} articles/s"
                bar.update(task, advance=1, total=(bar.tasks[0].total or 0) + more, rate=rate)
                if now - drawn >= BAR_REFRESH_SECONDS:
                    drawn = now
                    bar.refresh()

            yield advance_bar
        return
    started = last = time.monotonic()
    done = 0

    def advance(more: int) -> None:
        nonlocal done, last, total
        done += 1
        total += more
        now = time.monotonic()
        if now - last >= PLAIN_PROGRESS_SECONDS and done < total:
            last = now
            rate = done / (now - started)
            print(f"{PROG}: {done}/{total} articles, {rate:.0f} articles/s, {(total - done) / rate:.0f} s left",
                  file=sys.stderr, flush=True)

    yield advance


def run_export(args: argparse.Namespace) -> int:
    from storage.exchange.export import export_database

    suffix = Path(args.out).suffix.lower().lstrip(".")
    format = args.format or (suffix if suffix in ("qdpx", "qdc") else "sqlite")
    if format in ("qdpx", "qdc"):
        return run_export_refi(args, format)
    with open_store(args) as store:
        report = export_database(store, args.out, format=format, force=args.force)
    print(
        f"exported {report.documents} documents, {report.annotations} annotations"
        f" ({report.orphaned} orphaned kept apart), {report.tags} tags, {report.quotes} quotes,"
        f" {report.actors} actors to {escaped(str(report.path))} ({report.format})"
    )
    return 0


def run_export_refi(args: argparse.Namespace, format: str) -> int:
    from storage.exchange.refi_qda import export_refi

    with open_store(args) as store:
        report = export_refi(store, args.out, format=format, force=args.force, coder=args.coder)
    if format == "qdc":
        print(f"exported {report.codes} codes to {escaped(str(report.path))} (REFI-QDA codebook)")
        return 0
    print(
        f"exported {report.documents} documents, {report.codes} codes, {report.selections} coded passages"
        f" ({report.orphaned} orphaned left out), {report.notes} notes, {report.users} users"
        f" to {escaped(str(report.path))} (REFI-QDA project)"
    )
    return 0


def run_import_project(args: argparse.Namespace) -> int:
    from storage.exchange.refi_qda import import_refi

    with open_store(args) as store:
        report = import_refi(store, args.file, coder=args.coder)
    print(
        f"codes: {report.codes_created} created, {report.codes_matched} matched by name"
        + (f" ({report.colours_refused} unusable colours replaced by grey)" if report.colours_refused else "")
    )
    if report.documents_matched or report.documents_created or report.added or report.already_present:
        print(
            f"documents: {report.documents_matched} matched, {report.documents_created} created;"
            f" {report.added} coded passages imported ({report.notes} with notes), {report.already_present} already present"
        )
    if report.attributes_created or report.attribute_values:
        print(f"attributes: {report.attributes_created} created, {report.attribute_values} values set")
    for skipped in report.skipped:
        print(f"left out  {folded(skipped)}")
    return 0


def run_import_annotations(args: argparse.Namespace) -> int:
    from storage.exchange.annotation_import import import_annotations

    with open_store(args) as store:
        report = import_annotations(store, args.file, coder=args.coder)
    print(
        f"{report.added} annotations imported ({report.reanchored} re-anchored in changed text,"
        f" {len(report.orphans)} orphaned), {report.already_present} already present;"
        f" documents: {report.documents_matched} matched, {report.documents_created} created;"
        f" {report.tags_created} tags created"
    )
    if report.corrections_added or report.corrections_present:
        print(
            f"{report.corrections_added} quote corrections imported ({report.corrections_reanchored} re-anchored,"
            f" {report.corrections_orphaned} orphaned), {report.corrections_present} already present"
        )
    if report.actors_curated:
        print(f"{report.actors_curated} actors curated as the export decided (merges, splits, names, kinds, roles)")
    if report.memos_added or report.memos_kept:
        print(f"{report.memos_added} memos and descriptions imported, {report.memos_kept} kept as written here")
    if report.attribute_values_added or report.attribute_values_kept or report.attributes_created:
        print(
            f"{report.attribute_values_added} attribute values imported, {report.attribute_values_kept} kept as they"
            f" were here; {report.attributes_created} attributes created"
        )
    for orphan in report.orphans:
        print(f"orphaned  {folded(orphan.document_slug)}  [{folded(orphan.tag)}]"
              f"  \"{folded(orphan.text, 60)}\"  ({orphan.reason})")
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Print the ranked hits of a query: one line each, or JSON lines for scripts."""
    import json

    from storage.search.memo_index import MemoIndex, search_everything
    from storage.search.saved_index import open_index

    if args.limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {args.limit}")
    if args.db:
        store = Store.open(args.db, create=False)
    else:
        store = open_store(args, seed_if_new=True)
    with store:
        results = search_everything(open_index(store), MemoIndex(store.memos()), " ".join(args.query), args.limit)
    if not results:
        print("no matches")
        return 0
    for group, hits in results.groups:
        if not args.json:
            print(f"{group} ({len(hits)})")
        for hit in hits:
            if args.json:
                print(json_line(hit_record(group, hit)))
            else:
                print(hit_line(hit))
    return 0


def hit_record(group: str, hit: SearchHit) -> dict[str, object]:
    from storage.search.memo_index import MEMO_KIND_NAMES

    return {
        "group": group,
        "kind": hit.quote_kind or (MEMO_KIND_NAMES[hit.memo.kind] if hit.memo else hit.kind),
        "score": hit.score,
        "document": hit.document_title,
        "document_id": hit.document_id,
        "start": hit.start,
        "end": hit.end,
        "text": hit.text,
        "speaker": hit.speaker,
        "tags": list(hit.tags),
        "note": hit.note,
    }


def hit_line(hit: SearchHit) -> str:
    """One hit as a terminal line, with control characters (from article text) made harmless."""
    from storage.search.memo_index import MEMO_KIND_NAMES

    speaker = f"{hit.speaker}: " if hit.speaker and hit.kind != "actor" else ""
    tags = f" [{', '.join(hit.tags)}]" if hit.tags else ""
    where = f"  ({hit.document_title} {hit.start}-{hit.end})" if hit.document_id is not None else ""
    if hit.memo is not None:
        about = f": {hit.document_title}" if hit.memo.kind != "project" else ""
        where = f"  ({MEMO_KIND_NAMES[hit.memo.kind]}{about})"
    return f"  {hit.score:5.1f}  " + folded(f"{speaker}{hit.text}{tags}{where}")

def run_report(args: argparse.Namespace) -> int:
    """Write (or print) the report of the coded segments of the tags named."""
    from storage.exchange.report import report_format, segments_report, write_report
    from storage.exchange.segments import SegmentFilterError, parse_segment_filter

    output = Path(args.output).expanduser() if args.output else None
    format = report_format(output, args.format)
    if output is not None and output.exists() and not args.force:
        raise UsageError(f"{output} already exists (use --force to replace it)")
    with Store.open(args.db, create=False) if args.db else open_store(args, seed_if_new=True) as store:
        try:
            where = parse_segment_filter(args.filter, [attribute.name for attribute in store.attributes()])
        except SegmentFilterError as error:
            raise UsageError(str(error)) from None
        tag_ids = []
        for name in args.tags:
            tag = store.tag_by_name(name)
            if tag is None:
                raise UsageError(f"no tag called {name!r}")
            tag_ids.append(tag.id)
        text, count = segments_report(
            store, tag_ids, subtags=args.subtags, where=where, filter_text=args.filter, format=format
        )
    if output is None:
        sys.stdout.write(text)
        return 0
    written = write_report(text, output, force=args.force)
    print(f"{count} segment{'s' if count != 1 else ''} written to {escaped(str(written))} ({format})")
    return 0


def run_reextract(args: argparse.Namespace) -> int:
    from storage.attribution.extraction import reextract

    with open_store(args) as store:
        counts = reextract(store)
    print(f"{counts.quotes} quotes and {counts.actors} actors found in {counts.documents} documents")
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from storage.attribution.evaluate import GoldError, evaluate_corpus, evaluate_store, format_report

    try:
        if args.corpus:
            report = evaluate_corpus(args.gold, args.corpus)
        else:
            if args.db and not Path(args.db).expanduser().exists():
                raise UsageError(f"no database at {args.db}")
            with open_store(args) as store:
                report = evaluate_store(args.gold, store)
    except GoldError as error:
        raise UsageError(str(error)) from None
    for line in format_report(report).splitlines():
        print(escaped(line))
    return 0


def run_agreement(args: argparse.Namespace) -> int:
    """Print agreement per tag (and over all tags) between the chosen coders."""
    import json

    from storage.analysis.agreement import AgreementError, format_coefficient, store_agreement

    coders = None
    if args.coders is not None:
        coders = [name.strip() for name in args.coders.split(",") if name.strip()]
        if len(coders) < 2:
            raise UsageError("--coders needs at least two names, comma-separated")
    if args.db and not Path(args.db).expanduser().exists():
        raise UsageError(f"no database at {args.db}")
    with open_store(args) as store:
        try:
            report = store_agreement(store, coders=coders, tags=args.tag)
        except AgreementError as error:
            raise UsageError(str(error)) from None
    if args.json:
        summary = {
            "coders": list(report.coders),
            "documents": report.documents,
            "tags": [row.as_dict() for row in report.tags],
            "overall": report.overall.as_dict(),
        }
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    print(f"coders: {folded(', '.join(report.coders))}; documents: {report.documents}")
    print(f"{'tag':24} {'units':>7} {'spans':>6} {'% agree':>8} {'kappa':>7} {'alpha':>7} {'alpha_u':>7}")
    for row in report.rows():
        figures = " ".join(f"{format_coefficient(value):>7}" for value in (row.kappa, row.alpha, row.alpha_u))
        percent = "-" if row.percent is None else f"{100 * row.percent:.1f}"
        print(f"{folded(row.tag, 24):24} {row.units:>7} {row.spans:>6} {percent:>8} {figures}")
    return 0


def run_app(args: argparse.Namespace) -> int:
    # Importing Textual makes some 100,000 long-lived objects, and the cyclic garbage collector
    # would go through all of them again and again while the first frame is drawn (about 30 ms
    # of a 0.25 s launch). Collection waits until they are loaded, and freeze() then sets them
    # aside, so later collections look only at what the app itself allocates.
    gc.disable()
    try:
        from tui.app import SafeguardApp
    finally:
        gc.freeze()
        gc.enable()
    store = open_store(args, seed_if_new=True)
    store.on_write_wait = None  # nothing may print over the app's screen; its write queue says when a change waits
    app = SafeguardApp(store, coder=args.coder)
    app.run()
    store.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; output into a closed pipe (``| head``) ends quietly with status 0."""
    try:
        status = run_command(argv)
        sys.stdout.flush()  # Here, not at exit, so that a closed pipe is caught below.
        return status
    except BrokenPipeError:
        silence_stdout()
        return 0


def silence_stdout() -> None:
    """Point stdout at /dev/null, so Python's final flush does not fail again on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # stdout is not a real file (a test's capture): nothing will be flushed to a pipe


def run_command(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", run_app)
    # Named in the writer record, so that a program waiting for the write lock can say who holds it.
    name_this_program(f"{PROG} {args.command}" if args.command else f"{PROG} (the app)")
    try:
        return handler(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:
        if not is_user_error(error):
            raise
        print(f"{PROG}: error: {escaped(str(error))}", file=sys.stderr)
        return EXIT_USAGE


def is_user_error(error: Exception) -> bool:
    """Bad input, reported as one line: a StoreError, UsageError or IngestError.

    IngestError is looked up only if ingestion ran (its module is loaded), so that
    opening the app never pays for importing the page parser.
    """
    ingest = sys.modules.get("storage.ingest.files")
    kinds: tuple[type[Exception], ...] = (StoreError, UsageError)
    if ingest is not None:
        kinds += (ingest.IngestError,)
    return isinstance(error, kinds)


if __name__ == "__main__":
    sys.exit(main())
