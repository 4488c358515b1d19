"""Provides MainScreen: the coordinator of the three panes (documents, reader, tag sidebar).

Widgets never hold the Store: they post messages, this screen writes through the
Store (each write committed before anything says it is done) and hands fresh data
back down. Reads that gather a whole screen's worth of data run in a thread worker
with its own Store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from storage.exchange.segments import CodedSegment
from storage.models import Actor, Tag
from storage.store import Store, StoreError, load_write_support, summarise
from tui.safe_text import clean, plain, swatch
from tui.screens.actor_picker import ActorChoice, ActorPicker
from tui.screens.annotation_list import AnnotationEntry, AnnotationList
from tui.screens.coded_segments import CodedSegmentsScreen
from tui.screens.confirm import ConfirmDialog
from tui.screens.help import HelpScreen
from tui.screens.kind_picker import KindPicker
from tui.screens.note_editor import NoteEditor
from tui.screens.prompt import TextPrompt
from tui.screens.tag_picker import TagChoice, TagPicker
from tui.snapshot import ORPHAN_PREFIX, Snapshot, load_orphans, load_snapshot
from tui.widgets.document_list import DocumentList, DocumentOptions
from tui.widgets.key_footer import KeyFooter
from tui.widgets.reader import Highlight, QuoteMark, Reader
from tui.widgets.tag_sidebar import ActorList, CodebookTree, TagSidebar

if TYPE_CHECKING:
    from storage.search.engine import SearchHit, SearchIndex

PANES = ("#document-options", "#reader", "#codebook", "#actors")
"""What tab cycles through, in order."""

NARROW_WIDTH = 110
"""Below this many columns only the reader and the focused side pane are shown: with all three,
the reader would be left under 40 columns of text."""

NOTICE_SECONDS = 3
"""How long a confirmation stays up: long enough to read, short enough not to pile up while coding."""

READ_ATTEMPTS = 2
"""How many times a worker tries a read before telling the user it failed."""

CURSOR_SAVE_DELAY = 0.5
"""Seconds of stillness before the cursor position is saved (not every keypress)."""

WRITE_WARM_UP_DELAY = 1.0
"""Seconds after launch at which the write machinery is loaded in the background (see warm_up_writes)."""

READ_ONLY_NOTICE = (
    "This database is read-only: you can read, search and export, but changes cannot be saved."
    " To code, make the file and its folder writable (or work on a copy) and start again."
)
"""Shown (until dismissed) when the database was opened read-only."""


class MainScreen(Screen[None]):
    """Documents on the left, the reader in the middle, codebook and actors on the right."""

    BINDINGS = [
        Binding("tab", "focus_pane(1)", "Next pane", show=False, id="main.next-pane"),
        Binding("shift+tab", "focus_pane(-1)", "Previous pane", show=False, id="main.previous-pane"),
        Binding("u", "undo", "Undo", id="main.undo"),
        Binding("ctrl+r", "redo", "Redo", id="main.redo"),
        Binding("slash", "search", "Search", id="main.search"),
        Binding("e", "export", "Export", show=False, id="main.export"),
        Binding("question_mark", "help", "Keys", id="main.help"),
    ]

    AUTO_FOCUS = ""
    """No automatic focus ("", since None means the app's: the first focusable widget). on_mount
    gives the focus to the pane the user left (the document list at first); a focus given
    automatically would arrive after that one, and its focus event would put a narrow
    terminal's side panes back to the documents."""

    class Loaded(Message):
        """A worker's result, to hand to ``deliver`` on the UI thread."""

        def __init__(self, deliver: Callable[[Any], None], value: Any) -> None:
            super().__init__()
            self.deliver = deliver
            self.value = value

    def __init__(self, store: Store, coder: str) -> None:
        # The documents pane takes the focus first: starting with its class saves restyling
        # every widget on the screen when that first focus arrives, just before the first frame.
        super().__init__(classes="-show-documents")
        self.store = store
        self.coder = coder
        self.snapshot = Snapshot((), (), {})
        self.actor_walk: tuple[int, int] | None = None
        self.restored = False
        self.saved_state: dict[str, Any] = {}
        """What save_state last wrote (or restore_state read), so an unchanged value is not written again."""
        self.cursor = 0
        self.search_index: SearchIndex | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield DocumentList(id="documents-pane")
            with Vertical(id="reader-pane"):
                yield Reader(id="reader")
                yield Static(id="status-line")
            yield TagSidebar(id="sidebar")
        yield KeyFooter(pinned="help")

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def document_id(self) -> int | None:
        return self.snapshot.document.document_id if self.snapshot.document else None

    # -- loading -------------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one("#documents-pane").border_title = "Documents"
        self.query_one("#reader-pane").border_title = "Reader"
        self.query_one("#sidebar").border_title = "Codebook"
        self.query_one("#status-line", Static).update(plain("Choose a document on the left (Enter)", "dim"))
        if self.store.read_only:
            self.tell(READ_ONLY_NOTICE, severity="warning")
        # Read here, not in a worker: no frame has been drawn yet, so nothing can freeze, and the
        # first frame then shows the documents instead of empty panes that are redrawn a moment later.
        try:
            left_off = read_left_off(self.store)
        except (sqlite3.Error, StoreError) as error:
            self.read_failed(str(error))
            self.focus_pane(PANES[0])
            return
        self.restore_state(left_off)
        self.set_timer(WRITE_WARM_UP_DELAY, self.warm_up_writes)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def warm_up_writes(self) -> None:
        """Load what the first write needs (~0.1 s) off the UI thread, once the screen is up.

        Launching only reads, so the Store leaves that import for later; without this,
        the user's first tag would wait for it.
        """
        load_write_support()

    def load(self, deliver: Callable[[Any], None], document_id: int | None) -> None:
        """Read a Snapshot in a worker, then ``deliver`` it here."""
        self.fetch(lambda store: load_snapshot(store, document_id), deliver)

    def refresh_view(self) -> None:
        """Re-read the open document's annotations and every count after a change."""
        self.search_index = None
        self.load(self.show_snapshot, self.document_id)

    def fetch(self, query: Callable[[Store], Any], deliver: Callable[[Any], None]) -> None:
        """Run ``query`` against the database off the UI thread and hand the result to ``deliver``.

        A file database is opened afresh by the worker (a connection belongs to its
        thread); an in-memory one can only be read here, and is small enough to.
        """
        if self.store.path is None:
            deliver(query(self.store))
        else:
            self.query_worker(query, deliver)

    @work(thread=True, group="query", exit_on_error=False)
    def query_worker(self, query: Callable[[Store], Any], deliver: Callable[[Any], None]) -> None:
        """Read with a connection of this thread's own; a failed read is retried once, then reported.

        A read never changes anything, so retrying is safe, and a read that keeps
        failing must not take the whole app (and the user's place in it) down.
        """
        assert self.store.path is not None
        for attempt in range(READ_ATTEMPTS):
            try:
                with Store.open(self.store.path, create=False) as store:
                    value = query(store)
                break
            except (sqlite3.Error, StoreError) as error:
                if attempt + 1 == READ_ATTEMPTS:
                    self.post_message(self.Loaded(self.read_failed, str(error)))
                    return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(deliver, value))

    def read_failed(self, reason: str) -> None:
        self.tell(f"Could not read the database: {reason}", severity="error")

    def on_main_screen_loaded(self, event: Loaded) -> None:
        event.deliver(event.value)

    def restore_state(self, loaded: tuple[Snapshot, int, str]) -> None:
        """Show the first snapshot, at the cursor and in the pane the user left."""
        snapshot, cursor, pane = loaded
        self.saved_state["pane"] = pane
        if snapshot.document is not None:
            self.saved_state["document"] = snapshot.document.document_id
            self.saved_state["cursor"] = {"document": snapshot.document.document_id, "offset": cursor}
        self.show_snapshot(snapshot, cursor=cursor)
        self.restored = True
        self.focus_pane(pane if pane in PANES and snapshot.document else PANES[0])

    def show_snapshot(self, snapshot: Snapshot, *, cursor: int | None = None) -> None:
        previous = self.document_id
        self.snapshot = snapshot
        self.query_one(DocumentList).set_documents(list(snapshot.summaries), self.document_id)
        sidebar = self.query_one(TagSidebar)
        sidebar.set_codebook(list(snapshot.tags), snapshot.counts)
        sidebar.set_actors(list(snapshot.actors))
        document = snapshot.document
        if document is None:
            return
        if document.document_id == previous and cursor is None:
            if document.quotes != self.reader.document.quotes:
                self.reader.set_quotes(document.quotes)
            self.reader.set_highlights(document.highlights)
        else:
            self.reader.show_document(document, cursor=min(cursor or 0, len(document.body)))
            self.query_one("#reader-pane").border_title = plain(document.title)
            self.actor_walk = None

    def open_document(self, document_id: int, *, then: Callable[[], None] | None = None) -> None:
        """Load and show a document from its start (``then`` runs once it is shown)."""

        def deliver(snapshot: Snapshot) -> None:
            self.show_snapshot(snapshot, cursor=0)
            self.save_state("document", document_id)
            if then is not None:
                then()

        self.load(deliver, document_id)

    def on_app_focus(self, event: events.AppFocus) -> None:
        """Another copy of the app may have written meanwhile: show its changes too."""
        if self.restored:
            self.refresh_view()

    # -- state ---------------------------------------------------------------------

    def save_state(self, key: str, value: Any) -> None:
        """Remember where the user is, writing only what changed (restoring focus is not a change)."""
        if self.saved_state.get(key) == value:
            return
        try:
            self.store.set_state(key, value)
        except StoreError:
            return  # Where the user left off is a convenience; never block work on it.
        self.saved_state[key] = value

    def save_cursor(self) -> None:
        if self.document_id is not None:
            self.save_state("cursor", {"document": self.document_id, "offset": self.cursor})

    def on_unmount(self) -> None:
        self.save_cursor()

    # -- panes ---------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def action_focus_pane(self, step: int) -> None:
        focused = self.focused
        current = next((i for i, p in enumerate(PANES) if focused is not None and focused.id == p[1:]), -1)
        if current == -1 and focused is not None and focused.id == "document-filter":
            current = 0
        self.focus_pane(PANES[(current + step) % len(PANES)])

    def focus_pane(self, selector: str) -> None:
        self.show_pane_of(selector)
        self.query_one(selector).focus()

    def show_pane_of(self, selector: str) -> None:
        """In a narrow terminal, show the side pane that is about to take focus."""
        self.set_class(selector in ("#document-options", "#document-filter"), "-show-documents")
        self.set_class(selector in ("#codebook", "#actors"), "-show-sidebar")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget: Widget = event.widget
        if widget.id:
            self.show_pane_of(f"#{widget.id}")
        if self.restored and f"#{widget.id}" in PANES:
            self.save_state("pane", f"#{widget.id}")

    # -- reader --------------------------------------------------------------------

    def on_reader_cursor_moved(self, event: Reader.CursorMoved) -> None:
        self.cursor = event.offset
        self.query_one("#status-line", Static).update(
            Content.assemble((self.walk_position(event.quote), "bold"), status_line(event.quote, event.highlights))
        )
        self.set_timer(CURSOR_SAVE_DELAY, self.save_cursor, name="save-cursor")

    def on_reader_tag_key_pressed(self, event: Reader.TagKeyPressed) -> None:
        tag = next((t for t in self.snapshot.tags if t.shortcut == event.shortcut), None)
        if tag is None:
            self.notify(f"No tag on key {event.shortcut}: set one with k in the codebook", severity="warning")
            return
        self.toggle_tag(tag.id, event.start, event.end)

    def toggle_tag(self, tag_id: int, start: int, end: int) -> None:
        document_id = self.document_id
        if document_id is None:
            return
        name = next((t.name for t in self.snapshot.tags if t.id == tag_id), "")
        try:
            added = self.store.toggle_tag(document_id, tag_id, start, end, coder=self.coder)
        except StoreError as error:
            tagged = self.snapshot.document is not None and any(
                (h.tag_id, h.start, h.end) == (tag_id, start, end) for h in self.snapshot.document.highlights
            )
            self.tell(f"{'Not removed' if tagged else 'Not tagged'}: {error}", severity="error")
            return
        body = self.snapshot.document.body if self.snapshot.document else ""
        verb = "Tagged" if added else "Removed"
        self.tell(f"{verb} {name!r}: {summarise(body[start:end])!r}")
        self.refresh_view()

    def on_reader_tag_picker_requested(self, event: Reader.TagPickerRequested) -> None:
        document_id, start, end = self.document_id, event.start, event.end
        if document_id is None:
            return
        body = self.snapshot.document.body if self.snapshot.document else ""

        def chosen(choice: TagChoice | None) -> None:
            if choice is None:
                return
            if choice.new_name:
                try:
                    tag = self.store.create_tag(choice.new_name, color=next_color(len(self.snapshot.tags)),
                                                coder=self.coder)
                except StoreError as error:
                    self.tell(f"Tag not created: {error}", severity="error")
                    return
                self.snapshot = Snapshot(self.snapshot.summaries, (*self.snapshot.tags, tag), self.snapshot.counts,
                                         self.snapshot.document, self.snapshot.actors, self.snapshot.spoken)
                self.apply_tag(tag.id, tag.name, document_id, start, end)
            elif choice.tag_id is not None:
                name = next((t.name for t in self.snapshot.tags if t.id == choice.tag_id), "")
                self.apply_tag(choice.tag_id, name, document_id, start, end)

        self.app.push_screen(
            TagPicker(f"Tag “{summarise(body[start:end])}”", list(self.snapshot.tags)), chosen
        )

    def apply_tag(self, tag_id: int, name: str, document_id: int, start: int, end: int) -> None:
        try:
            annotation = self.store.apply_tag(document_id, tag_id, start, end, coder=self.coder)
        except StoreError as error:
            self.tell(f"Not tagged: {error}", severity="error")
            return
        self.tell(f"Tagged {name!r}: {summarise(annotation.text)!r}")
        self.refresh_view()

    def highlight_at(self, offset: int) -> Highlight | None:
        """The annotation under the cursor; the innermost (shortest) when they nest."""
        document = self.snapshot.document
        if document is None:
            return None
        under = [h for h in document.highlights if h.start <= offset < h.end]
        return min(under, key=lambda h: (h.end - h.start, -h.annotation_id), default=None)

    def on_reader_note_requested(self, event: Reader.NoteRequested) -> None:
        highlight = self.highlight_at(event.offset)
        if highlight is None:
            self.tell("No annotation under the cursor: tag the text first (1-9 or t)", severity="warning")
            return
        try:
            current = self.store.annotation(highlight.annotation_id).note
        except KeyError:
            self.refresh_view()
            return

        def save(note: str | None) -> None:
            if note is None:
                return
            try:
                self.store.edit_note(highlight.annotation_id, note, coder=self.coder)
            except (StoreError, KeyError) as error:
                self.tell(f"Note not saved: {error}", severity="error")
                return
            self.tell("Note saved" if note.strip() else "Note cleared")
            self.refresh_view()

        self.app.push_screen(NoteEditor(f"Note on {highlight.tag_name!r}", value=current), save)

    def on_reader_delete_requested(self, event: Reader.DeleteRequested) -> None:
        highlight = self.highlight_at(event.offset)
        if highlight is None:
            self.tell("No annotation under the cursor to delete", severity="warning")
            return
        try:
            removed = self.store.remove_annotation(highlight.annotation_id, coder=self.coder)
        except (StoreError, KeyError) as error:
            self.tell(f"Not deleted: {error}", severity="error")
            return
        self.tell(f"Removed {highlight.tag_name!r}: {summarise(removed.text)!r} (u undoes)")
        self.refresh_view()

    # -- corrections of quotes ------------------------------------------------------

    def on_reader_correction_requested(self, event: Reader.CorrectionRequested) -> None:
        """s, c, X or a in the reader: correct the quote under the cursor, or add one."""
        document_id = self.document_id
        if document_id is None:
            return
        if event.action == "add":
            self.add_quote(document_id, event.start, event.end)
            return
        quote = event.quote
        if quote is None:
            self.tell("No quote under the cursor: ] moves to the next one, a adds one", severity="warning")
            return
        excerpt = summarise(self.snapshot.document.body[quote.start : quote.end] if self.snapshot.document else "")
        where = (document_id, quote.start, quote.end)

        def set_speaker(choice: ActorChoice) -> None:
            self.write(lambda: self.store.correct_speaker(*where, choice.name, choice.kind, coder=self.coder),
                       lambda _: f"Speaker of {excerpt!r}: {choice.name or 'none'} (u undoes)")

        def set_kind(kind: str | None) -> None:
            if kind:
                self.write(lambda: self.store.correct_kind(*where, kind, coder=self.coder),
                           lambda _: f"{excerpt!r} is now {kind} (u undoes)")

        if event.action == "speaker":
            self.pick_actor(f"Who said “{excerpt}”?", set_speaker)
        elif event.action == "kind":
            self.app.push_screen(KindPicker(f"Kind of quote for “{excerpt}”", quote.kind), set_kind)
        elif event.action == "reject":
            self.write(lambda: self.store.reject_quote(*where, coder=self.coder),
                       lambda _: f"Not a quote: {excerpt!r} (u undoes)")

    def add_quote(self, document_id: int, start: int, end: int) -> None:
        """Add a span as a quote: first who said it, then its kind."""
        excerpt = summarise(self.snapshot.document.body[start:end] if self.snapshot.document else "")

        def with_speaker(choice: ActorChoice) -> None:
            def with_kind(kind: str | None) -> None:
                if kind:
                    self.write(
                        lambda: self.store.add_quote(document_id, start, end, kind=kind, speaker=choice.name,
                                                     speaker_kind=choice.kind, coder=self.coder),
                        lambda _: f"Added a {kind} quote by {choice.name or 'nobody'}: {excerpt!r} (u undoes)",
                    )

            self.app.push_screen(KindPicker(f"Kind of quote for “{excerpt}”", "direct"), with_kind)

        self.pick_actor(f"Add “{excerpt}” as a quote by…", with_speaker)

    def pick_actor(self, title: str, then: Callable[[ActorChoice], None]) -> None:
        """Read every actor (in a worker), let the user pick one or name a new one, then go on."""

        def chosen(choice: ActorChoice | None) -> None:
            if choice is not None:
                then(choice)

        def show(actors: list[Actor]) -> None:
            self.app.push_screen(ActorPicker(title, actors), chosen)

        self.fetch(lambda store: store.actors(), show)

    # -- undo ----------------------------------------------------------------------

    def action_undo(self) -> None:
        self.replay(self.store.undo, "Undid", "Nothing to undo")

    def action_redo(self) -> None:
        self.replay(self.store.redo, "Redid", "Nothing to redo")

    def replay(self, step: Callable[..., str | None], done: str, nothing: str) -> None:
        try:
            action = step(coder=self.coder)
        except StoreError as error:
            self.tell(str(error), severity="error")
            self.refresh_view()
            return
        self.tell(f"{done} {action}" if action else nothing)
        if action:
            self.refresh_view()

    # -- documents and sidebar ----------------------------------------------------

    def on_document_list_document_selected(self, event: DocumentList.DocumentSelected) -> None:
        self.open_document(event.document_id, then=lambda: self.focus_pane("#reader"))

    def on_tag_sidebar_tag_chosen(self, event: TagSidebar.TagChosen) -> None:
        self.show_segments(event.tag_id)

    def show_segments(self, tag_id: int) -> None:
        """Open the coded segments of a tag; Enter there comes back here with the span selected."""
        tag = next((t for t in self.snapshot.tags if t.id == tag_id), None)
        if tag is not None:
            screen = CodedSegmentsScreen(tag, list(self.snapshot.tags), self.fetch)
            self.app.push_screen(screen, self.open_segment)

    def open_segment(self, segment: CodedSegment | None) -> None:
        if segment is not None:
            self.go_to(segment.document_id, segment.start, segment.end)

    def action_show_segments(self) -> None:
        """Pick a tag, then open its coded segments (the palette's way in)."""

        def chosen(choice: TagChoice | None) -> None:
            if choice is not None and choice.tag_id is not None:
                self.show_segments(choice.tag_id)

        self.app.push_screen(TagPicker("Coded segments of…", list(self.snapshot.tags), allow_new=False), chosen)

    def action_show_orphans(self) -> None:
        """List the annotations and quote corrections that could not follow their passage into a changed text."""

        def show(entries: list[AnnotationEntry]) -> None:
            corrections = sum(entry.note.startswith(ORPHAN_PREFIX) for entry in entries)
            title = f"Orphaned annotations: {len(entries) - corrections}"
            if corrections:
                title += f", quote corrections: {corrections}"
            title += " (their passage changed; Enter shows where it was)"
            self.app.push_screen(AnnotationList(title, entries, empty="No orphaned annotations"), self.jump_to)

        self.fetch(load_orphans, show)

    def jump_to(self, entry: AnnotationEntry | None) -> None:
        if entry is not None:
            self.go_to(entry.document_id, entry.start, entry.end)

    def go_to(self, document_id: int, start: int, end: int) -> None:
        """Show a span of a document selected in the reader, opening the document if need be."""

        def select() -> None:
            self.reader.select_span(start, end)
            self.focus_pane("#reader")

        if document_id == self.document_id:
            select()
        else:
            self.open_document(document_id, then=select)

    def action_search(self) -> None:
        """Open the search overlay over an index of the corpus (built in a worker when stale)."""
        # Search pulls in numpy; importing it on first use keeps startup quick.
        from storage.search.engine import SearchIndex
        from tui.screens.search import SearchScreen

        if self.search_index is not None:
            self.app.push_screen(SearchScreen(self.search_index.search), self.search_chosen)
            return

        def built(index: SearchIndex) -> None:
            self.search_index = index
            self.app.push_screen(SearchScreen(index.search), self.search_chosen)

        self.fetch(SearchIndex.build, built)

    def search_chosen(self, hit: SearchHit | None) -> None:
        if hit is not None and hit.document_id is not None:
            self.go_to(hit.document_id, hit.start, hit.end)

    def on_tag_sidebar_actor_chosen(self, event: TagSidebar.ActorChosen) -> None:
        """Enter (or n) on an actor: the next of their quotes after the last one shown, wrapping."""
        spoken = [q for q in self.snapshot.spoken if q.actor_id == event.actor_id]
        if not spoken:
            return
        index = 0
        if self.actor_walk and self.actor_walk[0] == event.actor_id:
            index = (self.actor_walk[1] + 1) % len(spoken)
        self.actor_walk = (event.actor_id, index)
        quote = spoken[index]
        self.reader.select_span(quote.start, quote.end)

    def walk_position(self, quote: QuoteMark | None) -> str:
        """'2/5 ' when the cursor is on the quote the actor walk went to, else ''."""
        if quote is None or self.actor_walk is None:
            return ""
        actor_id, index = self.actor_walk
        spoken = [q for q in self.snapshot.spoken if q.actor_id == actor_id]
        if index < len(spoken) and spoken[index].start == quote.start:
            return f"{index + 1}/{len(spoken)} "
        return ""

    # -- codebook management ------------------------------------------------------

    def on_tag_sidebar_tag_action_requested(self, event: TagSidebar.TagActionRequested) -> None:
        tags = {tag.id: tag for tag in self.snapshot.tags}
        if event.action == "new":
            self.ask("New tag name", "", lambda name: self.store.create_tag(
                name, color=next_color(len(tags)), coder=self.coder), lambda tag: f"Created tag {tag.name!r}")
            return
        tag = tags.get(event.tag_id) if event.tag_id is not None else None
        if tag is None:
            return
        if event.action == "rename":
            self.ask(f"Rename {tag.name!r}", tag.name, lambda name: self.store.rename_tag(
                tag.id, name, coder=self.coder), lambda tag: f"Renamed to {tag.name!r}")
        elif event.action == "recolor":
            self.ask(f"Colour for {tag.name!r} (#rrggbb)", tag.color, lambda color: self.store.recolor_tag(
                tag.id, color, coder=self.coder), lambda tag: f"Recoloured {tag.name!r}")
        elif event.action == "shortcut":
            self.ask(f"Key 1-9 for {tag.name!r} (empty for none)", str(tag.shortcut or ""),
                     lambda key: self.store.set_tag_shortcut(tag.id, parse_shortcut(key), coder=self.coder),
                     lambda tag: f"Key {tag.shortcut or 'none'} for {tag.name!r}")
        elif event.action in ("move", "merge"):
            self.pick_other_tag(event.action, tag, [t for t in tags.values() if t.id != tag.id])
        elif event.action == "delete":
            self.fetch(lambda store: store.tag_usage(tag.id), lambda count: self.confirm_delete(tag.id, tag.name, count))

    def pick_other_tag(self, action: str, tag: Tag, others: list[Tag]) -> None:
        """Move ``tag`` under, or merge it into, a tag the user picks."""

        def chosen(choice: TagChoice | None) -> None:
            if choice is None:
                return
            target = choice.tag_id
            if action == "move":
                self.write(lambda: self.store.move_tag(tag.id, target, coder=self.coder),
                           lambda moved: f"Moved {moved.name!r}")
            elif target is not None:
                self.write(lambda: self.store.merge_tags(tag.id, target, coder=self.coder),
                           lambda moved: f"Merged {tag.name!r}: {moved} annotations moved")

        if action == "move":
            picker = TagPicker(f"Move {tag.name!r} under…", others, allow_new=False, top_level="(top level)")
        else:
            picker = TagPicker(f"Merge {tag.name!r} into…", others, allow_new=False)
        self.app.push_screen(picker, chosen)

    def action_new_tag(self) -> None:
        self.on_tag_sidebar_tag_action_requested(TagSidebar.TagActionRequested("new", None))

    def action_import(self) -> None:
        """Ask for a file or folder and import it in a worker; the new documents appear in the list."""

        def run(path: str | None) -> None:
            if path and path.strip():
                self.tell(f"Importing {path.strip()}…")
                self.fetch(lambda store: import_files(store, path.strip()), self.imported)

        self.app.push_screen(
            TextPrompt("Import articles from", placeholder="a file or folder: .txt .md .html",
                       hint="Enter to import, Escape to cancel"),
            run,
        )

    def action_export(self) -> None:
        """Ask where to export (the suffix picks the format), confirm a replace, export in a worker."""

        def run(path: str | None, force: bool = False) -> None:
            if not path or not path.strip():
                return
            target = Path(path.strip()).expanduser()
            if target.exists() and not force:

                def replace(yes: bool | None) -> None:
                    if yes:
                        run(path, force=True)

                self.app.push_screen(ConfirmDialog(f"{target} exists.\nReplace it with a new export?"), replace)
                return
            self.tell(f"Exporting to {target}…")
            self.fetch(lambda store: export_to(store, target, force), self.exported)

        self.app.push_screen(
            TextPrompt("Export the project to", value=str(Path.cwd() / "safeguard-export.db"),
                       hint=".db = SQLite, .json = JSON-LD annotations, a folder = CSV files; Enter to export"),
            run,
        )

    def exported(self, outcome: str) -> None:
        self.tell(outcome, severity="error" if outcome.startswith("Export failed") else "information")

    def imported(self, outcome: str) -> None:
        self.tell(outcome, severity="error" if outcome.startswith("Import failed") else "information")
        self.refresh_view()

    def confirm_delete(self, tag_id: int, name: str, count: int) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.write(lambda: self.store.delete_tag(tag_id, coder=self.coder),
                           lambda removed: f"Deleted {name!r} and {removed} annotations (u undoes)")

        what = f"its {count} annotation{'s' if count != 1 else ''}" if count else "no annotations"
        self.app.push_screen(ConfirmDialog(f"Delete tag {name!r}?\nThis removes {what}."), answer)

    def ask(self, title: str, value: str, change: Callable[[str], Any], done: Callable[[Any], str]) -> None:
        """Ask for one line of text, then make the change with it."""

        def answered(text: str | None) -> None:
            if text is not None:
                self.write(lambda: change(text), done)

        self.app.push_screen(TextPrompt(title, value=value), answered)

    def write(self, change: Callable[[], Any], done: Callable[[Any], str]) -> None:
        """Make a Store change; once committed, say so (``done`` words its result) and refresh."""
        try:
            result = change()
        except StoreError as error:
            self.tell(f"Not saved: {error}", severity="error")
            return
        self.tell(done(result))
        self.refresh_view()

    # -- help and messages -------------------------------------------------------

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                [
                    ("Everywhere", [type(self.app), MainScreen]),
                    ("Documents", [DocumentOptions]),
                    ("Reader", [Reader]),
                    ("Codebook", [CodebookTree]),
                    ("Actors", [ActorList]),
                ]
            )
        )

    def tell(self, message: str, *, severity: str = "information") -> None:
        """Notify with untrusted text inside: never parsed as markup, controls removed."""
        timeout = NOTICE_SECONDS if severity == "information" else None
        self.notify(clean(message), severity=severity, markup=False, timeout=timeout)  # type: ignore[arg-type]


def read_left_off(store: Store) -> tuple[Snapshot, int, str]:
    """The snapshot of the document the user left, with the cursor offset and the pane they were in."""
    document_id = store.get_state("document")
    cursor = store.get_state("cursor") or {}
    offset = cursor.get("offset", 0) if cursor.get("document") == document_id else 0
    return load_snapshot(store, document_id), int(offset), str(store.get_state("pane", PANES[0]))


def status_line(quote: QuoteMark | None, highlights: tuple[Highlight, ...]) -> Content:
    """What is under the cursor: the quote's speaker and role, and the tags."""
    parts: list[Content] = []
    if quote is not None:
        speaker = quote.speaker or ("nobody's speech" if quote.kind == "term" else "unknown speaker")
        parts.append(Content.assemble(("❝ ", "bold"), plain(speaker, "bold")))
        if quote.role:
            parts.append(plain(f", {quote.role}", "italic"))
        origin = f", {quote.origin}" if quote.origin != "auto" else ""
        parts.append(plain(f" ({quote.kind}{origin})", "dim"))
        if not highlights:
            parts.append(plain("  · s speaker · c kind · X not a quote", "dim"))
    if highlights:
        if parts:
            parts.append(Content("   "))
        parts.append(Content("tags: "))
        for index, highlight in enumerate(highlights):
            if index:
                parts.append(Content(", "))
            parts.append(Content.assemble(swatch(highlight.color), plain(highlight.tag_name)))
    if not parts:
        return plain("no quote or tag here · 1-9 tag · t pick a tag · a add a quote · ? keys", "dim")
    return Content.assemble(*parts)


TAG_COLORS = ("#e06c75", "#61afef", "#e5c07b", "#98c379", "#d19a66", "#c678dd", "#56b6c2", "#be5046", "#7f848e")


def next_color(count: int) -> str:
    """A colour for a new tag, cycling through a palette that reads on dark and light themes."""
    return TAG_COLORS[count % len(TAG_COLORS)]


def parse_shortcut(text: str) -> int | None:
    """'3' -> 3, '' -> None (no key); anything else is refused with a reason."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and len(text) == 1 and text != "0":
        return int(text)
    raise StoreError(f"{text!r} is not a key from 1 to 9")


def import_files(store: Store, path: str) -> str:
    """Import a file or folder; returns the sentence to show (a failure is reported, not raised)."""
    # Imported here, not at the top: parsing pages is rarely needed and startup should not pay for it.
    from storage.ingest.importer import import_paths
    from storage.ingest.article import IngestError

    try:
        outcomes = import_paths(store, [Path(path).expanduser()])
    except (StoreError, IngestError, OSError) as error:
        return f"Import failed: {error}"
    added = sum(outcome.status != "unchanged" for outcome in outcomes)
    said = f"Imported {added} document{'s' if added != 1 else ''} ({len(outcomes) - added} already here)"
    orphaned = sum(outcome.orphaned for outcome in outcomes)
    if orphaned:
        said += f"; {orphaned} annotation{'s' if orphaned != 1 else ''} orphaned by changed text (ctrl+p Orphaned)"
    lost = sum(outcome.corrections_orphaned for outcome in outcomes)
    if lost:
        said += f"; {lost} quote correction{'s' if lost != 1 else ''} orphaned (ctrl+p Orphaned)"
    return said


def export_format(target: Path) -> str:
    """The export format a path asks for: .json/.jsonld JSON-LD, .db/.sqlite SQLite, anything else CSV files."""
    suffix = target.suffix.lower()
    if suffix in (".json", ".jsonld"):
        return "json"
    if suffix in (".db", ".sqlite", ".sqlite3"):
        return "sqlite"
    return "csv"


def export_to(store: Store, target: Path, force: bool) -> str:
    """Export; returns the sentence to show (a failure is reported, not raised)."""
    from storage.exchange.export import export_database  # Only when exporting: keeps startup quick.

    try:
        report = export_database(store, target, format=export_format(target), force=force)
    except StoreError as error:
        return f"Export failed: {error}"
    return (
        f"Exported {report.documents} documents, {report.annotations} annotations and {report.tags} tags"
        f" to {report.path} ({report.format})"
    )
