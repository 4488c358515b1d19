"""Provides a benchmark of quote and speaker attribution on PolNeAR, this tree beside a baseline commit.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates every attribution of
924 US political news articles as Source / Cue / Content spans; its ``dev``
split is where every attribution rule is judged (``--split train`` on request).
Both extractors run in subprocesses on the same texts: the baseline is the
extractor of ``--baseline`` (a git commit, by default the one before the staged
rewrite), unpacked into a temporary folder with ``git archive``.

What is scored (one annotator's file per article, the first by name):

- direct: every piece of a Content that is wholly inside quotation marks (a
  quote interrupted by "he said" is two pieces) against our ``direct`` quotes.
  A quote running on into the next paragraph without a closing mark counts (a
  straight mark's quotation is closed only by a straight mark: a curly pair
  inside it is nested), and so does a transcript turn printed in quotation
  marks, whose label and colon PolNeAR annotates as Source and Cue between the
  mark and the Content ("\"WALLACE: Let's start ...": see ``turn_mark``), or
  whose opening mark alone stands just outside it.
  Lenient: overlap of at least 30% of the gold piece; strict: the same bounds
  once quotation marks, spaces and end punctuation are trimmed from both.
- speech indirect: every Content with no wholly quoted piece whose cue is a
  speech word (``SPEECH_WORDS`` below; beliefs such as "believes" or "wants"
  are attributions too but are not speech) against our ``indirect`` quotes. A
  prediction that matches only a non-speech attribution counts neither way.
- all kinds (speech): the direct pieces and the speech indirect contents
  together (a Content partly in quotation marks, "said the plan was 'reckless'",
  is one of the latter) against every quote we return that is speech: direct,
  indirect, partial or comment, not ``term``. A prediction that matches only a
  non-speech attribution counts neither way.
- +speaker: the span matches and the speaker is right. A named source: one of
  our speaker's names shares its last word with the source. A pronoun or
  description source: our speaker mention overlaps the gold Source span, or
  (for a pronoun, when we give no mention) our speaker is the nearest named
  gold Source before it. A gold attribution without a Source wants no speaker.
  Every prediction counts in speaker precision, with or without a speaker.

    /work/venv/bin/python bench/bench_attribution.py [--split dev|train] [--baseline COMMIT]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

POLNEAR = Path("/work/shared/corpora/polnear")
ROOT = Path(__file__).resolve().parent.parent
BASELINE = "5c80858"
"""The extractor on main when the staged rewrite began (storage/attribution/quotes.py, 1,362 lines)."""
LENIENT = 0.3
OPENING = "“\"‘'«"
CLOSING = "”\"’'»"
TRIM = " \t\n\u00a0.,;:!?—–-()" + OPENING + CLOSING
SPEECH_WORDS = frozenset(
    "say says said saying tell tells told telling according add adds added adding note notes noted noting write"
    " writes wrote writing claim claims claimed claiming argue argues argued arguing report reports reported"
    " announce announces announced ask asks asked asking warn warns warned warning acknowledge acknowledged"
    " insist insists insisted explain explained explains state states stated declare declared respond responded"
    " reply replied recall recalled mention mentioned admit admitted deny denied confirm confirmed tweet tweeted"
    " tweets testify testified continue continued urge urged urges call calls called calling describe described"
    " criticize criticized blast blasted echo echoed chant chanting chanted shout shouted yell yelled remark"
    " remarked suggest suggested suggests predict predicted promise promised pledge pledged vow vowed joke joked"
    " quip quipped boast boasted complain complained concede conceded stress stressed emphasize emphasized"
    " emphasise emphasised point pointed counter countered retort retorted read reads post posted blurt blurted"
    " cite cited citing accuse accused condemn condemned praise praised question questioned allege alleged"
    " attack attacked scold scolded begin began added: said: speech statement interview remarks".split()
)
PRONOUNS = frozenset("he she they it i we you who which that his her their its him them us me".split())
DETERMINERS = frozenset(
    "the a an this that these those his her their its our some many several most few two three four one another"
    " other all both any each every no".split()
)


@dataclass(frozen=True)
class Gold:
    """One gold content piece (direct) or content (indirect) with its attribution's source."""

    start: int
    end: int
    speech: bool
    source: tuple[int, int] | None
    source_text: str
    antecedent: str
    """For a pronoun source: the nearest named gold source before it; else empty."""


@dataclass(frozen=True)
class Predicted:
    """One of our quotes: span, kind, every name of its speaker, the speaker mention if any."""

    start: int
    end: int
    kind: str
    names: tuple[str, ...]
    mention: tuple[int, int] | None


def spans_of(field: str) -> list[tuple[int, int]]:
    """``"12 30;35 40"`` -> [(12, 30), (35, 40)]."""
    return [(int(a), int(b)) for a, b in (piece.split() for piece in field.split(";"))]


def wholly_quoted(text: str) -> bool:
    """A content piece inside quotation marks: it opens with a mark and closes it at its end.

    A quote running on into the next paragraph has no closing mark at the end of its
    paragraph (the news convention), so a piece with no closing mark after its opening one counts too;
    inside a straight mark's quotation a curly pair is nested ("\"… “Shark Tank.” But …"), not its close.
    """
    stripped = text.strip().rstrip(".,;:!? )—–-")
    if len(stripped) <= 2 or stripped[0] not in OPENING:
        return False
    closers = '"' if stripped[0] == '"' else "”»\""
    return stripped[-1] in CLOSING or not any(mark in stripped[1:] for mark in closers)


def turn_mark(text: str, start: int, source: tuple[int, int] | None) -> int | None:
    """Where the quotation mark opening a transcript turn is, when a content piece starting at ``start`` is one.

    A transcript printed in quotation marks opens each turn with a mark, then the speaker's label and
    a colon ("\"WALLACE: Let's start ..."). PolNeAR annotates the label as Source, the colon as Cue and
    the words after them as Content, so the piece itself opens after the mark; it is still wholly
    quoted when its line holds only the opening mark, its own Source and a colon before it, or only
    the opening mark (the turn's next paragraphs, and any piece whose mark was left just outside it).
    """
    line_start = text.rfind("\n", 0, start) + 1
    mark = line_start + len(text[line_start:start]) - len(text[line_start:start].lstrip())
    if mark >= start or text[mark] not in OPENING:
        return None
    if not text[mark + 1 : start].strip():
        return mark  # the turn's next paragraph, its mark left outside the piece like the first's
    if source is None or text[mark + 1 : source[0]].strip() or text[source[1] : start].strip() != ":":
        return None
    return mark


def quoted_from(text: str, start: int, end: int, source: tuple[int, int] | None) -> int:
    """Where a content piece's quotation opens: its own start, or the mark of the transcript turn it is in."""
    mark = turn_mark(text, start, source)
    return start if mark is None else mark


def source_type(text: str) -> str:
    """``pronoun``, ``description`` or ``name``: how a Source mention refers."""
    words = re.findall(r"[\w’'.-]+", text)
    if not words:
        return "description"
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun"
    if words[0].lower() in DETERMINERS or not any(w[:1].isupper() for w in words):
        return "description"
    return "name"


def read_gold(text: str, ann: str) -> tuple[list[Gold], list[Gold], list[Gold]]:
    """(direct pieces, speech indirect contents, non-speech indirect contents) of one annotated article."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, field = parts[1].partition(" ")
            spans[parts[0]] = (label, spans_of(field))
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(item.split(":", 1) for item in parts[1].split() if ":" in item))
    named_sources = sorted(
        (pieces[0][0], text[pieces[0][0] : pieces[-1][1]])
        for label, pieces in spans.values()
        if label == "Source" and source_type(text[pieces[0][0] : pieces[-1][1]]) == "name"
    )
    direct: list[Gold] = []
    speech: list[Gold] = []
    other: list[Gold] = []
    for relation in relations:
        if relation.get("Content") not in spans:
            continue
        content = spans[relation["Content"]][1]
        cue = " ".join(text[a:b] for a, b in spans.get(relation.get("Cue", ""), ("", []))[1]).lower()
        is_speech = not re.search(r"\w", cue) or any(w in SPEECH_WORDS for w in re.findall(r"[\w:]+", cue))
        source_pieces = spans.get(relation.get("Source", ""), ("", []))[1]
        source = (source_pieces[0][0], source_pieces[-1][1]) if source_pieces else None
        source_text = text[source[0] : source[1]] if source else ""
        antecedent = ""
        if source and source_type(source_text) == "pronoun":
            before = [name for at, name in named_sources if at < source[0]]
            antecedent = before[-1] if before else ""
        pieces = [(a, b) for a, b in content if wholly_quoted(text[quoted_from(text, a, b, source) : b])]
        for a, b in pieces:
            direct.append(Gold(a, b, True, source, source_text, antecedent))
        if not pieces:
            gold = Gold(content[0][0], content[-1][1], is_speech, source, source_text, antecedent)
            (speech if is_speech else other).append(gold)
    return direct, speech, other


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def last_words(name: str) -> set[str]:
    words = re.findall(r"[A-Za-z][\w-]*", re.sub(r"[’']s\b", "", name))
    return {words[-1].lower()} if words else set()


def speaker_right(gold: Gold, predicted: Predicted) -> bool:
    """Whether a prediction names the gold attribution's source (see the module docstring)."""
    if gold.source is None:
        return not predicted.names
    if not predicted.names:
        return False
    if predicted.mention is not None and overlap(predicted.mention, gold.source) > 0:
        return True
    kind = source_type(gold.source_text)
    target = gold.source_text if kind == "name" else gold.antecedent
    if not target:
        return False
    target_words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]*", re.sub(r"[’']s\b", "", target))}
    return any(last_words(name) & target_words for name in predicted.names) or any(
        last_words(target) & {w.lower() for w in name.split()} for name in predicted.names
    )


@dataclass
class Tally:
    """Counts for one measure: gold, predicted, lenient/strict span matches and speaker matches."""

    gold: int = 0
    predicted: int = 0
    lenient_found: int = 0
    lenient_right: int = 0
    strict_found: int = 0
    strict_right: int = 0
    speaker_found: int = 0
    speaker_right: int = 0

    def add(self, text: str, golds: list[Gold], predictions: list[Predicted], ignored: Iterable[Gold] = ()) -> None:
        ignored = list(ignored)

        def lenient(g: Gold, p: Predicted) -> bool:
            return overlap((g.start, g.end), (p.start, p.end)) >= LENIENT * max(1, g.end - g.start)

        def strict(g: Gold, p: Predicted) -> bool:
            return trimmed(text, g.start, g.end) == trimmed(text, p.start, p.end)

        self.gold += len(golds)
        for g in golds:
            matching = [p for p in predictions if lenient(g, p)]
            self.lenient_found += bool(matching)
            self.strict_found += any(strict(g, p) for p in predictions)
            self.speaker_found += any(speaker_right(g, p) for p in matching)
        for p in predictions:
            matching = [g for g in golds if lenient(g, p)]
            if not matching and any(lenient(g, p) for g in ignored):
                continue
            self.predicted += 1
            self.lenient_right += bool(matching)
            self.strict_right += any(strict(g, p) for g in golds)
            self.speaker_right += any(speaker_right(g, p) for g in matching)

    @staticmethod
    def prf(right: int, predicted: int, found: int, gold: int) -> tuple[float, float, float]:
        p = right / predicted if predicted else 0.0
        r = found / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def rows(self) -> dict[str, tuple[float, float, float]]:
        return {
            "span lenient": self.prf(self.lenient_right, self.predicted, self.lenient_found, self.gold),
            "span strict": self.prf(self.strict_right, self.predicted, self.strict_found, self.gold),
            "span+speaker": self.prf(self.speaker_right, self.predicted, self.speaker_found, self.gold),
        }


def articles(split: str) -> list[tuple[str, Path, Path]]:
    """(name, text file, first annotation file) of every article in a split."""
    folder = POLNEAR / split
    found = []
    for text_file in sorted((folder / "text").glob("*.txt")):
        annotations = sorted((folder / "attributions").glob(text_file.stem + "_*.ann"))
        if annotations:
            found.append((text_file.stem, text_file, annotations[0]))
    return found


def predict(split: str) -> None:
    """Print this interpreter's extractor's quotes for every article of ``split`` as JSON (run in a subprocess)."""
    from storage.attribution.quotes import extract_quotes

    output: dict[str, list[list[object]]] = {}
    characters = 0
    started = time.process_time()
    for name, text_file, _ in articles(split):
        text = text_file.read_text(encoding="utf-8")
        characters += len(text)
        extraction = extract_quotes(text)
        rows: list[list[object]] = []
        for quote in extraction.quotes:
            names = list(extraction.actors[quote.speaker].names) if quote.speaker is not None else []
            mention_start = getattr(quote, "mention_start", None)
            mention_end = getattr(quote, "mention_end", None)
            rows.append([quote.start, quote.end, quote.kind, names, mention_start, mention_end])
        output[name] = rows
    seconds = time.process_time() - started
    json.dump({"quotes": output, "seconds": seconds, "characters": characters}, sys.stdout)


def run_extractor(root: Path, split: str) -> dict[str, object]:
    """The predictions of the extractor whose ``storage`` package sits in ``root``."""
    environment = dict(os.environ, PYTHONPATH=str(root))
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--predict", "--split", split],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        print(completed.stderr, file=sys.stderr)
        raise SystemExit(f"bench_attribution: the extractor in {root} failed")
    return json.loads(completed.stdout)  # type: ignore[no-any-return]


def baseline_tree(commit: str, folder: Path) -> Path:
    """The baseline commit's ``storage`` package unpacked into ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "storage"], capture_output=True, check=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def score(split: str, result: dict[str, object]) -> dict[str, Tally]:
    """Direct, speech-indirect and all-kinds tallies of one extractor's predictions."""
    tallies = {"direct": Tally(), "indirect (speech)": Tally(), "all kinds (speech)": Tally()}
    quotes: dict[str, list[list[object]]] = result["quotes"]  # type: ignore[assignment]
    for name, text_file, ann_file in articles(split):
        text = text_file.read_text(encoding="utf-8")
        direct, speech, other = read_gold(text, ann_file.read_text(encoding="utf-8"))
        predictions = [
            Predicted(int(s), int(e), str(k), tuple(n), (int(ms), int(me)) if ms is not None and me is not None else None)  # type: ignore[arg-type]
            for s, e, k, n, ms, me in quotes.get(name, [])
        ]
        tallies["direct"].add(text, direct, [p for p in predictions if p.kind == "direct"])
        tallies["indirect (speech)"].add(text, speech, [p for p in predictions if p.kind == "indirect"], other)
        tallies["all kinds (speech)"].add(text, direct + speech, [p for p in predictions if p.kind != "term"], other)
    return tallies


TARGETS = {
    ("direct", "span lenient"): 0.93,
    ("direct", "span+speaker"): 0.90,
    ("indirect (speech)", "span lenient"): 0.70,
    ("all kinds (speech)", "span+speaker"): 0.75,
}


def print_table(split: str, results: dict[str, dict[str, object]]) -> None:
    scored = {label: score(split, result) for label, result in results.items()}
    print(f"PolNeAR {split}: {len(articles(split))} articles")
    print(f"{'measure':<31} {'extractor':<10} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'target':>7}")
    for kind in ("direct", "indirect (speech)", "all kinds (speech)"):
        for measure in ("span lenient", "span strict", "span+speaker"):
            for label, tallies in scored.items():
                tally = tallies[kind]
                p, r, f = tally.rows()[measure]
                target = TARGETS.get((kind, measure))
                mark = f"{target:.2f}" if target else ""
                print(f"{kind + ' ' + measure:<31} {label:<10} {tally.gold:>5} {tally.predicted:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f} {mark:>7}")
    for label, result in results.items():
        seconds = float(result["seconds"])  # type: ignore[arg-type]
        characters = int(result["characters"])  # type: ignore[call-overload]
        print(f"{label}: {characters / 1e6:.2f} MB in {seconds:.2f} s of CPU = {characters / 1e6 / seconds:.2f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--baseline", default=BASELINE, help="git commit of the baseline extractor")
    parser.add_argument("--predict", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-baseline", action="store_true", help="score this tree only")
    args = parser.parse_args()
    if args.predict:
        predict(args.split)
        return
    if not (POLNEAR / args.split).is_dir():
        print(f"bench_attribution: PolNeAR not found at {POLNEAR}", file=sys.stderr)
        raise SystemExit(2)
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as folder:
        if not args.no_baseline:
            results["baseline"] = run_extractor(baseline_tree(args.baseline, Path(folder)), args.split)
        results["this tree"] = run_extractor(ROOT, args.split)
    print_table(args.split, results)


if __name__ == "__main__":
    main()
