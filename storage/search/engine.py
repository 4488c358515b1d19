"""Provides SearchIndex: fuzzy, filtered search over quotes, actors and annotations, with match offsets.

The index is plain in-memory Python and numpy data, built from a Store with
``SearchIndex.build`` and kept current with ``update_document``,
``update_annotation``, ``remove_annotation`` and ``update_actor``. Ranking and
filtering use in-memory columns only; the texts of the quotes a search shows
(and a saved index's postings) are read on the searching thread's own
connection (``ThreadStores``), so a Textual thread worker may call ``search``
while the UI thread owns the Store; a lock makes each search see either all or
none of an update. An index of ``Store.memory()``, whose one connection serves
one thread, keeps its quotes instead.

Ranking (see ``storage.search.token_index``): a quote is scored on the words of its
text and of its speaker's names together, so ``warner nhs`` puts Warner's NHS
quotes first; an annotation on its text, note, tag and the speaker of the quote
it sits on; an actor on every name it goes by.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storage.models import Actor, Annotation, MemoSubject, Quote, Tag
from storage.search.lazy_records import Fetcher, LazyRecords
from storage.search.query import MAX_TERM_CHARS, WORD, SearchQuery, normalise_phrase, parse_query, words
from storage.search.quote_records import NO_SPEAKER, ColumnLoader, QuoteFetcher, QuoteRecords
from storage.search.thread_stores import ThreadStores
from storage.search.token_index import TokenIndex, term_similarity, top_entries
from storage.store import Store

DEFAULT_LIMIT = 20
CATCH_UP_BATCH = 1_000
"""Changed documents re-read per batch when catching up: bounds memory after a large import."""
MAX_PHRASE_SCAN = 20_000
"""Candidates checked for an exact phrase before giving up: keeps a phrase that occurs nowhere fast."""
ACTOR_RERANK_FACTOR = 4
"""Actors ranked by term score, as a multiple of the limit, that are re-ranked by how fully a name is matched."""


@dataclass(frozen=True)
class SearchHit:
    """One result. ``highlights`` are (start, end) offsets into ``text``, ``note_highlights`` into
    ``note``, ``speaker_highlights`` into ``speaker``: where the query matched.

    ``start``/``end`` are offsets into the document body: the span to select
    when the hit is opened. An actor hit points at the actor's first quote.
    """

    kind: str
    score: float
    document_id: int | None
    document_title: str
    start: int
    end: int
    text: str
    speaker: str = ""
    speaker_id: int | None = None
    quote_id: int | None = None
    annotation_id: int | None = None
    actor_id: int | None = None
    quote_kind: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    highlights: tuple[tuple[int, int], ...] = ()
    note_highlights: tuple[tuple[int, int], ...] = ()
    speaker_highlights: tuple[tuple[int, int], ...] = ()
    comment_id: int | None = None
    """For a quote in a reader comment: the comment ``start``/``end`` are offsets into."""
    memo: MemoSubject | None = None
    """For a memo (see storage.search.memo_index): what it is about."""


@dataclass(frozen=True)
class SearchResults:
    """The hits of one query, grouped; each group is ranked best first."""

    query: str
    actors: tuple[SearchHit, ...] = ()
    quotes: tuple[SearchHit, ...] = ()
    annotations: tuple[SearchHit, ...] = ()
    memos: tuple[SearchHit, ...] = ()

    @property
    def groups(self) -> tuple[tuple[str, tuple[SearchHit, ...]], ...]:
        """The non-empty groups in display order, named ``actors``, ``quotes``, ``annotations``, ``memos``."""
        named = (("actors", self.actors), ("quotes", self.quotes), ("annotations", self.annotations),
                 ("memos", self.memos))
        return tuple((name, hits) for name, hits in named if hits)

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        return self.actors + self.quotes + self.annotations + self.memos

    def __len__(self) -> int:
        return len(self.hits)


def body_annotation(note: Annotation) -> bool:
    """Whether an annotation is on the article body: hits open at body offsets, so one on a comment is left out."""
    return note.comment_id is None


def actor_words(actor: Actor) -> list[str]:
    return words(" ".join([actor.name, *actor.aliases]))


def actor_label(actor: Actor) -> str:
    """The actor's name followed by the other names it goes by."""
    others = [alias for alias in actor.aliases if alias.casefold() != actor.name.casefold()]
    return f"{actor.name} ({', '.join(others)})" if others else actor.name


def word_spans(text: str, matched: set[str], phrases: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Offsets in ``text`` of the words that matched and of every occurrence of a phrase, merged."""
    tokens = [(m.start(), m.end(), m.group().casefold()[:MAX_TERM_CHARS]) for m in WORD.finditer(text)]
    spans = [(start, end) for start, end, word in tokens if word in matched]
    sequence = [word for _, _, word in tokens]
    for phrase in phrases:
        target = phrase.split()
        for first in range(len(tokens) - len(target) + 1):
            if sequence[first : first + len(target)] == target:
                spans.append((tokens[first][0], tokens[first + len(target) - 1][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def has_phrases(text: str, phrases: Sequence[str]) -> bool:
    if not phrases:
        return True
    normal = f" {normalise_phrase(text)} "
    return all(f" {phrase} " in normal for phrase in phrases)


def matches_all(terms: Sequence[str], entry_words: Iterable[str]) -> bool:
    """Whether every term (the last one as a prefix) is close to some word: the test for small lists."""
    vocabulary = set(entry_words)
    return bool(terms) and all(
        any(term_similarity(term, word, position == len(terms) - 1) > 0 for word in vocabulary)
        for position, term in enumerate(terms)
    )


def ints_view(column: array) -> np.ndarray:
    """A numpy view of an int column; callers hold the index lock and drop it before the column grows."""
    return np.frombuffer(column, dtype=np.int32) if len(column) else np.zeros(0, dtype=np.int32)


@dataclass(frozen=True)
class Chosen:
    """What the filters of a query resolved to: ids allowed, or None where a filter was not given."""

    speakers: set[int] | None = None
    documents: set[int] | None = None
    tags: set[int] | None = None


def alive_entries(index: TokenIndex) -> list[int]:
    return np.flatnonzero(index.alive_mask()).tolist()


def filter_mask(*filters: tuple[array, set[int] | None]) -> np.ndarray | None:
    """Entries whose value in each column is among the allowed ones; None when nothing filters."""
    mask = None
    for column, allowed in filters:
        if allowed is not None:
            keep = np.isin(ints_view(column), list(allowed))
            mask = keep if mask is None else mask & keep
    return mask


class SearchIndex:
    """Quotes, actors and annotations of the current documents, searchable while you type."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._titles: LazyRecords[str] = LazyRecords()
        self._title_entry: dict[int, int] = {}
        self._title_documents = array("i")
        self._title_words = TokenIndex()
        self._tags: dict[int, Tag] = {}
        self._actors: LazyRecords[Actor] = LazyRecords()
        self._actor_entry: dict[int, int] = {}
        self._actor_ids = array("i")
        self._actor_words = TokenIndex()
        self._quotes = QuoteRecords()
        self._quote_words = TokenIndex()
        self._annotations: list[Annotation | None] = []
        """Annotation records by entry; None for a dead entry whose annotation was deleted before a load."""
        self._annotation_ids = array("i")
        self._annotation_speakers = array("i")
        self._annotation_documents = array("i")
        self._annotation_entry: dict[int, int] = {}
        self._annotation_words = TokenIndex()
        self._annotations_by_document: dict[int, list[int]] = {}
        self.change_seq = 0
        """The last entry of the database's change log this index has taken in (see ``catch_up``)."""

    # -- building ----------------------------------------------------------------

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """Index every current document's quotes and annotations and every actor in ``store``."""
        summaries = store.document_summaries()
        titles = {summary.id: summary.title for summary in summaries}
        actors, tags = store.actors(), store.tags()
        annotations = [note for note in store.annotations() if note.document_id in titles and body_annotation(note)]
        return cls.from_records(
            titles=titles,
            actors=actors,
            quotes=store.each_quote(),
            tags=tags,
            annotations=annotations,
            # Store.memory() holds every quote in memory anyway, and its connection serves one thread only.
            fetch_quotes=ThreadStores(store).quotes if store.path is not None else None,
        )

    @classmethod
    def from_parts(
        cls,
        parts: dict[str, tuple[TokenIndex, dict[str, array]]],
        *,
        load_quote_column: ColumnLoader,
        tags: Sequence[Tag],
        annotations: Sequence[Annotation],
        fetch_titles: Fetcher[str],
        fetch_actors: Fetcher[Actor],
        fetch_quotes: QuoteFetcher,
    ) -> SearchIndex:
        """An index from the parts ``saved_parts`` gave, with the records it refers to.

        Titles, actors and quotes are read when a hit needs them. Records are the
        database's current ones; entries whose record changed since the parts
        were saved are redone by ``catch_up``.
        """
        index = cls()
        index._tags = {tag.id: tag for tag in tags}
        index._titles = LazyRecords(fetch=fetch_titles)
        index._actors = LazyRecords(fetch=fetch_actors)
        index._title_words, title_columns = parts["titles"]
        index._title_documents = title_columns["documents"]
        for entry in alive_entries(index._title_words):
            document_id = index._title_documents[entry]
            index._title_entry[document_id] = entry
        index._actor_words, actor_columns = parts["actors"]
        index._actor_ids = actor_columns["ids"]
        for entry in alive_entries(index._actor_words):
            index._actor_entry[index._actor_ids[entry]] = entry
        index._quote_words, _ = parts["quotes"]
        index._quotes = QuoteRecords.from_columns(load_quote_column, fetch_quotes)
        index._annotation_words, note_columns = parts["annotations"]
        index._annotation_ids = note_columns["ids"]
        index._annotation_documents = note_columns["documents"]
        index._annotation_speakers = note_columns["speakers"]
        notes = {note.id: note for note in annotations}
        index._annotations = [None] * len(index._annotation_ids)
        for entry in alive_entries(index._annotation_words):
            note_id = index._annotation_ids[entry]
            index._annotations[entry] = notes.get(note_id)
            index._annotation_entry[note_id] = entry
            index._annotations_by_document.setdefault(index._annotation_documents[entry], []).append(entry)
        return index

    def saved_parts(self) -> dict[str, tuple[TokenIndex, dict[str, array]]]:
        """What ``from_parts`` needs to restore this index: each part's words and entry columns
        (the quotes' columns are passed to it as a loader instead)."""
        return {
            "titles": (self._title_words, {"documents": self._title_documents}),
            "actors": (self._actor_words, {"ids": self._actor_ids}),
            "quotes": (self._quote_words, self._quotes.columns()),
            "annotations": (
                self._annotation_words,
                {
                    "ids": self._annotation_ids,
                    "documents": self._annotation_documents,
                    "speakers": self._annotation_speakers,
                },
            ),
        }

    @classmethod
    def build_from_file(cls, path: str | Path) -> SearchIndex:
        """Build from the database at ``path`` on a connection of this thread's own.

        For a thread worker: a large corpus takes seconds to index (about 40 s
        for a million quotes), which must not freeze the UI. Changes the UI
        thread makes meanwhile are not in the result; re-apply them with the
        ``update_*`` methods once it arrives.
        """
        with Store.open(path, create=False) as store:
            return cls.build(store)

    @classmethod
    def from_records(
        cls,
        *,
        titles: dict[int, str],
        actors: Sequence[Actor],
        quotes: Iterable[Quote],
        tags: Sequence[Tag] = (),
        annotations: Sequence[Annotation] = (),
        fetch_quotes: QuoteFetcher | None = None,
    ) -> SearchIndex:
        """Index records (``build`` reads them from a Store; benchmarks make them).

        With ``fetch_quotes`` the quotes are gone through once and only their
        columns kept, texts being read back for the hits a search shows (as a
        saved index does); without it every quote is kept in memory.
        """
        index = cls()
        index._quotes = QuoteRecords(fetch_quotes)
        index._tags = {tag.id: tag for tag in tags}
        index._actors = LazyRecords({actor.id: actor for actor in actors})
        names = {actor.id: actor_words(actor) for actor in actors}
        index._title_words = TokenIndex.from_entries(words(title) for title in titles.values())
        for document_id, title in titles.items():
            index._title_entry[document_id] = len(index._title_documents)
            index._title_documents.append(document_id)
            index._titles[document_id] = title
        index._actor_words = TokenIndex.from_entries(names[actor.id] for actor in actors)
        for actor in actors:
            index._actor_entry[actor.id] = len(index._actor_ids)
            index._actor_ids.append(actor.id)
        index._quote_words = TokenIndex.from_entries(index._quote_entries(quotes, names, keep=fetch_quotes is None))
        index._annotation_words = TokenIndex.from_entries(
            index._annotation_words_of(note, index._annotation_speaker(note)) for note in annotations
        )
        for note in annotations:
            index._append_annotation(note)
        return index

    def _quote_entries(
        self, quotes: Iterable[Quote], names: dict[int, list[str]], *, keep: bool
    ) -> Iterator[list[str]]:
        """The words of each quote of speech, appending its columns as it goes: one pass, so a
        stream of quotes is never all in memory."""
        for quote in quotes:
            if quote.is_speech:
                self._quotes.append(quote, keep=keep)
                yield words(quote.text) + names.get(quote.speaker_id or NO_SPEAKER, [])

    def _append_quote(self, quote: Quote) -> int:
        return self._quotes.append(quote)

    def _append_annotation(self, note: Annotation) -> int:
        entry = len(self._annotations)
        self._annotations.append(note)
        self._annotation_ids.append(note.id)
        self._annotation_entry[note.id] = entry
        self._annotation_speakers.append(self._annotation_speaker(note))
        self._annotation_documents.append(note.document_id)
        self._annotations_by_document.setdefault(note.document_id, []).append(entry)
        return entry

    def _annotation_speaker(self, note: Annotation) -> int:
        """The speaker of the quote that overlaps the annotation most, so ``by:`` finds coded quotes."""
        best, best_overlap = NO_SPEAKER, 0
        quotes = self._quotes
        for entry in quotes.of_document(note.document_id):
            overlap = min(quotes.ends[entry], note.end) - max(quotes.starts[entry], note.start)
            speaker = quotes.speakers[entry]
            if overlap > best_overlap and speaker != NO_SPEAKER and self._quote_words.is_alive(entry):
                best, best_overlap = speaker, overlap
        return best

    def _annotation_words_of(self, note: Annotation, speaker: int) -> list[str]:
        tag = self._tags.get(note.tag_id)
        speaker_words = actor_words(self._actors[speaker]) if speaker in self._actors else []
        return words(note.text) + words(note.note) + words(tag.name if tag else "") + speaker_words

    # -- keeping up to date --------------------------------------------------------

    def update_document(self, store: Store, document_id: int) -> None:
        """Re-index one document after import, re-import or re-extraction of its quotes.

        Documents that are no longer current (the one this revision replaced)
        leave the index at the same time. Call on the thread that owns ``store``.
        """
        self.update_documents(store, [document_id])

    def update_documents(self, store: Store, document_ids: Iterable[int]) -> None:
        """Re-index these documents (and drop any indexed one that a newer revision replaced)."""
        document_ids = list(document_ids)
        fresh: dict[int, tuple[str, list[Quote], list[Annotation]]] = {}
        for document_id in document_ids:
            title = store.document_title(document_id)
            if title is not None:
                quotes = [quote for quote in store.quotes(document_id) if quote.is_speech]
                fresh[document_id] = (title, quotes, store.annotations(document_id))
        speakers = {quote.speaker_id for _, quotes, _ in fresh.values() for quote in quotes}
        actors = [store.actor(speaker) for speaker in sorted(speaker for speaker in speakers if speaker is not None)]
        tags = store.tags()
        superseded = store.superseded_document_ids()
        with self._lock:
            self._tags = {tag.id: tag for tag in tags}
            for actor in actors:
                self._put_actor(actor)
            for stale_id in set(document_ids) | (set(self._title_entry) & superseded):
                self._drop_document(stale_id)
            for document_id, (title, quotes, annotations) in fresh.items():
                self._put_title(document_id, title)
                for quote in quotes:
                    self._quote_words.add(words(quote.text) + self._speaker_words(quote.speaker_id))
                    self._append_quote(quote)
                for note in annotations:
                    self._add_annotation(note)

    def catch_up(self, store: Store) -> int:
        """Take in every change the database logged since ``change_seq``; returns how many items changed.

        Works for any writer (this app, import, reextract, another process):
        triggers log each changed document, annotation, actor and tag once the
        index has been saved (see ``storage.search.saved_index``).
        """
        changes = store.search_changes(self.change_seq)
        if not changes:
            return 0
        changed: dict[str, list[int]] = {}
        for _, kind, item in changes:
            changed.setdefault(kind, []).append(item)
        for tag_id in changed.get("tag", []):
            for note in store.annotations(tag_id=tag_id):
                self.update_annotation(store, note.id)
        with self._lock:
            for actor_id in changed.get("actor", []):
                self._actors.pop(actor_id, None)  # so the actor is re-indexed even if it looks unchanged
        documents = changed.get("document", [])
        for first in range(0, len(documents), CATCH_UP_BATCH):
            self.update_documents(store, documents[first : first + CATCH_UP_BATCH])
        redone = set(documents)  # their quotes and annotations were just indexed with the actors' new names
        for actor_id in changed.get("actor", []):
            self.update_actor(store, actor_id, redone=redone)
        for annotation_id in changed.get("annotation", []):
            self.update_annotation(store, annotation_id)
        self.change_seq = changes[-1][0]
        return len(changes)

    def update_annotation(self, store: Store, annotation_id: int) -> None:
        """Re-index an annotation that was added, re-noted or moved; one that is gone is removed."""
        try:
            note: Annotation | None = store.annotation(annotation_id)
        except KeyError:
            note = None
        tags = store.tags()
        with self._lock:
            self._tags = {tag.id: tag for tag in tags}
            self._remove_annotation(annotation_id)
            if note is not None and not note.orphaned and note.document_id in self._title_entry:
                self._add_annotation(note)

    def remove_annotation(self, annotation_id: int) -> None:
        """Forget an annotation that was deleted."""
        with self._lock:
            self._remove_annotation(annotation_id)

    def update_actor(self, store: Store, actor_id: int, *, redone: Collection[int] = ()) -> None:
        """Re-index an actor whose names changed, and their quotes and the annotations on those quotes,
        which are matched on those names (except in the ``redone`` documents, indexed afresh already)."""
        try:
            actor: Actor | None = store.actor(actor_id)
        except KeyError:
            actor = None
        with self._lock:
            if actor is None:
                self._remove_actor(actor_id)
                return
            self._put_actor(actor)
            spoken = [
                entry
                for entry in self._quotes.of_speaker(actor_id)
                if self._quote_words.is_alive(entry) and self._quotes.documents[entry] not in redone
            ]
            self._quotes.prefetch(spoken)
            for entry in spoken:
                quote = self._quotes[entry]
                self._remove_quote(entry)
                self._quote_words.add(words(quote.text) + actor_words(actor))
                self._append_quote(quote)
            on_their_quotes = (ints_view(self._annotation_speakers) == actor_id) & self._annotation_words.alive_mask()
            for entry in np.flatnonzero(on_their_quotes).tolist():
                note = self._annotations[entry]
                # None: deleted since the index was saved, and being caught up
                if note is not None and note.document_id not in redone:
                    self._remove_annotation(note.id)
                    self._add_annotation(note)

    def _speaker_words(self, speaker_id: int | None) -> list[str]:
        actor = self._actors.get(speaker_id) if speaker_id is not None else None
        return actor_words(actor) if actor else []

    def _put_title(self, document_id: int, title: str) -> None:
        self._titles[document_id] = title
        self._title_entry[document_id] = self._title_words.add(words(title))
        self._title_documents.append(document_id)

    def _put_actor(self, actor: Actor) -> None:
        if self._actors.get(actor.id) == actor:
            return
        self._remove_actor(actor.id)
        self._actors[actor.id] = actor
        self._actor_entry[actor.id] = self._actor_words.add(actor_words(actor))
        self._actor_ids.append(actor.id)

    def _remove_actor(self, actor_id: int) -> None:
        entry = self._actor_entry.pop(actor_id, None)
        if entry is not None:
            self._actor_words.remove(entry)
        self._actors.pop(actor_id, None)

    def _drop_document(self, document_id: int) -> None:
        for entry in self._quotes.drop_document(document_id):
            self._remove_quote(entry)
        for entry in self._annotations_by_document.pop(document_id, []):
            self._annotation_words.remove(entry)
            note = self._annotations[entry]
            if note is not None and self._annotation_entry.get(note.id) == entry:
                del self._annotation_entry[note.id]
        title_entry = self._title_entry.pop(document_id, None)
        if title_entry is not None:
            self._title_words.remove(title_entry)
        self._titles.pop(document_id, None)

    def _remove_quote(self, entry: int) -> None:
        self._quote_words.remove(entry)
        self._quotes.forget(entry)

    def _add_annotation(self, note: Annotation) -> None:
        # SQLite gives a new row the id of a deleted last one: the deleted annotation's entry must not live on
        # beside the new one when a document's annotations are taken in before the deletion is.
        self._remove_annotation(note.id)
        if not body_annotation(note):
            return
        speaker = self._annotation_speaker(note)
        self._annotation_words.add(self._annotation_words_of(note, speaker))
        self._append_annotation(note)

    def _remove_annotation(self, annotation_id: int) -> None:
        entry = self._annotation_entry.pop(annotation_id, None)
        if entry is not None:
            self._annotation_words.remove(entry)

    # -- searching -----------------------------------------------------------------

    def search(self, query: str | SearchQuery, limit: int = DEFAULT_LIMIT) -> SearchResults:
        """The best hits for a typed query in each group; safe from any thread, never raises on input.

        Filters: ``by:`` keeps the speaker's quotes (and annotations on them and
        the actor), ``tag:`` annotations with that tag and the quotes they
        cover, ``in:`` documents whose title matches, ``kind:`` quotes of that
        kind (direct, indirect, partial...). Actors are only listed when no
        filter other than ``by:`` is given; annotations not when ``kind:`` is.
        A filter that matches nothing yields no hits.
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        limit = max(0, limit)
        if parsed.is_empty or limit == 0:
            return SearchResults(query=parsed.text)
        with self._lock:
            chosen = Chosen(
                speakers=self._speaker_ids(parsed.speakers) if parsed.speakers else None,
                documents=self._document_ids(parsed.titles) if parsed.titles else None,
                tags=self._tag_ids(parsed.tags) if parsed.tags else None,
            )
            actors: tuple[SearchHit, ...] = ()
            annotations: tuple[SearchHit, ...] = ()
            if not (parsed.tags or parsed.titles or parsed.kinds):
                actors = self._search_actors(parsed, chosen.speakers, limit)
            quotes = self._search_quotes(parsed, chosen, limit)
            if not parsed.kinds:
                annotations = self._search_annotations(parsed, chosen, limit)
        return SearchResults(query=parsed.text, actors=actors, quotes=quotes, annotations=annotations)

    def _rank(
        self,
        index: TokenIndex,
        parsed: SearchQuery,
        mask: np.ndarray | None,
        accept: Callable[[int], bool],
        limit: int,
        prefetch: Callable[[list[int]], None] | None = None,
    ) -> tuple[list[tuple[int, float]], set[str]]:
        """The best ``limit`` entries passing ``mask`` and ``accept``, with the words that matched."""
        terms = parsed.match_terms
        if terms:
            scores, matched = index.score(terms, parsed.prefix_last)
        else:
            scores, matched = index.alive_mask().astype(np.float64) * 100.0, set()
        if mask is not None:
            scores[~mask] = 0.0
        wanted = limit * 2 + 16
        while True:
            entries = top_entries(scores, wanted)
            if prefetch is not None:
                prefetch(entries)
            chosen = [entry for entry in entries if accept(entry)][:limit]
            if len(chosen) == limit or len(entries) < wanted or wanted >= MAX_PHRASE_SCAN:
                return [(entry, round(float(scores[entry]), 1)) for entry in chosen], matched
            wanted *= 4

    def _speaker_ids(self, names: Sequence[str]) -> set[int]:
        """Actors every one of whose ``by:`` names matches some name they go by."""
        mask = self._actor_words.alive_mask()
        for name in names:
            mask &= self._actor_words.matching(words(name), prefix_last=True)
        return {int(self._actor_ids[entry]) for entry in np.flatnonzero(mask)}

    def _document_ids(self, titles: Sequence[str]) -> set[int]:
        mask = self._title_words.alive_mask()
        for title in titles:
            mask &= self._title_words.matching(words(title), prefix_last=True)
        return {int(self._title_documents[entry]) for entry in np.flatnonzero(mask)}

    def _tag_ids(self, names: Sequence[str]) -> set[int]:
        return {
            tag.id for tag in self._tags.values() if all(matches_all(words(name), words(tag.name)) for name in names)
        }

    def _search_actors(self, parsed: SearchQuery, speakers: set[int] | None, limit: int) -> tuple[SearchHit, ...]:
        if not parsed.match_terms and speakers is None:
            return ()
        mask = filter_mask((self._actor_ids, speakers))

        def accept(entry: int) -> bool:
            actor = self._actors[self._actor_ids[entry]]
            return has_phrases(" ".join([actor.name, *actor.aliases]), parsed.phrases)

        ranked, matched = self._rank(self._actor_words, parsed, mask, accept, limit * ACTOR_RERANK_FACTOR)
        ranked.sort(key=lambda ranked_entry: (-self._name_coverage(ranked_entry[0], matched), -ranked_entry[1]))
        return tuple(self._actor_hit(entry, score, matched, parsed.phrases) for entry, score in ranked[:limit])

    def _name_coverage(self, entry: int, matched: set[str]) -> float:
        """How much of the actor's best-covered name the query matched (0 to 1).

        A query naming an actor names all of one of their names, typos and all
        ("brigid jnes" covers "Brigid Jones"), while topic words touch a few words
        of a long organisation name ("social workers" covers 2 of the 5 words of
        "British Association of Social Workers"): the fuller match ranks first,
        the term score breaking ties.
        """
        actor = self._actors[self._actor_ids[entry]]
        coverages = [
            sum(word in matched for word in name_words) / len(name_words)
            for name_words in (words(name) for name in (actor.name, *actor.aliases))
            if name_words
        ]
        return max(coverages, default=0.0)

    def _actor_hit(self, entry: int, score: float, matched: set[str], phrases: Sequence[str]) -> SearchHit:
        actor = self._actors[self._actor_ids[entry]]
        first = self._quotes.first_of_speaker(actor.id, self._quote_words.alive_mask())
        quote = self._quotes[first] if first is not None else None
        label = actor_label(actor)
        return SearchHit(
            kind="actor",
            score=score,
            document_id=quote.document_id if quote else None,
            document_title=(self._titles.get(quote.document_id) or "") if quote else "",
            start=quote.start if quote else 0,
            end=quote.end if quote else 0,
            text=label,
            speaker=actor.name,
            speaker_id=actor.id,
            quote_id=quote.id if quote else None,
            actor_id=actor.id,
            comment_id=quote.comment_id if quote else None,
            highlights=word_spans(label, matched, phrases),
        )

    def _search_quotes(self, parsed: SearchQuery, chosen: Chosen, limit: int) -> tuple[SearchHit, ...]:
        mask = filter_mask((self._quotes.speakers, chosen.speakers), (self._quotes.documents, chosen.documents))
        if chosen.tags is not None:
            tagged = np.zeros(len(self._quotes), dtype=bool)
            tagged[self._quotes_under_tags(chosen.tags)] = True
            mask = tagged if mask is None else mask & tagged
        kinds = [kind.casefold() for kind in parsed.kinds]

        def accept(entry: int) -> bool:
            quote = self._quotes[entry]
            kind_ok = not kinds or any(quote.kind.casefold().startswith(kind) for kind in kinds)
            return kind_ok and has_phrases(quote.text, parsed.phrases)

        checks = bool(kinds or parsed.phrases)
        ranked, matched = self._rank(
            self._quote_words,
            parsed,
            mask,
            accept if checks else lambda entry: True,
            limit,
            self._quotes.prefetch if checks else None,
        )
        self._quotes.prefetch(entry for entry, _ in ranked)
        return tuple(self._quote_hit(entry, score, matched, parsed.phrases) for entry, score in ranked)

    def _quotes_under_tags(self, tag_ids: set[int]) -> list[int]:
        """Quote entries overlapping a live annotation with one of the tags."""
        found = []
        quotes = self._quotes
        for entry, note in enumerate(self._annotations):
            if note is None or note.tag_id not in tag_ids or self._annotation_entry.get(note.id) != entry:
                continue
            for quote_entry in quotes.of_document(note.document_id):
                if quotes.starts[quote_entry] < note.end and note.start < quotes.ends[quote_entry]:
                    found.append(quote_entry)
        return found

    def _quote_hit(self, entry: int, score: float, matched: set[str], phrases: Sequence[str]) -> SearchHit:
        quote = self._quotes[entry]
        actor = self._actors.get(quote.speaker_id) if quote.speaker_id is not None else None
        span = (quote.document_id, quote.start, quote.end, quote.text)
        return self._span_hit(
            "quote", score, span, actor, matched, phrases, quote_id=quote.id, quote_kind=quote.kind,
            comment_id=quote.comment_id,
        )

    def _span_hit(
        self,
        kind: str,
        score: float,
        span: tuple[int, int, int, str],
        actor: Actor | None,
        matched: set[str],
        phrases: Sequence[str],
        **details: Any,
    ) -> SearchHit:
        """A hit on a span of a document (a quote or an annotation), with its matches highlighted."""
        document_id, start, end, text = span
        return SearchHit(
            kind=kind,
            score=score,
            document_id=document_id,
            document_title=self._titles.get(document_id) or "",
            start=start,
            end=end,
            text=text,
            speaker=actor.name if actor else "",
            speaker_id=actor.id if actor else None,
            highlights=word_spans(text, matched, phrases),
            speaker_highlights=word_spans(actor.name, matched, ()) if actor else (),
            **details,
        )

    def _search_annotations(self, parsed: SearchQuery, chosen: Chosen, limit: int) -> tuple[SearchHit, ...]:
        mask = filter_mask((self._annotation_speakers, chosen.speakers), (self._annotation_documents, chosen.documents))

        def accept(entry: int) -> bool:
            note = self._annotations[entry]
            assert note is not None, "dead entries score 0 and are never ranked"
            tag_ok = chosen.tags is None or note.tag_id in chosen.tags
            return tag_ok and has_phrases(f"{note.text}\n{note.note}", parsed.phrases)

        ranked, matched = self._rank(self._annotation_words, parsed, mask, accept, limit)
        return tuple(self._annotation_hit(entry, score, matched, parsed.phrases) for entry, score in ranked)

    def _annotation_hit(self, entry: int, score: float, matched: set[str], phrases: Sequence[str]) -> SearchHit:
        note = self._annotations[entry]
        assert note is not None, "dead entries score 0 and are never ranked"
        actor = self._actors.get(self._annotation_speakers[entry])
        tag = self._tags.get(note.tag_id)
        span = (note.document_id, note.start, note.end, note.text)
        return self._span_hit(
            "annotation",
            score,
            span,
            actor,
            matched,
            phrases,
            annotation_id=note.id,
            tags=(tag.name,) if tag else (),
            note=note.note,
            note_highlights=word_spans(note.note, matched, phrases),
        )
