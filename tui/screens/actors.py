"""Provides ActorsScreen: every actor of the corpus, filtered as you type; merge, split, rename, kind and role.

Each change goes through the Store (journaled, so `u` and ctrl+r undo and redo
it, after a restart too; kept through re-extraction) and is committed before
the screen says it is done; the main screen's speakers and search follow at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection
from textual.worker import get_current_worker

from storage.models import MemoSubject
from storage.store import ACTOR_KINDS, Store, StoreError
from tui.notices import tell
from tui.safe_text import clean, one_line, plain
from tui.screens.memo_editor import edit_memo
from tui.screens.prompt import TextPrompt
from tui.type_ahead import hold_typing
from tui.widgets.actor_table import ActorRow, ActorTable
from tui.widgets.key_footer import KeyFooter
from tui.writes import WriteQueue


def load_rows(store: Store) -> list[ActorRow]:
    """Every actor with its quote count and the words the filter matches, most quoted first."""
    from storage.search.query import words

    rows = [
        ActorRow(actor.id, actor.name, actor.kind, actor.role, actor.aliases, count, actor.curated,
                 frozenset(words(" ".join([actor.name, *actor.aliases, actor.role]))), actor.description)
        for actor, count in store.actors_with_counts()
    ]
    return sorted(rows, key=lambda row: (-row.quotes, row.name.casefold(), row.actor_id))


class ActorFilter:
    """The rows with an index from each word to the rows that have it: a filter scores each distinct word once."""

    def __init__(self, rows: list[ActorRow]) -> None:
        self.rows = rows
        self.postings: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            for word in row.words:
                self.postings.setdefault(word, []).append(index)

    def __call__(self, query: str) -> list[ActorRow]:
        """The rows whose names, aliases or role answer every word typed, fuzzily as search does; best first."""
        # Imported here: the scorer brings in rapidfuzz and numpy, which opening the app does not need.
        from storage.search.query import words
        from storage.search.token_index import score_entry, term_similarity

        terms = words(query)
        if not terms:
            return list(self.rows)
        chosen: set[int] | None = None
        for position, term in enumerate(terms):
            prefix = position == len(terms) - 1
            found = {i for word, ids in self.postings.items() if term_similarity(term, word, prefix) for i in ids}
            chosen = found if chosen is None else chosen & found
        scored = sorted((-score_entry(terms, True, self.rows[i].words), i) for i in chosen or ())
        return [self.rows[i] for _, i in scored]


def count(number: int, noun: str) -> str:
    """'1 name', '2 names'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


class ActorsScreen(Screen[int | None]):
    """All actors: a filter field over the list, and the highlighted actor's details below.

    Enter closes the screen with the highlighted actor's id (the main screen then
    shows that actor's first quote); Escape closes it with None.
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="actors-screen.close"),
        Binding("ctrl+f", "focus_filter", "Filter", show=False, id="actors-screen.filter"),
    ]

    class Filtered(Message):
        """A filter worker's result."""

        def __init__(self, rows: list[ActorRow], keep: int | None, asked: int) -> None:
            super().__init__()
            self.rows = rows
            self.keep = keep
            self.asked = asked

    def __init__(
        self, store: Store, coder: str, writes: WriteQueue, changed: Callable[[], None], *, focus_actor: int | None = None
    ) -> None:
        """Build the screen.

        Args:
            store: The open database (this screen writes through it).
            coder: Recorded on each journal entry.
            writes: The app's write queue: every change goes through it (see tui.writes).
            changed: Called after every committed change, so the screens beneath refresh.
            focus_actor: The actor to put the cursor on first.
        """
        super().__init__()
        self.store = store
        self.coder = coder
        self.writes = writes
        self.changed = changed
        self.all_rows: list[ActorRow] = []
        self.matcher = ActorFilter([])
        self.keep = focus_actor
        # Workers can finish in any order: only the answer to the latest read or filter is shown.
        self.reads_asked = 0
        self.filters_asked = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="actors-pane"):
            yield Input(placeholder="filter actors (names, aliases, role) · Down for the list", id="actor-filter")
            yield ActorListKeys(id="actor-table")
            yield Static(id="actor-detail")
        yield KeyFooter()

    @property
    def table(self) -> ActorTable:
        return self.query_one(ActorTable)

    def on_mount(self) -> None:
        self.query_one("#actors-pane").border_title = "Actors"
        self.table.focus()
        self.reload(self.keep)

    # -- loading and filtering ------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Read every actor again (in a worker for a file database), then filter."""
        self.keep = keep
        self.reads_asked += 1
        if self.store.path is None:
            self.loaded(ActorFilter(load_rows(self.store)), self.reads_asked)
        else:
            self.read_rows(self.reads_asked)

    @work(thread=True, exclusive=True, group="actors-read", exit_on_error=False)
    def read_rows(self, asked: int) -> None:
        assert self.store.path is not None
        try:
            with Store.open(self.store.path, create=False) as store:
                matcher = ActorFilter(load_rows(store))
        except StoreError as error:
            self.app.call_from_thread(self.tell, f"Could not read the actors: {error}", "error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.loaded, matcher, asked)

    def loaded(self, matcher: ActorFilter, asked: int) -> None:
        """Take a read's actors, unless a later read was asked for (a cancelled worker may still answer)."""
        if asked != self.reads_asked:
            return
        self.matcher = matcher
        self.all_rows = matcher.rows
        self.table.marked &= {row.actor_id for row in matcher.rows}
        self.apply_filter()

    def apply_filter(self) -> None:
        query = self.query_one("#actor-filter", Input).value
        self.filters_asked += 1
        self.filter_worker(self.matcher, query, self.keep, self.filters_asked)

    @work(thread=True, exclusive=True, group="actors-filter", exit_on_error=False)
    def filter_worker(self, matcher: ActorFilter, query: str, keep: int | None, asked: int) -> None:
        shown = matcher(query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Filtered(shown, keep, asked))

    def on_actors_screen_filtered(self, event: Filtered) -> None:
        if event.asked != self.filters_asked:
            return  # an earlier filter's answer, arriving after the one asked since
        self.table.set_rows(event.rows, event.keep)
        self.keep = None
        self.show_counts()

    def show_counts(self) -> None:
        marked = len(self.table.marked)
        self.query_one("#actors-pane").border_subtitle = (
            f"{len(self.table.rows)} of {len(self.all_rows)} actors" + (f" · {marked} marked" if marked else "")
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and self.query_one("#actor-filter", Input).has_focus:
            event.stop()
            self.table.focus()

    def on_actor_table_highlighted(self, event: ActorTable.Highlighted) -> None:
        self.show_counts()
        row = event.row
        detail = self.query_one("#actor-detail", Static)
        if row is None:
            detail.update(plain("no actor matches", "dim italic"))
            return
        lines = [
            f"{row.name} · {row.kind}" + (f" · {row.role}" if row.role else "") + f" · {count(row.quotes, 'quote')}"
            + (" · curated" if row.curated else ""),
            "names: " + "; ".join(row.aliases),
            "description: " + (row.description or "none (i writes one)"),
        ]
        detail.update(plain("\n".join(one_line(line, 400) for line in lines), keep_newlines=True))

    # -- actions ----------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_focus_filter(self) -> None:
        hold_typing(self)
        self.query_one("#actor-filter", Input).focus()

    def on_actor_list_keys_action_requested(self, event: ActorListKeys.ActionRequested) -> None:
        handler = getattr(self, f"request_{event.action}")
        handler()

    def request_open(self) -> None:
        row = self.table.current
        if row is not None:
            self.dismiss(row.actor_id)

    def request_filter(self) -> None:
        self.action_focus_filter()

    def request_rename(self) -> None:
        row = self.table.current
        if row is not None:
            self.ask(f"Rename {row.name!r}", row.name,
                     lambda name: self.store.rename_actor(row.actor_id, name, coder=self.coder),
                     lambda actor: f"Renamed to {actor.name!r}", row.actor_id)

    def request_role(self) -> None:
        row = self.table.current
        if row is not None:
            self.ask(f"Role of {row.name!r} (empty for none)", row.role,
                     lambda role: self.store.set_actor_role(row.actor_id, role, coder=self.coder),
                     lambda actor: f"{actor.name!r} is now {actor.role or 'without a role'}", row.actor_id)

    def request_kind(self) -> None:
        row = self.table.current
        if row is None:
            return

        def chosen(kind: str | None) -> None:
            if kind:
                self.write(lambda: self.store.set_actor_kind(row.actor_id, kind, coder=self.coder),
                           lambda actor: f"{actor.name!r} is a {actor.kind}", row.actor_id)

        self.app.push_screen(KindPicker(row.name, row.kind), chosen)

    def request_merge(self) -> None:
        row = self.table.current
        chosen = self.table.marked_or_current()
        if row is None or not self.table.marked:
            self.tell("Mark the actors to merge with space, then press m on the one to keep", "warning")
            return
        sources = [actor_id for actor_id in chosen if actor_id != row.actor_id]
        if not sources:
            self.tell("Mark other actors than this one to merge into it", "warning")
            return
        self.table.marked.clear()
        self.write(lambda: self.store.merge_actors(sources, row.actor_id, coder=self.coder),
                   lambda actor: f"Merged {count(len(sources), 'actor')} into {actor.name!r}",
                   row.actor_id)

    def request_split(self) -> None:
        row = self.table.current
        if row is None:
            return
        # A quote in a reader comment belongs to its commenter: merge or rename the commenter instead.
        quotes = [quote for quote in self.store.quotes_by_actor(row.actor_id) if quote.comment_id is None]

        def chosen(picked: tuple[list[str], list[int]] | None) -> None:
            if picked and (picked[0] or picked[1]):
                self.ask_split_target(row, *picked)

        self.app.push_screen(SplitDialog(row, [(quote.id, quote.text) for quote in quotes]), chosen)

    def ask_split_target(self, row: ActorRow, aliases: list[str], quote_ids: list[int]) -> None:
        """Ask where the chosen names and quotes go: a new actor's name, or an existing actor's."""
        others = {other.name.casefold(): other for other in self.all_rows if other.actor_id != row.actor_id}

        def answered(name: str | None) -> None:
            if name is None or not clean(name).strip():
                return
            into = others.get(" ".join(clean(name).split()).casefold())
            self.write(
                lambda: self.store.split_actor(row.actor_id, aliases=aliases, quote_ids=quote_ids,
                                               into=into.actor_id if into else None, name=name, coder=self.coder),
                lambda actor_id: f"Moved {count(len(aliases), 'name')} and {count(len(quote_ids), 'quote')} to"
                                 f" {self.store.actor(actor_id).name!r}",
                row.actor_id,
            )

        suggestion = aliases[0] if aliases else ""
        self.app.push_screen(
            TextPrompt(f"Move them from {row.name!r} to…", value=suggestion,
                       hint="an existing actor's name moves them to it; any other name makes a new actor"),
            answered,
        )

    def request_describe(self) -> None:
        row = self.table.current
        if row is None:
            return

        def closed(changed: bool) -> None:
            if changed:
                self.tell(f"Description of {row.name!r} saved (u undoes)")
                self.reload(row.actor_id)
                self.changed()

        edit_memo(self, self.store, self.writes, MemoSubject("actor", row.actor_id), f"Description of {row.name!r}",
                  self.coder, closed)

    def request_undo(self) -> None:
        self.replay(self.store.undo, "Undid", "Nothing to undo")

    def request_redo(self) -> None:
        self.replay(self.store.redo, "Redid", "Nothing to redo")

    def replay(self, step: Callable[..., str | None], done: str, nothing: str) -> None:
        current = self.table.current

        def replayed(action: str | None) -> None:
            self.tell(f"{done} {action}" if action else nothing)
            self.after_change(current.actor_id if current else None)

        def failed(error: Exception) -> None:
            self.tell(str(error), "error")
            self.after_change(current.actor_id if current else None)

        self.writes.submit(lambda: step(coder=self.coder), replayed, failed)

    def ask(self, title: str, value: str, change: Callable[[str], Any], done: Callable[[Any], str], keep: int) -> None:
        def answered(text: str | None) -> None:
            if text is not None:
                self.write(lambda: change(text), done, keep)

        self.app.push_screen(TextPrompt(title, value=value), answered)

    def write(self, change: Callable[[], Any], done: Callable[[Any], str], keep: int | None) -> None:
        """Make a Store change (through the write queue); once committed, say so, and refresh this list and the
        screens beneath."""

        def made(result: Any) -> None:
            self.tell(done(result))
            self.after_change(keep)

        self.writes.submit(change, made, lambda error: self.tell(str(error), "error"))

    def after_change(self, keep: int | None) -> None:
        """Refresh this list (unless the screen was closed while the change waited) and the screens beneath."""
        if self in self.app.screen_stack:
            self.reload(keep)
        self.changed()

    def tell(self, message: str, severity: str = "information") -> None:
        tell(self, message, severity=severity)


class ActorListKeys(ActorTable):
    """The actor table with the Actors screen's keys: they live on the list, so typing a filter never fires them."""

    BINDINGS = [
        Binding("enter", "request('open')", "First quote", id="actors-screen.open"),
        Binding("m", "request('merge')", "Merge marked into this", id="actors-screen.merge"),
        Binding("s", "request('split')", "Split", id="actors-screen.split"),
        Binding("r", "request('rename')", "Rename", id="actors-screen.rename"),
        Binding("t", "request('kind')", "Kind", id="actors-screen.kind"),
        Binding("o", "request('role')", "Role", id="actors-screen.role"),
        Binding("i", "request('describe')", "Description", id="actors-screen.describe"),
        Binding("u", "request('undo')", "Undo", id="actors-screen.undo"),
        Binding("ctrl+r", "request('redo')", "Redo", id="actors-screen.redo"),
        Binding("f,slash", "request('filter')", "Filter", id="actors-screen.filter-field"),
    ]

    class ActionRequested(Message):
        """A key asked the screen for one of its actions."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def action_request(self, action: str) -> None:
        if action not in ("undo", "redo"):
            hold_typing(self)
        self.post_message(self.ActionRequested(action))


class KindPicker(ModalScreen[str | None]):
    """Choose an actor's kind; Enter picks, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="kind-picker.cancel")]

    def __init__(self, name: str, kind: str) -> None:
        super().__init__(classes="dialog")
        self.actor_name = name
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(f"What is {self.actor_name!r}?"), classes="dialog-title")
            yield OptionList(*[Option(kind, id=kind) for kind in ACTOR_KINDS], id="kind-options")
            yield Label("Enter to choose, Escape to cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.kind in ACTOR_KINDS:
            options.highlighted = ACTOR_KINDS.index(self.kind)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SplitDialog(ModalScreen[tuple[list[str], list[int]] | None]):
    """Choose which of an actor's names and quotes to move: space marks, Enter goes on, Escape cancels."""

    BINDINGS = [
        Binding("enter", "confirm", "Move the marked", priority=True, id="split.confirm"),
        Binding("escape", "cancel", "Cancel", id="split.cancel"),
    ]

    def __init__(self, row: ActorRow, quotes: list[tuple[int, str]]) -> None:
        super().__init__(classes="dialog")
        self.row = row
        self.quotes = quotes

    def compose(self) -> ComposeResult:
        selections: list[Selection[str]] = [
            Selection(plain(f"name: {alias}"), f"alias:{index}") for index, alias in enumerate(self.row.aliases)
        ]
        selections += [
            Selection(plain(f"quote: {one_line(text, 70)}"), f"quote:{quote_id}") for quote_id, text in self.quotes
        ]
        with Vertical(classes="dialog-box"):
            yield Label(plain(f"Split {self.row.name!r}: mark names and quotes to move"), classes="dialog-title")
            yield SelectionList[str](*selections, id="split-options")
            yield Label("space marks · Enter moves the marked · Escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_confirm(self) -> None:
        chosen = self.query_one(SelectionList).selected
        aliases = [self.row.aliases[int(value.split(":")[1])] for value in chosen if value.startswith("alias:")]
        quote_ids = [int(value.split(":")[1]) for value in chosen if value.startswith("quote:")]
        self.dismiss((aliases, quote_ids))

    def action_cancel(self) -> None:
        self.dismiss(None)
