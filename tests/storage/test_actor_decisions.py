"""The researcher's decisions about actors: rename, kind, role, merge, split; undone, redone, kept through reextract."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.attribution.extraction import extract_document, reextract
from storage.models import Article
from storage.store import Store, StoreError

HARBOUR = (
    '"The harbour must reopen this year," said Mara Quillfeather, the harbour master.'
    ' Ms Quillfeather added that "the boats are waiting".'
)
CLUB = (
    'Piers Oldacre, who runs the rowing club, said: "We have never seen the river this high."'
    ' Mr Oldacre said "the club will stay shut".'
)


def add(store: Store, name: str, body: str) -> int:
    document = store.add_document(Article(name, body, body), f"{name}.txt", name)
    extract_document(store, document)
    return document.id


def actor_called(store: Store, alias: str) -> int:
    [actor_id] = [actor.id for actor in store.actors() if alias in actor.aliases]
    return actor_id


def speakers(store: Store) -> list[str]:
    return [store.actor(quote.speaker_id).name for quote in store.quotes() if quote.speaker_id is not None]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "corpus.db")
    add(store, "harbour", HARBOUR)
    add(store, "club", CLUB)
    yield store
    store.close()


def test_rename_shows_the_new_name_and_keeps_it_through_reextract(store: Store) -> None:
    mara = actor_called(store, "Mara Quillfeather")

    store.rename_actor(mara, "Captain Mara Quillfeather")
    reextract(store)

    actor = store.actor(actor_called(store, "Ms Quillfeather"))
    assert ("Captain Mara Quillfeather", True) == (actor.name, actor.curated)
    assert speakers(store).count("Captain Mara Quillfeather") == 2


def test_kind_and_role_are_kept_through_reextract(store: Store) -> None:
    piers = actor_called(store, "Piers Oldacre")

    store.set_actor_kind(piers, "organisation")
    store.set_actor_role(piers, "rowing club secretary")
    reextract(store)

    actor = store.actor(actor_called(store, "Piers Oldacre"))
    assert ("organisation", "rowing club secretary") == (actor.kind, actor.role)
    assert 2 == len(store.quotes_by_actor(actor.id))


def test_a_kind_must_be_one_of_the_kinds(store: Store) -> None:
    with pytest.raises(StoreError):
        store.set_actor_kind(actor_called(store, "Piers Oldacre"), "vegetable")


def test_merge_moves_names_and_quotes_and_survives_reextract(store: Store) -> None:
    mara, piers = actor_called(store, "Mara Quillfeather"), actor_called(store, "Piers Oldacre")

    merged = store.merge_actors([piers], mara)

    assert {"Piers Oldacre", "Mr Oldacre", "Ms Quillfeather"} <= set(merged.aliases)
    assert 4 == len(store.quotes_by_actor(mara))
    with pytest.raises(KeyError):
        store.actor(piers)
    reextract(store)
    assert [mara] == [actor.id for actor in store.actors() if actor.kind == "person"]
    assert 4 == len(store.quotes_by_actor(mara))


def test_split_moves_chosen_aliases_and_quotes_to_a_new_actor(store: Store) -> None:
    mara = actor_called(store, "Mara Quillfeather")
    store.merge_actors([actor_called(store, "Piers Oldacre")], mara)
    club_quotes = [quote.id for quote in store.quotes_by_actor(mara) if "club" in quote.text or "river" in quote.text]

    new = store.split_actor(mara, aliases=["Piers Oldacre", "Mr Oldacre"], quote_ids=club_quotes)

    assert ("Piers Oldacre", {"Piers Oldacre", "Mr Oldacre"}) == (store.actor(new).name, set(store.actor(new).aliases))
    assert 2 == len(store.quotes_by_actor(new)) == len(store.quotes_by_actor(mara))
    reextract(store)
    assert 2 == len(store.quotes_by_actor(new)) == len(store.quotes_by_actor(mara))


def test_split_into_another_actor(store: Store) -> None:
    mara, piers = actor_called(store, "Mara Quillfeather"), actor_called(store, "Piers Oldacre")
    [quote] = [quote.id for quote in store.quotes_by_actor(mara) if "boats" in quote.text]

    assert piers == store.split_actor(mara, quote_ids=[quote], into=piers)
    assert 3 == len(store.quotes_by_actor(piers))
    reextract(store)
    assert 3 == len(store.quotes_by_actor(piers))


def test_split_needs_something_to_move(store: Store) -> None:
    with pytest.raises(StoreError):
        store.split_actor(actor_called(store, "Mara Quillfeather"))


def test_undo_and_redo_after_a_restart(store: Store) -> None:
    path = store.path
    mara, piers = actor_called(store, "Mara Quillfeather"), actor_called(store, "Piers Oldacre")
    store.merge_actors([piers], mara)
    store.close()

    with Store.open(path) as reopened:
        assert reopened.undo() is not None
        assert 2 == len(reopened.quotes_by_actor(mara)) == len(reopened.quotes_by_actor(piers))
        assert {"Piers Oldacre", "Mr Oldacre"} == set(reopened.actor(piers).aliases)
        assert piers == actor_called(reopened, "Mr Oldacre")

        assert reopened.redo() is not None
        assert 4 == len(reopened.quotes_by_actor(mara))


def test_undo_restores_the_links_new_articles_find(store: Store) -> None:
    mara = actor_called(store, "Mara Quillfeather")
    store.rename_actor(mara, "Harbour Master Quillfeather")
    store.undo()

    add(store, "later", '"Fish prices will fall," said Mara Quillfeather.')

    assert 3 == len(store.quotes_by_actor(mara))
    assert "Mara Quillfeather" == store.actor(mara).name


def test_renamed_names_link_later_articles(store: Store) -> None:
    piers = actor_called(store, "Piers Oldacre")
    store.rename_actor(piers, "Harwick Rowing Club")
    store.set_actor_kind(piers, "organisation")

    add(store, "later", '"Training resumes in May," the Harwick Rowing Club said.')

    assert 3 == len(store.quotes_by_actor(piers))


def test_uncurated_actors_are_rebuilt_by_reextract(store: Store) -> None:
    store.rename_actor(actor_called(store, "Mara Quillfeather"), "Mara Quillfeather")
    store.conn.execute("UPDATE actors SET name = 'stale' WHERE curated = 0")

    reextract(store)

    assert "stale" not in {actor.name for actor in store.actors()}


def test_a_pinned_name_does_not_bring_along_another_given_name(store: Store) -> None:
    """After "Mr Oldacre" is pinned to Piers, an article's actor also called "Dominic Oldacre" is not Piers."""
    piers = actor_called(store, "Piers Oldacre")
    store.rename_actor(piers, "Piers Oldacre")

    add(store, "later", 'Dominic Oldacre, the cox, said: "We will row again." Mr Oldacre said "soon".')

    assert 2 == len(store.quotes_by_actor(piers))


def test_a_split_moves_quotes_by_speaker_corrections_naming_the_new_actor(store: Store) -> None:
    mara = actor_called(store, "Mara Quillfeather")
    [quote] = [quote for quote in store.quotes_by_actor(mara) if "boats" in quote.text]

    new = store.split_actor(mara, quote_ids=[quote.id], name="Harbour Board")

    [correction] = store.quote_corrections(quote.document_id)
    expected = ("speaker", quote.start, quote.end, "Harbour Board", "person")
    assert expected == (correction.action, correction.start, correction.end, correction.speaker, correction.speaker_kind)
    assert ["corrected"] == [q.origin for q in store.quotes_by_actor(new)]


def test_undoing_a_split_after_a_restart_gives_the_quotes_back_and_drops_the_corrections(store: Store) -> None:
    path = store.path
    mara = actor_called(store, "Mara Quillfeather")
    quote_ids = [quote.id for quote in store.quotes_by_actor(mara)]
    new = store.split_actor(mara, quote_ids=quote_ids, name="Harbour Board")
    store.close()

    with Store.open(path) as reopened:
        assert reopened.undo() is not None
        assert 2 == len(reopened.quotes_by_actor(mara))
        assert [] == reopened.quote_corrections()
        with pytest.raises(KeyError):
            reopened.actor(new)
        assert reopened.redo() is not None
        assert 2 == len(reopened.quotes_by_actor(new))


def test_a_split_quote_follows_its_actor_through_rename_and_kind_and_reextract(store: Store) -> None:
    mara = actor_called(store, "Mara Quillfeather")
    [quote] = [quote.id for quote in store.quotes_by_actor(mara) if "boats" in quote.text]
    new = store.split_actor(mara, quote_ids=[quote], name="Harbour Board")

    store.rename_actor(new, "Harwick Harbour Board")
    store.set_actor_kind(new, "organisation")
    reextract(store)

    assert ["Harwick Harbour Board"] == [
        store.actor(q.speaker_id).name for q in store.quotes() if "boats" in q.text and q.speaker_id
    ]
    assert 1 == len(store.quotes_by_actor(new))


def test_a_correction_after_a_merge_keeps_the_merged_speakers(store: Store) -> None:
    """Rebuilding a document's quotes from the extractor's keeps the quotes a merge moved."""
    mara, piers = actor_called(store, "Mara Quillfeather"), actor_called(store, "Piers Oldacre")
    store.merge_actors([piers], mara)
    [first, _] = [quote for quote in store.quotes() if "river" in quote.text or "club" in quote.text]

    store.correct_kind(first.document_id, first.start, first.end, "indirect")
    mara_quotes = len(store.quotes_by_actor(mara))
    store.undo()

    assert 4 == mara_quotes == len(store.quotes_by_actor(mara))


def test_a_split_of_a_quote_a_merge_moved_needs_no_new_name(store: Store) -> None:
    mara, piers = actor_called(store, "Mara Quillfeather"), actor_called(store, "Piers Oldacre")
    store.merge_actors([piers], mara)
    river = [quote.id for quote in store.quotes_by_actor(mara) if "river" in quote.text]

    with pytest.raises(StoreError, match="already"):
        store.split_actor(mara, quote_ids=river, name="Mara Quillfeather")
    new = store.split_actor(mara, aliases=["Piers Oldacre"], quote_ids=river)

    assert ["Piers Oldacre"] == [store.actor(q.speaker_id).name for q in store.quotes() if "river" in q.text]
    assert 3 == len(store.quotes_by_actor(mara)) and 1 == len(store.quotes_by_actor(new))
