"""Provides Snapshot and load_snapshot: everything the main screen shows, read from the Store in one go.

Loading runs in a thread worker with its own Store; the result is plain frozen
data, handed to the screen in a message, so no widget is touched off the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Tag
from storage.store import DocumentSummary, Store
from tui.screens.annotation_list import AnnotationEntry
from tui.widgets.reader import CommentBlock, Highlight, QuoteMark, ReaderDocument
from tui.widgets.tag_sidebar import ActorCount


@dataclass(frozen=True)
class SpokenQuote:
    """Where an actor speaks in the open document, to walk through their quotes."""

    actor_id: int
    start: int
    end: int


@dataclass(frozen=True)
class Snapshot:
    """The document list, the codebook with counts, and the open document with its actors."""

    summaries: tuple[DocumentSummary, ...]
    tags: tuple[Tag, ...]
    counts: dict[int, tuple[int, int]]
    document: ReaderDocument | None = None
    actors: tuple[ActorCount, ...] = ()
    spoken: tuple[SpokenQuote, ...] = ()


def load_highlights(store: Store, document_id: int, tags: dict[int, Tag]) -> tuple[Highlight, ...]:
    """The document's annotations as reader highlights (orphans are not shown in the text)."""
    return tuple(
        Highlight(a.id, a.start, a.end, a.tag_id, tags[a.tag_id].name, tags[a.tag_id].color, a.coder)
        for a in store.annotations(document_id)
        if a.tag_id in tags
    )


def load_snapshot(store: Store, document_id: int | None) -> Snapshot:
    """Read what the main screen shows; ``document_id`` None (or gone) means no open document."""
    tags = store.tags()
    summaries = tuple(store.document_summaries())
    if document_id is None or document_id not in {s.id for s in summaries}:
        return Snapshot(summaries, tuple(tags), store.tag_counts(None))
    document = store.document(document_id)
    actors = {actor.id: actor for actor in store.actors()}
    quotes = [q for q in store.quotes(document_id) if q.comment_id is None]
    marks = []
    spoken = []
    for quote in quotes:
        actor = actors.get(quote.speaker_id) if quote.speaker_id is not None else None
        marks.append(
            QuoteMark(quote.id, quote.start, quote.end, quote.kind, actor.name if actor else "", actor.role if actor else "")
        )
        if actor is not None:
            spoken.append(SpokenQuote(actor.id, quote.start, quote.end))
    per_actor: dict[int, int] = {}
    for spoken_quote in spoken:
        per_actor[spoken_quote.actor_id] = per_actor.get(spoken_quote.actor_id, 0) + 1
    actor_counts = sorted(
        (ActorCount(actor_id, actors[actor_id].name, actors[actor_id].role, count) for actor_id, count in per_actor.items()),
        key=lambda a: (-a.quotes, a.name.casefold()),
    )
    reader_document = ReaderDocument(
        document_id=document.id,
        title=document.title or document.slug,
        body=document.body,
        quotes=tuple(marks),
        highlights=load_highlights(store, document.id, {tag.id: tag for tag in tags}),
        comments=tuple(CommentBlock(c.author, c.posted, c.text) for c in store.comments(document.id)),
    )
    return Snapshot(
        summaries, tuple(tags), store.tag_counts(document_id), reader_document, tuple(actor_counts), tuple(spoken)
    )


def load_tag_annotations(store: Store, tag_id: int) -> list[AnnotationEntry]:
    """Every current annotation with this tag, across the corpus, in document order."""
    titles = {s.id: s.title or s.slug for s in store.document_summaries()}
    return [
        AnnotationEntry(a.document_id, titles[a.document_id], a.start, a.end, a.text, a.note)
        for a in store.annotations(tag_id=tag_id)
        if a.document_id in titles
    ]


def load_orphans(store: Store) -> list[AnnotationEntry]:
    """Every orphaned annotation, placed at its old offsets (clamped) in its document's current revision.

    An orphan's passage changed too much to re-anchor it with confidence; the
    list lets the user find where it was and code the new text by hand.
    """
    tags = {tag.id: tag.name for tag in store.tags()}
    entries = []
    for annotation in store.annotations(orphaned=True):
        current = store.current_revision(annotation.document_id)
        length = len(current.body)
        start = min(annotation.start, max(0, length - 1))
        note = f"{tags.get(annotation.tag_id, '?')}" + (f": {annotation.note}" if annotation.note else "")
        entries.append(
            AnnotationEntry(
                current.id,
                current.title or current.slug,
                start,
                max(start + 1, min(annotation.end, length)) if length else start,
                annotation.text,
                note,
            )
        )
    return entries
