"""Provides the schema as a list of forward migrations, one function per step.

The schema version lives in ``PRAGMA user_version``: a database at version N has
had the first N steps applied. Steps are append-only; a released step is never
edited, so every older database can be brought forward.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def run_script(db: Database, script: str) -> None:
    """Run semicolon-separated statements inside the caller's transaction.

    ``sqlite3.executescript`` commits first, which would break a migration's
    all-or-nothing promise, so statements run one at a time instead.
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def create_core_tables(db: Database) -> None:
    """Documents (one row per revision), comments, actors, quotes, tags, annotations."""
    run_script(
        db,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1,
            source_file TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            publication TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            raw TEXT NOT NULL,
            imported TEXT NOT NULL,
            superseded_by INTEGER REFERENCES documents(id)
        );
        CREATE INDEX documents_slug ON documents(slug);
        CREATE INDEX documents_source_file ON documents(source_file);

        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            posted TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL
        );
        CREATE INDEX comments_document ON comments(document_id);

        CREATE TABLE actors (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'person',
            role TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE actor_aliases (
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            PRIMARY KEY (actor_id, alias)
        );
        CREATE INDEX actor_aliases_alias ON actor_aliases(alias);

        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            comment_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            speaker_id INTEGER REFERENCES actors(id) ON DELETE SET NULL,
            kind TEXT NOT NULL,
            cue TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX quotes_document ON quotes(document_id);
        CREATE INDEX quotes_speaker ON quotes(speaker_id);

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            parent_id INTEGER REFERENCES tags(id) ON DELETE SET NULL,
            color TEXT NOT NULL DEFAULT '#888888',
            description TEXT NOT NULL DEFAULT '',
            shortcut INTEGER UNIQUE CHECK (shortcut BETWEEN 1 AND 9)
        );

        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            coder TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            orphaned INTEGER NOT NULL DEFAULT 0,
            CHECK (start <= "end")
        );
        CREATE INDEX annotations_document ON annotations(document_id);
        CREATE INDEX annotations_tag ON annotations(tag_id);
        """
    )


def create_session_tables(db: Database) -> None:
    """The undo journal (kept across restarts) and a key-value store for app state."""
    run_script(
        db,
        """
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            coder TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            payload TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE TABLE app_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def add_quote_attribution_spans(db: Database) -> None:
    """Each quote's cue and speaker mention as offsets beside its speaker: attribution as a triple.

    Existing rows get NULLs until ``reextract`` rebuilds the quotes.
    """
    for column in ("cue_start", "cue_end", "mention_start", "mention_end"):
        db.execute(f"ALTER TABLE quotes ADD COLUMN {column} INTEGER")


def create_quote_corrections(db: Database) -> None:
    """Coders' corrections of quotes (user data), the extractor's own quotes per document, and quote origins.

    A correction is anchored like an annotation (offsets, text, context) so it can
    follow its passage into a revised article. ``quote_baselines`` keeps, per
    document, the quotes as the extractor found them (a JSON list of rows), so that
    undoing a correction restores the extractor's finding without running it again.
    """
    run_script(
        db,
        """
        CREATE TABLE quote_corrections (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            action TEXT NOT NULL CHECK (action IN ('speaker', 'kind', 'reject', 'add')),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            speaker TEXT NOT NULL DEFAULT '',
            speaker_kind TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            coder TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            orphaned INTEGER NOT NULL DEFAULT 0,
            CHECK (start < "end")
        );
        CREATE INDEX quote_corrections_document ON quote_corrections(document_id);

        CREATE TABLE quote_baselines (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            quotes TEXT NOT NULL
        );

        ALTER TABLE quotes ADD COLUMN origin TEXT NOT NULL DEFAULT 'auto'
        """
    )


def mark_as_ours(db: Database) -> None:
    """Set the header's application id, so that another application's database is never taken for ours."""
    from storage.store import DATABASE_APPLICATION_ID

    db.execute(f"PRAGMA application_id = {DATABASE_APPLICATION_ID}")


def repair_tag_colors(db: Database) -> None:
    """Store every tag colour as ``#rrggbb``: a colour name is converted, anything else becomes the default.

    Before colours were checked on the way in, an imported export could store any
    text as a colour, and a colour is used as a style on screen.
    """
    from storage.colors import DEFAULT_COLOR, normalise_color

    for tag_id, color in db.execute("SELECT id, color FROM tags").fetchall():
        repaired = normalise_color(color) or DEFAULT_COLOR
        if repaired != color:
            db.execute("UPDATE tags SET color = ? WHERE id = ?", [repaired, tag_id])


def add_actor_linking(db: Database) -> None:
    """Blocking keys for linking actors across articles, and the researcher's decisions about actors.

    ``actor_keys`` maps normalised names and surnames to actors (see
    ``storage.attribution.linking``), so an import looks up candidates instead of
    reading every actor. ``actors.curated`` marks an actor the researcher has
    renamed, merged, split or given a kind or role: re-extraction keeps it, with
    its ``pinned`` aliases. Aliases get an id so that the undo journal can name
    one; ``speaker_pins`` holds quotes moved to another actor by hand.
    """
    from storage.attribution.linking import actor_keys

    run_script(
        db,
        """
        ALTER TABLE actors ADD COLUMN curated INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE actor_aliases_new (
            id INTEGER PRIMARY KEY,
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            UNIQUE (actor_id, alias)
        );
        INSERT INTO actor_aliases_new (actor_id, alias) SELECT actor_id, alias FROM actor_aliases;
        DROP TABLE actor_aliases;
        ALTER TABLE actor_aliases_new RENAME TO actor_aliases;
        CREATE INDEX actor_aliases_alias ON actor_aliases(alias COLLATE NOCASE);
        CREATE TABLE actor_keys (
            key TEXT NOT NULL,
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            PRIMARY KEY (key, actor_id)
        ) WITHOUT ROWID;
        CREATE INDEX actor_keys_actor ON actor_keys(actor_id);
        CREATE TABLE speaker_pins (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            comment_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE
        );
        CREATE INDEX speaker_pins_document ON speaker_pins(document_id);
        CREATE INDEX speaker_pins_actor ON speaker_pins(actor_id)
        """,
    )
    names: dict[int, list[str]] = {}
    for actor_id, alias in db.execute("SELECT actor_id, alias FROM actor_aliases ORDER BY id"):
        names.setdefault(actor_id, []).append(alias)
    for actor_id, name, kind in db.execute("SELECT id, name, kind FROM actors").fetchall():
        for key in actor_keys([name, *names.get(actor_id, [])], kind):
            db.execute("INSERT OR IGNORE INTO actor_keys (key, actor_id) VALUES (?, ?)", [key, actor_id])


def link_annotations_to_comments(db: Database) -> None:
    """Annotations on a reader comment: ``comment_id`` says which, and offsets are into its text."""
    db.execute("ALTER TABLE annotations ADD COLUMN comment_id INTEGER REFERENCES comments(id) ON DELETE CASCADE")


def add_needs_review(db: Database) -> None:
    """A flag on documents whose body is the importer's best guess (the page looked like furniture only)."""
    db.execute("ALTER TABLE documents ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0")


SEARCH_CHANGE_SOURCES = (
    # (table, kind of change, the column naming the changed item)
    ("documents", "document", "id"),
    ("quotes", "document", "document_id"),
    ("annotations", "annotation", "id"),
    ("actors", "actor", "id"),
    ("actor_aliases", "actor", "actor_id"),
    ("tags", "tag", "id"),
)
"""What the search index is made of: a change to a row marks the item the index must redo."""


def create_search_tables(db: Database) -> None:
    """The saved search index and the log of changes it has yet to take in.

    ``search_changes`` holds one row per changed item (document, annotation,
    actor, tag) with the sequence number of its latest change; triggers on the
    source tables fill it, so every writer (the app, import, reextract, another
    process) keeps the index current without knowing about it. The triggers do
    nothing until an index has been saved (``search_state`` is empty until then).
    The index itself is a postings blob per word and entry columns in blocks
    (the vocabulary is one more column), so one change rewrites a few rows,
    not the whole index.
    """
    run_script(
        db,
        """
        CREATE TABLE search_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            item INTEGER NOT NULL,
            UNIQUE (kind, item)
        );
        CREATE TABLE search_state (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        CREATE TABLE search_postings (
            part TEXT NOT NULL,
            word_id INTEGER NOT NULL,
            entries BLOB NOT NULL,
            PRIMARY KEY (part, word_id)
        );
        CREATE TABLE search_columns (
            part TEXT NOT NULL,
            name TEXT NOT NULL,
            block INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (part, name, block)
        )
        """,
    )
    for table, kind, column in SEARCH_CHANGE_SOURCES:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            # A trigger body holds semicolons, so it cannot go through run_script.
            db.execute(
                f"CREATE TRIGGER search_{table}_{event.lower()} AFTER {event} ON {table}"
                " WHEN EXISTS (SELECT 1 FROM search_state)"
                f" BEGIN INSERT OR REPLACE INTO search_changes (kind, item) VALUES ('{kind}', {row}.{column}); END"
            )
            if event == "UPDATE" and table == "quotes":
                db.execute(
                    f"CREATE TRIGGER search_{table}_move AFTER UPDATE OF document_id ON {table}"
                    " WHEN EXISTS (SELECT 1 FROM search_state)"
                    f" BEGIN INSERT OR REPLACE INTO search_changes (kind, item) VALUES ('{kind}', OLD.{column}); END"
                )


def index_documents_by_date(db: Database) -> None:
    """The document list's date order (undated last), holding what its filter reads too.

    A page is then read without sorting every document, and counting what a filter
    matches reads this index, not every article body (400 MB at 100,000 articles).
    """
    db.execute(
        "CREATE INDEX documents_by_date"
        " ON documents(superseded_by, published = '', published, id, title, publication, author)"
    )


def move_speaker_pins_to_corrections(db: Database) -> None:
    """A quote moved to another actor by a split becomes a speaker correction, as the reader makes; pins go.

    One mechanism then keeps every hand-given speaker: anchored to its passage,
    re-applied on every save of the document's quotes, carried through re-import,
    export and import. A pin on a span that already has a speaker correction
    adds nothing (the correction was applied after the pin). A pin on a quote in
    a reader comment is dropped: such a quote belongs to its commenter. Undo
    entries that made a pin now remove its correction; those that moved one
    (by a merge) keep their other changes.
    """
    from storage.store import correction_row

    made: dict[int, dict[str, object]] = {}
    pins = db.execute(
        'SELECT p.id, p.document_id, p.start, p."end", a.name, a.kind, d.body FROM speaker_pins p'
        " JOIN actors a ON a.id = p.actor_id JOIN documents d ON d.id = p.document_id"
        ' WHERE p.comment_id IS NULL AND p.start < p."end" ORDER BY p.id'
    ).fetchall()
    for pin_id, document_id, start, end, name, kind, body in pins:
        corrected = db.execute(
            "SELECT 1 FROM quote_corrections WHERE document_id = ? AND action = 'speaker' AND start = ?"
            ' AND "end" = ? AND orphaned = 0',
            [document_id, start, end],
        ).fetchone()
        if corrected or end > len(body):
            continue
        row = correction_row(body, document_id, "speaker", start, end, "", {"speaker": name, "speaker_kind": kind})
        columns = ", ".join(f'"{column}"' for column in row)
        marks = ", ".join("?" for _ in row)
        db.execute(f"INSERT INTO quote_corrections ({columns}) VALUES ({marks})", list(row.values()))
        made[pin_id] = row
    for entry_id, payload in db.execute("SELECT id, payload FROM journal WHERE payload LIKE '%speaker_pins%'").fetchall():
        ops = []
        for op in json.loads(payload):
            if op["table"] != "speaker_pins":
                ops.append(op)
            elif op["kind"] == "insert" and op["row"]["id"] in made:
                ops.append({"kind": "insert", "table": "quote_corrections", "row": made[op["row"]["id"]], "before": None})
        db.execute("UPDATE journal SET payload = ? WHERE id = ?", [json.dumps(ops), entry_id])
    db.execute("DROP TABLE speaker_pins")


def create_memos(db: Database) -> None:
    """The project memo and a memo per document, and a description per actor.

    A document's memo is keyed by its slug, so it stays with the document through
    new revisions; the project memo has scope ``project`` and an empty slug. Tags
    have had a description column from the start.
    """
    run_script(
        db,
        """
        CREATE TABLE memos (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL CHECK (scope IN ('project', 'document')),
            slug TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            updated TEXT NOT NULL,
            UNIQUE (scope, slug)
        );
        ALTER TABLE actors ADD COLUMN description TEXT NOT NULL DEFAULT ''
        """,
    )

def create_document_attributes(db: Database) -> None:
    """Attributes the researcher defines (variables: region, circulation...) and each document's values.

    Values are text in a canonical form (see storage.attribute_values); a number is
    compared as one with CAST. The indexes on (attribute, value, document) serve the
    document filter's ``region:west`` and hold the list's order by an attribute (as
    text, and as a number), so a page of it is read without sorting the corpus.
    Each value row has its own id for the journal.
    """
    run_script(
        db,
        """
        CREATE TABLE attributes (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'choice')),
            choices TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE document_attributes (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
            value TEXT NOT NULL,
            UNIQUE (document_id, attribute_id)
        );
        CREATE INDEX document_attributes_value ON document_attributes(attribute_id, value COLLATE NOCASE, document_id);
        CREATE INDEX document_attributes_number ON document_attributes(attribute_id, CAST(value AS REAL), document_id)
        """,
    )


def add_database_fields(db: Database) -> None:
    """What news databases and tables state beside the text: section, stated length in words, URL."""
    run_script(
        db,
        """
        ALTER TABLE documents ADD COLUMN section TEXT NOT NULL DEFAULT '';
        ALTER TABLE documents ADD COLUMN stated_words INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE documents ADD COLUMN url TEXT NOT NULL DEFAULT ''
        """,
    )


def count_current_documents(db: Database) -> None:
    """Keep the number of current documents in a one-row table that triggers update.

    The document list shows it at launch; counting even a narrow index grows with
    the corpus (about 10 ms at 100,000 articles), reading this row does not.
    """
    run_script(
        db,
        """
        CREATE TABLE document_total (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            current INTEGER NOT NULL
        );
        INSERT INTO document_total (id, current) SELECT 1, count(*) FROM documents WHERE superseded_by IS NULL
        """,
    )
    # A trigger body holds semicolons, so it cannot go through run_script.
    db.execute(
        "CREATE TRIGGER document_total_insert AFTER INSERT ON documents WHEN NEW.superseded_by IS NULL"
        " BEGIN UPDATE document_total SET current = current + 1; END"
    )
    db.execute(
        "CREATE TRIGGER document_total_delete AFTER DELETE ON documents WHEN OLD.superseded_by IS NULL"
        " BEGIN UPDATE document_total SET current = current - 1; END"
    )
    db.execute(
        "CREATE TRIGGER document_total_update AFTER UPDATE OF superseded_by ON documents"
        " WHEN (OLD.superseded_by IS NULL) != (NEW.superseded_by IS NULL)"
        " BEGIN UPDATE document_total SET current = current + (NEW.superseded_by IS NULL)"
        " - (OLD.superseded_by IS NULL); END"
    )


def index_described_actors(db: Database) -> None:
    """The actors that have a description, so search finds them without reading every actor.

    Opening search lists every memo and description; at 100,000 articles the
    actors table is large and almost no actor has a description.
    """
    db.execute("CREATE INDEX actors_described ON actors(id) WHERE description <> ''")


def make_section_built_in(db: Database) -> None:
    """``section`` became a built-in attribute (the documents column a news database download fills).

    A researcher's own attribute called ``section`` would now be hidden behind it: it is renamed
    ``section_own`` (kept, with every value), and its values fill the sections the files left empty,
    so a section typed by hand before (``Politics``) still filters as ``section:politics``.
    """
    found = db.execute("SELECT id FROM attributes WHERE name = 'section' COLLATE NOCASE").fetchone()
    if found is None:
        return
    taken = {name.casefold() for (name,) in db.execute("SELECT name FROM attributes")}
    name, number = "section_own", 1
    while name in taken:
        number += 1
        name = f"section_own{number}"
    db.execute("UPDATE attributes SET name = ? WHERE id = ?", [name, found[0]])
    db.execute(
        "UPDATE documents SET section = (SELECT value FROM document_attributes v"
        " WHERE v.document_id = documents.id AND v.attribute_id = ?)"
        " WHERE section = '' AND id IN (SELECT document_id FROM document_attributes WHERE attribute_id = ?)",
        [found[0], found[0]],
    )


MIGRATIONS: list[Callable[[Database], None]] = [
    create_core_tables,
    create_session_tables,
    add_quote_attribution_spans,
    create_quote_corrections,
    mark_as_ours,
    repair_tag_colors,
    add_actor_linking,
    link_annotations_to_comments,
    add_needs_review,
    create_search_tables,
    index_documents_by_date,
    move_speaker_pins_to_corrections,
    create_memos,
    create_document_attributes,
    add_database_fields,
    count_current_documents,
    index_described_actors,
    make_section_built_in,
]

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_schema_version(conn: sqlite3.Connection) -> int:
    """The database's schema version; ``ValueError`` if a newer app wrote it."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise ValueError(
            f"database schema version {current} is newer than this app understands ({SCHEMA_VERSION})"
        )
    return current


def migrate(db: Database) -> int:
    """Apply every step the database lacks, each in its own transaction.

    Returns the number of steps applied. Raises ``ValueError`` for a database
    written by a newer version of the app, which this one must not touch.
    """
    current = check_schema_version(db.conn)
    for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
    return SCHEMA_VERSION - current
