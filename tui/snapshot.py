"""Provides Snapshot and load_snapshot: everything the main screen shows, read from the Store in one go.

Loading runs in a thread worker with its own Store; the result is plain frozen
data, handed to the screen in a message, so no widget is touched off the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage.models import MemoSubject, QuoteCorrection, Tag
from storage.store import Store
from tui.widgets.reader import CommentBlock, Highlight, QuoteMark, ReaderDocument
from tui.widgets.tag_sidebar import ActorCount

if TYPE_CHECKING:
    from tui.screens.annotation_list import AnnotationEntry


@dataclass(frozen=True)
class SpokenQuote:
    """Where an actor speaks in the open document, to walk through their quotes."""

    actor_id: int
    start: int
    end: int


@dataclass(frozen=True)
class Snapshot:
    """The codebook with counts, and the open document with its actors.

    The document list is not in it: the list reads its visible rows from the Store itself.
    """

    tags: tuple[Tag, ...]
    counts: dict[int, tuple[int, int]]
    document: ReaderDocument | None = None
    actors: tuple[ActorCount, ...] = ()
    spoken: tuple[SpokenQuote, ...] = ()
    memo: str = ""
    """The open document's memo ("" when it has none)."""


def load_highlights(store: Store, document_id: int, tags: dict[int, Tag]) -> tuple[Highlight, ...]:
    """The document's annotations as reader highlights (orphans are not shown in the text)."""
    return tuple(
        Highlight(
            a.id, a.start, a.end, a.tag_id, tags[a.tag_id].name, tags[a.tag_id].color, a.note, a.comment_id, a.coder
        )
        for a in store.annotations(document_id)
        if a.tag_id in tags
    )


def load_snapshot(store: Store, document_id: int | None) -> Snapshot:
    """Read what the main screen shows; ``document_id`` None (or gone) means no open document."""
    tags = store.tags()
    if document_id is None or store.document_title(document_id) is None:
        return Snapshot(tuple(tags), store.tag_counts(None))
    document = store.document(document_id)
    actors = {actor.id: actor for actor in store.actors()}
    quotes = [q for q in store.quotes(document_id) if q.comment_id is None]
    marks = []
    spoken = []
    for quote in quotes:
        actor = actors.get(quote.speaker_id) if quote.speaker_id is not None else None
        marks.append(
            QuoteMark(
                quote.id, quote.start, quote.end, quote.kind, actor.name if actor else "", actor.role if actor else "",
                origin=quote.origin, cue=span_or_none(quote.cue_start, quote.cue_end),
                mention=span_or_none(quote.mention_start, quote.mention_end),
            )
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
        comments=tuple(CommentBlock(c.author, c.posted, c.text, c.id) for c in store.comments(document.id)),
    )
    return Snapshot(
        tuple(tags), store.tag_counts(document_id), reader_document, tuple(actor_counts), tuple(spoken),
        store.memo_text(MemoSubject("document", document.id)),
    )


def span_or_none(start: int | None, end: int | None) -> tuple[int, int] | None:
    """A stored span whose ends may be missing (not found by the extractor)."""
    return (start, end) if start is not None and end is not None else None


def load_orphans(store: Store) -> list[AnnotationEntry]:
    """Every orphaned annotation, then every orphaned quote correction, at its old place in the current text.

    Each is placed at its old offsets, clamped to its document's current revision. An orphan's passage changed too much to re-anchor it with confidence; the
    list lets the user find where it was and code (or correct) the new text by hand.
    """
    tags = {tag.id: tag.name for tag in store.tags()}
    entries = []
    for annotation in store.annotations(orphaned=True):
        note = f"{tags.get(annotation.tag_id, '?')}" + (f": {annotation.note}" if annotation.note else "")
        entries.append(orphan_entry(store, annotation.document_id, annotation.start, annotation.end, annotation.text, note))
    for correction in store.quote_corrections(orphaned=True):
        entries.append(
            orphan_entry(store, correction.document_id, correction.start, correction.end, correction.text,
                         f"{ORPHAN_PREFIX}{correction_summary(correction)}")
        )
    return entries


ORPHAN_PREFIX = "quote correction: "
"""How an orphaned quote correction's note starts in the list of orphans."""


def orphan_entry(store: Store, document_id: int, start: int, end: int, text: str, note: str) -> AnnotationEntry:
    """An orphan placed at its old offsets, clamped to its document's current revision."""
    from tui.screens.annotation_list import AnnotationEntry  # the list's screen is not needed at launch

    current = store.current_revision(document_id)
    length = len(current.body)
    start = min(start, max(0, length - 1))
    end = max(start + 1, min(end, length)) if length else start
    return AnnotationEntry(current.id, current.title or current.slug, start, end, text, note)


def correction_summary(correction: QuoteCorrection) -> str:
    """What a correction said, in a few words: "speaker Ann Pryce", "kind term", "not a quote", "added"."""
    if correction.action == "speaker":
        return f"speaker {correction.speaker or '(none)'}"
    if correction.action == "kind":
        return f"kind {correction.kind}"
    if correction.action == "reject":
        return "not a quote"
    return f"added {correction.kind} quote by {correction.speaker or 'nobody'}"
