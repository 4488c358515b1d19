"""Provides SearchScreen: the `/` overlay that searches the whole corpus while you type."""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from storage.search.engine import SearchHit, SearchResults
from tui.widgets.key_footer import KeyFooter

HELP = 'type to search · by:name  tag:name  in:title  kind:direct  "exact phrase"'
GROUP_TITLES = {"actors": "Actors", "quotes": "Quotes", "annotations": "Annotations", "memos": "Memos"}
MEMO_LINES = 3
"""Lines of a memo shown in its hit (Enter opens the whole memo)."""
MATCH_STYLE = "bold reverse"


def plain(text: str) -> str:
    """Untrusted text with control characters replaced one for one, so highlight offsets stay valid."""
    return "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in text)


def highlighted(text: str, spans: tuple[tuple[int, int], ...]) -> Content:
    """Text as literal content (never markup) with the matched spans styled."""
    content = Content(plain(text))
    for start, end in spans:
        content = content.stylize(MATCH_STYLE, start, end)
    return content


def hit_prompt(hit: SearchHit) -> Content:
    """Two or three lines for one hit: who and where, the text, and an annotation's note."""
    if hit.memo is not None:
        return memo_prompt(hit)
    if hit.kind == "actor":
        where = Content.styled(f"  first quoted in {plain(hit.document_title)}", "dim") if hit.document_title else ""
        return Content.assemble(highlighted(hit.text, hit.highlights), where)
    heading: list[Content | str] = []
    if hit.speaker:
        heading += [highlighted(hit.speaker, hit.speaker_highlights).stylize("bold"), " · "]
    if hit.tags:
        heading += [Content.styled(plain(", ".join(hit.tags)), "italic"), " · "]
    heading.append(Content.styled(plain(hit.document_title) or "untitled", "dim"))
    lines = [Content.assemble(*heading), highlighted(hit.text, hit.highlights)]
    if hit.note:
        lines.append(Content.assemble(Content.styled("note: ", "dim"), highlighted(hit.note, hit.note_highlights)))
    return Content("\n").join(lines)


def memo_prompt(hit: SearchHit) -> Content:
    """A memo hit: what it is about, then its first lines with the matches styled."""
    from storage.search.memo_index import MEMO_KIND_NAMES

    assert hit.memo is not None
    heading = Content.assemble(
        Content.styled(MEMO_KIND_NAMES[hit.memo.kind].capitalize(), "italic"),
        Content.styled(f" · {plain(hit.document_title)}" if hit.memo.kind != "project" else "", "dim"),
    )
    shown = "\n".join(hit.text.split("\n")[:MEMO_LINES])
    spans = tuple((start, min(end, len(shown))) for start, end in hit.highlights if start < len(shown))
    return Content("\n").join([heading, highlighted(shown, spans)])


class SearchScreen(ModalScreen[SearchHit | None]):
    """Search quotes, actors and annotations; Enter returns the chosen hit, Escape returns None.

    The search callable (usually ``SearchIndex.search``) runs in a thread worker,
    so it must not touch a Store opened on the UI thread: a SearchIndex holds
    only plain data and is safe. Results of a query that has since been
    replaced by further typing are dropped. No binding uses a printable key,
    so everything typed goes into the search box.
    """

    DEFAULT_CSS = """
    SearchScreen {
        align: center top;
    }
    SearchScreen > #search-dialog {
        width: 90%;
        height: 85%;
        margin-top: 2;
        border: thick $primary;
        background: $surface;
    }
    SearchScreen #search-results {
        height: 1fr;
        border: none;
    }
    SearchScreen #search-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "move(1)", "Next", show=False, id="search.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="search.previous"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="search.page-down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="search.page-up"),
    ]

    class ResultsFound(Message):
        """A search finished; ``generation`` says which keystroke it answers."""

        def __init__(self, generation: int, results: SearchResults) -> None:
            super().__init__()
            self.generation = generation
            self.results = results

    def __init__(self, search: Callable[[str], SearchResults], query: str = "") -> None:
        super().__init__()
        self._search = search
        self._initial_query = query
        self._generation = 0
        self._hits: dict[str, SearchHit] = {}
        self.results: SearchResults | None = None
        """The results on screen, for the host and tests."""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Input(value=self._initial_query, placeholder="Search quotes, people, notes, memos…", id="search-input")
            yield OptionList(id="search-results")
            yield Static(Content(HELP), id="search-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#search-results", OptionList).can_focus = False
        self.query_one("#search-input", Input).focus()
        if self._initial_query:
            self._start_search(self._initial_query)

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self._start_search(event.value)

    def _start_search(self, query: str) -> None:
        self._generation += 1
        if not query.strip():
            self._show(SearchResults(query=query), empty_status=HELP)
            return
        self.run_search(query, self._generation)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, generation: int) -> None:
        """Search off the UI thread; the result comes back as a message, never by touching widgets."""
        self.post_message(self.ResultsFound(generation, self._search(query)))

    @on(ResultsFound)
    def _results_found(self, message: ResultsFound) -> None:
        if message.generation == self._generation:
            self._show(message.results, empty_status="no matches")

    def _show(self, results: SearchResults, empty_status: str) -> None:
        self.results = results
        options: list[Option | None] = []
        self._hits = {}
        for group, hits in results.groups:
            if options:
                options.append(None)
            options.append(Option(Content.styled(f"{GROUP_TITLES[group]} ({len(hits)})", "bold"), disabled=True))
            for number, hit in enumerate(hits):
                option_id = f"{group}-{number}"
                self._hits[option_id] = hit
                options.append(Option(hit_prompt(hit), id=option_id))
        results_list = self.query_one("#search-results", OptionList)
        results_list.clear_options()
        results_list.add_options(options)
        if self._hits:
            results_list.highlighted = results_list.get_option_index(next(iter(self._hits)))
        counts = " · ".join(f"{len(hits)} {group if len(hits) != 1 else group[:-1]}" for group, hits in results.groups)
        self.query_one("#search-status", Static).update(Content(counts or empty_status))

    @property
    def highlighted_hit(self) -> SearchHit | None:
        results_list = self.query_one("#search-results", OptionList)
        if results_list.highlighted is None:
            return None
        option = results_list.get_option_at_index(results_list.highlighted)
        return self._hits.get(option.id or "")

    def action_move(self, step: int) -> None:
        """Move through the hits while the search box keeps the focus; headers are skipped."""
        results_list = self.query_one("#search-results", OptionList)
        for _ in range(abs(step)):
            if step > 0:
                results_list.action_cursor_down()
            else:
                results_list.action_cursor_up()

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        hit = self.highlighted_hit
        if hit is not None:
            self.dismiss(hit)

    @on(OptionList.OptionSelected, "#search-results")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        hit = self._hits.get(event.option.id or "")
        if hit is not None:
            self.dismiss(hit)

    def action_close(self) -> None:
        self.dismiss(None)
