"""Provides MainScreen: the coordinator of the three panes (documents, reader, tag sidebar).

Widgets never hold the Store: they post messages, this screen writes through the
Store (each write committed before anything says it is done) and hands fresh data
back down. Reads that gather a whole screen's worth of data run in a thread worker
with its own Store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from functools import partial
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

from storage.attribute_values import AttributeValueError, checked_value
from storage.models import Actor, Attribute, MemoSubject, Tag
from storage.store import Store, StoreError, load_write_support, summarise
from tui.coder_view import ALL, describe_view, next_view, visible_highlights
from tui.notices import tell
from tui.safe_text import clean, plain
from tui.snapshot import ORPHAN_PREFIX, Snapshot, load_orphans, load_snapshot
from tui.type_ahead import HOLD_LIMIT, hold_typing
from tui.widgets.document_list import DocumentList, DocumentRows
from tui.widgets.key_footer import KeyFooter
from tui.widgets.reader import Highlight, QuoteMark, Reader
from tui.widgets.status_line import StatusLine
from tui.widgets.tag_sidebar import ActorList, CodebookTree, TagSidebar
from tui.wording import counted
from tui.writes import WriteQueue

# The dialogs and screens a key opens are imported by the method that opens them, not here:
# launch draws only the three panes, and importing the rest would add to every launch.
if TYPE_CHECKING:
    from storage.exchange.segments import CodedSegment
    from storage.search.engine import SearchHit, SearchIndex
    from tui.screens.actor_picker import ActorChoice
    from tui.screens.annotation_list import AnnotationEntry
    from tui.screens.attribute_definition import AttributeSpec
    from tui.screens.export_prompt import ExportTarget
    from tui.screens.tag_picker import TagChoice

LEGEND = (
    ("16q 2a", "a document's quotes found (q) and annotations made (a)"),
    ("0/1", "a tag's annotations in the open document / in the whole corpus"),
    ("❝ name", "the quote under the cursor and who said it (status line)"),
    ("■ tag +2", "the tags under the cursor; +2 more that do not fit"),
    ("✎ note", "the first line of the note on the annotation here"),
    ("✎ memo", "the open document has a memo (m opens it; reader title)"),
)
"""What the numbers and marks on screen mean, for the help sheet and the panes' tooltips."""

PANES = ("#document-options", "#reader", "#codebook", "#actors")
"""What tab cycles through, in order."""

NARROW_WIDTH = 110
"""Below this many columns only the reader and the focused side pane are shown: with all three,
the reader would be left under 40 columns of text."""

SUMMARY_SECONDS = 12
"""How long an import's summary stays up: it can name several skipped files, and the import may have run a while."""

READ_ATTEMPTS = 2
"""How many times a worker tries a read before telling the user it failed."""

CURSOR_SAVE_DELAY = 0.5
"""Seconds of stillness before the cursor position is saved (not every keypress)."""

WRITE_WARM_UP_DELAY = 1.0
"""Seconds after launch at which the write machinery is loaded in the background (see warm_up_writes)."""

MEMO_MARK = Content.styled("✎ memo (m) · ", "italic")
"""Before the reader's title when the open document has a memo (before, so a long title cannot hide it)."""

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
        Binding("i", "edit_attributes", "Attributes", id="main.attributes"),
        Binding("slash", "search", "Search", id="main.search"),
        Binding("e", "export", "Export", show=False, id="main.export"),
        Binding("question_mark", "help", "Keys", id="main.help"),
        Binding("o", "cycle_coder_view", "Coders shown", show=False, id="main.cycle-coder-view"),
        Binding("M", "project_memo", "Project memo", show=False, id="main.project-memo"),
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

    def __init__(self, store: Store, coder: str, writes: WriteQueue) -> None:
        # The documents pane takes the focus first: starting with its class saves restyling
        # every widget on the screen when that first focus arrives, just before the first frame.
        super().__init__(classes="-show-documents")
        self.store = store
        self.writes = writes
        """Every change goes through it (see tui.writes): the screen never waits for another program's write."""
        self.coder = coder
        self.coder_view = ALL
        """Whose annotations the reader shows (see tui.coder_view)."""
        self.snapshot = Snapshot((), {})
        self.actor_walk: tuple[int, int] | None = None
        self.restored = False
        self.saved_state: dict[str, Any] = {}
        """What save_state last wrote (or restore_state read), so an unchanged value is not written again."""
        self.cursor = 0
        self.search_index: SearchIndex | None = None
        self.wanted_document: int | None = None
        """The document last asked for: shown, or still being read by a worker."""
        self.loads_asked = 0
        self.loads_shown = 0
        """Numbers of the last load asked for and the newest one shown (see load)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield DocumentList(id="documents-pane")
            with Vertical(id="reader-pane"):
                yield Reader(id="reader")
                yield StatusLine(id="status-line")
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
        self.show_coder()
        self.query_one("#sidebar").border_title = "Codebook"
        self.query_one("#document-options").tooltip = "date · {}: {}".format(*LEGEND[0])
        self.query_one("#codebook").tooltip = "{}: {}".format(*LEGEND[1])
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
        """Read a Snapshot in a worker, then ``deliver`` it here.

        Reads run side by side and can finish in any order. A read that finishes
        after a newer one was shown is never shown over it: for another document it
        is dropped (a refresh asked for before the user opened a document would put
        the previous document back); for the same document ``deliver`` gets the newer
        snapshot instead, so what it goes on to do (open at a quote) still happens
        but counts and marks never go back to an older state.
        """
        self.loads_asked += 1
        number = self.loads_asked

        def deliver_unless_stale(snapshot: Snapshot) -> None:
            shown = snapshot.document.document_id if snapshot.document else None
            if number < self.loads_shown:
                if shown != self.document_id:
                    return
                snapshot = self.snapshot
            self.loads_shown = max(self.loads_shown, number)
            deliver(snapshot)

        self.fetch(lambda store: load_snapshot(store, document_id), deliver_unless_stale)

    def refresh_view(self) -> None:
        """Re-read the open document's annotations and every count after a change."""
        self.load(self.show_snapshot, self.wanted_document)

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
            self.wanted_document = snapshot.document.document_id
            self.saved_state["document"] = snapshot.document.document_id
            self.saved_state["cursor"] = {"document": snapshot.document.document_id, "offset": cursor}
        self.show_snapshot(snapshot, cursor=cursor)
        self.restored = True
        self.focus_pane(pane if pane in PANES and snapshot.document else PANES[0])

    def show_snapshot(self, snapshot: Snapshot, *, cursor: int | None = None) -> None:
        previous = self.document_id
        self.snapshot = snapshot
        self.query_one(DocumentList).set_source(self.store, self.document_id)
        sidebar = self.query_one(TagSidebar)
        sidebar.set_codebook(list(snapshot.tags), snapshot.counts)
        sidebar.set_actors(list(snapshot.actors))
        document = snapshot.document
        if document is None:
            return
        visible = visible_highlights(document.highlights, self.coder, self.coder_view)
        if document.document_id == previous and cursor is None:
            if document.quotes != self.reader.document.quotes:
                self.reader.set_quotes(document.quotes)
            self.reader.set_highlights(visible)
        else:
            shown = replace(document, highlights=visible)
            self.reader.show_document(shown, cursor=cursor or 0)  # the reader keeps it inside its text
            self.actor_walk = None
        title = plain(document.title)
        self.query_one("#reader-pane").border_title = MEMO_MARK + title if snapshot.memo else title

    def open_document(self, document_id: int, *, then: Callable[[], None] | None = None) -> None:
        """Load and show a document from its start (``then`` runs once it is shown)."""
        self.wanted_document = document_id

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
        self.query_one(StatusLine).show(event.quote, event.highlights, self.walk_position(event.quote))
        self.set_timer(CURSOR_SAVE_DELAY, self.save_cursor, name="save-cursor")

    def on_reader_tag_key_pressed(self, event: Reader.TagKeyPressed) -> None:
        tag = next((t for t in self.snapshot.tags if t.shortcut == event.shortcut), None)
        if tag is None:
            self.notify(f"No tag on key {event.shortcut}: set one with k in the codebook", severity="warning")
            return
        self.toggle_tag(tag.id, event.start, event.end, event.comment_id)

    def toggle_tag(self, tag_id: int, start: int, end: int, comment_id: int | None = None) -> None:
        document_id = self.document_id
        if document_id is None:
            return
        name = next((t.name for t in self.snapshot.tags if t.id == tag_id), "")
        excerpt = summarise(self.text_of(comment_id)[start:end])
        tagged = self.snapshot.document is not None and any(
            (h.tag_id, h.start, h.end) == (tag_id, start, end) for h in self.snapshot.document.highlights
        )

        def toggled(added: object) -> None:
            self.tell(f"{'Tagged' if added else 'Removed'} {name!r}: {excerpt!r}")
            self.refresh_view()

        self.change(lambda: self.store.toggle_tag(document_id, tag_id, start, end, coder=self.coder,
                                                  comment_id=comment_id),
                    toggled, "Not removed" if tagged else "Not tagged")

    def text_of(self, comment_id: int | None) -> str:
        """The open document's body, or the text of one of its reader comments."""
        document = self.snapshot.document
        if document is None:
            return ""
        if comment_id is None:
            return document.body
        return next((c.text for c in document.comments if c.comment_id == comment_id), "")

    def on_reader_tag_picker_requested(self, event: Reader.TagPickerRequested) -> None:
        from tui.screens.tag_picker import TagPicker

        document_id, start, end, comment_id = self.document_id, event.start, event.end, event.comment_id
        if document_id is None:
            return
        body = self.text_of(comment_id)

        def chosen(choice: TagChoice | None) -> None:
            if choice is None:
                return
            if choice.new_name:
                new_name, color = choice.new_name, next_color(len(self.snapshot.tags))

                def created(tag: Tag) -> None:
                    self.snapshot = replace(self.snapshot, tags=(*self.snapshot.tags, tag))
                    self.apply_tag(tag.id, tag.name, document_id, (start, end, comment_id))

                self.change(lambda: self.store.create_tag(new_name, color=color, coder=self.coder), created,
                            "Tag not created")
            elif choice.tag_id is not None:
                name = next((t.name for t in self.snapshot.tags if t.id == choice.tag_id), "")
                self.apply_tag(choice.tag_id, name, document_id, (start, end, comment_id))

        highlights = self.snapshot.document.highlights if self.snapshot.document else ()
        applied = frozenset(
            h.tag_id for h in highlights if h.comment_id == comment_id and h.start < end and start < h.end
        )
        self.app.push_screen(
            TagPicker(f"Tag “{summarise(body[start:end])}”", list(self.snapshot.tags), applied=applied), chosen
        )

    def apply_tag(self, tag_id: int, name: str, document_id: int, span: tuple[int, int, int | None]) -> None:
        """Tag ``(start, end, comment id)`` of the open document (its body when the comment id is None)."""
        start, end, comment_id = span
        self.write(lambda: self.store.apply_tag(document_id, tag_id, start, end, coder=self.coder, comment_id=comment_id),
                   lambda annotation: f"Tagged {name!r}: {summarise(annotation.text)!r}", "Not tagged")

    def mine_under(self, under: tuple[Highlight, ...], doing: str) -> tuple[Highlight, ...]:
        """The annotations under the cursor that are mine; says why nothing is done when there are none."""
        mine = tuple(h for h in under if not h.foreign)
        if not under:
            self.tell("No annotation under the cursor: tag the text first (1-9 or t)", severity="warning")
        elif not mine:
            self.tell(f"That annotation is {under[0].coder or 'unnamed'}'s: switch coder to {doing} it",
                      severity="warning")
        return mine

    def on_reader_note_requested(self, event: Reader.NoteRequested) -> None:
        from tui.screens.tag_picker import TagPicker

        under = self.mine_under(event.under, "note")
        if not under:
            return
        tag_ids = list(dict.fromkeys(h.tag_id for h in under))
        if len(tag_ids) == 1:
            self.write_note(min(under, key=lambda h: h.end - h.start))
            return

        def chosen(choice: TagChoice | None) -> None:
            picked = [h for h in under if choice is not None and h.tag_id == choice.tag_id]
            if picked:
                self.write_note(min(picked, key=lambda h: h.end - h.start))

        tags = {tag.id: tag for tag in self.snapshot.tags}
        self.app.push_screen(
            TagPicker("Note on which annotation?", [tags[tag_id] for tag_id in tag_ids if tag_id in tags],
                      allow_new=False, placeholder="the annotations under the cursor, by tag"),
            chosen,
        )

    def write_note(self, highlight: Highlight) -> None:
        """Ask for the note of one annotation and save it."""
        try:
            current = self.store.annotation(highlight.annotation_id).note
        except KeyError:
            self.refresh_view()
            return

        def save(note: str | None) -> None:
            if note is not None:
                self.write(lambda: self.store.edit_note(highlight.annotation_id, note, coder=self.coder),
                           lambda _: "Note saved" if note.strip() else "Note cleared", "Note not saved")

        from tui.screens.note_editor import NoteEditor  # its TextArea alone would cost launch ~7 ms

        self.app.push_screen(NoteEditor(f"Note on {highlight.tag_name!r}", value=current), save)

    def on_reader_delete_requested(self, event: Reader.DeleteRequested) -> None:
        # The innermost (shortest) when annotations nest.
        mine = self.mine_under(event.under, "delete")
        highlight = min(mine, key=lambda h: (h.end - h.start, -h.annotation_id), default=None)
        if highlight is None:
            return
        self.write(lambda: self.store.remove_annotation(highlight.annotation_id, coder=self.coder),
                   lambda removed: f"Removed {highlight.tag_name!r}: {summarise(removed.text)!r} (u undoes)",
                   "Not deleted")

    # -- corrections of quotes ------------------------------------------------------

    def on_reader_correction_requested(self, event: Reader.CorrectionRequested) -> None:
        """s, c, X or a in the reader: correct the quote under the cursor, or add one."""
        from tui.screens.kind_picker import KindPicker

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
        from tui.screens.kind_picker import KindPicker

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
        from tui.screens.actor_picker import ActorPicker

        def chosen(choice: ActorChoice | None) -> None:
            if choice is not None:
                then(choice)

        def show(actors: list[Actor]) -> None:
            self.app.push_screen(ActorPicker(title, actors), chosen)

        self.fetch(lambda store: store.actors(), show)
    # -- coders --------------------------------------------------------------------

    def show_coder(self) -> None:
        self.query_one("#reader-pane").border_subtitle = plain(describe_view(self.coder_view, self.coder))

    def action_cycle_coder_view(self) -> None:
        """Show everyone's coding, mine, then each other coder's of this document in turn."""
        document = self.snapshot.document
        self.coder_view = next_view(self.coder_view, self.coder, document.highlights if document else ())
        self.show_coder()
        if document is not None:
            self.reader.set_highlights(visible_highlights(document.highlights, self.coder, self.coder_view))
        self.tell(f"Showing {describe_view(self.coder_view, self.coder).split(' · ')[1]}")

    def action_switch_coder(self) -> None:
        """Ask for the coder name recorded on new work (and whose changes undo touches)."""
        from tui.screens.prompt import TextPrompt

        hold_typing(self)

        def switch(name: str | None) -> None:
            name = clean(name or "").strip()
            if not name:
                return
            self.coder = name
            self.app.coder = name  # type: ignore[attr-defined]
            self.show_coder()
            self.refresh_view()
            self.tell(f"Coding as {name}")

        self.app.push_screen(
            TextPrompt("Code as", value=self.coder, placeholder="coder name",
                       hint="Enter to switch: new annotations and undo are this coder's"),
            switch,
        )

    def action_agreement(self) -> None:
        """Show agreement per tag between every coder who coded, computed in a worker."""
        from tui.screens.agreement import AgreementScreen, load_agreement

        screen = AgreementScreen()
        self.app.push_screen(screen)
        self.fetch(load_agreement, screen.show_report)

    def action_analysis(self) -> None:
        """Open the analysis screen: tag x actor, tag co-occurrence and coding over time, each read in a worker."""
        from tui.screens.analysis import AnalysisScreen

        try:
            attributes = self.store.attributes()
        except (sqlite3.Error, StoreError) as error:
            self.read_failed(str(error))
            return
        self.app.push_screen(AnalysisScreen(list(self.snapshot.tags), self.fetch, attributes))

    def action_review(self) -> None:
        """Walk through two coders' disagreements and settle them into the consensus coder."""
        from storage.analysis.agreement import CONSENSUS, store_coders
        from tui.screens.prompt import TextPrompt
        from tui.screens.review import ReviewData, ReviewScreen, load_review_data

        def show(data: ReviewData | str) -> None:
            if isinstance(data, str):
                self.tell(f"Nothing to review: {data}", severity="warning")
                return
            self.app.push_screen(ReviewScreen(self.store, data), lambda _: self.refresh_view())

        def review(answer: str | None) -> None:
            if answer is None:
                return
            names = [name.strip() for name in answer.split(",") if name.strip()]
            if len(names) != 2:
                self.tell("Name two coders, comma-separated", severity="warning")
                return
            self.fetch(lambda store: load_review_data(store, (names[0], names[1])), show)

        coders = [coder for coder in store_coders(self.store) if coder != CONSENSUS]
        if len(coders) <= 2:
            self.fetch(load_review_data, show)
            return
        self.app.push_screen(
            TextPrompt("Review which two coders?", value=f"{coders[0]},{coders[1]}",
                       hint=f"Coders: {', '.join(coders)}. Enter to review, Escape to cancel"),
            review,
        )

    # -- undo ----------------------------------------------------------------------

    def action_undo(self) -> None:
        self.replay(self.store.undo, "Undid", "Nothing to undo")

    def action_redo(self) -> None:
        self.replay(self.store.redo, "Redid", "Nothing to redo")

    def replay(self, step: Callable[..., str | None], done: str, nothing: str) -> None:
        def replayed(action: str | None) -> None:
            self.tell(f"{done} {action}" if action else nothing)
            if action:
                self.refresh_view()

        def failed(error: Exception) -> None:
            self.tell(str(error), severity="error")
            self.refresh_view()

        self.writes.submit(lambda: step(coder=self.coder), replayed, failed)

    # -- documents and sidebar ----------------------------------------------------

    def on_document_list_document_selected(self, event: DocumentList.DocumentSelected) -> None:
        self.open_document(event.document_id, then=lambda: self.focus_pane("#reader"))

    def on_tag_sidebar_tag_chosen(self, event: TagSidebar.TagChosen) -> None:
        self.show_segments(event.tag_id)

    def show_segments(self, tag_id: int) -> None:
        """Open the coded segments of a tag; Enter there comes back here with the span selected."""
        from tui.screens.coded_segments import CodedSegmentsScreen

        tag = next((t for t in self.snapshot.tags if t.id == tag_id), None)
        if tag is not None:
            try:
                names = [attribute.name for attribute in self.store.attributes()]
            except (sqlite3.Error, StoreError) as error:
                self.read_failed(str(error))
                return
            screen = CodedSegmentsScreen(tag, list(self.snapshot.tags), self.fetch, attribute_names=names)
            self.app.push_screen(screen, self.open_segment)

    def open_segment(self, segment: CodedSegment | None) -> None:
        if segment is not None:
            self.go_to(segment.document_id, segment.start, segment.end)

    def action_show_segments(self) -> None:
        """Pick a tag, then open its coded segments (the palette's way in)."""
        from tui.screens.tag_picker import TagPicker

        hold_typing(self)

        def chosen(choice: TagChoice | None) -> None:
            if choice is not None and choice.tag_id is not None:
                self.show_segments(choice.tag_id)

        self.app.push_screen(TagPicker("Coded segments of…", list(self.snapshot.tags), allow_new=False), chosen)

    def action_show_orphans(self) -> None:
        """List the annotations and quote corrections that could not follow their passage into a changed text."""
        from tui.screens.annotation_list import AnnotationList

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
            self.go_to(entry.document_id, entry.start, entry.end, entry.comment_id)

    def go_to(self, document_id: int, start: int, end: int, comment_id: int | None = None) -> None:
        """Show a span of a document (or of a reader comment) selected in the reader, opening it if need be."""

        def select() -> None:
            self.reader.select_span(start, end, comment_id)
            self.focus_pane("#reader")

        if document_id == self.document_id:
            select()
        else:
            self.open_document(document_id, then=select)

    def action_search(self) -> None:
        """Open the search overlay over the corpus's saved index (opened in a worker the first time).

        The index stays open: before each search it takes in what was written
        since (by this app or another process), which after some coding is a
        few annotations, never a rebuild.
        """
        # The first opening may build the index (seconds at a million quotes): the query typed meanwhile
        # waits for the overlay however long that takes; a failed read says so, which hands the keys back.
        hold_typing(self, limit=HOLD_LIMIT if self.search_index is not None else None)
        # Search pulls in numpy; importing it on first use keeps startup quick.
        from storage.search.memo_index import MemoIndex, search_everything
        from storage.search.saved_index import open_index
        from tui.screens.search import SearchScreen

        def show(index: SearchIndex) -> None:
            try:
                memos = MemoIndex(self.store.memos())
            except (sqlite3.Error, StoreError) as error:
                self.read_failed(str(error))
                memos = MemoIndex([])
            self.app.push_screen(SearchScreen(partial(search_everything, index, memos)), self.search_chosen)

        if self.search_index is not None:
            try:
                self.search_index.catch_up(self.store)
            except (sqlite3.Error, StoreError) as error:
                self.read_failed(str(error))
            show(self.search_index)
            return

        def opened(index: SearchIndex) -> None:
            self.search_index = index
            show(index)

        self.fetch(open_index, opened)

    def search_chosen(self, hit: SearchHit | None) -> None:
        if hit is not None and hit.memo is not None:
            self.open_memo(hit.memo, hit.document_title)
        elif hit is not None and hit.document_id is not None:
            self.go_to(hit.document_id, hit.start, hit.end, hit.comment_id)

    # -- memos ---------------------------------------------------------------------

    def open_memo(self, subject: MemoSubject, name: str) -> None:
        """Open the memo editor on ``subject`` (``name`` is its title or name); a document's memo opens it too."""
        if subject.kind == "document" and subject.id is not None and subject.id != self.document_id:
            self.open_document(subject.id, then=lambda: self.open_memo(subject, name))
            return
        titles = {"project": "Project memo", "document": f"Memo on {name!r}", "tag": f"Description of tag {name!r}",
                  "actor": f"Description of {name!r}"}

        def closed(changed: bool) -> None:
            if changed:
                self.tell(f"{titles[subject.kind]} saved (u undoes)")
                self.refresh_view()

        from tui.screens.memo_editor import edit_memo  # the editor (TextArea) loads on first use, not at launch

        edit_memo(self, self.store, self.writes, subject, titles[subject.kind], self.coder, closed)

    def action_document_memo(self) -> None:
        """`m`: the memo of the document highlighted in the list (from the list) or open in the reader."""
        hold_typing(self)
        rows = self.query_one(DocumentRows)
        summary = rows.highlighted if rows.has_focus else None
        if summary is not None:
            self.open_memo(MemoSubject("document", summary.id), summary.title or summary.slug)
        elif self.snapshot.document is not None:
            self.open_memo(MemoSubject("document", self.snapshot.document.document_id), self.snapshot.document.title)
        else:
            self.tell("Open a document first: its memo is written with m", severity="warning")

    def action_project_memo(self) -> None:
        hold_typing(self)
        self.open_memo(MemoSubject("project"), "")

    def action_describe_tag(self) -> None:
        """Pick a tag, then edit its description (the palette's way in; `i` in the codebook goes straight there)."""
        from tui.screens.tag_picker import TagPicker

        hold_typing(self)

        def chosen(choice: TagChoice | None) -> None:
            tag = next((t for t in self.snapshot.tags if choice is not None and t.id == choice.tag_id), None)
            if tag is not None:
                self.open_memo(MemoSubject("tag", tag.id), tag.name)

        self.app.push_screen(TagPicker("Description of…", list(self.snapshot.tags), allow_new=False), chosen)

    def action_describe_actor(self) -> None:
        """`i` on a speaker in the sidebar: its description; from the palette, pick the actor first."""
        hold_typing(self)
        actors = self.query_one(ActorList)
        highlighted = actors.highlighted_option if actors.has_focus else None
        if highlighted is not None and highlighted.id:
            actor_id = int(highlighted.id.removeprefix("actor-"))
            self.open_memo(MemoSubject("actor", actor_id), self.store.actor(actor_id).name)
            return

        def chosen(choice: ActorChoice) -> None:
            actor = next((a for a in self.store.actors() if (a.name, a.kind) == (choice.name, choice.kind)), None)
            if actor is None:
                self.tell(f"No actor called {choice.name!r}: describe one that is already here", severity="warning")
                return
            self.open_memo(MemoSubject("actor", actor.id), actor.name)

        self.pick_actor("Description of…", chosen)

    def action_actors(self) -> None:
        """Open the Actors screen on the actor highlighted in the sidebar, if any."""
        hold_typing(self)
        from tui.screens.actors import ActorsScreen

        highlighted = self.query_one(ActorList).highlighted_option
        focus = int(highlighted.id.removeprefix("actor-")) if highlighted and highlighted.id else None
        screen = ActorsScreen(self.store, self.coder, self.writes, self.refresh_view, focus_actor=focus)
        self.app.push_screen(screen, self.actor_opened)

    def actor_opened(self, actor_id: int | None) -> None:
        """Back from the Actors screen: refresh, and show the chosen actor's first quote in an article."""
        self.refresh_view()
        if actor_id is None:
            return
        quote = next((q for q in self.store.quotes_by_actor(actor_id) if q.comment_id is None), None)
        if quote is None:
            self.tell("That actor has no quotes in the articles")
            return
        self.go_to(quote.document_id, quote.start, quote.end)

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
        from tui.screens.prompt import TextPrompt

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
            self.app.push_screen(TextPrompt(f"Key 1-9 for {tag.name!r} (empty for none)", value=str(tag.shortcut or "")),
                                 lambda key: self.set_shortcut(tag, key))
        elif event.action in ("move", "merge"):
            self.pick_other_tag(event.action, tag, [t for t in tags.values() if t.id != tag.id])
        elif event.action == "describe":
            self.open_memo(MemoSubject("tag", tag.id), tag.name)
        elif event.action == "delete":
            self.fetch(lambda store: store.tag_usage(tag.id), lambda count: self.confirm_delete(tag.id, tag.name, count))

    def set_shortcut(self, tag: Tag, key: str | None) -> None:
        """Give ``tag`` the typed key; when another tag has it, name that tag and ask first."""
        from tui.screens.confirm import ConfirmDialog

        if key is None:
            return
        try:
            shortcut = parse_shortcut(key)
        except StoreError as error:
            self.tell(str(error), severity="error")
            return

        def change(yes: bool | None = True) -> None:
            if yes:
                self.write(lambda: self.store.set_tag_shortcut(tag.id, shortcut, coder=self.coder),
                           lambda tag: f"Key {tag.shortcut or 'none'} for {tag.name!r}")

        holder = next((t for t in self.snapshot.tags if shortcut and t.shortcut == shortcut and t.id != tag.id), None)
        if holder is None:
            change()
            return
        question = f"Key {shortcut} is on {holder.name!r}.\nGive it to {tag.name!r}? {holder.name!r} loses it (no key)."
        self.app.push_screen(ConfirmDialog(question), change)

    def pick_other_tag(self, action: str, tag: Tag, others: list[Tag]) -> None:
        """Move ``tag`` under, or merge it into, a tag the user picks."""
        from tui.screens.tag_picker import TagPicker

        def chosen(choice: TagChoice | None) -> None:
            if choice is None:
                return
            target = choice.tag_id
            if action == "move":
                self.write(lambda: self.store.move_tag(tag.id, target, coder=self.coder),
                           lambda moved: f"Moved {moved.name!r}")
            elif target is not None:
                self.write(lambda: self.store.merge_tags(tag.id, target, coder=self.coder),
                           lambda moved: f"Merged {tag.name!r}: {counted(moved, 'annotation')} moved")

        if action == "move":
            picker = TagPicker(f"Move {tag.name!r} under…", others, allow_new=False, top_level="(top level)")
        else:
            picker = TagPicker(f"Merge {tag.name!r} into…", others, allow_new=False)
        self.app.push_screen(picker, chosen)

    def action_new_tag(self) -> None:
        hold_typing(self)
        self.on_tag_sidebar_tag_action_requested(TagSidebar.TagActionRequested("new", None))

    def action_import(self) -> None:
        """Ask for a file or folder and import it in a worker; the new documents appear in the list."""
        from tui.path_suggester import PathSuggester
        from tui.screens.prompt import TextPrompt

        hold_typing(self)

        def run(path: str | None) -> None:
            if path and path.strip():
                self.tell(f"Importing {path.strip()}…")
                self.fetch(lambda store: self.import_saying_waits(store, path.strip()), self.imported)

        self.app.push_screen(
            TextPrompt("Import articles from", placeholder="a file or folder: .txt .md .html .docx .csv .jsonl",
                       hint="→ completes the path, Enter imports, Escape cancels", suggester=PathSuggester()),
            run,
        )

    def action_export(self) -> None:
        """Ask where and in which format to export; confirm before replacing or writing into a folder."""
        from tui.screens.confirm import ConfirmDialog

        hold_typing(self)

        from tui.screens.export_prompt import ExportPrompt, default_export_folder

        folder = default_export_folder()

        def run(target: ExportTarget | None, asked: bool = False) -> None:
            if target is None:
                return
            path = target.path
            question = ""
            if path.exists() or path.is_symlink():
                kind = "folder" if path.is_dir() else "file"
                question = f"The {kind} {path} exists.\nReplace it with a new export?"
            elif target.into_folder:
                question = f"{path.parent} is an existing folder.\nExport into it as {path.name}?"
            if question and not asked:
                self.app.push_screen(ConfirmDialog(question), lambda yes: run(target, asked=True) if yes else None)
                return
            if path.parent == folder:
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    self.tell(f"Export failed: cannot make {folder}: {error.strerror or error}", severity="error")
                    return
            self.tell(f"Exporting to {path}…")
            self.fetch(lambda store: export_to(store, target, force=asked, coder=self.coder), self.exported)

        self.app.push_screen(ExportPrompt(folder), run)

    def action_import_project(self) -> None:
        """Ask for a REFI-QDA project or codebook and import it in a worker, all or nothing."""
        from tui.screens.prompt import TextPrompt

        hold_typing(self)

        def run(path: str | None) -> None:
            if path and path.strip():
                self.tell(f"Importing {path.strip()}…")
                self.fetch(lambda store: import_project(store, path.strip(), self.coder), self.imported)

        self.app.push_screen(
            TextPrompt("Import a REFI-QDA project or codebook", placeholder="a .qdpx or .qdc file",
                       hint="from NVivo, ATLAS.ti, MAXQDA, QualCoder...; Enter to import, Escape to cancel"),
            run,
        )

    def exported(self, outcome: str) -> None:
        self.tell(outcome, severity="error" if outcome.startswith("Export failed") else "information")

    def import_saying_waits(self, store: Store, path: str) -> str:
        """import_files (in a worker), telling the user while its writes wait for another writer's lock."""
        store.on_write_wait = lambda holder: self.post_message(self.Loaded(self.import_waiting, holder))
        return import_files(store, path)

    def import_waiting(self, holder: str) -> None:
        who = f" ({holder})" if holder else ""
        self.tell(f"Import waiting for another writer{who} to finish…", severity="warning")

    def imported(self, outcome: str) -> None:
        failed = outcome.startswith("Import failed")
        self.tell(outcome, severity="error" if failed else "information", seconds=SUMMARY_SECONDS)
        self.refresh_view()

    def confirm_delete(self, tag_id: int, name: str, count: int) -> None:
        from tui.screens.confirm import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.write(lambda: self.store.delete_tag(tag_id, coder=self.coder),
                           lambda removed: f"Deleted {name!r} and {counted(removed, 'annotation')} (u undoes)")

        what = f"its {counted(count, 'annotation')}" if count else "no annotations"
        self.app.push_screen(ConfirmDialog(f"Delete tag {name!r}?\nThis removes {what}."), answer)

    def ask(self, title: str, value: str, change: Callable[[str], Any], done: Callable[[Any], str]) -> None:
        """Ask for one line of text, then make the change with it."""
        from tui.screens.prompt import TextPrompt

        def answered(text: str | None) -> None:
            if text is not None:
                self.write(lambda: change(text), done)

        self.app.push_screen(TextPrompt(title, value=value), answered)

    def write(self, make: Callable[[], Any], done: Callable[[Any], str], refused: str = "Not saved") -> None:
        """Make a Store change; once committed, say so (``done`` words its result) and refresh."""

        def made(result: Any) -> None:
            self.tell(done(result))
            self.refresh_view()

        self.change(make, made, refused)

    def change(self, make: Callable[[], Any], done: Callable[[Any], None], refused: str) -> None:
        """Make a Store change through the write queue: ``done`` gets its result once it is committed; a change
        that cannot be made is told as ``refused: why``."""
        self.writes.submit(make, done, lambda error: self.tell(f"{refused}: {error}", severity="error"))

    # -- document attributes -----------------------------------------------------

    def action_edit_attributes(self) -> None:
        """The attributes of the document highlighted in the list (when the list has the focus) or the open one."""
        from tui.screens.attribute_editor import AttributeEditor

        hold_typing(self)

        document_id = self.document_id
        if isinstance(self.focused, DocumentRows) and self.focused.highlighted is not None:
            document_id = self.focused.highlighted.id
        if document_id is None:
            self.tell("Choose a document first (i sets the attributes of the highlighted or open document)")
            return
        try:
            title = self.store.document_title(document_id) or ""
            values = self.store.document_attributes(document_id)
            attributes = self.store.all_attributes()
        except (sqlite3.Error, StoreError) as error:
            self.read_failed(str(error))
            return

        def save(attribute: Attribute, value: str, saved: Callable[[str], None], refused: Callable[[str], None]) -> None:
            assert document_id is not None
            try:
                checked_value(attribute, value)  # a value the attribute cannot take is refused now, not after a wait
            except AttributeValueError as error:
                refused(str(error))
                return
            self.writes.submit(
                lambda: self.store.set_document_value(document_id, attribute, value, coder=self.coder),
                saved, lambda error: refused(str(error)),
            )

        def closed(changed: bool | None) -> None:
            if changed:
                self.refresh_view()

        editor = AttributeEditor(title, attributes, values, save, self.define_attribute)
        self.app.push_screen(editor, closed)

    def action_define_attribute(self) -> None:
        hold_typing(self)
        self.define_attribute(lambda attribute: self.tell(f"New attribute {attribute.name!r} (i sets it on a document)"))

    def define_attribute(self, then: Callable[[Attribute], None]) -> None:
        """Ask for a new attribute; once it is saved, hand it to ``then``."""
        from tui.screens.attribute_definition import AttributeDefinition

        def defined(attribute: Attribute) -> None:
            then(attribute)
            self.refresh_view()

        def answered(spec: AttributeSpec | None) -> None:
            if spec is not None:
                self.change(lambda: self.store.define_attribute(spec.name, spec.kind, spec.choices, coder=self.coder),
                            defined, "Not saved")

        self.app.push_screen(AttributeDefinition(), answered)

    # -- help and messages -------------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.actors import ActorListKeys, ActorsScreen
        from tui.screens.analysis import AnalysisScreen
        from tui.screens.attribute_editor import AttributeEditor
        from tui.screens.coded_segments import CodedSegmentsScreen
        from tui.screens.help import HelpScreen
        from tui.screens.memo_editor import MemoEditor
        from tui.widgets.segment_view import SegmentView

        self.app.push_screen(
            HelpScreen(
                [
                    ("Everywhere", [type(self.app), MainScreen]),
                    ("Documents", [DocumentRows]),
                    ("Reader", [Reader]),
                    ("Codebook", [CodebookTree]),
                    ("Actors", [ActorList]),
                    ("Actors screen (ctrl+p Actors)", [ActorsScreen, ActorListKeys]),
                    ("Analysis screen (ctrl+p Analysis)", [AnalysisScreen]),
                    ("Coded segments (Enter on a tag)", [CodedSegmentsScreen, SegmentView]),
                    ("Memo editor (m, M, i)", [MemoEditor]),
                    ("Attributes (i)", [AttributeEditor]),
                ],
                LEGEND,
            )
        )

    def tell(self, message: str, *, severity: str = "information", seconds: float | None = None) -> None:
        """Notify with untrusted text inside: never parsed as markup, controls removed.

        ``seconds``: how long it stays up (default: NOTICE_SECONDS for information, Textual's default otherwise).
        """
        tell(self, message, severity=severity, seconds=seconds)


def read_left_off(store: Store) -> tuple[Snapshot, int, str]:
    """The snapshot of the document the user left, with the cursor offset and the pane they were in."""
    document_id = store.get_state("document")
    cursor = store.get_state("cursor") or {}
    offset = cursor.get("offset", 0) if cursor.get("document") == document_id else 0
    return load_snapshot(store, document_id), int(offset), str(store.get_state("pane", PANES[0]))


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


SKIPPED_SHOWN = 3
"""How many skipped files an import's summary names."""


def import_files(store: Store, path: str) -> str:
    """Import a file or folder; returns the summary to show (a failure is reported, not raised).

    Files that cannot be imported are skipped, as on the command line, and the
    first reasons are named in the summary.
    """
    # Imported here, not at the top: parsing pages is rarely needed and startup should not pay for it.
    from storage.ingest.importer import ImportRun, ImportSummary
    from storage.ingest.files import IngestError

    summary = ImportSummary()
    reasons: list[str] = []
    try:
        for outcome in ImportRun([Path(path).expanduser()]).outcomes(store):
            summary.count(outcome)
            if outcome.reason:
                reasons.append(outcome.reason)
    except (StoreError, IngestError, OSError) as error:
        return f"Import failed: {error}"
    if not summary.stored and reasons:
        return f"Import failed: {reasons[0]}" if len(reasons) == 1 else f"Import failed: {summary.sentence()}"
    said = f"Imported: {summary.sentence()}"
    if summary.orphaned or summary.corrections_orphaned:
        said += " (ctrl+p Orphaned lists them)"
    if reasons:
        said += ". Skipped: " + "; ".join(reasons[:SKIPPED_SHOWN])
        if len(reasons) > SKIPPED_SHOWN:
            said += f"; and {len(reasons) - SKIPPED_SHOWN} more"
    return said


def import_project(store: Store, path: str, coder: str) -> str:
    """Import a REFI-QDA file; returns the sentence to show (a failure is reported, not raised)."""
    from storage.exchange.refi_qda import import_refi  # Only when importing: keeps startup quick.

    try:
        report = import_refi(store, Path(path).expanduser(), coder=coder)
    except StoreError as error:
        return f"Import failed: {error}"
    said = f"Imported {report.codes_created} new codes ({report.codes_matched} already here)"
    if report.documents_matched or report.documents_created or report.added:
        said += (f", {report.documents_created} new documents ({report.documents_matched} already here),"
                 f" {report.added} coded passages ({report.already_present} already here)")
    if report.attribute_values:
        said += f", {report.attribute_values} attribute values"
    if report.skipped:
        said += f"; left out: {', '.join(report.skipped)}"
    return said


def export_to(store: Store, target: ExportTarget, force: bool, coder: str = "") -> str:
    """Export; returns the sentence to show (a failure is reported, not raised)."""
    from storage.exchange.export import export_database  # Only when exporting: keeps startup quick.

    if target.format in ("qdpx", "qdc"):
        return export_refi_to(store, target.path, target.format, force, coder)
    try:
        report = export_database(store, target.path, format=target.format, force=force)
    except StoreError as error:
        return f"Export failed: {error}"
    return (
        f"Exported {counted(report.documents, 'document')}, {counted(report.annotations, 'annotation')}"
        f" and {counted(report.tags, 'tag')} to {report.path} ({report.format})"
    )


def export_refi_to(store: Store, target: Path, format: str, force: bool, coder: str) -> str:
    """Export a REFI-QDA project or codebook; returns the sentence to show."""
    from storage.exchange.refi_qda import export_refi

    try:
        report = export_refi(store, target, format=format, force=force, coder=coder)
    except StoreError as error:
        return f"Export failed: {error}"
    if format == "qdc":
        return f"Exported the codebook ({report.codes} codes) to {report.path} (REFI-QDA)"
    return (
        f"Exported {report.documents} documents, {report.codes} codes and {report.selections} coded passages"
        f" to {report.path} (REFI-QDA project)"
    )
