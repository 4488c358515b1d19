"""Export -> import-annotations into a fresh database brings back the researcher's decisions about actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.attribution.extraction import reextract
from storage.exchange.annotation_import import import_annotations
from storage.exchange.export import export_database
from storage.store import Store
from tests.storage.test_actor_decisions import CLUB, HARBOUR, actor_called, add

FERRY = '"Crossings resume on Monday," said Tamsin Greal. Ms Greal said "fares will not rise".'


def speakers(store: Store) -> dict[str, tuple[str, str, str, bool]]:
    """Each quote's text with its speaker's name, kind, role and curated flag."""
    found = {}
    for quote in store.quotes():
        actor = store.actor(quote.speaker_id) if quote.speaker_id is not None else None
        found[quote.text] = (actor.name, actor.kind, actor.role, actor.curated) if actor else ("", "", "", False)
    return found


def actor_rows(store: Store) -> set[tuple[str, str, str, bool, frozenset[str]]]:
    """Every actor that speaks, by what it is rather than its id."""
    speaking = {quote.speaker_id for quote in store.quotes()}
    return {
        (actor.name, actor.kind, actor.role, actor.curated, frozenset(actor.aliases))
        for actor in store.actors()
        if actor.id in speaking
    }


@pytest.fixture
def decided(tmp_path: Path) -> Store:
    """Three articles, and every kind of decision about their actors."""
    store = Store.open(tmp_path / "source.db")
    add(store, "harbour", HARBOUR)
    add(store, "club", CLUB)
    add(store, "ferry", FERRY)
    mara, piers, tamsin = (actor_called(store, name) for name in ("Mara Quillfeather", "Piers Oldacre", "Tamsin Greal"))
    store.merge_actors([piers], mara)
    [river] = [quote.id for quote in store.quotes_by_actor(mara) if "river" in quote.text]
    store.split_actor(mara, aliases=["Mr Oldacre"], quote_ids=[river], name="Harwick Rowing Club")
    club = actor_called(store, "Harwick Rowing Club")
    store.set_actor_kind(club, "organisation")
    store.rename_actor(tamsin, "Captain Tamsin Greal")
    store.set_actor_role(tamsin, "ferry operator")
    yield store
    store.close()


def test_a_round_trip_into_a_fresh_database_gives_the_same_actors_for_the_same_quotes(
    decided: Store, tmp_path: Path
) -> None:
    export_database(decided, tmp_path / "out.db")

    with Store.open(tmp_path / "fresh.db") as fresh:
        import_annotations(fresh, tmp_path / "out.db")

        assert speakers(decided) == speakers(fresh)
        assert actor_rows(decided) == actor_rows(fresh)


def test_the_decisions_brought_back_survive_reextract_there(decided: Store, tmp_path: Path) -> None:
    export_database(decided, tmp_path / "out.db")
    reextract(decided)

    with Store.open(tmp_path / "fresh.db") as fresh:
        import_annotations(fresh, tmp_path / "out.db")
        reextract(fresh)

        assert speakers(decided) == speakers(fresh)
        assert actor_rows(decided) == actor_rows(fresh)


def test_importing_twice_changes_no_actor(decided: Store, tmp_path: Path) -> None:
    export_database(decided, tmp_path / "out.db")

    with Store.open(tmp_path / "fresh.db") as fresh:
        import_annotations(fresh, tmp_path / "out.db")
        before = actor_rows(fresh), speakers(fresh)
        import_annotations(fresh, tmp_path / "out.db")

        assert before == (actor_rows(fresh), speakers(fresh))


def test_a_database_with_the_same_articles_links_by_the_decisions_at_reextract(decided: Store, tmp_path: Path) -> None:
    """The articles are matched, not created: the decisions come back as curated actors and pinned names."""
    export_database(decided, tmp_path / "out.db")
    reextract(decided)

    with Store.open(tmp_path / "same.db") as same:
        for name, body in (("harbour", HARBOUR), ("club", CLUB), ("ferry", FERRY)):
            add(same, name, body)
        report = import_annotations(same, tmp_path / "out.db")
        reextract(same)

        assert 3 == report.actors_curated
        assert speakers(decided) == speakers(same)


def test_a_curated_actor_of_an_unknown_kind_is_refused_and_nothing_is_written(decided: Store, tmp_path: Path) -> None:
    import sqlite3

    from storage.exchange.export import ExportError

    export_database(decided, tmp_path / "out.db")
    with sqlite3.connect(tmp_path / "out.db") as edited:
        edited.execute("UPDATE actors SET kind = '[b]boss' WHERE curated = 1")

    with Store.open(tmp_path / "fresh.db") as fresh:
        with pytest.raises(ExportError, match="unknown kind"):
            import_annotations(fresh, tmp_path / "out.db")
        assert [] == fresh.actors()
