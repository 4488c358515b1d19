"""Provides the speech-cue lexicon: which words attribute speech, read once from ``cues.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class CueLexicon:
    """Speech cues by how they take what was said (see ``cues.toml``)."""

    clause: frozenset[str]
    reporting: frozenset[str]
    naming: frozenset[str]

    @property
    def forms(self) -> frozenset[str]:
        return self.clause | self.reporting | self.naming

    def pattern(self) -> re.Pattern[str]:
        """One regex matching any cue as whole words, longest first, case-insensitive, as group 1."""
        alternatives = sorted((re.escape(form).replace(r"\ ", r"[ \u00a0]+") for form in self.forms), key=len, reverse=True)
        return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def parse_forms(block: str) -> frozenset[str]:
    """The forms of one section: comma-separated on each line, a multi-word cue kept whole."""
    return frozenset(" ".join(form.split()) for line in block.splitlines() for form in line.split(",") if form.strip())


@cache
def load_cues() -> CueLexicon:
    """The shipped lexicon (read once per process)."""
    data = tomllib.loads(resources.files("storage.attribution").joinpath("cues.toml").read_text(encoding="utf-8"))
    return CueLexicon(*(parse_forms(data[section]["forms"]) for section in ("clause", "reporting", "naming")))
