"""Provides SafeguardCommands: the app's own entries in the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from storage.store import DocumentSummary
from tui.safe_text import one_line, plain
from tui.screens.main import MainScreen

Command = tuple[str, Callable[[], object], str]
"""(title, callback, help); titles and help may hold untrusted text (document titles)."""


class SafeguardCommands(Provider):
    """Open a document, new tag, import, undo/redo, keys; matched fuzzily against what is typed.

    The palette parses plain strings as markup, so every title and help line is
    handed over as Content built from plain text.
    """

    documents: list[DocumentSummary] | None = None
    """The documents to offer, read once per opening of the palette (a provider lives that long)."""

    def commands(self) -> list[Command]:
        """Every command available now."""
        screen = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        if screen is None:
            return []
        found: list[Command] = [
            ("Search", screen.action_search, "search quotes, speakers and annotations across the corpus"),
            ("Coded segments", screen.action_show_segments,
             "every segment of a tag across the corpus, with sub-tags, filters and a report"),
            ("New tag", screen.action_new_tag, "add a tag to the codebook"),
            ("Project memo", screen.action_project_memo, "the project's memo: questions, decisions, ideas (M)"),
            ("Document memo", screen.action_document_memo, "the memo of the open document (m)"),
            ("Edit tag description", screen.action_describe_tag,
             "a tag's definition in the codebook: what counts, what does not (i in the codebook)"),
            ("Edit actor description", screen.action_describe_actor,
             "who or what an actor is, in your words (i on a speaker or in the Actors screen)"),
            ("Define attribute", screen.action_define_attribute,
             "a document attribute (text, number, date or choice) to set with i and filter by name:value"),
            ("Document attributes", screen.action_edit_attributes,
             "set the attributes of the highlighted or open document (i)"),
            ("Import files", screen.action_import, "import article files or a folder of them"),
            ("Export", screen.action_export, "export annotations, tags and documents (SQLite, CSV or JSON-LD)"),
            ("Actors", screen.action_actors,
             "every actor: filter, merge, split, rename, set kind and role"),
            ("Import REFI-QDA project", screen.action_import_project,
             "bring in a .qdpx project or .qdc codebook from NVivo, ATLAS.ti, MAXQDA or QualCoder"),
            ("Orphaned annotations", screen.action_show_orphans,
             "annotations whose passage changed too much to follow it into the new text"),
            ("Switch coder", screen.action_switch_coder, f"code as someone else (now: {screen.coder or 'unnamed'})"),
            ("Coders shown", screen.action_cycle_coder_view, "cycle the reader: all coders, mine, each other coder (o)"),
            ("Agreement", screen.action_agreement, "agreement between coders per tag: % agreement, kappa, alpha, alpha_u"),
            ("Analysis", screen.action_analysis,
             "tag x actor matrix, tag co-occurrence and coding over time by outlet; filters and CSV"),
            ("Review disagreements", screen.action_review,
             "settle two coders' disagreements into the consensus coder: a, b, k keep both, d drop"),
            ("Undo", screen.action_undo, "undo your last change"),
            ("Redo", screen.action_redo, "redo what you undid"),
            ("Keys", screen.action_help, "show every key, by pane"),
        ]
        if self.documents is None:
            self.documents = screen.store.document_page("", "date", 0, -1)
        for summary in self.documents:
            found.append(
                (
                    f"Open: {one_line(summary.title or summary.slug, 70)}",
                    partial(screen.open_document, summary.id, then=partial(screen.focus_pane, "#reader")),
                    one_line(f"{summary.publication} {summary.published[:10]}", 60),
                )
            )
        return found

    async def discover(self) -> Hits:
        for title, callback, help_text in self.commands():
            yield DiscoveryHit(plain(title), callback, text=title, help=plain(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self.commands():
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score > 0:
                yield Hit(score, highlighted(title, offsets, matcher.match_style), callback, text=title,
                          help=plain(help_text))  # type: ignore[arg-type]


def highlighted(title: str, offsets: object, style: object) -> Content:
    """The title as plain Content with the matched characters styled (never parsed as markup)."""
    content = plain(title)
    for offset in offsets:  # type: ignore[attr-defined]
        content = content.stylize(style, offset, offset + 1)  # type: ignore[arg-type]
    return content
