"""Several coders brought together: each coder's export imported into one database keeps who coded what."""

from __future__ import annotations

from pathlib import Path

from storage.analysis.agreement import store_agreement, store_coders
from storage.exchange.annotation_import import import_annotations
from storage.exchange.export import export_database
from storage.models import Article
from storage.store import Store
from tui.__main__ import main

FIRST = "The council met on Monday. It agreed to review the budget. Nobody objected to the plan."
SECOND = "A new school opened. Parents welcomed it. The head said places were full by June."


def coder_database(coder: str, spans: list[tuple[int, str, int, int]]) -> Store:
    """A coder's own database: the same two articles, their own coding."""
    store = Store.memory()
    documents = [
        store.add_document(Article("Council budget", FIRST, FIRST), "council.txt", "hash-council"),
        store.add_document(Article("School opens", SECOND, SECOND), "school.txt", "hash-school"),
    ]
    tags = {name: store.add_tag(name) for name in ("Funding", "Education")}
    for index, tag, start, end in spans:
        store.add_annotation(documents[index].id, tags[tag].id, start, end, coder=coder)
    return store


def export(store: Store, path: Path) -> Path:
    export_database(store, path, force=path.exists())
    return path


def coded_spans(store: Store) -> list[tuple[str, str, str]]:
    names = {tag.id: tag.name for tag in store.tags()}
    bodies = {document.id: document.body for document in store.documents()}
    return sorted((a.coder, names[a.tag_id], bodies[a.document_id][a.start : a.end]) for a in store.annotations())


def test_each_coders_export_keeps_its_coder_and_a_second_import_adds_nothing(tmp_path: Path) -> None:
    ann = coder_database("ann", [(0, "Funding", 27, 58), (1, "Education", 0, 20)])
    bob = coder_database("bob", [(0, "Funding", 27, 58), (1, "Education", 21, 41)])
    ann_file, bob_file = export(ann, tmp_path / "ann.db"), export(bob, tmp_path / "bob.db")
    team = Store.memory()

    import_annotations(team, ann_file, coder="lead")
    import_annotations(team, bob_file, coder="lead")
    again = import_annotations(team, ann_file, coder="lead")

    assert (0, 2) == (again.added, again.already_present)
    assert ["ann", "bob"] == store_coders(team)
    assert 2 == len(team.documents())
    assert [
        ("ann", "Education", "A new school opened."),
        ("ann", "Funding", "It agreed to review the budget."),
        ("bob", "Education", "Parents welcomed it."),
        ("bob", "Funding", "It agreed to review the budget."),
    ] == coded_spans(team)
    funding = {row.tag: row for row in store_agreement(team).tags}["Funding"]
    assert (1.0, 1.0) == (funding.percent, funding.alpha_u)


def test_a_coders_later_export_brings_only_their_new_work(tmp_path: Path) -> None:
    ann = coder_database("ann", [(0, "Funding", 27, 58)])
    team = Store.memory()
    import_annotations(team, export(ann, tmp_path / "ann.db"))
    school = ann.documents()[1]
    ann.add_annotation(school.id, ann.tag_by_name("Education").id, 0, 20, coder="ann")  # type: ignore[union-attr]

    report = import_annotations(team, export(ann, tmp_path / "ann.db"))

    assert (1, 1) == (report.added, report.already_present)
    assert [("ann", "Education"), ("ann", "Funding")] == [(c, t) for c, t, _ in coded_spans(team)]


def test_a_document_revised_since_a_coder_coded_it_reanchors_their_work_under_their_name(tmp_path: Path) -> None:
    ann = coder_database("ann", [(0, "Funding", 27, 58)])
    team = Store.memory()
    revised = "Correction: the meeting was moved. " + FIRST
    team.add_document(Article("Council budget", revised, revised), "council.txt", "hash-council-2")

    report = import_annotations(team, export(ann, tmp_path / "ann.db"))

    assert 1 == report.reanchored
    assert [("ann", "Funding", "It agreed to review the budget.")] == coded_spans(team)


def test_the_command_line_merges_two_coders(tmp_path: Path, capsys) -> None:
    ann = coder_database("ann", [(0, "Funding", 27, 58)])
    bob = coder_database("bob", [(0, "Funding", 27, 58), (0, "Funding", 59, 87)])
    team = tmp_path / "team.db"
    for coder, store in (("ann", ann), ("bob", bob)):
        assert 0 == main(["--db", str(team), "--coder", "lead", "import-annotations", str(export(store, tmp_path / f"{coder}.db"))])
    assert 0 == main(["--db", str(team), "import-annotations", str(tmp_path / "ann.db")])
    capsys.readouterr()

    assert 0 == main(["--db", str(team), "agreement", "--tag", "Funding"])
    out = capsys.readouterr().out
    assert out.startswith("coders: ann, bob; documents: 2")
    with Store.open(team) as merged:
        assert [("ann", 1), ("bob", 2)] == sorted(
            (coder, sum(a.coder == coder for a in merged.annotations())) for coder in store_coders(merged)
        )
