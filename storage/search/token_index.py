"""Provides TokenIndex: typo-tolerant word postings over numbered entries, scored with rapidfuzz.

An entry (a quote, an annotation, an actor) is a bag of words. A query term is
expanded to the vocabulary words it is close to (``term_similarity`` above a
length-dependent cutoff); every entry then scores the mean over terms of its
best word's similarity. Because the expansion finds the same words that a
brute-force pass with ``score_entry`` would, ranking equals brute force except
where a term has more than ``MAX_EXPANSIONS`` close words.

Postings are numpy arrays so that scoring a term present in most of a million
entries costs one vectorised assignment, not a Python loop. Entries are only
appended or marked dead: a re-extracted document leaves dead entries behind
until the next full build, which costs memory, not correctness.

An index restored from the database (``restore``) reads a word's postings only
when a query first needs them, so opening it costs the vocabulary, not the
postings; ``changed_words`` and ``alive_changed`` tell the saver what to write.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

EXACT_SCORE = 100.0
PREFIX_SCORE = 90.0
"""A word the last, half-typed term begins: just below an exact match, above most typos."""
PREFIX_MIN_CHARS = 3
MAX_EXPANSIONS = 256
"""Vocabulary words kept per term, best first: enough for every plausible typo, bounded for speed."""
PostingsLoader = Callable[[Sequence[int]], dict[int, np.ndarray]]
"""Reads the saved postings of the given word ids."""
BUCKET_POSITIONS = (0, 1, -1)
"""A typo is found when the word shares its first, second or last letter with the term."""
SORTED_ENTRIES = 65_536
"""Entries whose words are sorted together when a whole index is built (see ``postings_of``)."""
MAX_LENGTH_GAP = 3
"""Words longer or shorter than the term by more than this are never close enough to count."""


def fuzzy_cutoff(length: int) -> float | None:
    """The least rapidfuzz ratio a vocabulary word needs to count for a term of ``length`` chars.

    Short terms must match exactly (or as a prefix): "nhs" would otherwise match
    "has". Longer terms forgive more: "wieght"/"weight" is 83, "warnr"/"warner"
    91, "wilshore"/"wilshaw" 67.
    """
    if length <= 3:
        return None
    if length <= 5:
        return 75.0
    if length <= 7:
        return 70.0
    return 65.0


def term_similarity(term: str, word: str, prefix: bool) -> float:
    """How well ``word`` answers ``term`` (0-100); both casefolded. The one scorer every engine uses."""
    if word == term:
        return EXACT_SCORE
    if prefix and len(term) >= PREFIX_MIN_CHARS and word.startswith(term):
        return PREFIX_SCORE
    cutoff = fuzzy_cutoff(len(term))
    if cutoff is None or abs(len(word) - len(term)) > MAX_LENGTH_GAP or not shares_anchor(term, word):
        return 0.0
    return float(fuzz.ratio(term, word, score_cutoff=cutoff))


def shares_anchor(term: str, word: str) -> bool:
    """Whether the word keeps the term's first, second or last letter in place.

    Typing slips rarely change all three, while unrelated words that happen to
    be close ("labour"/"about") usually do; the vocabulary is bucketed by these
    letters, so the index finds exactly the words this allows.
    """
    shortest = min(len(term), len(word))
    return any(
        term[position] == word[position] for position in BUCKET_POSITIONS if max(position, -position - 1) < shortest
    )


def score_entry(terms: Sequence[str], prefix_last: bool, entry_words: Iterable[str]) -> float:
    """The brute-force score of one entry: the mean over terms of the best similarity of any of its words."""
    vocabulary = set(entry_words)
    total = 0.0
    for position, term in enumerate(terms):
        prefix = prefix_last and position == len(terms) - 1
        total += max((term_similarity(term, word, prefix) for word in vocabulary), default=0.0)
    return total / len(terms) if terms else 0.0


WordChunk = tuple[array, array]
"""The word ids of some consecutive entries, one after another, and how many each entry has."""


def postings_of(chunks: list[WordChunk], vocabulary: int) -> list[np.ndarray]:
    """Each word's entries, in increasing order, from the word ids of every entry, chunk by chunk.

    A counting sort: a word's place in the result follows from how often each
    word occurs, and each chunk's entries are put in place with a sort of that
    chunk alone, then the chunk is dropped from ``chunks`` (emptied as it goes),
    so memory holds about one copy of the ids. One sort of a million quotes'
    words needed an entry number and an int64 index per word: over 700 MB.
    """
    counts = np.zeros(vocabulary, dtype=np.int64)
    for word_column, _ in chunks:
        counts += np.bincount(np.frombuffer(word_column, dtype=np.int32), minlength=vocabulary)
    bounds = np.cumsum(counts)
    place = bounds - counts  # the next free slot of each word's run in the result
    result = np.empty(int(bounds[-1]), dtype=np.int32)
    first = 0
    chunks.reverse()
    while chunks:
        word_column, entry_sizes = chunks.pop()
        sizes = np.frombuffer(entry_sizes, dtype=np.int32)
        if len(word_column):
            place_chunk(result, place, np.frombuffer(word_column, dtype=np.int32), sizes, first)
        first += len(sizes)
    return list(np.split(result, bounds[:-1]))


def place_chunk(result: np.ndarray, place: np.ndarray, words: np.ndarray, sizes: np.ndarray, first: int) -> None:
    """Put the entries of one chunk (numbered from ``first``) at their words' next free slots."""
    order = np.argsort(words, kind="stable")
    sorted_words = words[order]
    run_starts = np.flatnonzero(np.concatenate(([True], sorted_words[1:] != sorted_words[:-1])))
    run_lengths = np.diff(np.append(run_starts, len(sorted_words)))
    rank = np.arange(len(sorted_words)) - np.repeat(run_starts, run_lengths)
    entries = np.repeat(np.arange(first, first + len(sizes), dtype=np.int32), sizes)
    result[place[sorted_words] + rank] = entries[order]
    place[sorted_words[run_starts]] += run_lengths


class TokenIndex:
    """Word postings over entries numbered 0, 1, 2, ... in the order they were added."""

    def __init__(self) -> None:
        self._word_ids: dict[str, int] = {}
        self._words: list[str] = []
        self._sorted_words: list[str] = []
        self._buckets: dict[tuple[int, str, int], list[str]] = {}
        self._postings: list[np.ndarray | None] = []
        """A word's entries; None while a restored word's saved postings are unread."""
        self._pending: dict[int, array] = {}
        self._alive = np.zeros(0, dtype=bool)
        self._size = 0
        self._loader: PostingsLoader | None = None
        self._changed_words: set[int] = set()
        self._alive_changed = False
        self.version = 0
        """Bumped whenever the vocabulary grows, so cached expansions are dropped."""

    @classmethod
    def from_entries(cls, entries: Iterable[Iterable[str]], chunk_entries: int = SORTED_ENTRIES) -> TokenIndex:
        """Index many entries at once: sorts of ``chunk_entries`` entries instead of millions of appends."""
        index = cls()
        chunks: list[WordChunk] = []
        word_ids = index._word_ids
        for entry, entry_words in enumerate(entries):
            if entry % chunk_entries == 0:
                chunks.append((array("i"), array("i")))
            word_column, entry_sizes = chunks[-1]
            unique = set(entry_words)
            for word in unique:
                word_id = word_ids.get(word)
                if word_id is None:
                    word_id = word_ids[word] = len(word_ids)
                word_column.append(word_id)
            entry_sizes.append(len(unique))
            index._size = entry + 1
        index._words = list(word_ids)
        index._sorted_words = sorted(index._words)
        for word in index._words:
            index._bucket_word(word)
        index._alive = np.ones(index._size, dtype=bool)
        if index._words:
            index._postings.extend(postings_of(chunks, len(index._words)))
        return index

    @classmethod
    def restore(cls, words: list[str], size: int, alive: np.ndarray, loader: PostingsLoader) -> TokenIndex:
        """An index saved earlier: its vocabulary now, each word's postings when first needed."""
        index = cls()
        index._words = words
        index._word_ids = {word: word_id for word_id, word in enumerate(words)}
        index._sorted_words = sorted(words)
        buckets = index._buckets
        for word in words:  # _bucket_word inlined: this loop is most of the time an open takes
            length = len(word)
            if not length:
                continue
            buckets.setdefault((0, word[0], length), []).append(word)
            buckets.setdefault((-1, word[-1], length), []).append(word)
            if length > 1:
                buckets.setdefault((1, word[1], length), []).append(word)
        index._postings = [None] * len(words)
        index._size = size
        index._alive = alive
        index._loader = loader
        return index

    @property
    def words(self) -> list[str]:
        """The vocabulary, by word id."""
        return self._words

    def changed_words(self) -> set[int]:
        """Word ids whose postings changed (or that are new) since ``mark_saved``."""
        return set(self._changed_words)

    @property
    def alive_changed(self) -> bool:
        return self._alive_changed

    def mark_saved(self) -> None:
        self._changed_words.clear()
        self._alive_changed = False

    def load(self, word_ids: Iterable[int]) -> None:
        """Read the saved postings of these words, in one go, where not read yet."""
        missing = [word_id for word_id in word_ids if self._postings[word_id] is None]
        if not missing:
            return
        assert self._loader is not None, "only a restored index has unread postings"
        found = self._loader(missing)
        for word_id in missing:
            self._postings[word_id] = found.get(word_id, np.zeros(0, dtype=np.int32))

    @property
    def size(self) -> int:
        """How many entries were ever added, dead ones included: the length of score vectors."""
        return self._size

    @property
    def dead_count(self) -> int:
        return int(self._size - np.count_nonzero(self._alive[: self._size]))

    def add(self, entry_words: Iterable[str]) -> int:
        """Index one more entry; returns its number."""
        entry = self._size
        self._size += 1
        if self._size > len(self._alive):
            grown = np.zeros(max(16, 2 * self._size), dtype=bool)
            grown[: len(self._alive)] = self._alive
            self._alive = grown
        self._alive[entry] = True
        self._alive_changed = True
        for word in set(entry_words):
            word_id = self._word_ids.get(word)
            if word_id is None:
                word_id = self._new_word(word)
            self._pending.setdefault(word_id, array("i")).append(entry)
            self._changed_words.add(word_id)
        return entry

    def remove(self, entry: int) -> None:
        """Forget an entry; its number is never reused."""
        self._alive[entry] = False
        self._alive_changed = True

    def is_alive(self, entry: int) -> bool:
        return bool(self._alive[entry])

    def alive_mask(self) -> np.ndarray:
        return self._alive[: self._size].copy()

    def _new_word(self, word: str) -> int:
        word_id = len(self._words)
        self._word_ids[word] = word_id
        self._words.append(word)
        self._postings.append(np.zeros(0, dtype=np.int32))
        bisect.insort(self._sorted_words, word)
        self._bucket_word(word)
        self.version += 1
        return word_id

    def _bucket_word(self, word: str) -> None:
        for position in BUCKET_POSITIONS:
            if len(word) > max(position, -position - 1):
                self._buckets.setdefault((position, word[position], len(word)), []).append(word)

    def postings(self, word_id: int) -> np.ndarray:
        """The entries containing a word, merging entries added since the last look."""
        self.load([word_id])
        known = self._postings[word_id]
        assert known is not None
        pending = self._pending.pop(word_id, None)
        if pending is not None:
            known = self._postings[word_id] = np.concatenate([known, np.frombuffer(pending, dtype=np.int32)])
        return known

    def expand(self, term: str, prefix: bool) -> tuple[tuple[str, float], ...]:
        """The vocabulary words close to ``term`` with their similarity, weakest first."""
        return self._expand_cached(term, prefix, self.version)

    @lru_cache(maxsize=512)  # noqa: B019 - one index per app; the cache dies with it
    def _expand_cached(self, term: str, prefix: bool, version: int) -> tuple[tuple[str, float], ...]:
        found: dict[str, float] = {}
        if term in self._word_ids:
            found[term] = EXACT_SCORE
        if prefix and len(term) >= PREFIX_MIN_CHARS:
            start = bisect.bisect_left(self._sorted_words, term)
            stop = bisect.bisect_left(self._sorted_words, term + "\U0010ffff", lo=start)
            for word in self._sorted_words[start:stop]:
                found.setdefault(word, PREFIX_SCORE)
        cutoff = fuzzy_cutoff(len(term))
        if cutoff is not None:
            for position in BUCKET_POSITIONS:
                if len(term) <= max(position, -position - 1):
                    continue
                for length in range(len(term) - MAX_LENGTH_GAP, len(term) + MAX_LENGTH_GAP + 1):
                    bucket = self._buckets.get((position, term[position], length))
                    if not bucket:
                        continue
                    for word, score, _ in process.extract(
                        term, bucket, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
                    ):
                        found.setdefault(word, float(score))
        best = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:MAX_EXPANSIONS]
        return tuple(reversed(best))

    def clear_cache(self) -> None:
        """Forget cached expansions (benchmarks measure cold queries)."""
        self._expand_cached.cache_clear()

    def term_scores(self, terms: Sequence[str], prefix_last: bool) -> Iterator[tuple[np.ndarray, set[str]]]:
        """For each term, every entry's best similarity and the vocabulary words that matched it.

        Words are assigned weakest first, so each entry ends up with its best
        word's similarity without a per-entry maximum.
        """
        for position, term in enumerate(terms):
            scores = np.zeros(self._size, dtype=np.float64)
            matched: set[str] = set()
            expanded = self.expand(term, prefix_last and position == len(terms) - 1)
            self.load(self._word_ids[word] for word, _ in expanded)
            for word, similarity in expanded:
                scores[self.postings(self._word_ids[word])] = similarity
                matched.add(word)
            yield scores, matched

    def score(self, terms: Sequence[str], prefix_last: bool) -> tuple[np.ndarray, set[str]]:
        """Every entry's score for ``terms`` (dead entries 0) and the vocabulary words that matched."""
        total = np.zeros(self._size, dtype=np.float64)
        matched: set[str] = set()
        for scores, words in self.term_scores(terms, prefix_last):
            total += scores
            matched |= words
        if terms:
            total /= len(terms)
        total *= self._alive[: self._size]
        return total, matched

    def matching(self, terms: Sequence[str], prefix_last: bool) -> np.ndarray:
        """Which live entries match every term: the test behind a filter such as ``by:warner``."""
        mask = self._alive[: self._size].copy()
        for scores, _ in self.term_scores(terms, prefix_last):
            mask &= scores > 0
        return mask


def top_entries(scores: np.ndarray, count: int) -> list[int]:
    """The ``count`` best-scoring entries with a positive score, best first; ties by entry number.

    Ties are broken by number (not left to ``argpartition``) so that results are
    stable and comparable with a brute-force ranking. Scores take few distinct
    values, so a few cheap passes usually find a floor that keeps just enough
    candidates, and only those are partitioned and sorted.
    """
    candidates = np.flatnonzero(scores > 0)
    if count <= 0 or not len(candidates):
        return []
    values = scores[candidates]
    best = float(values.max())
    for floor in (best, best * 0.9, best * 0.75, best * 0.5):
        keep = np.flatnonzero(values >= floor)
        if len(keep) >= count:
            candidates, values = candidates[keep], values[keep]
            break
    if len(values) > count:
        kth = np.partition(values, len(values) - count)[len(values) - count]
        above = np.flatnonzero(values > kth)
        tied = np.flatnonzero(values == kth)[: count - len(above)]
        chosen = np.sort(np.concatenate([above, tied]))
        candidates, values = candidates[chosen], values[chosen]
    order = np.lexsort((candidates, -values))
    return [int(entry) for entry in candidates[order]]
