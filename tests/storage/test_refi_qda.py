"""REFI-QDA exchange: the .qdc and .qdpx we write validate and come back whole; other tools' files are read; hostile ones refused."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import xmlschema

from storage.exchange.export import ExportError
from storage.exchange import refi_qda
from storage.exchange.refi_qda import export_refi, import_refi
from storage.models import Article
from storage.store import Store

SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "refi-qda"

FIRST = (
    "Council leaders defend the harbour budget\n\n"
    "The council said the harbour budget was \"fully funded\" for next year.\n"
    "Critics called the plan \u201ca gamble with the town's future\u201d and asked for an audit. \u00e9t\u00e9 \U0001f30a"
)
SECOND = "A short second report about the ferry timetable and the fares review."


def add_article(store: Store, title: str, body: str, **fields: str) -> int:
    article = Article(title=title, body=body, raw=body, **fields)
    return store.add_document(article, f"{title}.txt", title).id


@pytest.fixture
def coded(store: Store) -> Store:
    """Two documents, a nested codebook with colours and descriptions, segments by two coders with notes."""
    first = add_article(store, "Harbour budget", FIRST, publication="The Coast Gazette", author="Ann Reporter",
                        published="2021-03-04")
    second = add_article(store, "Ferry fares", SECOND)
    money = store.add_tag("Money", color="#e06c75", description="Budgets, costs and funding.\nNot: salaries.")
    doubt = store.add_tag("Doubt", color="teal", parent_id=money.id, description="Someone questions a plan.")
    store.add_tag("Unused & <odd> \"name\"", color="#abc")
    start = FIRST.index("fully")
    store.add_annotation(first, money.id, start, start + len("fully funded"), coder="ana", note="the claim\nline 2")
    start = FIRST.index("\u201ca gamble")
    store.add_annotation(first, doubt.id, start, len(FIRST), coder="ben")
    store.add_annotation(second, money.id, 0, 7, coder="")
    return store


def contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Documents, codes and segments by natural keys (ids are local to a database)."""
    tags = {tag.id: tag for tag in store.tags()}
    documents = {document.id: document for document in store.documents()}
    return {
        "documents": sorted(
            (d.title, d.body, d.publication, d.author, d.published) for d in documents.values()
        ),
        "tags": sorted(
            (t.name, tags[t.parent_id].name if t.parent_id else None, t.color, t.description) for t in tags.values()
        ),
        "segments": sorted(
            (a.uid, documents[a.document_id].title, tags[a.tag_id].name, a.start, a.end, a.text, a.coder, a.note)
            for a in store.annotations()
        ),
    }


def test_project_round_trip_gives_the_same_documents_codes_and_segments(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    report = export_refi(coded, out, format="qdpx", coder="ana")
    assert (report.documents, report.codes, report.selections, report.notes) == (2, 3, 3, 1)
    fresh = Store.memory()
    imported = import_refi(fresh, out, coder="someone")
    assert (imported.documents_created, imported.codes_created, imported.added) == (2, 3, 3)
    expected = contents(coded)
    actual = contents(fresh)
    # A segment with no coder is credited to the exporting user.
    expected["segments"] = sorted(s if s[6] else (*s[:6], "ana", s[7]) for s in expected["segments"])
    assert expected == actual


def test_import_twice_adds_nothing_the_second_time(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    export_refi(coded, out, format="qdpx")
    again = import_refi(coded, out)
    assert (again.documents_matched, again.documents_created, again.codes_matched, again.added) == (2, 0, 3, 0)
    assert again.already_present == 3


def test_exported_project_validates_against_the_schema(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    export_refi(coded, out, format="qdpx")
    schema = xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd")
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
        names = archive.namelist()
    schema.validate(io.BytesIO(qde))
    assert sum(name.startswith("sources/") and name.endswith(".txt") for name in names) == 2


def test_control_characters_cannot_break_the_xml_and_the_text_comes_back_exact(store: Store, tmp_path: Path) -> None:
    body = "A scraped page\x0b with a form feed\x0c and a bell\x07 in its text."
    document = add_article(store, "Title\x1b[31m with an escape", body)
    tag = store.add_tag("Scraped")
    store.add_annotation(document, tag.id, 0, len(body), coder="ana", note="noted")
    out = tmp_path / "project.qdpx"
    export_refi(store, out, format="qdpx")
    with zipfile.ZipFile(out) as archive:
        xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd").validate(io.BytesIO(archive.read("project.qde")))
    fresh = Store.memory()
    import_refi(fresh, out)
    (copy,) = fresh.annotations()
    assert (body, body) == (fresh.documents()[0].body, copy.text)


def test_exported_codebook_validates_and_comes_back(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "codebook.qdc"
    export_refi(coded, out, format="qdc")
    xmlschema.XMLSchema(SCHEMAS / "Codebook.xsd").validate(str(out))
    fresh = Store.memory()
    report = import_refi(fresh, out)
    assert report.codes_created == 3
    assert contents(coded)["tags"] == contents(fresh)["tags"]


def test_a_project_exported_twice_has_the_same_guids(coded: Store, tmp_path: Path) -> None:
    def guids(path: Path) -> list[str]:
        qde = zipfile.ZipFile(path).read("project.qde").decode("utf-8")
        return re.findall(r'(?:guid|GUID|User)="([0-9a-f-]{36})"', qde)

    export_refi(coded, tmp_path / "a.qdpx", format="qdpx")
    export_refi(coded, tmp_path / "b.qdpx", format="qdpx")
    assert len(guids(tmp_path / "a.qdpx")) > 10
    assert guids(tmp_path / "a.qdpx") == guids(tmp_path / "b.qdpx")


def test_export_is_stable_and_never_overwrites_without_force(coded: Store, tmp_path: Path) -> None:
    first, second = tmp_path / "a.qdc", tmp_path / "b.qdc"
    export_refi(coded, first, format="qdc")
    export_refi(coded, second, format="qdc")
    assert first.read_bytes() == second.read_bytes()
    with pytest.raises(ExportError, match="already exists"):
        export_refi(coded, first, format="qdc")
    export_refi(coded, first, format="qdc", force=True)
    other = tmp_path / "notes.qdpx"
    other.write_text("my notes")
    with pytest.raises(ExportError, match="refusing to replace"):
        export_refi(coded, other, format="qdpx", force=True)
    assert other.read_text() == "my notes"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.qdc", "b.qdc", "notes.qdpx"]


CODEBOOK_CRLF = (
    '<?xml version="1.0" encoding="utf-8"?>\r\n'
    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Another tool 9">\r\n'
    "  <Codes>\r\n"
    '    <Code guid="{5215CC69-B628-4E02-AFB9-9BEEAEE55808}" name="Topics" isCodable="false">\r\n'
    '      <Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Transport" isCodable="true" color="#FFFF00">\r\n'
    "        <Description>Buses, ferries\r\nand roads.</Description>\r\n"
    "      </Code>\r\n"
    '      <Code guid="9F43FE32-C2CB-4BA8-B766-A0734C826E49" name="Hostile" isCodable="true"'
    ' color="@click=app.quit" />\r\n'
    "    </Code>\r\n"
    "  </Codes>\r\n"
    "</CodeBook>"
)


def test_codebook_from_another_tool_merges_by_name(store: Store, tmp_path: Path) -> None:
    store.add_tag("transport", color="#123456")
    path = tmp_path / "other.qdc"
    path.write_bytes(CODEBOOK_CRLF.encode("utf-8"))
    report = import_refi(store, path)
    assert (report.codes_created, report.codes_matched, report.colours_refused) == (2, 1, 1)
    tags = {tag.name: tag for tag in store.tags()}
    assert tags["transport"].color == "#123456"
    assert tags["Hostile"].color == "#888888"
    assert tags["Hostile"].parent_id == tags["Topics"].id


def test_a_project_of_users_and_codes_only_as_atlas_ti_writes_it(store: Store, tmp_path: Path) -> None:
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\r\n'
        '<Project xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" origin="Some tool 23" name="themes"'
        ' creatingUserGUID="11111111-AAAA-4BBB-8CCC-DDDDDDDDDDDD" xmlns="urn:QDA-XML:project:1.0">\r\n'
        '  <Users>\r\n    <User guid="11111111-AAAA-4BBB-8CCC-DDDDDDDDDDDD" name="Someone" />\r\n  </Users>\r\n'
        "  <CodeBook>\r\n    <Codes>\r\n"
        '      <Code guid="22222222-AAAA-4BBB-8CCC-DDDDDDDDDDDD" name="Weather" isCodable="true">\r\n'
        '        <Code guid="33333333-AAAA-4BBB-8CCC-DDDDDDDDDDDD" name="Storms" isCodable="true" />\r\n'
        "      </Code>\r\n    </Codes>\r\n  </CodeBook>\r\n</Project>"
    )
    path = tmp_path / "themes.qdpx"
    path.write_bytes(zipped(**{"project.qde": qde.encode("utf-8")}))
    report = import_refi(store, path)
    assert (report.codes_created, report.documents_created, report.added) == (2, 0, 0)
    tags = {tag.name: tag for tag in store.tags()}
    assert tags["Storms"].parent_id == tags["Weather"].id


SOURCE_GUID = "01106019-2518-43DD-BBD1-8F0252BACB30"
OTHER_TEXT = "First line of an interview.\r\nThe ferry was late again, she said.\r\nEnd."


def other_tool_project(inline: bool = False, padding: int = 0) -> bytes:
    """A .qdpx in the shape ATLAS.ti and NVivo write: CRLF, upper-case and braced GUIDs, internal:// sources."""
    start = OTHER_TEXT.index("The ferry")
    end = OTHER_TEXT.index(", she")
    # Inline, a CR survives XML's line-end normalisation only as a character reference.
    escaped = OTHER_TEXT.replace("\r", "&#13;")
    content = f"<PlainTextContent>{escaped}</PlainTextContent>" if inline else ""
    path = "" if inline else f' plainTextPath="internal://{SOURCE_GUID}.txt"'
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\r\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="interviews" origin="Another tool 9"'
        ' creatingUserGUID="088B08AC-D5CD-4ADB-8B71-B4F3459C177F">\r\n'
        "  <Users>\r\n"
        '    <User guid="088B08AC-D5CD-4ADB-8B71-B4F3459C177F" name="Rosa Coder" />\r\n'
        "  </Users>\r\n"
        "  <CodeBook><Codes>\r\n"
        '    <Code guid="{A182CD3A-D83C-4D8C-BC80-26D9103EC6D6}" name="Delays" isCodable="true" color="#00ff00"/>\r\n'
        "  </Codes></CodeBook>\r\n"
        "  <Variables>\r\n"
        '    <Variable guid="2D2466F0-D77F-4F8C-BDF9-628966B6B74D" name="Publication" typeOfVariable="Text"/>\r\n'
        "  </Variables>\r\n"
        "  <Cases>\r\n"
        '    <Case guid="086AC733-7B1C-4749-A138-D7182F63A5C9" name="Rosa">\r\n'
        '      <VariableValue><VariableRef targetGUID="2D2466F0-D77F-4F8C-BDF9-628966B6B74D"/>'
        "<TextValue>Island Radio</TextValue></VariableValue>\r\n"
        f'      <SourceRef targetGUID="{SOURCE_GUID}"/>\r\n'
        "    </Case>\r\n"
        "  </Cases>\r\n"
        "  <Sources>\r\n"
        f'    <TextSource guid="{{{SOURCE_GUID}}}" name="Interview 1"{path}>\r\n'
        f"      {content}\r\n"
        f'      <PlainTextSelection guid="4191294A-E287-4510-95B0-69BCE4638E56" startPosition="{start}"'
        f' endPosition="{end}" creatingUser="088B08AC-D5CD-4ADB-8B71-B4F3459C177F">\r\n'
        "        <Description>late again</Description>\r\n"
        '        <Coding guid="445A6AEC-1400-4502-919D-0867832FF211"'
        ' creatingUser="{088B08AC-D5CD-4ADB-8B71-B4F3459C177F}">\r\n'
        '          <CodeRef targetGUID="a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"/>\r\n'
        "        </Coding>\r\n"
        '        <NoteRef targetGUID="B49D7982-BB8E-4335-80AF-DC869CCC3F45"/>\r\n'
        "      </PlainTextSelection>\r\n"
        "    </TextSource>\r\n"
        '    <PictureSource guid="02255470-09E6-400B-9E20-97D71FBEC65D" name="photo.jpg"'
        ' path="internal://02255470.jpg"/>\r\n'
        "  </Sources>\r\n"
        "  <Notes>\r\n"
        '    <Note guid="B49D7982-BB8E-4335-80AF-DC869CCC3F45" name="memo">'
        "<PlainTextContent>Second time this week.</PlainTextContent></Note>\r\n"
        "  </Notes>\r\n"
        "</Project>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        if not inline:
            archive.writestr(f"Sources/{SOURCE_GUID}.txt", (OTHER_TEXT + " " * padding).encode("utf-8"))
    return buffer.getvalue()


@pytest.mark.parametrize("inline", [False, True], ids=["plainTextPath", "PlainTextContent"])
def test_project_from_another_tool_is_read(store: Store, tmp_path: Path, inline: bool) -> None:
    path = tmp_path / "other.qdpx"
    path.write_bytes(other_tool_project(inline))
    report = import_refi(store, path)
    assert (report.documents_created, report.codes_created, report.added) == (1, 1, 1)
    assert report.skipped == ["PictureSource photo.jpg"]
    (document,) = store.documents()
    assert document.title == "Interview 1"
    assert document.publication == "Island Radio"
    assert "\r" not in document.body
    (annotation,) = store.annotations()
    assert annotation.text == "The ferry was late again"
    assert annotation.coder == "Rosa Coder"
    assert annotation.note == "late again\n\nSecond time this week."
    assert annotation.uid == "445a6aec14004502919d0867832ff211"


def test_matching_text_finds_the_existing_document(store: Store, tmp_path: Path) -> None:
    add_article(store, "Already here", OTHER_TEXT.replace("\r\n", "\n"))
    path = tmp_path / "other.qdpx"
    path.write_bytes(other_tool_project())
    report = import_refi(store, path)
    assert (report.documents_matched, report.documents_created) == (1, 0)
    assert len(store.documents()) == 1


def test_a_coding_on_a_whole_source_codes_all_of_it_and_a_source_without_plain_text_is_listed(
    store: Store, tmp_path: Path
) -> None:
    whole = (
        '<TextSource guid="{0A6C9C3B-1B2C-4D5E-8F90-A1B2C3D4E5F6}" name="Whole">'
        "<PlainTextContent>Short whole text.</PlainTextContent>"
        '<Coding guid="1B2C3D4E-5F60-4172-8394-A5B6C7D8E9F0">'
        '<CodeRef targetGUID="A182CD3A-D83C-4D8C-BC80-26D9103EC6D6"/></Coding></TextSource>'
        '<TextSource guid="2C3D4E5F-6071-4283-94A5-B6C7D8E9F0A1" name="Styled only" richTextPath="internal://x.docx"/>'
    )
    with zipfile.ZipFile(io.BytesIO(other_tool_project())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["project.qde"] = members["project.qde"].replace(b"<Sources>", b"<Sources>" + whole.encode())
    path = tmp_path / "whole.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    report = import_refi(store, path)
    assert "TextSource Styled only (no plain text)" in report.skipped
    assert ["Short whole text.", "The ferry was late again"] == sorted(a.text for a in store.annotations())


def zipped(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


BOMB = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><Project name="x">&b;</Project>'
HOSTILE = {
    "not a zip": (b"PK not really a zip", "not a zip"),
    "no project.qde": (zipped(readme_txt=b"hello"), "no project.qde"),
    "bad XML": (zipped(**{"project.qde": b"<Project name='x'><Users>"}), "not well-formed"),
    "entity expansion": (zipped(**{"project.qde": BOMB}), "DOCTYPE"),
    "huge member": (zipped(**{"project.qde": b"<Project name='x'/>", "sources__big.txt": b"\0" * 5000}), "too large"),
    "sources over the total": (
        other_tool_project(padding=3500), "too large"
    ),
    "huge project.qde": (zipped(**{"project.qde": b"<Project name='x'>" + b" " * 5000 + b"</Project>"}), "too large"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_are_refused_with_nothing_written(
    coded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # The limits scaled down, so a bomb needs no hundreds of megabytes to prove the check.
    monkeypatch.setattr(refi_qda, "MAX_MEMBER_BYTES", 4096)
    monkeypatch.setattr(refi_qda, "MAX_TOTAL_BYTES", 4096)
    data, message = HOSTILE[name]
    path = tmp_path / "hostile.qdpx"
    path.write_bytes(data)
    before = contents(coded)
    with pytest.raises(ExportError, match=message):
        import_refi(coded, path)
    assert contents(coded) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda qde: qde.replace(b'endPosition="', b'endPosition="9'), "outside"),
        (lambda qde: qde.replace(b'targetGUID="a182cd3a', b'targetGUID="b182cd3a'), "lacks"),
        (lambda qde: qde.replace(b'guid="445A6AEC-1400', b'guid="not-a-guid'), "GUID"),
    ],
    ids=["selection outside its text", "unknown code", "bad GUID"],
)
def test_broken_projects_are_refused_with_nothing_written(store: Store, tmp_path: Path, change, message) -> None:
    with zipfile.ZipFile(io.BytesIO(other_tool_project())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["project.qde"] = change(members["project.qde"])
    path = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ExportError, match=message):
        import_refi(store, path)
    assert (store.documents(), store.tags(), store.annotations()) == ([], [], [])


def test_memos_travel_in_a_project_and_validate(coded: Store, tmp_path: Path) -> None:
    from storage.models import MemoSubject

    first = next(d for d in coded.documents() if d.title == "Harbour budget")
    coded.save_memo(MemoSubject("project"), "Who pays for the harbour?\nSecond line & <odd>.")
    coded.save_memo(MemoSubject("document", first.id), "Check the budget figures.")
    out = tmp_path / "project.qdpx"
    report = export_refi(coded, out, format="qdpx")
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
    xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd").validate(io.BytesIO(qde))
    assert report.notes == 2  # the annotation's note and the document's memo

    fresh = Store.memory()
    imported = import_refi(fresh, out)

    here = next(d for d in fresh.documents() if d.title == "Harbour budget")
    assert "Who pays for the harbour?\nSecond line & <odd>." == fresh.memo_text(MemoSubject("project"))
    assert "Check the budget figures." == fresh.memo_text(MemoSubject("document", here.id))
    assert 2 == imported.memos
    assert [] == imported.skipped


def test_a_code_description_fills_an_empty_one_and_keeps_one_written_here(store: Store, tmp_path: Path) -> None:
    store.add_tag("Money")
    store.add_tag("Doubt", description="Ours.")
    path = tmp_path / "book.qdc"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="22222222-AAAA-4BBB-8CCC-DDDDDDDDDDDD" name="money" isCodable="true">'
        "<Description>Budgets and costs.</Description></Code>"
        '<Code guid="33333333-AAAA-4BBB-8CCC-DDDDDDDDDDDD" name="Doubt" isCodable="true">'
        "<Description>Theirs.</Description></Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    report = import_refi(store, path)
    descriptions = {tag.name: tag.description for tag in store.tags()}
    assert {"Money": "Budgets and costs.", "Doubt": "Ours."} == descriptions
    assert 1 == report.memos


def test_a_source_description_and_notes_become_its_memo(store: Store, tmp_path: Path) -> None:
    from storage.models import MemoSubject

    with zipfile.ZipFile(io.BytesIO(other_tool_project())) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        text = archive.read(f"Sources/{SOURCE_GUID}.txt")
    qde = qde.replace(
        f'name="Interview 1" plainTextPath="internal://{SOURCE_GUID}.txt">',
        f'name="Interview 1" plainTextPath="internal://{SOURCE_GUID}.txt"><Description>Rosa, by phone.</Description>',
    ).replace(
        "</PlainTextSelection>",
        '</PlainTextSelection><NoteRef targetGUID="C49D7982-BB8E-4335-80AF-DC869CCC3F45"/>',
    ).replace(
        "</Notes>",
        '<Note guid="C49D7982-BB8E-4335-80AF-DC869CCC3F45" name="doc memo">'
        "<PlainTextContent>Call back in May.</PlainTextContent></Note></Notes>",
    ).replace("</Project>", "<Description>Ferry study.</Description></Project>")
    path = tmp_path / "memos.qdpx"
    path.write_bytes(zipped(**{"project.qde": qde.encode("utf-8"), f"Sources/{SOURCE_GUID}.txt": text}))

    report = import_refi(store, path)

    (document,) = store.documents()
    assert "Rosa, by phone.\n\nCall back in May." == store.memo_text(MemoSubject("document", document.id))
    assert "Ferry study." == store.memo_text(MemoSubject("project"))
    assert (2, 1) == (report.memos, report.added)
    assert "late again\n\nSecond time this week." == store.annotations()[0].note
