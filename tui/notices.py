"""Provides tell(): the one way screens show a short message that may hold untrusted text."""

from __future__ import annotations

from textual.dom import DOMNode

from tui.safe_text import clean

NOTICE_SECONDS = 3.0
"""How long a notice that something worked stays up; warnings and errors keep the app's longer default."""


def tell(node: DOMNode, message: str, *, severity: str = "information", seconds: float | None = None) -> None:
    """Notify with untrusted text inside (paths, names, notes): never parsed as markup, controls removed.

    ``seconds``: how long it stays up (default: NOTICE_SECONDS for information, Textual's default otherwise).
    """
    timeout = seconds if seconds is not None else NOTICE_SECONDS if severity == "information" else None
    node.notify(clean(message), severity=severity, markup=False, timeout=timeout)  # type: ignore[arg-type]
