"""Provides escaped and json_line: untrusted text made safe to print to a terminal, controls shown as escapes.

File names, article text, tag names and error messages come from outside. Printed
raw, ``ESC ] 0 ; ... BEL`` retitles the terminal, other escape sequences clear or
recolour it, a newline splits one line in two and U+202E turns the rest of a line
around. Every line the command line prints goes through ``escaped`` (or
``json_line``), which shows such characters as Python-style escapes instead. This
module imports nothing from Textual, so the command line stays quick to start.
"""

from __future__ import annotations

import json
import re
import unicodedata

UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
"""Control, format (bidi and other invisible), line and paragraph separator, surrogate and private-use characters."""

WHITESPACE = re.compile(r"[ \t\r\n]+")

ZERO_WIDTH_JOINER = "\u200d"
"""A format character that only joins emoji and letters; harmless, and kept so that they show whole."""


def is_unsafe(ch: str) -> bool:
    return ch != ZERO_WIDTH_JOINER and unicodedata.category(ch) in UNSAFE_CATEGORIES


def escape(ch: str) -> str:
    r"""One unsafe character as an escape: ``\n``, ``\x1b``, ``\x85``, ``\u202e``, ``\U000e0001``."""
    code = ord(ch)
    if ch in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escaped(text: str) -> str:
    """``text`` with every control, bidi and other invisible format character written as an escape."""
    return "".join(escape(ch) if is_unsafe(ch) else ch for ch in text)


def folded(text: str, limit: int = 0) -> str:
    """Running text (a quote, a title) on one line: spaces, tabs and line breaks folded, then escaped.

    Args:
        text: Untrusted text.
        limit: Cut to this many characters (before escaping) with an ellipsis; 0 keeps it whole.
    """
    line = WHITESPACE.sub(" ", text).strip()
    if limit and len(line) > limit:
        line = line[: limit - 1] + "…"
    return escaped(line)


def json_line(value: object) -> str:
    """``value`` as one line of JSON, non-ASCII text kept readable but unsafe characters as ``\\u`` escapes.

    ``json.dumps`` escapes only U+0000-U+001F; DEL, C1 controls and bidi
    overrides would otherwise reach the terminal of whoever reads the output.
    """
    text = json.dumps(value, ensure_ascii=False)
    return "".join(json.dumps(ch)[1:-1] if is_unsafe(ch) else ch for ch in text)
