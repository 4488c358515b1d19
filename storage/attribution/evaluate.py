"""Provides scoring of extracted quotes against a hand-written gold file: precision, recall and F1 per kind.

A gold file is JSON: ``{"files": {"<file name>": [{"text", "speaker", "kind"}, ...]}}``.
Gold quotes are keyed by their text, not offsets, because ingestion's cleaning
may change; the text is found in the body (or in a reader comment) at scoring
time, ignoring differences in whitespace.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from storage.attribution.actors import normalise_name
from storage.store import Store

KINDS = ("direct", "indirect", "partial", "comment")
SCORED_AS = {"term": "partial"}
"""Kinds scored as another: gold files write a term (words in quotation marks nobody is quoted as saying)
as a speakerless ``partial``, the kind the extractor gave it before terms were a kind of their own."""


class GoldError(Exception):
    """A gold file that cannot be read; the message is one line for users."""


@dataclass(frozen=True)
class GoldQuote:
    """One quote a careful reader sees: its exact text, the speaker's most complete name (or None), its kind."""

    text: str
    speaker: str | None
    kind: str


@dataclass(frozen=True)
class Predicted:
    """A quote as the extractor made it, located in a source (``-1`` = the body, else a comment's position)."""

    source: int
    start: int
    end: int
    kind: str
    speaker_names: tuple[str, ...]


@dataclass(frozen=True)
class Located:
    """A gold quote found in its document: source ``-1`` is the body, else a comment's position."""

    gold: GoldQuote
    source: int
    start: int
    end: int


@dataclass(frozen=True)
class Score:
    """Counts for one kind; ``gold`` and ``predicted`` are totals, the rest matches."""

    kind: str
    gold: int
    predicted: int
    span_matches: int
    attributed: int
    speaker_matches: int

    @staticmethod
    def ratio(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def span_precision(self) -> float:
        return self.ratio(self.span_matches, self.predicted)

    @property
    def span_recall(self) -> float:
        return self.ratio(self.span_matches, self.gold)

    @property
    def span_f1(self) -> float:
        return f1(self.span_precision, self.span_recall)

    @property
    def speaker_precision(self) -> float:
        return self.ratio(self.speaker_matches, self.attributed)

    @property
    def speaker_recall(self) -> float:
        return self.ratio(self.speaker_matches, self.gold)

    @property
    def speaker_f1(self) -> float:
        return f1(self.speaker_precision, self.speaker_recall)


@dataclass(frozen=True)
class Report:
    scores: list[Score]
    missing: list[tuple[str, str]]
    """(file, gold text) pairs whose text could not be found in the source."""


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def read_gold(path: str | Path) -> dict[str, list[GoldQuote]]:
    """Load a gold file; raises GoldError for a missing or malformed one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        files = data["files"]
        return {
            name: [GoldQuote(str(item["text"]), item.get("speaker"), str(item["kind"])) for item in items]
            for name, items in files.items()
        }
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"cannot read gold file {path}: {error}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise GoldError(f"gold file {path} is not in the expected format: {error!r}") from None


def find_text(needle: str, haystack: str) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``haystack`` with any whitespace between its words."""
    words = needle.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.search(pattern, haystack)
    return (match.start(), match.end()) if match else None


def locate_gold(gold: Sequence[GoldQuote], body: str, comments: Sequence[str]) -> tuple[list[Located], list[str]]:
    """Find each gold quote in the body or the comments (comments first for kind ``comment``); list the lost."""
    located, missing = [], []
    for quote in gold:
        sources = [(-1, body)] + list(enumerate(comments)) if quote.kind != "comment" else list(enumerate(comments)) + [(-1, body)]
        for source, haystack in sources:
            span = find_text(quote.text, haystack)
            if span:
                located.append(Located(quote, source, *span))
                break
        else:
            missing.append(quote.text)
    return located, missing


def speaker_correct(gold: str | None, names: Sequence[str]) -> bool:
    """A speaker is right when the gold name is the actor's name or one of its aliases (titles aside)."""
    if gold is None:
        return not names
    wanted = normalise_name(gold)
    return any(normalise_name(name) == wanted for name in names)


def score_kind(kind: str, gold: Iterable[Located], predicted: Iterable[Predicted]) -> Score:
    """Match gold and predicted quotes one to one: a match overlaps the gold span by at least half."""
    golds = [g for g in gold if kind == "all" or g.gold.kind == kind]
    preds = [p for p in predicted if kind == "all" or p.kind == kind]
    used: set[int] = set()
    span_matches = speaker_matches = null_matches = 0
    for located in golds:
        need = (located.end - located.start) / 2
        options = []
        for index, pred in enumerate(preds):
            if index in used or pred.source != located.source or located.end == located.start:
                continue
            overlap = min(pred.end, located.end) - max(pred.start, located.start)
            if overlap >= need and overlap > 0:
                options.append((speaker_correct(located.gold.speaker, pred.speaker_names), overlap, index))
        if not options:
            continue
        right, _, index = max(options)
        used.add(index)
        span_matches += 1
        speaker_matches += right
        null_matches += int(not preds[index].speaker_names and located.gold.speaker is None)
    attributed = sum(bool(p.speaker_names) for p in preds) + null_matches
    return Score(kind, len(golds), len(preds), span_matches, attributed, speaker_matches)


def nested_partials(located: Sequence[Located], predicted: Sequence[Predicted]) -> list[Predicted]:
    """The gold partials the extractor keeps inside a predicted indirect quote, as that quote's partials.

    A partial nested in an indirect quote that covers it is part of that quote ("she said the plan
    was ‘reckless’"), so it is not stored apart; a gold file written before that rule lists it
    apart, and is credited with the covering quote's speaker.
    """
    found = []
    for gold in located:
        if gold.gold.kind != "partial" or any(
            p.kind == "partial" and p.source == gold.source and p.start < gold.end and gold.start < p.end for p in predicted
        ):
            continue
        covering = [
            p for p in predicted if p.kind == "indirect" and p.source == gold.source and p.start <= gold.start and gold.end <= p.end
        ]
        if covering:
            found.append(Predicted(gold.source, gold.start, gold.end, "partial", covering[0].speaker_names))
    return found


def score_documents(
    gold: Mapping[str, Sequence[GoldQuote]],
    documents: Mapping[str, tuple[str, Sequence[str], Sequence[Predicted]]],
) -> Report:
    """Score every gold file against its document: (body, comment texts, predicted quotes)."""
    all_gold: list[Located] = []
    all_pred: list[Predicted] = []
    missing: list[tuple[str, str]] = []
    for number, (name, quotes) in enumerate(sorted(gold.items())):
        if name not in documents:
            missing.extend((name, quote.text) for quote in quotes)
            continue
        body, comments, predicted = documents[name]
        located, lost = locate_gold(quotes, body, comments)
        missing.extend((name, text) for text in lost)
        predicted = [*predicted, *nested_partials(located, predicted)]
        # Sources are numbered per document so that spans of different documents never overlap.
        offset = number * 1_000_000
        all_gold.extend(Located(g.gold, g.source + offset, g.start, g.end) for g in located)
        all_pred.extend(Predicted(p.source + offset, p.start, p.end, p.kind, p.speaker_names) for p in predicted)
    # Gold quotes that could not be found still count against recall.
    lost_kinds = {(name, quote.text): quote for name, quotes in gold.items() for quote in quotes}
    all_gold.extend(Located(lost_kinds[item], -1, 0, 0) for item in missing)
    scores = [score_kind(kind, all_gold, all_pred) for kind in (*KINDS, "all")]
    return Report(scores, missing)


def format_report(report: Report) -> str:
    """The scores as a plain-text table, one row per kind."""
    lines = [
        f"{'kind':<9} {'gold':>5} {'pred':>5}   {'span P':>6} {'R':>5} {'F1':>5}   {'+speaker P':>10} {'R':>5} {'F1':>5}"
    ]
    for s in report.scores:
        lines.append(
            f"{s.kind:<9} {s.gold:>5} {s.predicted:>5}   {s.span_precision:>6.2f} {s.span_recall:>5.2f} {s.span_f1:>5.2f}"
            f"   {s.speaker_precision:>10.2f} {s.speaker_recall:>5.2f} {s.speaker_f1:>5.2f}"
        )
    for name, text in report.missing:
        lines.append(f"not found in {name}: {text[:60]!r}")
    return "\n".join(lines)


def extract_corpus(names: Iterable[str], folder: Path) -> dict[str, tuple[str, list[str], list[Predicted]]]:
    """Read and extract the named files afresh, merging actors across them as an import would."""
    from storage.attribution.linking import MemoryIndex
    from storage.ingest.article import read_article
    from storage.attribution.quotes import extract_comment, extract_quotes

    corpus = MemoryIndex()
    found: dict[str, tuple[str, list[str], list[tuple[int, int, int, str, int | None]]]] = {}
    for name in names:
        path = folder / name
        if not path.is_file():
            continue
        article, _ = read_article(path)
        extraction = extract_quotes(article.body)
        ids = [corpus.add(actor) for actor in extraction.actors]
        rows = [(-1, q.start, q.end, q.kind, ids[q.speaker] if q.speaker is not None else None) for q in extraction.quotes]
        for position, comment in enumerate(article.comments):
            quote, actor = extract_comment(comment.author, comment.text)
            if quote is not None:
                speaker = corpus.add(actor) if actor is not None else None
                rows.append((position, quote.start, quote.end, quote.kind, speaker))
        found[name] = (article.body, [comment.text for comment in article.comments], rows)
    return {
        name: (body, comments, [
            Predicted(
                source, start, end, SCORED_AS.get(kind, kind),
                tuple(corpus.actors[speaker].names) if speaker is not None else (),
            )
            for source, start, end, kind, speaker in rows
        ])
        for name, (body, comments, rows) in found.items()
    }


def evaluate_corpus(gold_path: str | Path, folder: str | Path) -> Report:
    """Score a fresh extraction of the gold file's articles, read from ``folder``."""
    gold = read_gold(gold_path)
    folder = Path(folder)
    if not folder.is_dir():
        raise GoldError(f"no such folder: {folder}")
    return score_documents(gold, extract_corpus(sorted(gold), folder))


def stored_documents(store: Store, names: Iterable[str]) -> dict[str, tuple[str, list[str], list[Predicted]]]:
    """The stored extraction of the current documents imported from files with these names."""
    wanted = set(names)
    names_of = {actor.id: (actor.name, *actor.aliases) for actor in store.actors()}
    found: dict[str, tuple[str, list[str], list[Predicted]]] = {}
    for document in store.documents():
        name = Path(document.source_file).name
        if name not in wanted:
            continue
        comments = store.comments(document.id)
        position = {comment.id: index for index, comment in enumerate(comments)}
        predicted = [
            Predicted(
                position.get(quote.comment_id, -1) if quote.comment_id is not None else -1,
                quote.start,
                quote.end,
                SCORED_AS.get(quote.kind, quote.kind),
                names_of.get(quote.speaker_id, ()) if quote.speaker_id is not None else (),
            )
            for quote in store.quotes(document.id)
        ]
        found[name] = (document.body, [comment.text for comment in comments], predicted)
    return found


def evaluate_store(gold_path: str | Path, store: Store) -> Report:
    """Score what a database holds for the gold file's articles (matched by file name)."""
    gold = read_gold(gold_path)
    return score_documents(gold, stored_documents(store, gold))
