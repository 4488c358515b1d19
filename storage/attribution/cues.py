"""Provides the speech-cue lexicon (which words attribute speech, read once from ``cues.toml``) and found cues."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass
class Cue:
    """A speech verb with the actor it belongs to and the reported clause, if it has one."""

    start: int
    end: int
    verb: str
    speaker: int | None
    content: tuple[int, int] | None
    after: bool
    mention: tuple[int, int] | None = None
    """Where the text names or refers to the speaker: "he", "the minister", "Warner"."""


@dataclass(frozen=True)
class CueLexicon:
    """Speech cues by how they take what was said (see ``cues.toml``)."""

    clause: frozenset[str]
    reporting: frozenset[str]
    naming: frozenset[str]
    object: frozenset[str] = frozenset()
    """Cues whose object or infinitive is what was said ("called for an inquiry", "vowed to fight on")."""

    @property
    def forms(self) -> frozenset[str]:
        return self.clause | self.reporting | self.naming | self.object

    def pattern(self) -> re.Pattern[str]:
        """One regex matching any cue as whole words, case-insensitive, as group 1.

        The alternatives are folded into a trie ("sa(?:id|ys?)..."), so a scan tries a
        letter at a time instead of every cue at every word: extraction's hottest regex.
        """
        trie: dict[str, dict] = {}  # type: ignore[type-arg]
        for form in self.forms:
            node = trie
            for char in form.lower():
                node = node.setdefault(char, {})
            node[""] = {}
        # A letter first lets the scan skip spaces and punctuation before trying the lookbehind; "so-called" is no cue.
        return re.compile(r"(?=[a-z])(?<![\w-])(" + trie_pattern(trie) + r")\b", re.IGNORECASE)


def trie_pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    """The regex for a trie of characters; ``""`` marks where a form may end, the longest match tried first."""
    branches = [
        (r"[ \u00a0]+" if char == " " else re.escape(char)) + trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


def parse_forms(block: str) -> frozenset[str]:
    """The forms of one section: comma-separated on each line, a multi-word cue kept whole."""
    return frozenset(" ".join(form.split()) for line in block.splitlines() for form in line.split(",") if form.strip())


@cache
def load_cues() -> CueLexicon:
    """The shipped lexicon (read once per process)."""
    data = tomllib.loads(resources.files("storage.attribution").joinpath("cues.toml").read_text(encoding="utf-8"))
    return CueLexicon(*(parse_forms(data[section]["forms"]) for section in ("clause", "reporting", "naming", "object")))


@cache
def cue_regex() -> re.Pattern[str]:
    """The shipped lexicon's cue regex (compiled once per process)."""
    return load_cues().pattern()
