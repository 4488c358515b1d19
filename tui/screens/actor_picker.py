"""Provides ActorPicker: choose who said a quote by typing part of any name they go by, or name a new actor."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from storage.models import Actor
from tui.safe_text import clean, plain
from tui.screens.filter_picker import FilterPicker
from tui.screens.tag_picker import stands_for

MAX_SHOWN = 50
"""How many actors the list shows at once: a corpus may have thousands; typing narrows them."""

MIN_SCORE = 60
"""How close (0-100, rapidfuzz WRatio) one of an actor's names must be to what is typed to be listed."""

NEW_KINDS = ("person", "organisation", "group")
"""The kinds a new actor can be given from the picker."""


@dataclass(frozen=True)
class ActorChoice:
    """What the picker answers: an actor's name and kind; an empty name means no speaker."""

    name: str
    kind: str


def rank_actors(actors: list[Actor], query: str) -> list[Actor]:
    """Actors whose name or an alias matches ``query``, best first; the first MAX_SHOWN by name when empty."""
    query = query.strip()
    if not query:
        return actors[:MAX_SHOWN]
    from rapidfuzz import fuzz, process, utils  # Loaded on first use, not at startup.

    names: list[str] = []
    owners: list[int] = []
    for index, actor in enumerate(actors):
        for name in dict.fromkeys((actor.name, *actor.aliases)):
            names.append(name)
            owners.append(index)
    found = process.extract(
        query, names, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=MIN_SCORE, limit=None
    )
    best: dict[int, float] = {}
    folded = query.casefold()
    for name, score, position in found:
        if folded in name.casefold():
            score = max(score, 90)
        owner = owners[position]
        best[owner] = max(best.get(owner, 0), score)
    ranked = sorted(best, key=lambda owner: (-best[owner], actors[owner].name.casefold()))
    return [actors[owner] for owner in ranked[:MAX_SHOWN]]


class ActorPicker(FilterPicker[ActorChoice | None]):
    """A filter field over every actor; Enter picks the highlighted one or names a new one.

    Each actor is listed with its kind and the other names it goes by. When what
    is typed names no actor exactly, "+ new person/organisation/group" options
    offer to create one (first, unless what is typed stands for the best match).
    """

    def __init__(self, title: str, actors: list[Actor], *, allow_none: bool = True) -> None:
        """Build the picker.

        Args:
            title: What the choice is for (may hold untrusted text).
            actors: Every actor to choose from.
            allow_none: Offer "no speaker" as the first option while nothing is typed.
        """
        super().__init__(classes="dialog")
        self.title_text = title
        self.actors = actors
        self.by_id = {actor.id: actor for actor in actors}
        self.known_names = {name.casefold() for actor in actors for name in (actor.name, *actor.aliases)}
        self.allow_none = allow_none

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="actor-picker"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Input(placeholder="type a name or alias, or a new actor's name", id="actor-filter")
            yield OptionList(id="actor-options")
            yield Label(plain("Enter to choose, or create what you typed; Escape to cancel"), classes="dialog-hint")

    def refill(self, query: str) -> None:
        options: list[Option] = []
        if self.allow_none and not query.strip():
            options.append(Option(plain("(no speaker)", "italic"), id="none"))
        ranked = rank_actors(self.actors, query)
        for actor in ranked:
            options.append(Option(actor_label(actor), id=f"actor-{actor.id}"))
        name = clean(query).strip()
        if name and name.casefold() not in self.known_names:
            new = [
                Option(Content.assemble((f"+ new {kind} ", "italic"), plain(f"“{name}”")), id=f"new-{kind}")
                for kind in NEW_KINDS
            ]
            options = options + new if ranked and stands_for(name, ranked[0].name) else new + options
        self.show_options(options)

    def choose(self, option_id: str) -> None:
        if option_id == "none":
            self.dismiss(ActorChoice("", ""))
        elif option_id.startswith("new-"):
            self.dismiss(ActorChoice(clean(self.query_one(Input).value).strip(), option_id.removeprefix("new-")))
        elif option_id.startswith("actor-"):
            actor = self.by_id[int(option_id.removeprefix("actor-"))]
            self.dismiss(ActorChoice(actor.name, actor.kind))



def actor_label(actor: Actor) -> Content:
    """An actor's name, kind and other names, all untrusted text."""
    others = [alias for alias in actor.aliases if alias != actor.name]
    parts = [plain(actor.name), plain(f"  {actor.kind}", "dim")]
    if others:
        parts.append(plain(f"  also {', '.join(others[:4])}" + ("…" if len(others) > 4 else ""), "dim italic"))
    return Content.assemble(*parts)
