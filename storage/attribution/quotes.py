"""Provides quote extraction: a text becomes its quotes (direct, indirect, partial) and their speakers.

The text is read once, paragraph by paragraph and sentence by sentence. The stages
are modules of their own and are assembled here: quotation spans and their shapes
(``quote_spans``), sentences (``sentences``), names and their roles
(``name_mentions``), cues and their subjects (``cue_reading``), resolving a subject to
an actor (``speaker_resolution``, ``described_speakers``), and a direct quotation's
speaker candidates (``speaker_candidates``) and choice (``speaker_choice``, a small
ranker fitted on PolNeAR ``train``). Every regex works on bounded windows or has no
nested unbounded repetition, so extraction time grows linearly with the length of the text.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import attrgetter
from typing import TypeVar

from storage.attribution.actors import PRONOUNS, LocalActor, guess_kind, is_acronym, split_title
from storage.attribution.cue_reading import (
    CUE_RE,
    OBJECT_CUES,
    OPENING_MARK_RE,
    SPEAKER_ONLY_CUES,
    CueReader,
    reports_what_follows,
    speech_in_lead,
)
from storage.attribution.cues import Cue, load_cues
from storage.attribution.names import NAME_RE, clean_name
from storage.attribution.quote_spans import QuoteSpan, names_what_follows, normalise_marks, quote_shape, scan_quotes
from storage.attribution.sentences import split_sentences
from storage.attribution.speaker_candidates import SpeakerCandidate, cue_candidates, mention_kind, named_candidates, turn_label
from storage.attribution.speaker_choice import Chooser, shipped_ranker
from storage.attribution.speaker_resolution import UNRESOLVED

PARAGRAPH_RE = re.compile(r"[^\n]+")
INTRODUCING_RE = re.compile(
    r"\b(?:said|says|told|tells|added|explained|described|recalled|insisted|spo(?:ke|ken|king)|put[ \u00a0]+it)\b(?![ \u00a0]+to\b)"
)
"""Verbs by which a sentence after a quote tells who spoke it: "That was how Graham Oakes described it"."""
INTERVIEW_TURN_RE = re.compile(r"[ \t\u00a0]*(?P<who>Q|A)[:.][ \t\u00a0]+(?=\S)")
"""A question or answer in an interview printed as Q and A: "Q: Why did you resign?" / "A: Because ..."."""
FIRST_PERSON_RE = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|me|I’m|I'm|we’re|we're|I’ve|we’ve)\b")
CUE_AT_END_RE = re.compile(CUE_RE.pattern + r"[ \u00a0]*[,:]?$", re.IGNORECASE)
"""A sentence's words before a quotation ending in a speech cue: "..., saying,", "she told me"."""
CUE_TAIL = 60
"""How many characters before a quotation may hold a cue that ends right before it (the longest cue is shorter)."""
CUE_WORDS = max(len(form.split()) for form in load_cues().forms)
"""The most words a cue has ("hit out at")."""
SUBJECT_OPENING_RE = re.compile(
    rf"[ \u00a0]*(?:(?P<pron>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b|(?P<desc>(?:[Tt]he)[ \u00a0]+[\w’'-]+)\b|(?P<name>{NAME_RE.pattern}))"
)
"""What a sentence opens with when it opens with its subject: "He", "The watchdog", a name."""
RUNS_ON_RE = re.compile(r"[ \u00a0]+(?:for|to|in|on|at|by|with|from|of|and|but|or|because|than|as|if|when|while|after|before)\b")
"""A quotation with no closing punctuation that the sentence carries on past ("“…jail time” for fraud"): a fragment."""
STAGE_DIRECTION_RE = re.compile(r"[\s\u200b]*\([^()]*\)[.,]?[\s\u200b]*")
"""A quotation that is only an aside in parentheses, as transcripts mark "(LAUGHTER)": nobody's words."""
LISTENER_RE = re.compile(r"[\w’'-]+(?:[ \u00a0]+[\w’'-]+){0,3},[ \u00a0]*")
"""A listener or a time and a comma between a cue and the quotation it leads into: "told reporters, “…”"."""
FIRST_LETTER_RE = re.compile(r"[^\W_]")
"""A quotation's first letter or digit: a letter in lower case inside a sentence carries on the writer's clause."""
NOT_SPACE_RE = re.compile(r"\S")
"""Anything but white space: a quotation opens its paragraph when none stands before its mark."""


@dataclass
class Block:
    """Paragraphs quoted without quotation marks after a line like "Ofsted said:"."""

    start: int
    speaker: int | None
    cue: str
    first_person: bool = False
    last: int = -1
    source: Cue | None = None


@dataclass(frozen=True)
class FoundQuote:
    """One quote in a text: ``text == source[start:end]``; ``speaker`` indexes ``Extraction.actors``."""

    start: int
    end: int
    text: str
    kind: str
    cue: str
    speaker: int | None
    cue_start: int | None = None
    cue_end: int | None = None
    mention_start: int | None = None
    mention_end: int | None = None


@dataclass(frozen=True)
class Extraction:
    """What ``extract_quotes`` finds: the quotes and the actors who speak or are given a role."""

    quotes: list[FoundQuote]
    actors: list[LocalActor]


Frozen = TypeVar("Frozen", FoundQuote, SpeakerCandidate)


def changed(instance: Frozen, **changes: object) -> Frozen:
    """``dataclasses.replace`` for a quote or a speaker candidate, about six times faster.

    Neither class has an ``__init__`` that checks or derives anything, so the copy takes the instance's
    attributes as they are instead of passing each field through a frozen ``__init__``'s ``object.__setattr__``.
    """
    copy = object.__new__(type(instance))
    copy.__dict__.update(instance.__dict__, **changes)
    return copy


def terms_apart(quotes: list[FoundQuote]) -> list[FoundQuote]:
    """Quotes in reading order with words in quotation marks that nobody is said to say made terms.

    A partial with no speaker is a scare quote, a title or a term ("the so-called ‘bedroom tax’"),
    kind ``term``; a partial inside an indirect quote that covers it is part of that quote
    ("she said the plan was ‘reckless’ and would fail") and is not kept apart.
    """
    indirect = sorted((q.start, q.end) for q in quotes if q.kind == "indirect")
    starts = [start for start, _ in indirect]
    reach = list(accumulate((end for _, end in indirect), max))
    """``reach[i]``: the furthest end of the indirect quotes starting at or before ``starts[i]``."""
    kept = []
    for quote in quotes:
        before = bisect_right(starts, quote.start)
        if quote.kind == "partial" and before and reach[before - 1] >= quote.end:
            continue
        kept.append(changed(quote, kind="term") if quote.kind == "partial" and quote.speaker is None else quote)
    return kept


FURNITURE_RE = re.compile(
    r"^\W*(?:(?:PHOTO|Photo(?:graph)?|IMAGE|Image|Picture|Credit|CREDIT|Caption)s?[ \u00a0]*(?::|/|\b[Bb]y\b|\b[Cc]redit\b)"
    r"|B[Yy][ \u00a0]+[A-Z][^.!?\n]{0,60}$"
    r"|(?i:(?:article|story)[ \u00a0]+continues?[ \u00a0]+(?:below|after)|continue[ \u00a0]+reading|advertisement\W*$))"
)
"""Page furniture opening a paragraph (matched at its start): a photo credit or caption label, a byline,
"Article continues below"."""
CREDIT_END_RE = re.compile(r"\([^()\n]{1,80}/[^()\n]{1,80}\)\W*$")
"""Page furniture ending a paragraph: a credit "(Jane Doe / Wire Service)". Apart from ``FURNITURE_RE``, its search
skips straight to each "(", where one pattern for both tried every position."""


def renumbered(quote: FoundQuote, renumber: dict[int, int]) -> FoundQuote:
    """``quote`` with its speaker's new number; itself when the number stays, as copying a quote is not free."""
    if quote.speaker is None or renumber[quote.speaker] == quote.speaker:
        return quote
    return changed(quote, speaker=renumber[quote.speaker])


def cue_ending(before: str) -> re.Match[str] | None:
    """The speech cue ending the words before a quotation ("..., saying,"), if it starts in their last CUE_TAIL characters.

    A cue and its comma or colon are at most CUE_WORDS + 1 words, so only the last ones are searched: the
    cue regex is tried at every character it is given, and a quotation in a long sentence asks this each time.
    """
    head = before.rsplit(None, CUE_WORDS + 1)
    words_start = len(head[0]) if len(head) > CUE_WORDS + 1 else 0
    return CUE_AT_END_RE.search(before, max(words_start, len(before) - CUE_TAIL))


def is_furniture(paragraph: str) -> bool:
    """Whether a paragraph is page furniture, not the article's prose: its names are nobody's mentions.

    Its words are counted first, and no further than the 61st: a long paragraph is never searched.
    """
    return len(paragraph.split(None, 60)) <= 60 and (
        FURNITURE_RE.match(paragraph) is not None or CREDIT_END_RE.search(paragraph) is not None
    )


class Reader(CueReader):
    """Reads one text in order, remembering who was named where, and collects quotes.

    One Reader per text; ``extract_quotes`` is the way in.
    """

    def __init__(self, text: str, choose: Chooser | None = None) -> None:
        super().__init__(text)
        self.choose: Chooser = choose or shipped_ranker().choose
        """Picks a direct quotation's speaker from its candidates: the shipped ranker unless told otherwise."""
        self.quotes: list[FoundQuote] = []
        self.paragraph = 0
        self.last_speaker: tuple[int, int, str] | None = None
        """(paragraph, speaker, cue) of the latest attributed quote, for quotes that run on."""
        self.last_mention: tuple[int, int] | None = None
        """The speaker mention of the latest attributed quote: a quote in its run is credited by it too."""
        self.introduced: tuple[int, Cue | None] | None = None
        """(paragraph, cue) when the paragraph before ended "X said:": its quotation is X's."""
        self.read_sentence: tuple[tuple[int, int], list[Cue]] = ((-1, -1), [])
        """The latest sentence read and its cues: a quotation opening the next sentence may be its speaker's."""
        self.sentence_subjects: dict[tuple[int, str, str], int | None] = {}
        """(sentence start, kind, phrase) -> the actor a sentence's subject resolved to: see ``sentence_subject``."""

    # -- actors ------------------------------------------------------------------


    # -- cues --------------------------------------------------------------------


    # -- quotes ------------------------------------------------------------------

    def add(
        self,
        start: int,
        end: int,
        kind: str,
        cue: str,
        speaker: int | None,
        source: Cue | None = None,
        mention: tuple[int, int] | None = None,
    ) -> None:
        """Keep a quote; ``source`` is the cue that attributes it, giving its cue and mention spans.

        A quote attributed by no cue of its own but to the running speaker is credited by that speaker's mention.
        """
        if speaker == UNRESOLVED:
            speaker = None
        cue_span: tuple[int | None, int | None] = (source.start, source.end) if source is not None else (None, None)
        if source is not None:
            mention = source.mention
        elif mention is None and speaker is not None and self.last_speaker is not None and speaker == self.last_speaker[1]:
            mention = self.last_mention
        if speaker is not None:
            self.speakers.add(speaker)
            self.last_speaker = (self.paragraph, speaker, cue)
            self.last_mention = mention
        self.quotes.append(FoundQuote(start, end, self.text[start:end], kind, cue, speaker, *cue_span, *(mention or (None, None))))

    def read(self) -> Extraction:
        text = self.text
        paragraphs = [(m.start(), m.end()) for m in PARAGRAPH_RE.finditer(text) if m.group().strip()]
        quotes = scan_quotes(text, paragraphs)
        quote_starts = [quote.start for quote in quotes]
        self.quote_starts, self.quote_spans = quote_starts, quotes
        by_paragraph: dict[int, list[QuoteSpan]] = {}
        for quote in quotes:
            by_paragraph.setdefault(quote.paragraph, []).append(quote)
        sentences = [split_sentences(text, p_start, p_end, quote_starts, quotes) for p_start, p_end in paragraphs]
        furniture = {index for index, (p_start, p_end) in enumerate(paragraphs) if is_furniture(text[p_start:p_end])}
        for index, paragraph_sentences in enumerate(sentences):
            if index in furniture:
                continue  # a caption's credit or a byline names no one the article quotes or refers back to
            for s_start, s_end in paragraph_sentences:
                self.sentence_start = s_start
                self.register_names(s_start, s_end, quote_starts, quotes)
        block: Block | None = None
        interviewee: int | None = None
        turns = self.unquoted_turns(paragraphs)
        for index, (p_start, p_end) in enumerate(paragraphs):
            self.paragraph = index
            if index in furniture:
                continue
            paragraph_quotes = by_paragraph.get(index, [])
            if index in turns:
                name, mention, words = turns[index]
                speaker = self.actor_for(name, mention[0]) if name else None
                self.add(*self.stripped(words, p_end), "direct", "", speaker, mention=mention if name else None)
                block = None
                continue
            turn = INTERVIEW_TURN_RE.match(text, p_start, p_end)
            if turn and turn.group("who") == "Q":
                interviewee = self.main_person(p_start) if interviewee is None else interviewee
                block = None
                continue  # the interviewer's question: nobody the article quotes
            if turn and interviewee is not None:
                # "A: Not at all. ...": the interviewee's answer, the paragraph after the tag.
                self.add(*self.stripped(turn.end(), p_end), "direct", "", interviewee)
                continue
            if block is not None and not paragraph_quotes and self.continues_block(block, index, p_start, p_end):
                self.add(*self.stripped(p_start, p_end), "direct", block.cue, block.speaker, block.source)
                continue
            self.introduced = (index, block.source) if block is not None and block.start == index - 1 else None
            block = None
            for s_index, (s_start, s_end) in enumerate(sentences[index]):
                self.sentence_start = s_start
                cues = self.find_cues(s_start, s_end, quote_starts, quotes)
                in_sentence = quotes[bisect_left(quote_starts, s_start) : bisect_left(quote_starts, s_end)]
                following = sentences[index][s_index + 1] if s_index + 1 < len(sentences[index]) else None
                preceding = sentences[index][s_index - 1] if s_index else self.last_sentence(sentences, index, furniture)
                for quote in in_sentence:
                    self.place_quote(quote, s_start, s_end, cues, index, paragraphs, (preceding, following))
                running = (self.last_speaker, self.last_mention)
                reported_end = -1
                for cue in cues:
                    if cue.content is not None and not self.wholly_quoted(cue.content, in_sentence):
                        self.add(*cue.content, "indirect", cue.verb, cue.speaker, cue)
                        reported_end = max(reported_end, cue.content[1])
                if in_sentence and 0 <= reported_end < in_sentence[-1].start:
                    # "He accused X of ..., but Parry explained: “…”": the quotation's voice runs on, not the report's.
                    self.last_speaker, self.last_mention = running
                self.read_sentence = ((s_start, s_end), cues)
                is_last = s_index == len(sentences[index]) - 1
                if is_last and text[s_start:s_end].rstrip().endswith(":") and not paragraph_quotes:
                    speaking = [cue for cue in cues if cue.speaker not in (None, UNRESOLVED)]
                    if speaking:
                        block = Block(index, speaking[-1].speaker, speaking[-1].verb, source=speaking[-1])
        return self.result()

    def unquoted_turns(self, paragraphs: list[tuple[int, int]]) -> dict[int, tuple[str, tuple[int, int], int]]:
        """The paragraphs that are turns of a transcript printed without quotation marks, with their labels.

        "TAPPER: Do you think ...?" / "FALLIN: I think ..." opens each turn with its speaker's name in
        capitals and a colon, as a quoted transcript does (``turn_label``). A lone label is a headline's
        kicker ("BOOM: ..."), so the turns count only when some speaker's label opens two paragraphs.
        """
        labelled = {}
        for index, (start, end) in enumerate(paragraphs):
            label = turn_label(self.text, start, end) if self.text[start : start + 2].isupper() else None
            if label is not None:
                labelled[index] = label
        names = [label[0].split()[-1] for label in labelled.values() if label[0]]
        return labelled if len(names) > len(set(names)) else {}

    def wholly_quoted(self, content: tuple[int, int], quotes: list[QuoteSpan]) -> bool:
        """Whether a reported clause is one quotation, which is then the quote and no indirect one.

        "warned that “there is much still to do”" is a partial quote; in "told reporters, “We will stay.”"
        the listener and a comma come before the quotation, which is what was said.
        """
        start, end = content
        return any(
            q.end >= end - 1 and (q.mark <= start + 1 or LISTENER_RE.fullmatch(self.text, start, q.mark) is not None)
            for q in quotes
        )

    def stripped(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def continues_block(self, block: Block, index: int, start: int, end: int) -> bool:
        """Whether an unquoted paragraph after "X said:" is still X speaking.

        The first paragraph always is. Later ones are while they read like the
        same voice: no speech verb, no mention of the speaker by name, first
        person if the first paragraph was in the first person.
        """
        paragraph = self.text[start:end]
        if index == block.start + 1:
            block.first_person = bool(FIRST_PERSON_RE.search(paragraph))
            block.last = index
            return True
        if block.last != index - 1 or index - block.start > 6:
            return False
        if len(paragraph.strip()) < 40 or CUE_RE.search(paragraph):
            return False
        if block.speaker is not None:
            surnames = {split_title(name)[1][-1] for name in self.actors[block.speaker].names if split_title(name)[1]}
            if any(re.search(rf"\b{re.escape(word)}\b", paragraph) for word in surnames):
                return False
        if block.first_person and not FIRST_PERSON_RE.search(paragraph):
            return False
        block.last = index
        return True

    def place_quote(
        self,
        quote: QuoteSpan,
        s_start: int,
        s_end: int,
        cues: list[Cue],
        index: int,
        paragraphs: list[tuple[int, int]],
        around: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None),
    ) -> None:
        """Decide a quotation's kind and speaker from the sentence around it (``around``: the sentences before and after)."""
        text = self.text
        close = quote.end + 1 if quote.closed else quote.end
        # Cues come in reading order: bisecting them keeps a sentence dense with cues linear in its quotes.
        before_cues = cues[: bisect_right(cues, quote.mark, key=attrgetter("end"))]
        after_cues = cues[bisect_left(cues, quote.end, key=attrgetter("start")) :]
        if STAGE_DIRECTION_RE.fullmatch(text, quote.start, quote.end):
            self.add(quote.start, quote.end, "partial", "", None)  # an aside, "(LAUGHTER)": a term, nobody's words
            return
        # Searched, not sliced and stripped: in one long paragraph a slice per quotation would grow with it.
        opens_paragraph = NOT_SPACE_RE.search(text, paragraphs[index][0], quote.mark) is None
        label = turn_label(text, quote.start, quote.end) if opens_paragraph else None
        if label is not None:
            # '"WALLACE: Let's start ...': a transcript's turn, the labelled speaker's words after the label.
            name, mention, words = label
            speaker = self.actor_for(name, mention[0]) if name else None
            self.add(words, quote.end, "direct", "", speaker, mention=mention if name else None)
            return
        # A quotation reopening an unclosed one keeps its voice, unless it names a speaker of its own right after it.
        attributed_after = quote.closed and any(cue.speaker not in (None, UNRESOLVED) and cue.start - close <= CUE_TAIL for cue in after_cues)
        if quote.continues and not attributed_after and self.last_speaker is not None and self.last_speaker[0] >= index - 1:
            self.add(quote.start, quote.end, "direct", self.last_speaker[2], self.last_speaker[1])
            return
        if quote.closed and text[quote.end - 1].isalnum() and RUNS_ON_RE.match(text, quote.end + 1) is not None:
            # A fragment the sentence carries on past is partial whatever its shape: the shape is not worked out.
            self.add_partial(quote, s_start, before_cues, after_cues)
            return
        before = text[s_start : quote.mark].strip()
        after = text[close:s_end].strip().lstrip(",.!?;:”’\"'").strip()
        # A cue ending the words before: only their tail is searched, so a long sentence costs no more per quote.
        cue_at_end = cue_ending(before)
        lead_cue = cue_at_end is None and self.cue_in_lead(quote, before)
        cue_before = (bool(before_cues) and before.endswith(",")) or cue_at_end is not None or lead_cue
        # "repeatedly says, “Don’t you do it,” until ...": a whole utterance, closed by its own punctuation.
        utterance = (cue_at_end is not None or lead_cue) and text[quote.start : quote.end].rstrip()[-1:] in ",.!?"
        words = len(text[quote.start : quote.end].split())
        lower = self.carries_clause(quote, before_cues, cue_at_end is not None)
        # "what she called a “rant,”": a name given, unless a cue of saying ends the words before ("called and said").
        # Asked only where the shape could be direct inside a sentence (after a cue or a colon), to stay cheap.
        embedded = (cue_before or before.endswith(":")) and (
            reports_what_follows(before[-CUE_TAIL:])
            or (cue_at_end is None or cue_at_end.group(1).lower() in SPEAKER_ONLY_CUES | OBJECT_CUES) and names_what_follows(before[-CUE_TAIL:])
        )
        shape = quote_shape(before, after, words, cue_before, bool(after_cues), utterance, lower, embedded)
        if shape == "direct":
            candidates = cue_candidates(before_cues, after_cues, quote.mark, close, UNRESOLVED) + named_candidates(before, after)
            participle = cue_at_end is not None and cue_at_end.group(1).lower().endswith("ing")
            candidates += self.subject_candidates(quote, participle, before_cues) + self.context_candidates(quote, close, opens_paragraph, index, around[1])
            if not before:
                candidates += self.previous_speaker(quote, around[0])
            # One candidate is no choice: its facts are weighed only against another's.
            many = len(candidates) > 1
            chosen = self.choose([self.with_facts(c) for c in candidates] if many else candidates, opens_paragraph)
            self.add_chosen(quote, chosen, s_start, close)
            return
        self.add_partial(quote, s_start, before_cues, after_cues)

    def add_partial(self, quote: QuoteSpan, s_start: int, before_cues: list[Cue], after_cues: list[Cue]) -> None:
        """Keep a quotation as a partial quote: the first cue in its sentence with a speaker credits it, else the subject."""
        near = next((cue for cue in chain(before_cues, after_cues) if cue.speaker not in (None, UNRESOLVED)), None)
        if near is not None:
            self.add(quote.start, quote.end, "partial", near.verb, near.speaker, near)
            return
        self.add(quote.start, quote.end, "partial", "", self.sentence_subject(s_start, quote.mark))

    def cue_in_lead(self, quote: QuoteSpan, before: str) -> bool:
        """Whether a quotation opening in capitals follows a clause with a speech cue in it and a comma.

        "Tom Hale, who joked of the museum, “I have not seen it yet.”": the cue need not be right before the comma.
        """
        first = FIRST_LETTER_RE.search(self.text, quote.start, quote.end)
        return first is not None and first.group().isupper() and speech_in_lead(before[-CUE_TAIL:])

    def carries_clause(self, quote: QuoteSpan, before_cues: list[Cue], cue_at_end: bool) -> bool:
        """Whether a quotation inside a sentence opens in lower case with no attribution ending right before it.

        'He said on the other hand, “the rest is fine.”' carries on the writer's clause; 'She said, “no.”'
        and 'According to the board, “the pier is safe.”' (a cue with its source after it) are attributed
        right before the mark.
        """
        first = FIRST_LETTER_RE.search(self.text, quote.start, quote.end)
        if first is None or not first.group().islower() or cue_at_end:
            return False
        return not any(cue.mention and cue.mention[0] >= cue.end for cue in before_cues)

    def subject_candidates(self, quote: QuoteSpan, participle: bool, cues: list[Cue]) -> list[SpeakerCandidate]:
        """The subject the sentence opens with, when a name: "Ann Bell hit back, saying: “…”".

        Marked ``participle`` when a participle of saying leads into the quotation, whose subject it is.
        A name after the sentence's first cue is no subject: in "“…,” she told Tom Hale, “…”" he listens.
        """
        subject = self.opening_subject(quote.mark)
        if subject is None:
            return []
        mention = self.written_name(subject, self.sentence_start)
        if mention is not None and any(cue.start < mention[0] for cue in cues):
            return []
        distance = quote.mark - mention[1] if mention is not None else quote.mark - self.sentence_start
        return [SpeakerCandidate("sentence_subject", subject, distance, mention="name", participle=participle, span=mention)]

    def previous_speaker(self, quote: QuoteSpan, sentence: tuple[int, int] | None) -> list[SpeakerCandidate]:
        """Who the sentence just before a quotation opening its own sentence says is speaking, when it says so.

        News introduces a voice, then quotes it: "Ann Bell agreed. “It failed.”" (a cue that reported
        nothing) or "Her partner, Tom Hale, was blunt: “It failed.”" (a colon after the subject).
        The sentence may be the last of the paragraph before; one with a quotation of its own has
        already given its speaker to the run.
        """
        if sentence is None or OPENING_MARK_RE.search(self.text, *sentence):
            return []
        span, cues = self.read_sentence
        speaking = [cue for cue in cues if cue.speaker not in (None, UNRESOLVED)] if span == sentence else []
        if speaking:
            cue = speaking[-1]
            return [SpeakerCandidate("previous_sentence", cue.speaker, quote.mark - cue.end, cue=cue, verb=cue.verb)]
        if not self.text[sentence[0] : sentence[1]].rstrip().endswith(":"):
            return []
        subject = self.first_subject(*sentence)
        if subject is None:
            return []
        position, actor = subject
        written = self.written_name(actor, position)
        return [SpeakerCandidate("previous_sentence", actor, quote.mark - position, mention="name", span=written)]

    def first_subject(self, start: int, end: int) -> tuple[int, int] | None:
        """(position, actor) of the first salient name between ``start`` and ``end``: a sentence's subject."""
        index = bisect_left(self.mentions, (start, -1, False))
        while index < len(self.mentions) and self.mentions[index][0] < end:
            position, actor, salient = self.mentions[index]
            if salient:
                return position, actor
            index += 1
        return None

    def last_sentence(self, sentences: list[list[tuple[int, int]]], index: int, furniture: set[int]) -> tuple[int, int] | None:
        """The last sentence of the paragraph before ``index``, unless it is page furniture."""
        if index == 0 or index - 1 in furniture or not sentences[index - 1]:
            return None
        return sentences[index - 1][-1]

    def context_candidates(
        self, quote: QuoteSpan, close: int, opens_paragraph: bool, index: int, following: tuple[int, int] | None
    ) -> list[SpeakerCandidate]:
        """Candidates from beyond the quotation's sentence: the next sentence, a colon lead, the running speaker.

        The running speaker's distance counts 100 per paragraph back.
        """
        found = []
        introduced = self.introduced_next(following) if opens_paragraph and quote.closed and following else None
        if introduced is not None and following is not None:
            # "“The water was up to my knees.” Sheila Morton, 67, spoke as ...": named just after.
            found.append(SpeakerCandidate("next_sentence", introduced, following[0] - close))
        lead = self.introduced[1] if opens_paragraph and self.introduced is not None and self.introduced[0] == index else None
        if lead is not None:
            # "The Tribune reports:" then a paragraph in quotation marks: the one the colon introduced.
            found.append(SpeakerCandidate("colon_lead", lead.speaker, quote.mark - lead.end, cue=lead, verb=lead.verb))
        if self.last_speaker is not None and index - self.last_speaker[0] <= 2:
            paragraphs_back, speaker, verb = index - self.last_speaker[0], self.last_speaker[1], self.last_speaker[2]
            found.append(SpeakerCandidate("running", speaker, 100 * paragraphs_back, verb=verb))
        return found

    def with_facts(self, candidate: SpeakerCandidate) -> SpeakerCandidate:
        """A candidate with what the choice weighs filled in: its kind, how it is mentioned, whether it is running."""
        actor = candidate.actor
        kind = self.actors[actor].kind if actor is not None else guess_kind(candidate.name) if candidate.name else ""
        span = candidate.cue.mention if candidate.cue is not None else self.last_mention if candidate.source == "running" else None
        mention = mention_kind(self.text[span[0] : span[1]]) if span is not None else candidate.mention
        if not mention and candidate.source == "next_sentence":
            mention = "name"
        running = actor is not None and self.last_speaker is not None and actor == self.last_speaker[1]
        return changed(candidate, kind=kind, mention=mention, running=running)

    def add_chosen(self, quote: QuoteSpan, chosen: SpeakerCandidate | None, s_start: int, close: int) -> None:
        """Keep a direct quote credited to the chosen candidate (to nobody when there is none)."""
        if chosen is None:
            self.add(quote.start, quote.end, "direct", "", None)
        elif chosen.name:
            self.add_named(quote, chosen.name, s_start if chosen.source == "label" else close)
        else:
            self.add(quote.start, quote.end, "direct", chosen.verb, chosen.actor, chosen.cue, mention=chosen.span)

    def add_named(self, quote: QuoteSpan, name: str, search_from: int) -> None:
        """Keep a direct quote credited to a name written beside it (a label or a signature), the name its mention."""
        mention = self.phrase_span(name, search_from)
        speaker = self.actor_for(name, mention[0] if mention else quote.mark)
        self.add(quote.start, quote.end, "direct", "", speaker, mention=mention)

    def introduced_next(self, sentence: tuple[int, int]) -> int | None:
        """The person a sentence opens with ("That was how Graham Oakes put it"), if it opens with one.

        At most a few words may come first, none a pronoun: "He said Smith was wrong" names Smith
        as an object, not as the one who spoke.
        """
        start, end = sentence
        if OPENING_MARK_RE.search(self.text, start, end) or not INTRODUCING_RE.search(self.text, start, end):
            return None  # the sentence has its own quote, or tells of something other than speaking
        index = bisect_left(self.mentions, (start, -1, False))
        if index >= len(self.mentions) or self.mentions[index][0] >= end:
            return None
        position, actor, salient = self.mentions[index]
        lead = self.text[start:position].split()
        if not salient or len(lead) > 3 or any(word.lower() in PRONOUNS or word in {"I", "We", "we"} for word in lead):
            return None
        if self.actors[actor].kind != "person" or not self.is_person(actor):
            return None
        return actor

    def main_person(self, position: int) -> int | None:
        """The person named most often before ``position`` (the earliest on a tie): whom an interview is with."""
        counts: dict[int, int] = {}
        first: dict[int, int] = {}
        for mention_at, actor, _ in self.mentions[: bisect_left(self.mentions, (position, -1, False))]:
            if self.actors[actor].kind == "person" and self.is_person(actor):
                counts[actor] = counts.get(actor, 0) + 1
                first.setdefault(actor, mention_at)
        if not counts:
            return None
        return max(counts, key=lambda actor: (counts[actor], -first[actor]))

    def sentence_subject(self, start: int, position: int) -> int | None:
        """The sentence's subject when it is someone who speaks in the article ("The watchdog hit out at ...").

        The subject is resolved once per sentence: its fragments in quotation marks all ask for it.
        """
        match = SUBJECT_OPENING_RE.match(self.text, start, position)
        if not match:
            return None
        kind = next(k for k in ("pron", "desc", "name") if match.group(k))
        if kind == "name" and not clean_name(match.group(kind)):
            return None
        key = (start, kind, match.group(kind))
        if key not in self.sentence_subjects:
            self.sentence_subjects[key] = self.subject_at(kind, match.group(kind), start)
        speaker = self.sentence_subjects[key]
        return speaker if speaker in self.speakers else None

    def result(self) -> Extraction:
        """Keep actors that speak or are given a role or an acronym; renumber the quotes' speakers."""
        keep = sorted(
            {q.speaker for q in self.quotes if q.speaker is not None}
            | {
                index
                for index, actor in enumerate(self.actors)
                if actor.roles or any(is_acronym(n) for n in actor.names[1:])
            }
        )
        renumber = {old: new for new, old in enumerate(keep)}
        quotes = sorted(
            {(q.start, q.end, q.kind): renumbered(q, renumber) for q in self.quotes}.values(),
            key=lambda q: (q.start, q.end),
        )
        actors = [self.actors[index] for index in keep]
        for actor in actors:
            actor.add_untitled_names()
        return Extraction(terms_apart(quotes), actors)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a block, then left as it was (paused if it was).

    Reading a text makes hundreds of thousands of small objects that live until the reading ends, and no
    reference cycles (reference counting frees all of them): the collector, run after every few hundred
    allocations, only traversed them again and again, about a seventh of the time of reading a 500 KB text.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def extract_quotes(text: str) -> Extraction:
    """Every quote in ``text`` with its speaker, and the actors the text names.

    Never raises on odd input; every quote satisfies ``text[q.start:q.end] == q.text``.
    """
    working = normalise_marks(text)
    with collector_paused():
        extraction = Reader(working).read()
    if working is text:
        return extraction
    quotes = [changed(quote, text=text[quote.start : quote.end]) for quote in extraction.quotes]
    return Extraction(quotes, extraction.actors)


def extract_comment(author: str, text: str) -> tuple[FoundQuote | None, LocalActor | None]:
    """A reader comment is one quote, kind ``comment``, spoken by its author (when the page names one)."""
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None, None
    name = " ".join(author.split())
    actor = LocalActor([name], "person", ["commenter"]) if name else None
    return FoundQuote(start, end, text[start:end], "comment", "commented", 0 if actor else None), actor
