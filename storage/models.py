"""Provides the domain objects: plain frozen dataclasses shared by every layer.

Offsets (``start``/``end``) are Python string indices into ``Document.body``
(or into ``Comment.text`` for a quote that belongs to a reader comment). A stored
body never changes: a corrected article becomes a new revision, a new Document.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ParsedComment:
    """A reader comment found under an article, before it is stored."""

    author: str
    posted: str
    text: str


@dataclass(frozen=True)
class Article:
    """What ingestion makes of one file: the article apart from its page.

    Unknown metadata stays an empty string; ingestion never invents it.
    """

    title: str
    body: str
    raw: str
    publication: str = ""
    author: str = ""
    published: str = ""
    comments: tuple[ParsedComment, ...] = ()
    needs_review: bool = False
    """The cleaner found no article, so the body is a best guess the user should check."""
    section: str = ""
    """The section a news database files the article under ('NEWS; Pg. 7')."""
    stated_words: int = 0
    """The length a news database states ('LENGTH: 355 words'); 0 when none is stated."""
    url: str = ""
    """The article's address, when the file states it (a table's url column)."""


@dataclass(frozen=True)
class Document:
    """One stored revision of an article."""

    id: int
    slug: str
    revision: int
    source_file: str
    content_hash: str
    title: str
    publication: str
    author: str
    published: str
    body: str
    raw: str
    imported: str
    superseded_by: int | None = None
    needs_review: bool = False
    section: str = ""
    stated_words: int = 0
    url: str = ""

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None


@dataclass(frozen=True)
class Comment:
    """A reader comment kept apart from the article it sits under."""

    id: int
    document_id: int
    position: int
    author: str
    posted: str
    text: str


@dataclass(frozen=True)
class Actor:
    """A person or organisation that speaks or is spoken of, with every name it goes by.

    ``curated`` when the researcher has renamed, merged, split or re-kinded it:
    re-extraction then keeps it as it is.
    """

    id: int
    name: str
    kind: str
    role: str
    aliases: tuple[str, ...] = ()
    curated: bool = False
    description: str = ""
    """The researcher's memo on who or what the actor is (several lines)."""


@dataclass(frozen=True)
class Quote:
    """A span of speech: direct, indirect, partial, a term in quotation marks, or a reader comment.

    ``cue_start``/``cue_end`` locate the cue ("said") and ``mention_start``/``mention_end``
    where the text names or refers to the speaker ("he", "the minister"), when found.
    ``origin`` says whether the extractor's finding stands (``auto``), a coder changed
    it (``corrected``) or a coder added the quote (``manual``).
    """

    id: int
    document_id: int
    start: int
    end: int
    text: str
    speaker_id: int | None
    kind: str
    cue: str
    comment_id: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    origin: str = "auto"

    @property
    def is_speech(self) -> bool:
        """Whether someone is quoted: every kind but ``term`` (words merely in quotation marks)."""
        return self.kind != "term"


@dataclass(frozen=True)
class QuoteCorrection:
    """A coder's correction of the extractor, anchored to a passage like an annotation.

    ``action`` is ``speaker`` (the quote there is by ``speaker``, an actor's name, of
    ``speaker_kind``; an empty name means no speaker), ``kind`` (the quote there is of
    ``kind``), ``reject`` (the passage is not a quote) or ``add`` (the passage is a
    quote the extractor missed, of ``kind``, by ``speaker``). The speaker is kept by
    name, not actor id: ids change whenever extraction is rebuilt. Corrections are
    applied on top of the extractor's output each time a document's quotes are saved.
    """

    id: int
    uid: str
    document_id: int
    action: str
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    speaker: str
    speaker_kind: str
    kind: str
    coder: str
    created: str
    orphaned: bool = False


@dataclass(frozen=True)
class Tag:
    """A code from the codebook; ``parent_id`` makes the hierarchy."""

    id: int
    name: str
    parent_id: int | None
    color: str
    description: str
    shortcut: int | None


@dataclass(frozen=True)
class Annotation:
    """A tag applied to a span of a document, anchored by position and by quote.

    ``prefix`` and ``suffix`` are a little of the text either side of the span:
    with ``text`` they let an annotation find its place again in a changed text.
    An orphaned annotation could not be re-anchored with confidence; its offsets
    then point into the revision it was made on.
    """

    id: int
    document_id: int
    tag_id: int
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    note: str
    coder: str
    created: str
    updated: str
    orphaned: bool = False
    uid: str = field(default="", compare=False)
    comment_id: int | None = None
    """The reader comment annotated (offsets are then into its text), or None for the body."""


MEMO_KINDS = ("project", "document", "tag", "actor")
"""What a memo can be about: the project, a document, a tag (its description) or an actor (its description)."""


@dataclass(frozen=True)
class MemoSubject:
    """What a memo is written about: ``kind`` is one of MEMO_KINDS, ``id`` the document, tag or actor (None for the project)."""

    kind: str
    id: int | None = None


@dataclass(frozen=True)
class Memo:
    """A memo with something to say: its subject, a label for lists ("Project", a title, a name) and its text."""

    subject: MemoSubject
    label: str
    text: str
@dataclass(frozen=True)
class Attribute:
    """A document attribute (a variable): built in from ingestion, or defined by the researcher.

    ``kind`` is ``text``, ``number``, ``date`` or ``choice``; a choice attribute
    takes one of ``choices``. A built-in one (``outlet``, ``date``, ``author``)
    has no id: its values are the document's own metadata, read from its file.
    """

    id: int | None
    name: str
    kind: str
    choices: tuple[str, ...] = ()

    @property
    def is_builtin(self) -> bool:
        return self.id is None
