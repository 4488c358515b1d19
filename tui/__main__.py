"""Provides the ``safeguard-tui`` command: argument parsing, opening the Store, running the app."""

from __future__ import annotations

import argparse
import gc
import getpass
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from storage.store import Store, StoreError
from tui.terminal_text import escaped, folded, json_line

if TYPE_CHECKING:
    from storage.search.engine import SearchHit

PROG = "safeguard-tui"
EXIT_USAGE = 2


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
        "import", parents=common, help="import article files (.txt, .md, .html) or folders of them"
    )
    importer.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    importer.set_defaults(handler=run_import)

    exporter = commands.add_parser(
        "export",
        parents=common,
        help="export documents, quotes, tags and annotations to SQLite, CSV or JSON-LD (see docs/export.md)",
    )
    exporter.add_argument("out", metavar="OUT", help="the file (a folder for csv) to write")
    exporter.add_argument(
        "--format", choices=("sqlite", "csv", "json"), default="sqlite", help="what to write (default: sqlite)"
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

    searcher = commands.add_parser(
        "search",
        parents=common,
        help="fuzzy-search quotes, actors and annotations (filters: by: tag: in: kind: \"phrase\")",
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
    path = Path(args.db).expanduser() if args.db else default_database_path()
    is_new = not path.exists() or path.stat().st_size == 0
    if is_new and not args.db:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create folder {path.parent}: {error.strerror or error}") from None
    if is_new:
        # Only a new database needs the shipped corpus (and the page parser behind it).
        from storage.corpus import create_database

        create_database(path, with_articles=seed_if_new)
    return Store.open(path)


def run_import(args: argparse.Namespace) -> int:
    from storage.ingest.importer import import_articles, read_articles

    # Read every file first: bad input is refused before a database is created.
    parsed = read_articles(args.paths)
    with open_store(args) as store:
        outcomes = import_articles(store, parsed)
    for outcome in outcomes:
        print(f"{outcome.status:9} {folded(outcome.document.title or outcome.path.name)}  ({escaped(str(outcome.path))})")
    added = sum(outcome.status != "unchanged" for outcome in outcomes)
    print(f"{added} imported, {len(outcomes) - added} already in the database")
    reanchored = sum(outcome.reanchored for outcome in outcomes)
    orphaned = sum(outcome.orphaned for outcome in outcomes)
    if any(outcome.status == "revised" for outcome in outcomes):
        print(f"{reanchored} annotations re-anchored in changed documents, {orphaned} orphaned")
        moved = sum(outcome.corrections_reanchored for outcome in outcomes)
        lost = sum(outcome.corrections_orphaned for outcome in outcomes)
        if moved or lost:
            print(f"{moved} quote corrections re-anchored, {lost} orphaned")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from storage.exchange.export import export_database

    with open_store(args) as store:
        report = export_database(store, args.out, format=args.format, force=args.force)
    print(
        f"exported {report.documents} documents, {report.annotations} annotations"
        f" ({report.orphaned} orphaned kept apart), {report.tags} tags, {report.quotes} quotes,"
        f" {report.actors} actors to {escaped(str(report.path))} ({report.format})"
    )
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
    for orphan in report.orphans:
        print(f"orphaned  {folded(orphan.document_slug)}  [{folded(orphan.tag)}]"
              f"  \"{folded(orphan.text, 60)}\"  ({orphan.reason})")
    return 0


def run_search(args: argparse.Namespace) -> int:
    """Print the ranked hits of a query: one line each, or JSON lines for scripts."""
    from storage.search.engine import SearchIndex

    if args.limit < 1:
        raise UsageError(f"--limit must be 1 or more, not {args.limit}")
    if args.db:
        store = Store.open(args.db, create=False)
    else:
        store = open_store(args, seed_if_new=True)
    with store:
        results = SearchIndex.build(store).search(" ".join(args.query), limit=args.limit)
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
    return {
        "group": group,
        "kind": hit.quote_kind or hit.kind,
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
    speaker = f"{hit.speaker}: " if hit.speaker and hit.kind != "actor" else ""
    tags = f" [{', '.join(hit.tags)}]" if hit.tags else ""
    where = f"  ({hit.document_title} {hit.start}-{hit.end})" if hit.document_id is not None else ""
    return f"  {hit.score:5.1f}  " + folded(f"{speaker}{hit.text}{tags}{where}")

def run_report(args: argparse.Namespace) -> int:
    """Write (or print) the report of the coded segments of the tags named."""
    from storage.exchange.report import report_format, segments_report, write_report
    from storage.exchange.segments import SegmentFilterError, parse_segment_filter

    output = Path(args.output).expanduser() if args.output else None
    format = report_format(output, args.format)
    try:
        where = parse_segment_filter(args.filter)
    except SegmentFilterError as error:
        raise UsageError(str(error)) from None
    if output is not None and output.exists() and not args.force:
        raise UsageError(f"{output} already exists (use --force to replace it)")
    with Store.open(args.db, create=False) if args.db else open_store(args, seed_if_new=True) as store:
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
    app = SafeguardApp(store, coder=args.coder)
    app.run()
    store.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", run_app)
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
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
    ingest = sys.modules.get("storage.ingest.article")
    kinds: tuple[type[Exception], ...] = (StoreError, UsageError)
    if ingest is not None:
        kinds += (ingest.IngestError,)
    return isinstance(error, kinds)


if __name__ == "__main__":
    sys.exit(main())
