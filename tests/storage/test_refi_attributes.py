"""Document attributes as REFI-QDA variables: exported valid, imported back, and read from other tools' files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import xmlschema

from storage.exchange.refi_qda import export_refi, import_refi
from storage.models import Article
from storage.store import Store

SCHEMA = Path(__file__).resolve().parent.parent / "fixtures" / "refi-qda" / "Project-mrt2019.xsd"
BODIES = ("The ferry fares rise again this spring, the operator said.", "A new lifeboat station opens on the quay.")


def with_attributes(store: Store) -> Store:
    first, second = (
        store.add_document(Article(f"Report {n}", body, body, publication="The Coast Gazette"), f"r{n}.txt", f"h{n}").id
        for n, body in enumerate(BODIES)
    )
    region = store.define_attribute("region", "choice", ["North", "West"])
    pages = store.define_attribute("pages", "number")
    founded = store.define_attribute("founded", "date")
    note = store.define_attribute("desk", "text")
    assert region.id and pages.id and founded.id and note.id
    store.set_document_attribute(first, region.id, "West")
    store.set_document_attribute(first, pages.id, "1234567.25")
    store.set_document_attribute(first, founded.id, "1851")
    store.set_document_attribute(second, founded.id, "1902-06-30")
    store.set_document_attribute(second, note.id, "Island <desk> & co")
    return store


def attribute_table(store: Store) -> list[tuple[str, str, tuple[str, ...], dict[str, str]]]:
    return sorted(
        (a.name, a.kind, a.choices, {d.title: store.document_attributes(d.id)[a.name] for d in store.documents()})
        for a in store.attributes()
    )


def test_attributes_are_variables_that_validate_and_come_back(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    export_refi(with_attributes(store), out, format="qdpx")
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
    xmlschema.XMLSchema(SCHEMA).validate(io.BytesIO(qde))
    assert b'typeOfVariable="Float"' in qde and b"<FloatValue>1234567.25</FloatValue>" in qde
    assert b"<DateValue>1851-01-01</DateValue>" in qde

    with Store.open(tmp_path / "fresh.db") as fresh:
        report = import_refi(fresh, out)
        assert (4, 5) == (report.attributes_created, report.attribute_values)
        assert [
            ("desk", "text", (), {"Report 0": "", "Report 1": "Island <desk> & co"}),
            # A date goes out as a whole date (xsd:date): a year comes back as its first day.
            ("founded", "date", (), {"Report 0": "1851-01-01", "Report 1": "1902-06-30"}),
            ("pages", "number", (), {"Report 0": "1234567.25", "Report 1": ""}),
            ("region", "choice", ("North", "West"), {"Report 0": "West", "Report 1": ""}),
        ] == attribute_table(fresh)
        assert 0 == import_refi(fresh, out).attribute_values


def test_variables_of_another_tool_on_cases_and_sources(store: Store, tmp_path: Path) -> None:
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\r\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="Another tool">\r\n'
        "<Variables>"
        '<Variable guid="{0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D01}" name="Age group" typeOfVariable="Text"/>'
        '<Variable guid="0a6b0d32-38a5-4e5c-8c11-4c4b3b6c1d02" name="Date" typeOfVariable="DateTime"/>'
        '<Variable guid="0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D03" name="Urban" typeOfVariable="Boolean"/>'
        '<Variable guid="0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D04" name="Readers" typeOfVariable="Integer"/>'
        "</Variables>"
        '<Cases><Case guid="0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D10" name="c">'
        '<VariableValue><VariableRef targetGUID="0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D03"/>'
        "<BooleanValue>1</BooleanValue></VariableValue>"
        '<SourceRef targetGUID="0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D20"/></Case></Cases>'
        '<Sources><TextSource guid="0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D20" name="Quay story">'
        f"<PlainTextContent>{BODIES[1]}</PlainTextContent>"
        '<VariableValue><VariableRef targetGUID="0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D01"/>'
        "<TextValue>over 65</TextValue></VariableValue>"
        '<VariableValue><VariableRef targetGUID="0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D02"/>'
        "<DateTimeValue>2019-05-04T10:00:00</DateTimeValue></VariableValue>"
        '<VariableValue><VariableRef targetGUID="0A6B0D32-38A5-4E5C-8C11-4C4B3B6C1D04"/>'
        "<IntegerValue>many</IntegerValue></VariableValue>"
        "</TextSource></Sources></Project>\r\n"
    )
    path = tmp_path / "other.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
    report = import_refi(store, path)
    document = store.documents()[0]
    assert {"Age_group": "over 65", "Date_variable": "2019-05-04", "Urban": "true", "Readers": ""}.items() <= (
        store.document_attributes(document.id).items()
    )
    assert ["Readers of 'Quay story': 'many' is not a number"] == report.skipped
    assert [document.id] == store.documents_matching("age_group:\"over 65\" urban:true")
