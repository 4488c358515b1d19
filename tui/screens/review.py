"""Provides ReviewScreen: walk through two coders' disagreements and settle each into the consensus coder.

Keys: ``a`` accept the first coder's version, ``b`` the second's, ``k`` keep both,
``d`` drop; ``n``/``p`` next/previous; ``c`` copies the spans both coders agree on. Each choice is committed (with the progress)
before the screen moves on, so "12 of 87 settled" survives a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from storage.analysis.review import Disagreement, Review, copy_agreed, load_review, settle
from storage.store import Store, StoreError
from tui.notices import tell
from tui.safe_text import one_line, plain

CHOICE_NAMES = {"first": "accepted {first}", "second": "accepted {second}", "both": "kept both", "drop": "dropped"}


@dataclass(frozen=True)
class ReviewData:
    """A review with what the screen shows of it: document titles and bodies, tag names."""

    review: Review
    titles: dict[int, str]
    bodies: dict[int, str]
    tags: dict[int, str]


def load_review_data(store: Store, pair: tuple[str, str] | None = None) -> ReviewData | str:
    """The review of two coders (default: the first two) with the texts it needs, or why there is none."""
    review = load_review(store, pair)
    if isinstance(review, str):
        return review
    documents = {d.document_id for d in review.disagreements}
    wanted = [document for document in store.documents() if document.id in documents]
    return ReviewData(
        review,
        {d.id: d.title or d.slug for d in wanted},
        {d.id: d.body for d in wanted},
        {tag.id: tag.name for tag in store.tags()},
    )


class ReviewScreen(ModalScreen[None]):
    """One disagreement at a time: both versions side by side in text, and a key for each way to settle it."""

    BINDINGS = [
        Binding("a", "settle('first')", "Accept A", id="review.accept-first"),
        Binding("b", "settle('second')", "Accept B", id="review.accept-second"),
        Binding("k", "settle('both')", "Keep both", id="review.keep-both"),
        Binding("d", "settle('drop')", "Drop", id="review.drop"),
        Binding("c", "copy_agreed", "Copy agreed", id="review.copy-agreed"),
        Binding("n", "move(1)", "Next", id="review.next"),
        Binding("p", "move(-1)", "Previous", id="review.previous"),
        Binding("escape", "close", "Back", id="review.back"),
    ]

    def __init__(self, store: Store, data: ReviewData) -> None:
        """Build the screen.

        Args:
            store: The open database; settling writes the consensus coder's annotations through it.
            data: The review to walk through.
        """
        super().__init__(classes="dialog")
        self.store = store
        self.data = data
        review = data.review
        self.index = next((i for i, d in enumerate(review.disagreements) if d.key not in review.settled), 0)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="review-box"):
            yield Label(id="review-progress", classes="dialog-title")
            yield Static(id="review-body")
            yield Label(
                plain("a accept A · b accept B · k keep both · d drop · n/p next/previous"
                      " · c copy the spans A and B agree on · Escape back"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.show_current()

    @property
    def current(self) -> Disagreement | None:
        disagreements = self.data.review.disagreements
        return disagreements[self.index] if disagreements else None

    def show_current(self) -> None:
        review = self.data.review
        total = len(review.disagreements)
        coders = f"A = {review.first}, B = {review.second} → {review.consensus}"
        self.query_one("#review-progress", Label).update(
            plain(f"Review: {review.settled_count} of {total} settled · {coders}")
        )
        body = self.query_one("#review-body", Static)
        disagreement = self.current
        if disagreement is None:
            body.update(plain("No disagreements: the two coders agree on every span.", "bold"))
            return
        text = self.data.bodies.get(disagreement.document_id, "")
        choice = review.settled.get(disagreement.key)
        status = CHOICE_NAMES[choice].format(first=review.first, second=review.second) if choice else "not settled"
        body.update(
            Content.assemble(
                plain(f"{self.index + 1} of {total} · ", "bold"),
                plain(one_line(self.data.titles.get(disagreement.document_id, "?"), 70), "bold"),
                # Line breaks go in as plain strings: plain() folds untrusted text to one line.
                "\n",
                plain(f"tag: {one_line(self.data.tags.get(disagreement.tag_id, '?'), 40)}"
                      f" · {disagreement.kind.replace('first', 'A').replace('second', 'B')} · {status}"),
                "\n\n",
                version("A", review.first, disagreement.first, text),
                "\n",
                version("B", review.second, disagreement.second, text),
            )
        )

    def action_settle(self, choice: str) -> None:
        disagreement = self.current
        if disagreement is None:
            return
        review = self.data.review
        try:
            settle(self.store, disagreement, choice, review.first, review.second, review.consensus)
        except StoreError as error:
            tell(self, str(error), severity="warning")
            return
        settled = {**review.settled, disagreement.key: choice}
        self.data = replace(self.data, review=replace(review, settled=settled))
        unsettled = [i for i, d in enumerate(review.disagreements) if d.key not in settled]
        later = [i for i in unsettled if i > self.index]
        self.index = (later or unsettled or [self.index])[0]
        self.show_current()

    def action_copy_agreed(self) -> None:
        """Copy every span the two coders tagged identically into the consensus coder."""
        review = self.data.review
        try:
            added = copy_agreed(self.store, review.first, review.second, review.consensus)
        except StoreError as error:
            tell(self, str(error), severity="warning")
            return
        tell(self, f"Copied {added} agreed spans to {review.consensus}")

    def action_move(self, step: int) -> None:
        total = len(self.data.review.disagreements)
        if total:
            self.index = (self.index + step) % total
            self.show_current()

    def action_close(self) -> None:
        self.dismiss(None)


def version(label: str, coder: str, spans: tuple[tuple[int, int], ...], text: str) -> Content:
    """One coder's version: each span's text, or that they tagged nothing here."""
    head = plain(f"{label} ({one_line(coder, 30)}): ", "bold")
    if not spans:
        return Content.assemble(head, plain("nothing tagged here", "italic"))
    parts = [head]
    for start, end in spans:
        parts.extend(["\n", plain(f"  {start}-{end} “{one_line(text[start:end], 300)}”")])
    return Content.assemble(*parts)
