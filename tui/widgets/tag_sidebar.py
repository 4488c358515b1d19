"""Provides TagSidebar: the codebook as a tree with counts, and the actors of the open document."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, OptionList, Tree
from textual.widgets.tree import TreeNode
from textual.widgets.option_list import Option

from storage.models import Tag
from tui.safe_text import one_line, plain, plain_text, swatch_text
from tui.type_ahead import hold_typing


ROLE_WIDTH = 26
"""An actor's role is cut to one line of the sidebar, so each actor takes two rows."""


@dataclass(frozen=True)
class ActorCount:
    """An actor who speaks in the open document, and how many of its quotes are theirs."""

    actor_id: int
    name: str
    role: str
    quotes: int


class CodebookTree(Tree[int]):
    """The tags, nested by parent; each node's data is its tag id. Keys here manage the codebook."""

    BINDINGS = [
        Binding("enter", "choose", "Segments", id="codebook.annotations"),
        Binding("a", "manage('new')", "New tag", id="codebook.new"),
        Binding("r", "manage('rename')", "Rename", id="codebook.rename"),
        Binding("c", "manage('recolor')", "Colour", id="codebook.recolor"),
        Binding("k", "manage('shortcut')", "Key", id="codebook.shortcut"),
        Binding("m", "manage('move')", "Move", id="codebook.move"),
        Binding("g", "manage('merge')", "Merge", id="codebook.merge"),
        Binding("d", "manage('delete')", "Delete", id="codebook.delete"),
        Binding("i", "manage('describe')", "Description", id="codebook.describe"),
    ]

    def render_label(self, node: TreeNode[int], base_style: Style, style: Style) -> Text:
        """The label cut with an ellipsis to the pane's width, so a long name never just stops."""
        label = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if 1 < room < label.cell_len:
            label.truncate(room, overflow="ellipsis")
        return label

    def action_choose(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None:
            self.post_message(TagSidebar.TagChosen(node.data))

    def action_manage(self, action: str) -> None:
        node = self.cursor_node
        tag_id = node.data if node is not None else None
        if action != "new" and tag_id is None:
            self.notify("Put the cursor on a tag first", severity="warning")
            return
        hold_typing(self)
        self.post_message(TagSidebar.TagActionRequested(action, tag_id))


class ActorList(OptionList):
    """The actors of the open document; Enter or `n` walks through the chosen actor's quotes."""

    BINDINGS = [
        Binding("enter", "select", "Quotes", id="actors.quotes"),
        Binding("n", "select", "Next quote", id="actors.next"),
        Binding("a", "screen.actors", "All actors", id="actors.all"),
        Binding("i", "screen.describe_actor", "Description", id="actors.describe"),
        Binding("j", "cursor_down", "Down", show=False, id="actors.down"),
        Binding("k", "cursor_up", "Up", show=False, id="actors.up"),
    ]


class TagSidebar(Vertical):
    """The right-hand pane: codebook tree above, actors below."""

    class TagChosen(Message):
        """The user chose a tag to list its coded segments across the corpus."""

        def __init__(self, tag_id: int) -> None:
            super().__init__()
            self.tag_id = tag_id

    class TagActionRequested(Message):
        """A codebook key was pressed: new, rename, recolor, shortcut, move, merge, delete or describe."""

        def __init__(self, action: str, tag_id: int | None) -> None:
            super().__init__()
            self.action = action
            self.tag_id = tag_id

    class ActorChosen(Message):
        """The user asked for the next quote by an actor."""

        def __init__(self, actor_id: int) -> None:
            super().__init__()
            self.actor_id = actor_id

    def compose(self) -> ComposeResult:
        tree = CodebookTree(Text("Codebook"), id="codebook")
        tree.show_root = False
        tree.auto_expand = False
        yield tree
        yield Label("Actors", id="actors-title")
        yield ActorList(id="actors")

    def set_codebook(self, tags: list[Tag], counts: dict[int, tuple[int, int]]) -> None:
        """Rebuild the tree, keeping the cursor on the same tag."""
        tree = self.query_one(CodebookTree)
        current = tree.cursor_node.data if tree.cursor_node is not None else None
        tree.clear()
        children: dict[int | None, list[Tag]] = {}
        known = {tag.id for tag in tags}
        # Creation order, not key order: giving a tag another key must not move it in the tree.
        for tag in sorted(tags, key=lambda tag: tag.id):
            parent = tag.parent_id if tag.parent_id in known else None
            children.setdefault(parent, []).append(tag)

        def add(node, parent_id: int | None) -> None:  # type: ignore[no-untyped-def]
            for tag in children.get(parent_id, []):
                here, everywhere = counts.get(tag.id, (0, 0))
                # Counts go before the name so a narrow pane cuts the name, not the numbers.
                label = Text.assemble(
                    (f"{tag.shortcut} " if tag.shortcut else "  ", "bold"),
                    swatch_text(tag.color),
                    (f"{here}/{everywhere} ", "dim"),
                    plain_text(tag.name),
                )
                if tag.id in children:
                    add(node.add(label, data=tag.id, expand=True), tag.id)
                else:
                    node.add_leaf(label, data=tag.id)

        add(tree.root, None)
        self.border_subtitle = "annotations here/corpus"
        # Keep the cursor on the same tag; otherwise on the first, so Enter always has a tag to act on.
        tree.cursor_line = 0
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            if node is not None and current is not None and node.data == current:
                tree.cursor_line = line
                break

    def set_actors(self, actors: list[ActorCount]) -> None:
        actor_list = self.query_one(ActorList)
        highlighted = actor_list.highlighted
        options = [
            Option(
                Content.assemble(
                    (f"{actor.quotes:>2} ", "italic"),
                    plain(actor.name, "bold"),
                    "\n   " if actor.role else "",
                    plain(one_line(actor.role, ROLE_WIDTH), "dim"),
                ),
                id=f"actor-{actor.actor_id}",
            )
            for actor in actors
        ]
        if not options:
            options = [Option(plain("no speakers found", "dim italic"), disabled=True)]
        actor_list.set_options(options)
        if actors:
            actor_list.highlighted = highlighted if highlighted is not None and highlighted < len(options) else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("actor-"):
            self.post_message(self.ActorChosen(int(event.option.id.removeprefix("actor-"))))
