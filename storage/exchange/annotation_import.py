"""Provides import_annotations: an SQLite export brought back into a Store, re-anchored where the text changed.

Documents are matched to the target's current documents by slug, else source
file, else identical text; a document the target lacks is created from the
export's body (with its quotes and speakers). Tags are matched by name and
created when missing. Annotations and quote corrections are matched by uid, so importing a file twice
adds nothing the second time. When the target's text differs from the text an
annotation was made on, the annotation is re-anchored (see storage.exchange.anchor) or
kept as an orphan; it is never dropped or put somewhere doubtful.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from storage.exchange.anchor import Anchored, find_anchor, selector_for
from storage.exchange.export import ADDED_IN, APPLICATION_ID, EXPORT_SCHEMA_VERSION, TABLE_COLUMNS, TOOL, ExportError
from storage.exchange.export_check import check_export, exported_attributes
from storage.models import Actor, Annotation, Document, MemoSubject, Quote, QuoteCorrection
from storage.store import ACTOR_KINDS, SQLITE_HEADER, Store, StoreError, anchor_texts, clean_name, clean_note


@dataclass(frozen=True)
class Orphan:
    """An imported annotation that could not be placed in the target's text."""

    uid: str
    document_slug: str
    tag: str
    text: str
    reason: str


@dataclass
class AnnotationImportReport:
    """What an import did, for the command's summary."""

    path: Path
    documents_matched: int = 0
    documents_created: int = 0
    tags_created: int = 0
    added: int = 0
    reanchored: int = 0
    already_present: int = 0
    orphans: list[Orphan] = field(default_factory=list)
    corrections_added: int = 0
    corrections_reanchored: int = 0
    corrections_orphaned: int = 0
    corrections_present: int = 0
    actors_curated: int = 0
    """Actors the export's decisions (merges, splits, renames, kinds, roles) changed here."""
    memos_added: int = 0
    memos_kept: int = 0
    """Memos and descriptions in the file that were not taken, because this database has its own."""
    attributes_created: int = 0
    attribute_values_added: int = 0
    attribute_values_kept: int = 0
    """Values the export gives a document that already has its own value of that attribute here (kept)."""


def import_annotations(store: Store, path: str | Path, *, coder: str = "") -> AnnotationImportReport:
    """Bring the annotations of the SQLite export at ``path`` into ``store``, all in one transaction.

    ``coder`` is credited with annotations the file records no coder for.
    Raises ExportError for a file that is not an export of this tool, or is
    from a newer export schema; then nothing is written.
    """
    path = Path(path).expanduser()
    source = open_export(path)
    report = AnnotationImportReport(path)
    try:
        with store.atomic():
            tag_ids, tag_names = import_tags(store, source, report)
            documents = import_documents(store, source, report)
            import_actor_decisions(store, source, report)
            for table in ("annotations", "orphaned_annotations"):
                names = [name for name in TABLE_COLUMNS[table] if has_column(source, table, name)]
                columns = ", ".join(f'"{name}"' for name in names)
                for row in source.execute(f"SELECT {columns} FROM {table} ORDER BY id"):
                    values = dict(zip(names, row, strict=True))
                    if store.annotation_by_uid(values["uid"]):
                        report.already_present += 1
                        continue
                    if values["document_id"] not in documents:
                        raise ExportError(f"annotation {values['uid']} refers to a document the export lacks")
                    target, exported_body = documents[values["document_id"]]
                    texts = annotated_texts(store, source, values, target, exported_body)
                    import_annotation(store, values, target, texts, tag_ids, tag_names, coder, report)
            import_corrections(store, source, documents, coder, report)
            import_memos(store, source, documents, tag_ids, report)
            import_attributes(store, source, path, documents, report)
    except sqlite3.Error as error:
        raise ExportError(f"cannot import {path}: {error}") from None
    finally:
        source.close()
    return report


def open_export(path: Path) -> sqlite3.Connection:
    """Open an export read-only after checking it is one this version can read."""
    if not path.is_file():
        raise ExportError(f"no export file at {path}")
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror or error}") from None
    if not head.startswith(SQLITE_HEADER):
        raise ExportError(f"{path} is not an SQLite database")
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise ExportError(f"{path} is not a {TOOL} export")
    version = int.from_bytes(head[60:64], "big")
    expected = {table for table in TABLE_COLUMNS if ADDED_IN.get(table, 1) <= version}
    if version > EXPORT_SCHEMA_VERSION:
        raise ExportError(
            f"{path} is from a newer export schema ({version}); this version reads up to {EXPORT_SCHEMA_VERSION}"
        )
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = sorted({"export_info", *expected} - tables)
        info = dict(connection.execute("SELECT key, value FROM export_info")) if not missing else {}
    except sqlite3.Error as error:
        connection.close()
        raise ExportError(f"cannot read {path}: {error}") from None
    if missing or info.get("tool") != TOOL:
        connection.close()
        raise ExportError(f"{path} is not a complete {TOOL} export (missing {', '.join(missing) or 'export_info'})")
    try:
        check_export(connection, path)
    except (ExportError, sqlite3.Error) as error:
        connection.close()
        raise ExportError(str(error) if isinstance(error, ExportError) else f"cannot read {path}: {error}") from None
    return connection


def import_tags(
    store: Store, source: sqlite3.Connection, report: AnnotationImportReport
) -> tuple[dict[int, int], dict[int, str]]:
    """Match the export's tags by name, creating the missing ones (with their parents).

    Returns the target tag id and the tag name for each export tag id.
    """
    rows = list(source.execute("SELECT id, name, parent_id, color, description, shortcut FROM tags ORDER BY id"))
    ids: dict[int, int] = {}
    created: list[tuple[int, int | None]] = []
    for tag_id, name, parent_id, color, description, shortcut in rows:
        existing = store.tag_by_name(clean_name(name))
        if existing is None:
            free = shortcut is not None and store.tag_by_shortcut(shortcut) is None
            existing = store.add_tag(name, color=color, description=description, shortcut=shortcut if free else None)
            created.append((existing.id, parent_id))
            report.tags_created += 1
        ids[tag_id] = existing.id
    for target_id, parent_id in created:
        if parent_id in ids:
            store.set_tag_parent(target_id, ids[parent_id])
    return ids, {tag_id: name for tag_id, name, *_ in rows}


def exported_quote_columns(source: sqlite3.Connection) -> str:
    """The ``quotes`` columns an export holds, in ``Quote``'s order (schema 1 has no cue or mention spans)."""
    present = {row[1] for row in source.execute("PRAGMA table_info(quotes)")}
    columns = ['id', 'document_id', 'start', '"end"', 'text', 'speaker_id', 'kind', 'cue']
    spans = ("cue_start", "cue_end", "mention_start", "mention_end")
    if all(column in present for column in spans):
        columns += ["NULL AS comment_id", *spans]
    return ", ".join(columns)


def import_documents(
    store: Store, source: sqlite3.Connection, report: AnnotationImportReport
) -> dict[int, tuple[Document, str]]:
    """Match or create each exported document; returns the target document and the exported body by export id."""
    actors = {row[0]: Actor(*row) for row in source.execute("SELECT id, name, kind, role FROM actors")}
    for actor_id, alias in source.execute("SELECT actor_id, alias FROM actor_aliases ORDER BY alias"):
        if actor_id in actors:
            actors[actor_id] = replace(actors[actor_id], aliases=(*actors[actor_id].aliases, alias))
    documents: dict[int, tuple[Document, str]] = {}
    has_origin = "origin" in {row[1] for row in source.execute("PRAGMA table_info(quotes)")}
    without_added = " AND origin IS NOT 'manual'" if has_origin else ""
    # Schema 3 on: what the news database stated beside the text.
    stated = [name for name in ("section", "stated_words", "url") if has_column(source, "documents", name)]
    rows = source.execute(
        "SELECT id, slug, source_file, title, publication, author, published, body"
        f"{''.join(f', {name}' for name in stated)} FROM documents ORDER BY id"
    )
    for export_id, slug, source_file, title, publication, author, published, body, *values in rows:
        target = store.current_document_matching(slug=slug, source_file=source_file, body=body)
        if target is not None:
            report.documents_matched += 1
        else:
            copy = Document(0, slug, 1, source_file, "", title, publication, author, published, body, body, "")
            copy = replace(copy, **dict(zip(stated, values, strict=True)))
            target = store.add_document_copy(copy)
            report.documents_created += 1
            # Quotes a coder added come back with their corrections (import_corrections), not twice;
            # quotes in reader comments (schema 2 on) have offsets into a comment, not the body.
            in_body = " AND comment_id IS NULL" if has_column(source, "quotes", "comment_id") else ""
            quotes = source.execute(
                f"SELECT {exported_quote_columns(source)} FROM quotes"
                f" WHERE document_id = ?{without_added}{in_body} ORDER BY start, id",
                [export_id],
            )
            for row in quotes.fetchall():
                quote = replace(Quote(*row), document_id=target.id)
                store.add_quote_copy(quote, actors.get(quote.speaker_id) if quote.speaker_id else None)
        documents[export_id] = (target, body)
    if report.documents_created:
        # Actors named in the articles but quoted nowhere travel too, so a fresh copy holds the same actors.
        for actor in actors.values():
            store.add_actor_copy(actor)
    return documents


def import_actor_decisions(store: Store, source: sqlite3.Connection, report: AnnotationImportReport) -> None:
    """Bring back what the researcher decided about actors: each curated actor with its role and pinned names.

    Merges, splits and renames live in the export as curated actors holding the
    names the researcher gave or confirmed (pinned); the quotes a split moved come
    back with their speaker corrections (``import_corrections``, which runs after
    this, so they find these actors). In articles this database already had, the
    pinned names take effect on the extractor's quotes at the next ``reextract``,
    and on every article imported later. An export from before curation (schema 1)
    has no decisions to bring.
    """
    if not has_column(source, "actors", "curated") or not has_column(source, "actor_aliases", "pinned"):
        return
    pinned: dict[int, list[str]] = {}
    for actor_id, alias in source.execute("SELECT actor_id, alias FROM actor_aliases WHERE pinned = 1 ORDER BY alias"):
        pinned.setdefault(actor_id, []).append(alias)
    for actor_id, name, kind, role in source.execute(
        "SELECT id, name, kind, role FROM actors WHERE curated = 1 ORDER BY id"
    ).fetchall():
        actor = Actor(0, clean_name(name), kind, clean_name(role))
        if not actor.name or kind not in (*ACTOR_KINDS, "unnamed"):
            raise ExportError(f"actor {actor_id} of the export has no name or an unknown kind ({kind!r})")
        names = [clean_name(alias) for alias in pinned.get(actor_id, [])]
        _, changed = store.add_curated_actor_copy(actor, [alias for alias in names if alias])
        report.actors_curated += changed
def import_attributes(
    store: Store,
    source: sqlite3.Connection,
    path: Path,
    documents: dict[int, tuple[Document, str]],
    report: AnnotationImportReport,
) -> None:
    """Match the export's attributes by name (creating the missing ones) and give documents the values they lack.

    A value never replaces one the document has here; a choice attribute takes on
    the export's extra allowed values. An attribute of another kind here is refused.
    """
    targets: dict[int, int] = {}
    for export_id, attribute in exported_attributes(source, path).items():
        here = store.attribute_by_name(attribute.name)
        if here is None:
            here = store.add_attribute(attribute.name, attribute.kind, attribute.choices)
            report.attributes_created += 1
        elif here.kind != attribute.kind or here.id is None:
            raise ExportError(
                f"{path}: attribute {attribute.name!r} is {attribute.kind} in the export but"
                f" {'built in' if here.id is None else here.kind} here"
            )
        elif here.kind == "choice":
            store.widen_choices(here.id, attribute.choices)
        assert here.id is not None
        targets[export_id] = here.id
    if not targets:
        return
    for document_id, attribute_id, value in source.execute(
        "SELECT document_id, attribute_id, value FROM document_attributes ORDER BY document_id, attribute_id"
    ):
        if document_id not in documents:
            raise ExportError(f"{path}: an attribute value refers to a document the export lacks")
        target = documents[document_id][0]
        if store.add_document_attribute(target.id, targets[attribute_id], value):
            report.attribute_values_added += 1
        else:
            report.attribute_values_kept += 1


@dataclass(frozen=True)
class AnnotatedTexts:
    """The text an exported annotation points into, as exported and as it is here (a body or a comment)."""

    exported: str
    here: str
    comment_id: int | None = None
    missing: str = ""
    """Why there is no text here to place it in (its reader comment is not in this database)."""


def annotated_texts(
    store: Store, source: sqlite3.Connection, values: dict[str, object], target: Document, exported_body: str
) -> AnnotatedTexts:
    """The body, or for an annotation on a reader comment the comment at the same place in the target."""
    if values.get("comment_id") is None:
        return AnnotatedTexts(exported_body, target.body)
    row = source.execute("SELECT position, text FROM comments WHERE id = ?", [values["comment_id"]]).fetchone()
    comment = next((c for c in store.comments(target.id) if row and c.position == row[0]), None)
    if row is None or comment is None:
        return AnnotatedTexts("", "", missing="its reader comment is not in this database")
    return AnnotatedTexts(str(row[1]), comment.text, comment.id)


def import_annotation(
    store: Store,
    values: dict[str, object],
    target: Document,
    texts: AnnotatedTexts,
    tag_ids: dict[int, int],
    tag_names: dict[int, str],
    coder: str,
    report: AnnotationImportReport,
) -> None:
    """Store one exported annotation: as it is, re-anchored in a changed text, or as an orphan."""
    export_tag_id = int(str(values["tag_id"]))
    if export_tag_id not in tag_ids:
        raise ExportError(f"annotation {values['uid']} refers to tag {export_tag_id}, which the export lacks")
    annotation = Annotation(
        id=0,
        document_id=target.id,
        tag_id=tag_ids[export_tag_id],
        start=int(str(values["start"])),
        end=int(str(values["end"])),
        text=str(values["text"]),
        prefix=str(values["prefix"]),
        suffix=str(values["suffix"]),
        note=str(values["note"]),
        coder=str(values["coder"]) or coder,
        created=str(values["created"]),
        updated=str(values["updated"]),
        uid=str(values["uid"]),
        comment_id=texts.comment_id,
    )
    reason = str(values.get("reason", "")) or texts.missing
    if not reason and texts.here != texts.exported:
        placed = placed_in(texts.here, annotation)
        if placed is None:
            reason = "not found in the changed text"
        else:
            annotation = replace(annotation, **placed)
            report.reanchored += 1
    if reason:
        annotation = replace(annotation, orphaned=True)
        report.orphans.append(Orphan(annotation.uid, target.slug, tag_names[export_tag_id], annotation.text, reason))
    try:
        store.insert_annotation(annotation, target.id, annotation.tag_id)
    except StoreError as error:
        raise ExportError(str(error)) from None
    report.added += 1


def import_corrections(
    store: Store,
    source: sqlite3.Connection,
    documents: dict[int, tuple[Document, str]],
    coder: str,
    report: AnnotationImportReport,
) -> None:
    """Bring back the export's quote corrections (an export from before they existed has none).

    Like annotations: matched by uid, re-anchored where the target's text differs,
    orphaned where their passage cannot be found. Each document that gains a
    correction has its quotes rebuilt with its corrections applied.
    """
    if not source.execute("SELECT 1 FROM sqlite_master WHERE name = 'quote_corrections'").fetchone():
        return
    columns = ", ".join(f'"{name}"' for name in TABLE_COLUMNS["quote_corrections"])
    changed: set[int] = set()
    for row in source.execute(f"SELECT {columns} FROM quote_corrections ORDER BY created, id"):
        values = dict(zip(TABLE_COLUMNS["quote_corrections"], row, strict=True))
        if store.quote_correction_by_uid(str(values["uid"])):
            report.corrections_present += 1
            continue
        if values["document_id"] not in documents:
            raise ExportError(f"quote correction {values['uid']} refers to a document the export lacks")
        target, exported_body = documents[values["document_id"]]
        correction = QuoteCorrection(
            id=0,
            uid=str(values["uid"]),
            document_id=target.id,
            action=str(values["action"]),
            start=int(values["start"]),
            end=int(values["end"]),
            text=str(values["text"]),
            prefix=str(values["prefix"]),
            suffix=str(values["suffix"]),
            speaker=str(values["speaker"]),
            speaker_kind=str(values["speaker_kind"]),
            kind=str(values["kind"]),
            coder=str(values["coder"]) or coder,
            created=str(values["created"]),
            orphaned=values["status"] != "anchored",
        )
        if not correction.orphaned and target.body != exported_body:
            placed = placed_in(target.body, correction)
            if placed is None:
                correction = replace(correction, orphaned=True)
            else:
                correction = replace(correction, **placed)
                report.corrections_reanchored += 1
        report.corrections_orphaned += correction.orphaned
        try:
            store.insert_correction(correction, target.id)
        except StoreError as error:
            raise ExportError(str(error)) from None
        report.corrections_added += 1
        changed.add(target.id)
    for document_id in sorted(changed):
        store.reapply_corrections(document_id)


def import_memos(
    store: Store,
    source: sqlite3.Connection,
    documents: dict[int, tuple[Document, str]],
    tag_ids: dict[int, int],
    report: AnnotationImportReport,
) -> None:
    """Bring back the project memo, document memos, and tag and actor descriptions.

    Each fills an empty memo here; one already written here is the researcher's and is kept (counted in
    ``memos_kept``). Importing the same file twice therefore changes nothing the second time.
    """
    found: list[tuple[MemoSubject, str]] = []
    if source.execute("SELECT 1 FROM sqlite_master WHERE name = 'memos'").fetchone():
        for scope, document_id, text in source.execute("SELECT scope, document_id, text FROM memos ORDER BY id"):
            target = documents[document_id][0].id if scope == "document" else None
            found.append((MemoSubject(scope, target), str(text)))
    for tag_id, description in source.execute("SELECT id, description FROM tags WHERE description <> ''"):
        found.append((MemoSubject("tag", tag_ids[tag_id]), str(description)))
    if has_column(source, "actors", "description"):
        rows = source.execute("SELECT name, kind, role, description FROM actors WHERE description <> '' ORDER BY id")
        for name, kind, role, description in rows:
            actor_id = store.add_actor_copy(Actor(0, clean_name(name), kind, role))
            found.append((MemoSubject("actor", actor_id), str(description)))
    for subject, text in found:
        if store.import_memo(subject, text):
            report.memos_added += 1
        elif store.memo_text(subject) != clean_note(text):
            report.memos_kept += 1


def placed_in(body: str, anchored: Anchored) -> dict[str, Any] | None:
    """Where an annotation or correction lands in a changed ``body`` (start, end, text, prefix, suffix), or None."""
    anchor = find_anchor(body, selector_for(anchored))
    if anchor is None:
        return None
    text, prefix, suffix = anchor_texts(body, anchor.start, anchor.end)
    return {"start": anchor.start, "end": anchor.end, "text": text, "prefix": prefix, "suffix": suffix}
def has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    """Whether an export's table has a column (older export schemas lack some)."""
    return any(row[1] == column for row in conn.execute(f"PRAGMA table_info({table})"))
