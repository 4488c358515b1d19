"""Shared fixtures: stores in memory or on disk, and the shipped seed articles."""

from __future__ import annotations
from collections.abc import Callable, Iterator

import subprocess
import sys
from pathlib import Path

import pytest

from storage.corpus import shipped_corpus_dir
from storage.store import Store


@pytest.fixture
def store() -> Store:
    """An empty in-memory store with the current schema."""
    return Store.memory()


@pytest.fixture
def corpus_dir() -> Path:
    """The shipped articles and codebook."""
    return shipped_corpus_dir()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a database file that does not exist yet."""
    return tmp_path / "test.db"


SEARCH_ACTORS = [
    (1, "Lord Warner", "person", "children's commissioner", ["Norman Warner", "Warner", "the commissioner"]),
    (2, "Sir Michael Wilshaw", "person", "chief inspector", ["Michael Wilshaw", "Wilshaw"]),
    (3, "Julian Le Grand", "person", "adviser", ["Le Grand", "Professor Le Grand"]),
    (4, "Brigid Jones", "person", "cabinet member", ["Brigid Jones", "Councillor Jones"]),
]
SEARCH_DOCUMENTS = [
    (
        "Birmingham children's services still failing, says Ofsted",
        [
            (1, "direct", "The NHS must pull its weight in Birmingham."),
            (1, "direct", "Social workers are leaving faster than we can recruit them."),
            (2, "direct", "The thresholds for intervention were set far too high [sic]."),
            (3, "indirect", "the council had been in denial about funding for years"),
        ],
    ),
    (
        "NHS told to pull its weight on safeguarding",
        [
            (4, "direct", "We are pulling our weight; the NHS is not pulling its weight."),
            (None, "partial", "[bold]Nobody[/bold] checked the thresholds"),
        ],
    ),
]


def fill_search_corpus(store: Store) -> None:
    """Two documents with actors, quotes and annotations, written with SQL until the extractor lands."""
    from storage.models import Article

    for actor_id, name, kind, role, aliases in SEARCH_ACTORS:
        store.db.execute("INSERT INTO actors (id, name, kind, role) VALUES (?,?,?,?)", [actor_id, name, kind, role])
        for alias in aliases:
            store.db.execute("INSERT INTO actor_aliases (actor_id, alias) VALUES (?,?)", [actor_id, alias])
    for number, (title, quotes) in enumerate(SEARCH_DOCUMENTS):
        body, spans = "", []
        for speaker_id, kind, text in quotes:
            body += "Reporting continued. “"
            spans.append((speaker_id, kind, text, len(body)))
            body += text + "” "
        document = store.add_document(Article(title=title, body=body, raw=body), f"/corpus/{number}.txt", f"h{number}")
        for speaker_id, kind, text, start in spans:
            store.db.execute(
                'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind) VALUES (?,?,?,?,?,?)',
                [document.id, start, start + len(text), text, speaker_id, kind],
            )
    store.db.conn.commit()
    funding = store.add_tag("Funding", shortcut=1)
    blame = store.add_tag("Blame", shortcut=2)
    first = store.documents()[0]
    for tag, needle, note in [
        (funding, "denial about funding", "money again; compare Warner's review"),
        (blame, "NHS must pull its weight", ""),
    ]:
        start = first.body.index(needle)
        store.add_annotation(first.id, tag.id, start, start + len(needle), note=note)


@pytest.fixture
def search_store(store: Store) -> Store:
    """An in-memory store holding the small search corpus."""
    fill_search_corpus(store)
    return store


INVENTED_ARTICLE = (
    "Library hours cut to save money\n\n"
    "The county library will close on Mondays from next month, the council said.\n\n"
    "“It is a sad day for readers,” a volunteer said.\n"
)


@pytest.fixture
def write_articles() -> Callable[[Path, int], list[Path]]:
    """A maker of ``count`` distinct invented article files in a folder (created if need be)."""

    def write(folder: Path, count: int) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for number in range(count):
            path = folder / f"{number:03d}.txt"
            path.write_text(INVENTED_ARTICLE.replace("money", f"money, plan {number}"), encoding="utf-8")
            paths.append(path)
        return paths

    return write


@pytest.fixture
def cleaner_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the cleaner judge every page furniture only (its first line the title), as it does some real pages."""
    from storage.ingest import article
    from storage.ingest.formats import MarkupPage
    from storage.models import Article

    def nothing_found(page: MarkupPage, raw: str) -> Article:
        return Article(title=page.paragraphs[0], body="", raw=raw)

    monkeypatch.setattr(article, "extract_article", nothing_found)


NEXIS_UNI_OUTLETS = ["Northfield Courier", "Harbour Gazette (Harbour)", "The Valley Star"]


def write_nexis_uni(path: Path, count: int, changed: int = 0, first: int = 1) -> None:
    """A Nexis Uni Word download of ``count`` invented articles, in the database's layout.

    ``changed``: the number of one article whose body has a corrected figure (0: none);
    ``first``: the number of the first article (a later download of a search may hold one more above).
    """
    import docx  # python-docx: only the tests of Word downloads need it.

    document = docx.Document()
    for line in ["Date and Time: Tuesday, 7. June 2016 10:02:00 CEST", "Job Number: 1234", f"Documents ({count})"]:
        document.add_paragraph(line)
    for number in range(first, first + count):
        for line in [f"{number}. Headline number {number} about foster care", "Client/Matter: -None-", ""]:
            document.add_paragraph(line)
    for number in range(first, first + count):
        document.add_page_break()
        document.add_paragraph(f"Headline number {number} about foster care")
        document.add_paragraph(NEXIS_UNI_OUTLETS[number % 3])
        document.add_paragraph(f"May {number}, 2016 Wednesday 9:20 AM GMT")
        document.add_paragraph("\nCopyright 2016 Invented Media Ltd. All Rights Reserved")
        document.add_paragraph("Section:\xa0NEWS; Version:3")
        document.add_paragraph(f"Length:\xa0{100 + number} words")
        document.add_paragraph(f"Byline:\xa0Reporter Number{number}")
        document.add_paragraph("Body")
        document.add_paragraph("")
        document.add_paragraph(f"The first paragraph of article {number} says the council met on Monday.")
        figure = 14 if number == changed else 12
        document.add_paragraph(f"The second paragraph of article {number} gives a figure: {figure} children.")
        document.add_paragraph("Classification")
        document.add_paragraph("Language:\xa0ENGLISH")
        document.add_paragraph(f"Load-Date:\xa0May {number + 1}, 2016")
        document.add_paragraph("\nEnd of Document")
    document.save(str(path))


HOLD_LOCK = """
import sys
from storage.store import Store
from storage.writer_record import name_this_program
name_this_program(sys.argv[2])
with Store.open(sys.argv[1]) as store, store.atomic():
    store.add_tag("Transport")
    print("holding", flush=True)
    sys.stdin.readline()
"""
"""Another program that takes a database's write lock and holds it until a line arrives on its stdin."""


@pytest.fixture
def lock_holder() -> Iterator[Callable[[Path, str], subprocess.Popen[str]]]:
    """A starter of another program called NAME holding the write lock of a database; ``.communicate("\\n")`` ends it."""
    started: list[subprocess.Popen[str]] = []

    def start(database: Path, name: str) -> subprocess.Popen[str]:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(database), name], cwd=Path(__file__).resolve().parent.parent,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        started.append(holder)
        assert "holding" == holder.stdout.readline().strip()  # type: ignore[union-attr]
        return holder

    yield start
    for holder in started:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
