"""Provides TagPicker: choose a tag by typing part of its name (fuzzy), or create one."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from storage.models import Tag
from tui.safe_text import clean, plain, swatch
from tui.screens.filter_picker import FilterPicker
from tui.widgets.key_footer import KeyFooter

MIN_SCORE = 60
"""How close (0-100, rapidfuzz WRatio) a tag name must be to what is typed to be listed."""

MIN_WORD_SCORE = 80
"""How close (0-100, rapidfuzz ratio) a typed word must be to a word of a tag's name to stand for it."""


@dataclass(frozen=True)
class TagChoice:
    """What the picker answers: an existing tag, a name for a new one, or the top level."""

    tag_id: int | None = None
    new_name: str = ""


def rank_tags(tags: list[Tag], query: str) -> list[Tag]:
    """Tags matching ``query`` best first; every tag, in codebook order, for an empty query."""
    query = query.strip()
    if not query:
        return list(tags)
    from rapidfuzz import fuzz, utils  # Loaded on first use, not at startup.

    scored = []
    for position, tag in enumerate(tags):
        score = fuzz.WRatio(query, tag.name, processor=utils.default_process)
        if query.casefold() in tag.name.casefold():
            score = max(score, 90)
        if score >= MIN_SCORE:
            scored.append((-score, position, tag))
    return [tag for _, _, tag in sorted(scored, key=lambda item: item[:2])]


def stands_for(query: str, name: str) -> bool:
    """True when every word typed is the start of a word of ``name``, or that word with a typo.

    This tells "fundng" or "acc" (a tag being looked for) from "Blame of NHS" (a new
    tag, though "Accountability and blame" is a close fuzzy match): Enter picks the
    best match for the first and creates the second.
    """
    from rapidfuzz import fuzz  # Loaded on first use, not at startup.

    words = name.casefold().split()

    def matches(typed: str) -> bool:
        if any(word.startswith(typed) for word in words):
            return True
        return len(typed) > 3 and any(
            max(fuzz.ratio(typed, word), fuzz.ratio(typed, word[: len(typed)])) >= MIN_WORD_SCORE for word in words
        )

    typed_words = query.casefold().split()
    return bool(typed_words) and all(matches(typed) for typed in typed_words)


class TagPicker(FilterPicker[TagChoice | None]):
    """A filter field over the codebook; Enter picks the highlighted tag or creates the typed one.

    The best match is highlighted when what is typed stands for it (see stands_for);
    otherwise "+ new tag" comes first, so typing a new name and Enter creates it,
    with the near matches listed under it.
    """

    def __init__(
        self,
        title: str,
        tags: list[Tag],
        *,
        allow_new: bool = True,
        top_level: str | None = None,
        applied: frozenset[int] = frozenset(),
        placeholder: str = "type to filter, or a new tag name",
    ) -> None:
        """Build the picker.

        Args:
            title: What the choice is for (may hold untrusted text).
            tags: The tags to choose from.
            allow_new: Offer to create a tag named as typed when nothing matches exactly.
            top_level: If given, a first option with this label that answers "no tag".
            applied: Ids of the tags the text already has, marked with a tick.
            placeholder: Shown in the empty filter field.
        """
        super().__init__(classes="dialog")
        self.title_text = title
        self.tags = tags
        self.allow_new = allow_new
        self.top_level = top_level
        self.applied = applied
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="tag-picker"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Input(placeholder=self.placeholder, id="tag-filter")
            yield OptionList(id="tag-options")
            hint = "Enter to choose" + (", or create what you typed" if self.allow_new else "") + "; Escape to cancel"
            if self.applied:
                hint = "✓ already on this text. " + hint
            yield Label(plain(hint), classes="dialog-hint")
        yield KeyFooter()

    def refill(self, query: str) -> None:
        options: list[Option] = []
        if self.top_level and not query.strip():
            options.append(Option(plain(self.top_level, "italic"), id="top"))
        ranked = rank_tags(self.tags, query)
        for tag in ranked:
            key = f"{tag.shortcut} " if tag.shortcut else "  "
            mark = ("✓ " if tag.id in self.applied else "  ") if self.applied else ""
            options.append(
                Option(Content.assemble((mark, "bold"), (key, "bold"), swatch(tag.color), plain(tag.name)), id=f"tag-{tag.id}")
            )
        name = clean(query).strip()
        if self.allow_new and name and not any(t.name.casefold() == name.casefold() for t in self.tags):
            new = Option(Content.assemble(("+ new tag ", "italic"), plain(f"“{name}”")), id="new")
            if ranked and stands_for(name, ranked[0].name):
                options.append(new)
            else:
                options.insert(0, new)
        self.show_options(options)

    def choose(self, option_id: str) -> None:
        if option_id == "top":
            self.dismiss(TagChoice())
        elif option_id == "new":
            self.dismiss(TagChoice(new_name=clean(self.query_one(Input).value).strip()))
        elif option_id.startswith("tag-"):
            self.dismiss(TagChoice(tag_id=int(option_id.removeprefix("tag-"))))
