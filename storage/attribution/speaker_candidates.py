"""Provides speaker candidates: every way the text around a direct quotation may say who speaks it.

A quotation can be attributed by a cue before it ("He said: “…”"), a cue after it
("“…,” said Ann Bell."), a name and a colon ("Ann Bell: “…”"), a signature
("“…” ― Ann Bell"), the next sentence ("“…” That was how Ann Bell put it."), the
line that introduced it ("The Tribune reports:"), the subject of the sentence just
before it ("Ann Bell was blunt. “…”") or the run of quotes it continues.
This stage lists them; ``speaker_choice`` picks one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.attribution.actors import PRONOUNS
from storage.attribution.cues import Cue
from storage.attribution.described_speakers import word_list
from storage.attribution.names import NAME_RE, clean_name

SOURCES = (
    "cue_before",
    "cue_after",
    "label",
    "signature",
    "next_sentence",
    "colon_lead",
    "running",
    "sentence_subject",
    "previous_sentence",
)
"""Where a candidate comes from, in the order the hand rules preferred them."""
MENTIONS = ("name", "pronoun", "description", "")
"""How the text refers to a candidate: "Ann Bell", "she", "the minister", or not at all."""
SIGNATURE_RE = re.compile(rf"^(?:[―—–]|--?)[ \u00a0]*(?P<name>{NAME_RE.pattern})[ \u00a0]*[.,]?$")
"""What follows a quotation that is signed: "― Ana Ruiz", "-- Tom Ellis."."""
LABEL_RE = re.compile(rf"(?:^|[ \u00a0(–—-])(?P<name>{NAME_RE.pattern})[ \u00a0]*:$")
"""A name and a colon before a quotation: "Blackburn boss Mark Hughes: “…”"."""
LISTENER_END_RE = re.compile(r"\b(?:told|tells|telling|tell|to)[ \u00a0]+(?:the[ \u00a0]+)?$", re.IGNORECASE)
"""Words before a name that make it a listener: "told the Harbour Gazette", "said to Coast Radio"."""
TURN_LABEL_RE = re.compile(r"[ \u00a0]*(?P<who>[A-Z][A-Z.’'-]+(?:[ \u00a0]+[A-Z][A-Z.’'-]*){0,2})[ \u00a0]*:[ \u00a0]+(?=\S)")
"""A transcript turn's speaker label in capitals and its colon, opening a quotation: "\"WALLACE: Let's start ..."."""
UNSPOKEN_LABELS = word_list("unspoken_labels")
"""Words of a transcript label that name no speaker: "VIDEO:", "CROSSTALK:"."""
DETERMINERS = frozenset("the a an one another some many most several its his her their this that these those".split())


@dataclass(frozen=True)
class SpeakerCandidate:
    """One possible speaker of a direct quotation, with what the choice weighs.

    ``actor`` indexes the document's actors; None is someone the text does not name
    ("a source said") or, with ``name`` set, a name resolved to an actor only if chosen.
    """

    source: str
    actor: int | None
    distance: int = 0
    """Characters between the quotation and the cue or name."""
    rank: int = 0
    """0 for the candidate of its source nearest the quotation, 1 for the next, ..."""
    cue: Cue | None = None
    name: str = ""
    verb: str = ""
    kind: str = ""
    """The actor's kind (person, organisation, place, group, unnamed), "" for nobody."""
    mention: str = ""
    """One of MENTIONS."""
    running: bool = False
    """Whether the candidate is the speaker of the run of quotes just before."""
    participle: bool = False
    """Whether a participle of saying ("saying", "adding") leads into the quotation: its subject speaks."""
    span: tuple[int, int] | None = None
    """Where the text names the candidate, when no cue gives the mention."""


def mention_kind(words: str) -> str:
    """How a speaker mention refers: "he" -> pronoun, "the watchdog" -> description, "Ann Bell" -> name."""
    first = words.split()[0] if words.split() else ""
    if not first:
        return ""
    if first.lower() in PRONOUNS and len(words.split()) == 1:
        return "pronoun"
    if first.lower() in DETERMINERS or first[:1].islower():
        return "description"
    return "name"


def cue_candidates(before: list[Cue], after: list[Cue], mark: int, close: int, unresolved: int) -> list[SpeakerCandidate]:
    """Cues before the quotation (nearest first) and after it (nearest first) that say who speaks.

    A cue before may have a speaker the text does not name (``unresolved``): "a source said: “…”"
    is someone's quotation, credited to nobody. A cue after must name one.
    """
    found = [
        SpeakerCandidate("cue_before", None if cue.speaker == unresolved else cue.speaker, mark - cue.end, rank, cue, verb=cue.verb)
        for rank, cue in enumerate(reversed([cue for cue in before if cue.speaker is not None]))
    ]
    found += [
        SpeakerCandidate("cue_after", cue.speaker, cue.start - close, rank, cue, verb=cue.verb)
        for rank, cue in enumerate(cue for cue in after if cue.speaker not in (None, unresolved))
    ]
    return found


def named_candidates(before: str, after: str) -> list[SpeakerCandidate]:
    """A label before the quotation ("Ann Bell: “…”") and a signature after it ("“…” ― Ann Bell")."""
    found = []
    label = LABEL_RE.search(before) if before.endswith(":") else None
    if label and LISTENER_END_RE.search(before, 0, label.start("name")):
        label = None  # "Hale told the Harbour Gazette: “…”": the listener, not a label
    if label and clean_name(label.group("name")):
        found.append(SpeakerCandidate("label", None, name=clean_name(label.group("name")), mention="name"))
    signature = SIGNATURE_RE.match(after)
    if signature and clean_name(signature.group("name")):
        found.append(SpeakerCandidate("signature", None, name=clean_name(signature.group("name")), mention="name"))
    return found


def turn_label(text: str, start: int, end: int) -> tuple[str, tuple[int, int], int] | None:
    """(name, label span, where the words start) when the quotation ``text[start:end]`` opens with a speaker label.

    A transcript printed in quotation marks labels each turn with its speaker's name in capitals and a
    colon: in "\"WALLACE: Let's start ..." Wallace speaks the words after the label. The name is given in
    title case, as the article writes it elsewhere ("Wallace", "Jake Tapper"); a label naming no one
    ("VIDEO:", ``data/unspoken_labels.txt``) gives the name "".
    """
    label = TURN_LABEL_RE.match(text, start, end)
    if label is None:
        return None
    if UNSPOKEN_LABELS.intersection(label.group("who").lower().split()):
        return "", label.span("who"), label.end()  # "VIDEO: ...": a clip played, its voice unnamed
    name = clean_name(label.group("who").title())
    return (name, label.span("who"), label.end()) if name else None
