"""Provides REFI-QDA exchange: the codebook as ``.qdc`` and the project as ``.qdpx``, written and read back.

REFI-QDA (the Rotterdam Exchange Format Initiative) is what NVivo, ATLAS.ti,
MAXQDA, QualCoder and Dedoose exchange. A ``.qdc`` is one XML file holding the
codebook; a ``.qdpx`` is a zip holding ``project.qde`` (users, codebook,
variables, sources with their coded selections, notes) and a ``sources/`` folder
with each document's text as UTF-8 ``.txt``. Text selections count Unicode code
points from 0, as Python indices do; ``endPosition`` is the index after the last
character (as QualCoder and NVivo write it), so a selection is ``body[start:end]``.

GUIDs are derived from the store's identities (tag names, document slugs,
annotation uids), so exporting the same project twice gives the same file, and an
annotation keeps its uid through an export and an import.

Files from elsewhere are untrusted: a zip whose members are too big or too many,
XML with a DOCTYPE (entity expansion), a missing ``project.qde``, a selection
outside its text or a reference to a code that is not there is refused with one
line (ExportError), and an import is one transaction, so nothing is half-written.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
import zipfile
from bisect import bisect_left
from decimal import Decimal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from storage.colors import DEFAULT_COLOR, normalise_color
from storage.exchange.export import ExportError, remove_path, sync_file
from storage.attribute_values import BUILTIN_COLUMNS, AttributeValueError, checked_value
from storage.models import Annotation, Attribute, Document, MemoSubject, Tag
from storage.store import Store, StoreError, anchor_texts, clean_name, clean_note, now, slugify

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "safeguard-tui"
GUID_NAMESPACE = uuid.UUID("6f1d7c9e-3b2a-5e48-9c1d-52a7e0b4f3a1")
"""The uuid5 namespace of every GUID this tool derives, so that re-exports are stable."""

FORMATS = ("qdpx", "qdc")
SOURCES_FOLDER = "sources"
VARIABLES = ("publication", "author", "published", "section")
"""Document fields exported as REFI-QDA variables (Text), and read back from variables of these names."""
VARIABLE_TYPES = {"text": "Text", "choice": "Text", "number": "Float", "date": "Date"}
"""The REFI-QDA type of each kind of attribute (REFI-QDA has no choice type: see CHOICES_HEADING)."""
VALUE_ELEMENTS = {"Text": "TextValue", "Float": "FloatValue", "Date": "DateValue"}
ATTRIBUTE_KINDS = {"Text": "text", "Integer": "number", "Float": "number", "Date": "date", "DateTime": "date",
                   "Boolean": "choice"}  # fmt: skip
"""The kind of attribute a variable of each REFI-QDA type becomes here."""
CHOICES_HEADING = "One of:"
"""A choice attribute is a Text variable whose description is this line, then one allowed value a line."""

MAX_MEMBERS = 100_000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
"""Limits on a ``.qdpx`` read: a zip bomb or a giant member is refused before it fills memory."""

GUID_PATTERN = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")


@dataclass(frozen=True)
class RefiExportReport:
    """What a REFI-QDA export wrote."""

    path: Path
    format: str
    documents: int
    codes: int
    selections: int
    notes: int
    users: int
    orphaned: int


@dataclass
class RefiImportReport:
    """What a REFI-QDA import did, for the command's summary."""

    path: Path
    codes_created: int = 0
    codes_matched: int = 0
    colours_refused: int = 0
    documents_matched: int = 0
    documents_created: int = 0
    added: int = 0
    already_present: int = 0
    notes: int = 0
    memos: int = 0
    """Memos taken in: the project's description and notes, sources' memos, descriptions of codes here."""
    attributes_created: int = 0
    attribute_values: int = 0
    skipped: list[str] = field(default_factory=list)


def derived_guid(kind: str, key: str) -> str:
    """A GUID stable for one thing: ``derived_guid("tag", "Funding")`` is the same in every export."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def annotation_guid(uid: str) -> str:
    """The GUID of an annotation's coding: its uid itself when that is a hex UUID, so import restores it."""
    try:
        return str(uuid.UUID(hex=uid))
    except ValueError:
        return derived_guid("annotation", uid)


def normalised_guid(text: str | None, what: str) -> str:
    """A GUID as written by any tool (upper case, braces) in one form: lower case, no braces."""
    match = GUID_PATTERN.match((text or "").strip())
    if match is None:
        raise ExportError(f"{what} has no valid GUID ({(text or '')[:40]!r})")
    return match.group(1).lower()


# -- export ----------------------------------------------------------------------


def export_refi(
    store: Store, out_path: str | Path, *, format: str, force: bool = False, coder: str = ""
) -> RefiExportReport:
    """Write ``store``'s codebook (``qdc``) or whole project (``qdpx``) to ``out_path``.

    The file is written beside the target under a temporary name and renamed into
    place when complete. An existing target is replaced only with ``force`` and
    only if it is a file of the same format. ``coder`` is the project's creating user.
    """
    if format not in FORMATS:
        raise ExportError(f"unknown REFI-QDA format {format!r} (choose from {', '.join(FORMATS)})")
    out = Path(out_path).expanduser()
    check_refi_target(out, format, force)
    try:
        handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
        os.close(handle)
    except OSError as error:
        raise ExportError(f"cannot write in folder {out.parent}: {error.strerror or error}") from None
    scratch = Path(name)
    finished = False
    try:
        with store.atomic():
            if format == "qdc":
                report = write_codebook(store, scratch, out)
            else:
                report = write_project(store, scratch, out, coder)
        sync_file(scratch)
        scratch.chmod(0o644)
        os.replace(scratch, out)
        finished = True
    except OSError as error:
        raise ExportError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        if not finished:
            remove_path(scratch)
    return report


def check_refi_target(out: Path, format: str, force: bool) -> None:
    """Refuse a missing folder, or an existing target without ``force`` or that is not a REFI-QDA file."""
    if not out.parent.is_dir():
        raise ExportError(f"folder {out.parent} does not exist")
    if not (out.exists() or out.is_symlink()):
        return
    if not force:
        raise ExportError(f"{out} already exists (use --force to replace it)")
    if out.is_dir():
        raise ExportError(f"{out} is a folder, not a file")
    if format == "qdpx":
        try:
            with zipfile.ZipFile(out) as archive:
                ours = any(name.lower() == "project.qde" for name in archive.namelist())
        except (zipfile.BadZipFile, OSError):
            ours = False
    else:
        try:
            with out.open("rb") as handle:
                ours = CODEBOOK_NS.encode() in handle.read(4096)
        except OSError:
            ours = False
    if not ours:
        raise ExportError(f"{out} is not a .{format} file; refusing to replace it")


def write_codebook(store: Store, scratch: Path, out: Path) -> RefiExportReport:
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
    tags = store.tags()
    root.append(codes_element(tags))
    scratch.write_bytes(xml_bytes(root))
    return RefiExportReport(out, "qdc", 0, len(tags), 0, 0, 0, 0)


def codes_element(tags: list[Tag]) -> ET.Element:
    """``<Codes>`` with each tag nested under its parent (a tag whose parent is missing, or a cycle, at the top)."""
    children: dict[int | None, list[Tag]] = {}
    ids = {tag.id for tag in tags}
    for tag in sorted(tags, key=lambda tag: tag.name.lower()):
        children.setdefault(tag.parent_id if tag.parent_id in ids else None, []).append(tag)
    codes = ET.Element("Codes")
    placed: set[int] = set()

    def add(parent: ET.Element, tag: Tag) -> None:
        placed.add(tag.id)
        code = ET.SubElement(parent, "Code", code_attributes(tag))
        if tag.description:
            ET.SubElement(code, "Description").text = tag.description
        for child in children.get(tag.id, []):
            if child.id not in placed:
                add(code, child)

    for tag in children.get(None, []):
        add(codes, tag)
    for tag in tags:  # Tags in a parent cycle reach no root: put them at the top rather than lose them.
        if tag.id not in placed:
            add(codes, tag)
    return codes


def code_attributes(tag: Tag) -> dict[str, str]:
    return {
        "guid": derived_guid("tag", tag.name.lower()),
        "name": tag.name,
        "isCodable": "true",
        "color": normalise_color(tag.color) or DEFAULT_COLOR,
    }


def write_project(store: Store, scratch: Path, out: Path, coder: str) -> RefiExportReport:
    """Write the ``.qdpx`` zip: ``project.qde`` and one UTF-8 text file per current document."""
    tags = {tag.id: tag for tag in store.tags()}
    documents = store.documents()
    annotations = store.annotations()
    orphaned = len(store.annotations(orphaned=True))
    users = sorted({annotation.coder for annotation in annotations if annotation.coder} | {coder or ORIGIN})
    user_guids = {name: derived_guid("user", name) for name in users}
    root = ET.Element(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "name": out.stem,
            "origin": ORIGIN,
            "creatingUserGUID": user_guids[coder or ORIGIN],
            "creationDateTime": now(),
        },
    )
    users_element = ET.SubElement(root, "Users")
    for name in users:
        ET.SubElement(users_element, "User", {"guid": user_guids[name], "name": name})
    if tags:
        ET.SubElement(root, "CodeBook").append(codes_element(list(tags.values())))
    variables = ET.SubElement(root, "Variables")
    for name in VARIABLES:
        ET.SubElement(variables, "Variable", {"guid": derived_guid("variable", name), "name": name,
                                              "typeOfVariable": "Text"})
    attributes = {attribute.id: attribute for attribute in store.attributes()}
    for attribute in attributes.values():
        variables.append(variable_element(attribute))
    values: dict[int, dict[int, str]] = {}
    for document_id, attribute_id, value in store.export_rows("document_attributes"):
        values.setdefault(document_id, {})[attribute_id] = value
    by_document: dict[int, list[Annotation]] = {}
    for annotation in annotations:
        by_document.setdefault(annotation.document_id, []).append(annotation)
    sources = ET.SubElement(root, "Sources") if documents else None
    notes: list[ET.Element] = []
    memos = {memo.subject.id: memo.text for memo in store.memos() if memo.subject.kind == "document"}
    texts: dict[str, str] = {}
    selections = 0
    for document in documents:
        assert sources is not None
        source_guid = derived_guid("document", document.slug)
        texts[f"{SOURCES_FOLDER}/{source_guid}.txt"] = document.body
        source = ET.SubElement(
            sources,
            "TextSource",
            {"guid": source_guid, "name": document.title or document.slug,
             "plainTextPath": f"internal://{source_guid}.txt"},
        )
        for annotation in by_document.get(document.id, []):
            if annotation.tag_id not in tags or document.body[annotation.start : annotation.end] != annotation.text:
                orphaned += 1
                continue
            source.append(selection_element(annotation, tags[annotation.tag_id], user_guids, notes))
            selections += 1
        if document.id in memos:
            source.append(memo_note_ref(document, memos[document.id], user_guids[coder or ORIGIN], notes))
        for name in VARIABLES:
            value = getattr(document, name)
            if value:
                element = ET.SubElement(source, "VariableValue")
                ET.SubElement(element, "VariableRef", {"targetGUID": derived_guid("variable", name)})
                ET.SubElement(element, "TextValue").text = value
        for attribute_id, value in sorted(values.get(document.id, {}).items()):
            source.append(variable_value_element(attributes[attribute_id], value))
    current = {document.id for document in documents}
    orphaned += sum(annotation.document_id not in current for annotation in annotations)  # on an old revision
    if notes:
        ET.SubElement(root, "Notes").extend(notes)
    project_memo = store.memo_text(MemoSubject("project"))
    if project_memo:
        ET.SubElement(root, "Description").text = project_memo
    with zipfile.ZipFile(scratch, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml_bytes(root))
        for name, text in texts.items():
            archive.writestr(name, text.encode("utf-8"))
    return RefiExportReport(out, "qdpx", len(documents), len(tags), selections, len(notes), len(users), orphaned)


def attribute_guid(name: str) -> str:
    return derived_guid("attribute", name.casefold())


def variable_element(attribute: Attribute) -> ET.Element:
    """A researcher's attribute as a ``Variable``; a choice lists its allowed values in the description."""
    element = ET.Element("Variable", {"guid": attribute_guid(attribute.name), "name": attribute.name,
                                      "typeOfVariable": VARIABLE_TYPES[attribute.kind]})  # fmt: skip
    if attribute.kind == "choice":
        ET.SubElement(element, "Description").text = "\n".join([CHOICES_HEADING, *attribute.choices])
    return element


def variable_value_element(attribute: Attribute, value: str) -> ET.Element:
    """A document's value as a ``VariableValue`` of the attribute's type.

    ``DateValue`` is a whole date (xsd:date): a year or a month is written as its first day.
    ``FloatValue`` is an xsd:decimal, never in exponent notation.
    """
    kind = VARIABLE_TYPES[attribute.kind]
    if kind == "Date":
        value = (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]
    elif kind == "Float":
        value = format(Decimal(value), "f")
    element = ET.Element("VariableValue")
    ET.SubElement(element, "VariableRef", {"targetGUID": attribute_guid(attribute.name)})
    ET.SubElement(element, VALUE_ELEMENTS[kind]).text = value
    return element


def selection_element(
    annotation: Annotation, tag: Tag, user_guids: dict[str, str], notes: list[ET.Element]
) -> ET.Element:
    """One annotation as a ``PlainTextSelection`` with its ``Coding``; its note goes to ``notes``, referenced."""
    user = user_guids.get(annotation.coder) or next(iter(user_guids.values()))
    created = {"creationDateTime": annotation.created} if annotation.created else {}
    selection = ET.Element(
        "PlainTextSelection",
        {
            "guid": derived_guid("selection", annotation.uid),
            "name": " ".join(annotation.text.split())[:80],
            "startPosition": str(annotation.start),
            "endPosition": str(annotation.end),
            "creatingUser": user,
            **created,
        },
    )
    coding = ET.SubElement(
        selection, "Coding", {"guid": annotation_guid(annotation.uid), "creatingUser": user, **created}
    )
    ET.SubElement(coding, "CodeRef", {"targetGUID": derived_guid("tag", tag.name.lower())})
    if annotation.note:
        note_guid = derived_guid("note", annotation.uid)
        ET.SubElement(selection, "NoteRef", {"targetGUID": note_guid})
        note = ET.Element(
            "Note", {"guid": note_guid, "name": f"Note on {selection.get('name')}"[:80], "creatingUser": user}
        )
        ET.SubElement(note, "PlainTextContent").text = annotation.note
        notes.append(note)
    return selection


def memo_note_ref(document: Document, text: str, user: str, notes: list[ET.Element]) -> ET.Element:
    """A document's memo as a ``Note`` (added to ``notes``) and the ``NoteRef`` its source holds."""
    note_guid = derived_guid("document-memo", document.slug)
    note = ET.Element(
        "Note", {"guid": note_guid, "name": f"Memo on {document.title or document.slug}"[:80], "creatingUser": user}
    )
    ET.SubElement(note, "PlainTextContent").text = text
    notes.append(note)
    return ET.Element("NoteRef", {"targetGUID": note_guid})


NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all (control characters from a scraped title or passage)."""


def xml_bytes(root: ET.Element) -> bytes:
    """The tree as UTF-8 XML, characters XML cannot hold dropped (the texts themselves travel in ``sources/``)."""
    for element in root.iter():
        if element.text:
            element.text = NOT_XML.sub("", element.text)
        for key, value in element.attrib.items():
            element.set(key, NOT_XML.sub("", value))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# -- reading files from other tools ---------------------------------------------


def local(tag: str) -> str:
    """An element's name without its namespace: tools differ in which namespace they write."""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if local(child.tag) == name)


def child(element: ET.Element, name: str) -> ET.Element | None:
    return next(children(element, name), None)


def child_text(element: ET.Element, name: str) -> str:
    found = child(element, name)
    return (found.text or "") if found is not None else ""


def parse_xml(data: bytes, what: str) -> ET.Element:
    """Parse untrusted XML, refusing a DOCTYPE (the door to entity expansion and external entities)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ExportError(f"{what} declares a DOCTYPE or entities; refusing to read it")
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise ExportError(f"{what} is not well-formed XML ({error})") from None


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str) -> bytes:
    """A zip member's bytes, never more than MAX_MEMBER_BYTES whatever its header claims."""
    if info.file_size > MAX_MEMBER_BYTES:
        raise ExportError(f"{what}: {info.filename} is too large ({info.file_size} bytes)")
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as error:
        raise ExportError(f"{what}: cannot read {info.filename} ({error})") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise ExportError(f"{what}: {info.filename} is too large")
    return data


class ProjectArchive:
    """A ``.qdpx`` opened for reading: its ``project.qde`` parsed, its text sources read on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else "not a zip file"
            raise ExportError(f"{path} is not a REFI-QDA project (.qdpx): {reason}") from None
        members = self.archive.infolist()
        if len(members) > MAX_MEMBERS or sum(info.file_size for info in members) > MAX_TOTAL_BYTES:
            self.archive.close()
            raise ExportError(f"{path} is too large to import ({len(members)} files)")
        self.members = {info.filename.replace("\\", "/").lower(): info for info in members}
        self.bytes_read = 0
        qde = self.members.get("project.qde") or next(
            (info for name, info in self.members.items() if name.endswith(".qde") and "/" not in name), None
        )
        if qde is None:
            self.archive.close()
            raise ExportError(f"{path} holds no project.qde; it is not a REFI-QDA project")
        self.root = parse_xml(self.read(qde), f"{path}: project.qde")

    def close(self) -> None:
        self.archive.close()

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """A member's bytes; all reads together stay under MAX_TOTAL_BYTES, whatever the headers claim."""
        data = read_member(self.archive, info, str(self.path))
        self.bytes_read += len(data)
        if self.bytes_read > MAX_TOTAL_BYTES:
            raise ExportError(f"{self.path} is too large to import")
        return data

    def source_text(self, source: ET.Element) -> str | None:
        """A TextSource's plain text: inline ``PlainTextContent`` or the ``internal://`` file it names.

        None when it has neither (a styled text without its plain representation, an external file).
        """
        inline = child(source, "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        reference = source.get("plainTextPath") or ""
        if not reference.startswith("internal://"):
            return None
        name = reference.removeprefix("internal://").lstrip("/").replace("\\", "/").lower()
        info = self.members.get(f"{SOURCES_FOLDER}/{name}") or self.members.get(name)
        if info is None:
            raise ExportError(f"{self.path}: source file {reference} is missing from the project")
        try:
            return self.read(info).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExportError(f"{self.path}: source file {reference} is not UTF-8 text") from None


class LineEndings:
    """A text with CRLF made LF, and offsets into the original mapped to the new text."""

    def __init__(self, text: str) -> None:
        self.crlf = [match.start() for match in re.finditer("\r\n", text)]
        self.text = text.replace("\r\n", "\n") if self.crlf else text

    def position(self, offset: int) -> int:
        """An offset into the CRLF text as an offset into the LF text (each earlier CR drops out)."""
        return offset - bisect_left(self.crlf, offset)


# -- import ----------------------------------------------------------------------


def import_refi(store: Store, path: str | Path, *, coder: str = "") -> RefiImportReport:
    """Bring a ``.qdc`` codebook or a ``.qdpx`` project into ``store``, all in one transaction.

    A ``.qdc`` adds its codes (matched by name; parents kept). A ``.qdpx`` adds its
    codes, its text sources (matched by text to the store's documents, else created
    with their quotes found), its coded selections as annotations with their coder
    and notes. ``coder`` is credited where the file names none. Raises ExportError
    for a file that cannot be read safely; then nothing is written.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise ExportError(f"no file at {path}")
    report = RefiImportReport(path)
    try:
        if path.suffix.lower() == ".qdc":
            import_codebook_file(store, path, report)
        else:
            import_project_file(store, path, report, coder)
    except ExportError:
        raise
    except StoreError as error:  # A value the store refuses (a clash it cannot settle), as one line.
        raise ExportError(f"cannot import {path}: {error}") from None
    return report


def import_codebook_file(store: Store, path: Path, report: RefiImportReport) -> None:
    try:
        if path.stat().st_size > MAX_MEMBER_BYTES:
            raise ExportError(f"{path} is too large for a codebook")
        data = path.read_bytes()
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror or error}") from None
    root = parse_xml(data, str(path))
    if local(root.tag) != "CodeBook":
        raise ExportError(f"{path} is not a REFI-QDA codebook (its root is {local(root.tag)!r})")
    with store.atomic():
        import_codes(store, root, report)


def import_project_file(store: Store, path: Path, report: RefiImportReport, coder: str) -> None:
    project = ProjectArchive(path)
    try:
        if local(project.root.tag) != "Project":
            raise ExportError(f"{path}: project.qde is not a REFI-QDA project (root {local(project.root.tag)!r})")
        with store.atomic():
            ProjectImport(store, project, report, coder).run()
    finally:
        project.close()


def import_codes(store: Store, root: ET.Element, report: RefiImportReport) -> dict[str, int]:
    """Add the codes under ``root``'s ``Codes`` (codebook or project), matched by name; returns tag id by GUID."""
    codes = child(root, "Codes")
    if codes is None:
        book = child(root, "CodeBook")
        codes = child(book, "Codes") if book is not None else None
    ids: dict[str, int] = {}
    if codes is None:
        return ids

    def add(code: ET.Element, parent_id: int | None) -> None:
        guid = normalised_guid(code.get("guid"), f"code {code.get('name')!r}")
        name = clean_name(code.get("name") or "")
        if not name:
            raise ExportError(f"code {guid} has no name")
        tag = store.tag_by_name(name)
        if tag is None:
            color = normalise_color(code.get("color") or DEFAULT_COLOR)
            if color is None:
                report.colours_refused += 1
            tag = store.add_tag(name, color=color or DEFAULT_COLOR,
                                description=clean_note(child_text(code, "Description")), parent_id=parent_id)
            report.codes_created += 1
        else:
            report.codes_matched += 1
            report.memos += store.import_memo(MemoSubject("tag", tag.id), child_text(code, "Description"))
        ids[guid] = tag.id
        for sub in children(code, "Code"):
            add(sub, tag.id)

    for code in children(codes, "Code"):
        add(code, None)
    return ids


def read_notes(root: ET.Element) -> dict[str, str]:
    """Note text by GUID, from the project's ``Notes`` (each a text source with inline content)."""
    notes = {}
    for notes_element in children(root, "Notes"):
        for note in children(notes_element, "Note"):
            text = child_text(note, "PlainTextContent").replace("\r\n", "\n")
            notes[normalised_guid(note.get("guid"), "a note")] = clean_note(text)
    return notes


def variable_values(element: ET.Element, variables: dict[str, str]) -> dict[str, str]:
    """The document fields among an element's ``VariableValue`` children, whatever the value's type."""
    return document_fields(typed_values(element), variables)


def document_fields(values: dict[str, tuple[str, str]], variables: dict[str, str]) -> dict[str, str]:
    """The values of the variables that are document fields (publication, author, published, section), by name."""
    fields = {}
    for guid, (_, text) in values.items():
        name = variables.get(guid, "")
        if name in VARIABLES:
            fields[name] = clean_name(text)
    return fields


def import_variables(store: Store, root: ET.Element, report: RefiImportReport) -> dict[str, Attribute]:
    """The project's variables other than the document fields, matched to attributes by name or created.

    A name this app could not filter by ("Age group") has its spaces made underscores;
    one that is a built-in attribute's name gets ``_variable`` after it.
    """
    found: dict[str, Attribute] = {}
    for variables in children(root, "Variables"):
        for variable in children(variables, "Variable"):
            if (variable.get("name") or "").strip().lower() in VARIABLES:
                continue  # a document field (see variable_values)
            name = attribute_name(variable.get("name") or "")
            guid = normalised_guid(variable.get("guid"), f"variable {name!r}")
            if not name:
                continue
            kind = ATTRIBUTE_KINDS.get(variable.get("typeOfVariable") or "", "text")
            choices = variable_choices(variable)
            kind, choices = ("choice", choices) if choices else (kind, ("true", "false") if kind == "choice" else ())
            attribute = store.attribute_by_name(name)
            if attribute is None:
                try:
                    attribute = store.add_attribute(name, kind, choices)
                except StoreError as error:
                    report.skipped.append(f"variable {name!r}: {error}")
                    continue
                report.attributes_created += 1
            elif attribute.kind == "choice" and attribute.id is not None:
                attribute = store.widen_choices(attribute.id, choices)
            found[guid] = attribute
    return found


def attribute_name(name: str) -> str:
    """A variable's name as an attribute's: no spaces, colons or quotes, and not a built-in's name."""
    name = "_".join(clean_name(name).replace(":", " ").replace('"', " ").split())
    return f"{name}_variable" if name.casefold() in BUILTIN_COLUMNS else name


def variable_choices(variable: ET.Element) -> tuple[str, ...]:
    """The allowed values a choice attribute wrote in its variable's description (see CHOICES_HEADING)."""
    lines = child_text(variable, "Description").replace("\r\n", "\n").split("\n")
    if lines[0].strip() != CHOICES_HEADING:
        return ()
    return tuple(clean_name(line) for line in lines[1:] if clean_name(line))


def typed_values(element: ET.Element) -> dict[str, tuple[str, str]]:
    """An element's ``VariableValue`` children as (value element name, text), by variable GUID."""
    values = {}
    for value in children(element, "VariableValue"):
        reference = child(value, "VariableRef")
        typed = [item for item in value if local(item.tag) != "VariableRef"]
        if reference is not None and typed:
            values[normalised_guid(reference.get("targetGUID"), "a variable value")] = (local(typed[0].tag), typed[0].text or "")
    return values


def read_case_attribute_values(root: ET.Element) -> dict[str, dict[str, tuple[str, str]]]:
    """Values cases hold (MAXQDA and NVivo put variables on cases), by the GUID of each source of the case."""
    values: dict[str, dict[str, tuple[str, str]]] = {}
    for cases in children(root, "Cases"):
        for case in children(cases, "Case"):
            for reference in children(case, "SourceRef"):
                guid = normalised_guid(reference.get("targetGUID"), "a case's source")
                values.setdefault(guid, {}).update(typed_values(case))
    return values


def attribute_text(element: str, text: str) -> str:
    """A typed value as this app writes it: a DateTime's date, a Boolean as true or false."""
    text = text.strip()
    if element == "DateTimeValue":
        return text[:10]
    if element == "BooleanValue":
        return "true" if text.lower() in ("true", "1") else "false"
    return text


def create_document(
    store: Store, source: ET.Element, body: str, fields: dict[str, str], path: Path
) -> Document:
    """A document for a source the store lacks, with its quotes and speakers found as on any import."""
    from storage.attribution.extraction import extract_document  # Only when a new document needs it.

    title = clean_name(source.get("name") or "") or body.strip().split("\n", 1)[0][:80]
    copy = Document(
        0, slugify(title) or "document", 1, f"{path.name}#{title}", "", title,
        fields.get("publication", ""), fields.get("author", ""), fields.get("published", ""), body, body, "",
        section=fields.get("section", ""),
    )
    document = store.add_document_copy(copy)
    extract_document(store, document)
    return document


class ProjectImport:
    """One ``.qdpx`` brought into a store: what its users, codes, notes and variables are, then each source."""

    def __init__(self, store: Store, project: ProjectArchive, report: RefiImportReport, coder: str) -> None:
        self.store = store
        self.project = project
        self.report = report
        self.coder = coder
        root = project.root
        self.users = {
            normalised_guid(user.get("guid"), "a user"): clean_name(user.get("name") or "")
            for users in children(root, "Users")
            for user in children(users, "User")
        }
        self.notes = read_notes(root)
        self.used_notes: set[str] = set()
        self.variables = {
            normalised_guid(variable.get("guid"), f"variable {variable.get('name')!r}"): (
                (variable.get("name") or "").lower()
            )
            for variables in children(root, "Variables")
            for variable in children(variables, "Variable")
        }
        self.case_attribute_values = read_case_attribute_values(root)
        self.case_values = {
            guid: document_fields(values, self.variables) for guid, values in self.case_attribute_values.items()
        }
        self.codes: dict[str, int] = {}
        self.attributes: dict[str, Attribute] = {}
        """The project's own variables (not the document fields) as attributes here, by variable GUID."""

    def run(self) -> None:
        self.codes = import_codes(self.store, self.project.root, self.report)
        self.import_memo(MemoSubject("project"), self.project.root)
        self.attributes = import_variables(self.store, self.project.root, self.report)
        for sources in children(self.project.root, "Sources"):
            for source in sources:
                if local(source.tag) == "TextSource":
                    self.import_source(source)
                else:
                    self.report.skipped.append(f"{local(source.tag)} {source.get('name') or ''}".strip())
        unused = set(self.notes) - self.used_notes
        if unused:
            self.report.skipped.append(f"{len(unused)} notes not attached to a coded passage")

    def import_source(self, source: ET.Element) -> None:
        """One TextSource: its document matched by text or created, its codings stored as annotations."""
        name = source.get("name") or ""
        raw = self.project.source_text(source)
        if raw is None:
            self.report.skipped.append(f"TextSource {name} (no plain text)".strip())
            return
        text = LineEndings(raw)
        document = self.store.current_document_with_body(text.text)
        if document is not None:
            self.report.documents_matched += 1
        else:
            guid = normalised_guid(source.get("guid"), f"source {name!r}")
            fields = {**self.case_values.get(guid, {}), **variable_values(source, self.variables)}
            document = create_document(self.store, source, text.text, fields, self.project.path)
            self.report.documents_created += 1
        self.import_memo(MemoSubject("document", document.id), source)
        self.store_values(document, source)
        # A coding directly on the source codes all of it.
        spans: list[tuple[ET.Element, int, int]] = [(source, 0, len(text.text))]
        for selection in children(source, "PlainTextSelection"):
            try:
                start = text.position(int(selection.get("startPosition", "")))
                end = text.position(int(selection.get("endPosition", "")))
            except ValueError:
                raise ExportError(f"{self.project.path}: a selection in {name!r} has no valid positions") from None
            if not 0 <= start < end <= len(text.text):
                raise ExportError(
                    f"{self.project.path}: selection {start}-{end} is outside source {name!r}"
                    f" (length {len(text.text)})"
                )
            spans.append((selection, start, end))
        for holder, start, end in spans:
            description = child_text(holder, "Description") if holder is not source else ""
            for coding in children(holder, "Coding"):
                # The source's own notes are its memo (import_memo); a selection's go with its coding.
                refs = [normalised_guid(ref.get("targetGUID"), "a note reference")
                        for element in ((holder, coding) if holder is not source else (coding,))
                        for ref in children(element, "NoteRef")]
                self.used_notes.update(refs)
                parts = [clean_note(description.replace("\r\n", "\n")), *(self.notes.get(ref, "") for ref in refs)]
                user = coding.get("creatingUser") or holder.get("creatingUser")
                coder = self.users.get(normalised_guid(user, "a coding's user"), "") if user else ""
                self.store_coding(document, coding, start, end, "\n\n".join(part for part in parts if part),
                                  coder or self.coder)

    def import_memo(self, subject: MemoSubject, holder: ET.Element) -> None:
        """The project's or a source's ``Description`` and the notes it references, as its memo (if empty here)."""
        refs = [normalised_guid(ref.get("targetGUID"), "a note reference") for ref in children(holder, "NoteRef")]
        self.used_notes.update(refs)
        parts = [child_text(holder, "Description").replace("\r\n", "\n"), *(self.notes.get(ref, "") for ref in refs)]
        self.report.memos += self.store.import_memo(subject, "\n\n".join(part.strip() for part in parts if part.strip()))
    def store_values(self, document: Document, source: ET.Element) -> None:
        """The source's values of the project's variables (its case's, then its own), where the document has none."""
        guid = normalised_guid(source.get("guid"), "a source")
        values = {**self.case_attribute_values.get(guid, {}), **typed_values(source)}
        for variable, (kind, text) in values.items():
            attribute = self.attributes.get(variable)
            if attribute is None or attribute.id is None:
                continue
            try:
                value = checked_value(attribute, attribute_text(kind, text))
            except AttributeValueError as error:
                self.report.skipped.append(f"{attribute.name} of {document.title!r}: {error}")
                continue
            if self.store.add_document_attribute(document.id, attribute.id, value):
                self.report.attribute_values += 1

    def store_coding(self, document: Document, coding: ET.Element, start: int, end: int, note: str, coder: str) -> None:
        """One ``Coding`` as an annotation; its GUID becomes the uid, so importing twice adds nothing."""
        guid = normalised_guid(coding.get("guid"), "a coding")
        reference = child(coding, "CodeRef")
        code = normalised_guid(reference.get("targetGUID") if reference is not None else None, "a coding's code")
        if code not in self.codes:
            raise ExportError(f"coding {guid} refers to code {code}, which the project lacks")
        uid = uuid.UUID(guid).hex
        if self.store.annotation_by_uid(uid):
            self.report.already_present += 1
            return
        text, prefix, suffix = anchor_texts(document.body, start, end)
        created = coding.get("creationDateTime") or now()
        tag_id = self.codes[code]
        annotation = Annotation(0, document.id, tag_id, start, end, text, prefix, suffix, note, coder, created, created,
                                uid=uid)
        self.store.insert_annotation(annotation, document.id, tag_id)
        self.report.added += 1
        self.report.notes += bool(note)
