"""Provides the document's speakers: who was named where, and which actor a name, pronoun or description means.

``DocumentSpeakers`` remembers every mention in reading order and resolves a
subject phrase found before or after a speech verb to an actor: a name to the
actor with that name ("Warner" is Lord Norman Warner), "he"/"she" to the latest
fitting person, "the watchdog" to the organisation just named, and a description
nobody names ("officials", "a source") to a described speaker of its own.
The quote reader (``storage.attribution.quotes``) is built on it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import cached_property, lru_cache
from itertools import chain

from storage.attribution.actors import (
    ORG_ROLE_NOUNS,
    PERSON_ROLE_NOUNS,
    PRONOUNS,
    ROLE_HEADS,
    LocalActor,
    gender_of,
    guess_kind,
    name_keys,
    names_match,
    role_fits,
    role_words,
    title_and_words,
    tokens_of,
)
from storage.attribution.described_speakers import GROUP_NOUNS, description_of, is_plural, noun_phrase, phrase_list, word_list
from storage.attribution.names import NAME_RE, clean_name

AGE_RE = re.compile(r"\d{1,3}-year-old")
COUNTRY_NAMES = phrase_list("country_names")
REPORTED_SUBJECT_GAP_RE = re.compile(r"[.,;:!?\"“”‘’()—–]")
"""What may not stand between a cue and the subject of the clause it reports ("said ex-minister Jo Park would")."""
SPECIFIC_ROLE_NOUNS = PERSON_ROLE_NOUNS - word_list("generic_role_nouns")
"""Role nouns that tell one person from another: an actor is no chairman, a governor no senator."""
DOCUMENT_NOUNS = frozenset(
    "report review study survey letter statement research inquiry investigation analysis document paper"
    " audit assessment findings data figures evidence poll ruling judgment report's".split()
)
GENERIC_ORG_NOUNS = frozenset(
    "watchdog regulator inspectorate firm company group business organisation organization charity agency carrier"
    " airline bank retailer giant chain manufacturer insurer lender operator broadcaster publisher club team"
    " studio label network website site".split()
)
LOOKBACK = 120
"""How many mentions back (or ahead) a pronoun or role noun may reach for its actor."""
NEARBY = 40
"""How many of the latest actors sharing a word with a name are compared with it."""
SPOKESPERSON_RE = re.compile(rf"\bspokes(?:man|woman|person|people)[ \u00a0]+(?:for|of|at)[ \u00a0]+(?:the[ \u00a0]+)?(?P<name>{NAME_RE.pattern})")
UNRESOLVED = -1
"""A speaker that exists but is not named ("a source said"): the quote is kept, credited to nobody."""
AGREES = -1
"""In ``DocumentSpeakers.agreement``: one of the actor's names may be the name asked about."""
VOICE_NOUNS = frozenset("source sources spokesman spokeswoman spokesperson official officials insider aide aides".split())
WINDOW = 240
"""How many characters around a cue or a name are read."""
# ORG_CONTEXT_RE, OWNER_CONTEXT_RE and MIDSENTENCE_RE open with a capital and check what comes before it behind
# it: a pattern opening with a character class lets the regex engine skip to capitals, where a leading \b or
# lookbehind is tried at every character of the text.
# Their capitalised word is matched possessively ("*+", "++"): what must follow it (a space, an apostrophe) is
# never a word character, and backtracking through its letters one by one could never find it.
ORG_CONTEXT_RE = re.compile(
    r"([A-Z](?<!\w[A-Z])[\w’'-]++)[ \u00a0]+(?:report|reports|inspectors?|inspection|chief|spokesman|spokeswoman|spokesperson"
    r"|officials|staff|said[ \u00a0]+it|ratings?|bosses|figures|data)\b"
)
# PLACE_CONTEXT_RE checks the word boundary behind each preposition's first letter: opening with letters, the
# pattern lets the regex engine skip to them, where a leading \b is tried at every character of the text.
PLACE_CONTEXT_RE = re.compile(
    r"(?:i(?<!\wi)n|a(?<!\wa)(?:cross|round)|t(?<!\wt)hroughout|o(?<!\wo)utside|n(?<!\wn)ear)[ \u00a0]+([A-Z][a-z][\w-]*)(?:(?=[ \u00a0]*(?:[.,;:!?)–—-]|$)"
    r"|[ \u00a0]+(?:and|or|but|to|for|on|in|at|by|with|from|is|are|was|were|has|have|had|will|would|last|this|since|said|say|says|over|amid|during"
    r"|after|before|where|which|who|that|as)\b))"
)
"""A lone capitalised word used as a place: "in Birmingham.", "across Scotland and"."""
HOLDING_BEFORE_RE = re.compile(r"\b(?:shares|stakes?|investments?|interests?|holdings?)[ \u00a0]+$", re.IGNORECASE)
""""Shares in Jarvis", "a stake in Novartis": what is held is a company, not a place."""
# Its words are matched possessively ("*+"): the spaces after a word never take back its letters.
OWNER_CONTEXT_RE = re.compile(
    r"([A-Z](?<!\w[A-Z])[a-z][\w-]*+)[’']s[ \u00a0]+(?:[a-z][\w’'-]*+[ \u00a0]+){0,3}?(?:" + "|".join(sorted(ROLE_HEADS)) + r")\b"
)
"""A lone capitalised word owning an office ("Birmingham’s children’s commissioner"): a place or a body."""
PARTICIPLE_OPENING_RE = re.compile(
    r"[ \u00a0\"“‘'(]*(?!(?:Indeed|Need|During|According|Following|Including|Regarding|Concerning)\b)[A-Z][a-z]{2,}(?:ing|ed)[ \u00a0]+[a-z]"
)
"""A sentence opening with a participle ("Asked what ...,", "Recalling the ...,"): its clause has no subject of its own.
A word in lower case must follow, so "Downing Street" or "United Nations" opening a sentence is a name."""
MAIN_CLAUSE_RE = re.compile(r",[ \u00a0]+(?:he|she|they|it|we|I|[A-Z][\w’'.-]*(?:[ \u00a0]+[A-Z][\w’'.-]*){0,3})[ \u00a0]+[a-z]")
"""A comma, then a subject and a word in lower case: where a main clause begins after an opening."""
MIDSENTENCE_RE = re.compile(r"([A-Z](?<=[a-z0-9,;:)] [A-Z])[\w'’-]*)")
LOWER_WORD_RE = re.compile(r"(?<![\w’'])[a-z][\w’'-]*")
WORD_CHARS_RE = re.compile(r"[\w’'-]")
WORD_OR_APOSTROPHE_RE = re.compile(r"[\w’']")
"""What may not stand right before a word ``LOWER_WORD_RE`` matches."""


class LowerWords:
    """The words a text writes in lower case (``LOWER_WORD_RE``'s matches), asked about one word at a time.

    A text asks about a few dozen words at most: each is looked for where it is written, a fast search
    for the literal, instead of listing every word of the text first.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word not in self.known:
            self.known[word] = LOWER_WORD_RE.fullmatch(word) is not None and self.written(word)
        return self.known[word]

    def written(self, word: str) -> bool:
        """Whether some match of ``LOWER_WORD_RE`` over the whole text is ``word``.

        Its occurrences are found by ``str.find``: compiling a regex for each word cost more than a short text's scan.
        """
        text = self.text
        position = text.find(word)
        while position >= 0:
            end = position + len(word)
            alone = not (position and WORD_OR_APOSTROPHE_RE.match(text, position - 1)) and not WORD_CHARS_RE.match(text, end)
            if alone and self.starts_word(position):
                return True
            position = text.find(word, position + 1)
        return False

    def starts_word(self, position: int) -> bool:
        """Whether a scan for ``LOWER_WORD_RE`` from the text's start finds a word at ``position``.

        Only after a hyphen can a lower-case letter be inside an earlier word ("ex-minister"): the
        scan is then redone from the start of the run of word characters holding that hyphen.
        """
        if position == 0 or self.text[position - 1] != "-":
            return True
        run = position - 1
        while run > 0 and WORD_CHARS_RE.match(self.text, run - 1):
            run -= 1
        first = LOWER_WORD_RE.search(self.text, run)
        return first is not None and first.start() == position


@lru_cache(maxsize=1 << 16)
def names_agree(a: str, b: str, kind: str) -> bool:
    """``names_match`` cached: a long text compares the same few names again and again."""
    return names_match(a, b, kind)


def named_person(actor: LocalActor) -> bool:
    """A person by more than a guess: a full name, a title or a role ("Holyrood" alone is no one to call "she")."""
    return bool(actor.roles) or any(len(title_and_words(n)[1]) >= 2 or title_and_words(n)[0] for n in actor.names)


OWNED_PLURAL_RE = re.compile(r"(?P<owner>[Hh]is|[Hh]er|[Tt]heir)(?P<modifiers>(?:[ \u00a0]+[a-z][\w’'-]*){0,3}?)[ \u00a0]+(?P<head>[a-z][\w’'-]*)")
""""His aides", "her advisers and allies": people of someone's, named by a possessive pronoun."""
PAIR_RE = re.compile(
    r"(?<![\w’'-])(?P<one>[A-Z][a-z’'-]+(?:[ \u00a0]+[A-Z][a-z’'-]+){1,2})[ \u00a0]+and[ \u00a0]+"
    r"(?P<other>[A-Z][a-z’'-]+(?:[ \u00a0]+[A-Z][a-z’'-]+){1,2})(?![\w’'-])"
)
"""Two full names joined by "and": "Ann Bell and Tom Hale"."""
PREPOSITIONS = word_list("prepositions")


class DocumentSpeakers:
    """The actors one text names, every mention of them in reading order, and how a subject phrase resolves."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.actors: list[LocalActor] = []
        self.mentions: list[tuple[int, int, bool]] = []
        """(position, actor, salient) in reading order; salient = a subject or speaker."""
        self.spoken: list[tuple[int, int]] = []
        """(position, actor) of every attributed speech verb, in reading order: speakers are salient."""
        self.org_words = {match.group(1) for match in ORG_CONTEXT_RE.finditer(text)}
        self.place_words = {
            match.group(1)
            for match in PLACE_CONTEXT_RE.finditer(text)
            if not HOLDING_BEFORE_RE.search(text, max(0, match.start() - 16), match.start())
        }
        self.owner_words = {match.group(1) for match in OWNER_CONTEXT_RE.finditer(text)}
        self.midsentence_words = {match.group(1) for match in MIDSENTENCE_RE.finditer(text)}
        self.sentence_start = 0
        self.named: dict[int, bool] = {}
        """Whether an actor is a person by name or title, cached: pronoun lookups ask it often."""
        self.by_word: dict[str, list[int]] = {}
        """Actors by the lower-cased words (and acronyms) of their names."""
        self.last_seen: dict[int, int] = {}
        self.mention: tuple[int, int] | None = None
        """The span of the speaker phrase the latest cue was resolved from."""
        self.described: dict[str, int] = {}
        """Unnamed speakers by their description: "officials" is one group throughout a document."""
        self.genders: dict[int, str] = {}
        """"he" or "she" for actors a resolved pronoun has referred to."""
        self.derived_genders: dict[tuple[int, int, int], str] = {}
        """Genders from titles and role nouns, by (actor, names, roles) counts."""
        self.agreement: dict[tuple[str, str], dict[int, int]] = {}
        """(name, kind) -> actor -> AGREES, or how many of the actor's first names do not agree: see ``agreeing``."""

    @cached_property
    def lower_words(self) -> LowerWords:
        """The words the text writes in lower case, looked for one word at a time (few texts ask, about few words)."""
        return LowerWords(self.text)

    def actor_for(self, name: str, position: int) -> int:
        """The actor a name refers to here, creating one if the article has not named it yet.

        Only actors sharing a word with the name are compared (``self.by_word``),
        so the cost does not grow with the number of actors in a long text.
        """
        titles, words = title_and_words(name)
        kind = guess_kind(name)
        if kind == "person" and not titles and self.text[max(0, position - 4) : position].lower() == "the ":
            kind = "organisation"  # "the White House", "the United States": a person's name takes no article
        keys = name_keys(name)
        nearby = {index for word in keys if word in self.by_word for index in self.by_word[word][-NEARBY:]}
        candidates = self.agreeing(name, kind, nearby)
        if kind == "person" and len(words) == 1 and not titles and not candidates:
            if words[0] in self.org_words:
                # "Cherkasky said it would pay" is still Michael Cherkasky; "Novartis said it" is a company.
                kind = "organisation"
            elif words[0] in self.place_words:
                # "Birmingham" alone, seen as "in Birmingham", is a place: never "he", "it" or "the company".
                kind = "place"
            elif words[0] in self.owner_words or any(
                names_agree(name, n, "organisation") for i in nearby if self.actors[i].kind != "person" for n in self.actors[i].names
            ):
                kind = "organisation"  # "Hardie’s chief executive": a body that has officers
            if kind != "person":
                candidates = self.agreeing(name, kind, nearby)
        if candidates:
            best = max(candidates, key=lambda index: (self.last_seen.get(index, -1), -index))
        else:
            self.actors.append(LocalActor([], kind))
            best = len(self.actors) - 1
        if name not in self.actors[best].names:
            self.actors[best].add_name(name)
            self.named.pop(best, None)
            for word in keys:
                self.by_word.setdefault(word, []).append(best)
        self.last_seen[best] = max(self.last_seen.get(best, -1), position)
        return best

    def agreeing(self, name: str, kind: str, among: set[int]) -> list[int]:
        """The actors ``among`` of ``kind`` with a name that may be this one.

        An actor's names are only ever appended, so each (name, kind, actor) is compared once per name:
        ``self.agreement`` remembers an actor that agrees, or how many of its names were found not to.
        """
        known = self.agreement.setdefault((name, kind), {})
        found = []
        for index in among:
            actor = self.actors[index]
            if actor.kind != kind:
                continue
            checked = known.get(index, 0)
            if 0 <= checked < len(actor.names):
                names = actor.names
                checked = AGREES if any(names_agree(name, n, kind) for n in names[checked:]) else len(names)
                known[index] = checked
            if checked == AGREES:
                found.append(index)
        return found

    def last_actor(self, position: int, kind: str, salient_only: bool, since: int = 0, gender: str = "") -> int | None:
        """The latest actor of ``kind`` named (or speaking) before ``position``, at most LOOKBACK mentions back."""
        for pos, actor, salient in self.recent_mentions(position):
            if pos < since:
                break
            if (salient or not salient_only) and self.fits_kind(actor, kind, gender):
                return actor
        return None

    def named_pair(self, position: int) -> int | None:
        """"Ann Bell and Tom Hale ... They said": the two people last named together, as one group.

        "They" after two people named together means both; a quote cannot be two actors, so the pair
        is a group speaker of its own, named by both names. Only full names count (two capitalised
        words or more each), and only within the 300 characters before the pronoun.
        """
        pairs = list(PAIR_RE.finditer(self.text, max(0, position - 300), position))
        if not pairs:
            return None
        names = [clean_name(pairs[-1].group(side)) for side in ("one", "other")]
        if not all(len(name.split()) >= 2 and guess_kind(name) == "person" for name in names):
            return None
        return self.described_actor(" and ".join(names), "group")

    def last_person(self, position: int, gender: str) -> int | None:
        """The person "he"/"she" at ``position`` means: one named earlier in the sentence, else the latest salient one, else any.

        One walk back over the mentions finds all three, so a pronoun costs one ``last_actor`` and not three;
        each actor is judged once, however often it is mentioned.
        """
        first: int | None = None
        fits: dict[int, bool] = {}
        own_clause = self.opening_end(self.sentence_start, min(len(self.text), position + WINDOW))
        if own_clause > position:
            own_clause = self.sentence_start  # the pronoun is inside the opening itself
        for pos, actor, salient in self.recent_mentions(position):
            if actor not in fits:
                fits[actor] = self.fits_kind(actor, "person", gender)
            if not fits[actor]:
                continue
            if salient or (first is None and pos >= own_clause):
                return self.reporter_of(actor, pos, gender)
            if first is None:
                first = actor
        return first

    def reporter_of(self, actor: int, position: int, gender: str) -> int:
        """Who "he"/"she" means when ``actor``, named at ``position``, is the subject of a clause someone reports.

        In "Tom Hale said ex-minister Jo Park would resign. He said ...", the reported clause's subject is
        named last, but a pronoun opening the next sentence goes on with the speaker: the person whose cue
        stands just before ``position``, with no punctuation or quotation mark between them.
        """
        index = bisect_right(self.spoken, (position, -1)) - 1
        if index < 0 or self.spoken[index][1] == actor:
            return actor
        cue, speaker = self.spoken[index]
        between = self.text[cue:position]
        if len(between) > 40 or REPORTED_SUBJECT_GAP_RE.search(between) or not self.fits_kind(speaker, "person", gender):
            return actor
        return speaker

    def opening_end(self, start: int, end: int) -> int:
        """Where the main clause starts in a sentence from ``start`` that opens with a participle, else ``start``.

        A participle's clause shares the main clause's subject, so a name inside it is an object:
        in "Asked what he would tell the mayor, Ann Bell, he said", "he" is not Ann Bell and Ann
        Bell is not the sentence's subject. The opening ends at the first comma (before ``end``)
        followed by a subject and a verb, else at its first comma ("Asked why, Ann Bell, a
        senator, said").
        """
        if not PARTICIPLE_OPENING_RE.match(self.text, start):
            return start
        first_comma = self.text.find(",", start, end)
        if first_comma < 0:
            return start
        main = MAIN_CLAUSE_RE.search(self.text, first_comma, end)
        return main.start() if main else first_comma

    def recent_mentions(self, position: int) -> Iterator[tuple[int, int, bool]]:
        """(position, actor, salient) of the mentions and speakers before ``position``, latest first, LOOKBACK at most."""
        i = bisect_right(self.mentions, (position, -1, False)) - 1
        j = bisect_right(self.spoken, (position, -1)) - 1
        for _ in range(LOOKBACK):
            if i < 0 and j < 0:
                return
            if j >= 0 and (i < 0 or self.spoken[j][0] >= self.mentions[i][0]):
                yield self.spoken[j][0], self.spoken[j][1], True
                j -= 1
            else:
                yield self.mentions[i]
                i -= 1

    def fits_kind(self, actor: int, kind: str, gender: str = "") -> bool:
        """Whether an actor is of ``kind`` ("any" fits all; a person by more than a guess) and not of the other gender."""
        if kind != "any" and (self.actors[actor].kind != kind or (kind == "person" and not self.is_person(actor))):
            return False
        return not gender or self.gender(actor) in ("", gender)  # "she" is never a man the text calls "he" or "Mr"

    def gender(self, actor: int) -> str:
        """"he", "she" or "": learned from pronouns, else from titles and role nouns."""
        learned = self.genders.get(actor)
        if learned:
            return learned
        found = self.actors[actor]
        key = (actor, len(found.names), len(found.roles))  # names and roles only grow: their counts version them
        if key not in self.derived_genders:
            self.derived_genders[key] = next((g for g in (gender_of(name, found.roles) for name in found.names) if g), "")
        return self.derived_genders[key]

    def is_person(self, actor: int) -> bool:
        known = self.named.get(actor)
        if known is None:
            known = self.named[actor] = named_person(self.actors[actor])
        return known

    def resolve_pronoun(self, word: str, position: int) -> int | None:
        """he/she: a person named earlier in the sentence, else the latest salient person, else any.

        it/they: the latest salient organisation (they: or person).
        """
        kind = PRONOUNS.get(word.lower(), "any")
        if kind == "person":
            gender = "she" if word.lower() in {"she", "her"} else "he"
            found = self.last_person(position, gender)
            if found is not None:
                self.genders.setdefault(found, gender)
                return found
            # A lead that says "she" before naming anyone means the first person named next.
            return self.next_salient_person(position, gender)
        found = self.last_actor(position, "organisation", True)
        if kind == "any":
            # "They" is as often an unnamed group ("the tobacco companies") as an
            # organisation: only an organisation named just before will do.
            recent = self.last_actor(position, "organisation", True, since=position - 300)
            if recent is None:
                recent = self.last_group(position)
            if recent is None:
                recent = self.named_pair(position)
            return recent if recent is not None else UNRESOLVED
        return found

    def resolve_description(self, phrase: str, position: int) -> int | None:
        """"the minister", "the watchdog", "its report": the actor meant, UNRESOLVED if none, None if not an actor."""
        speaking_for = SPOKESPERSON_RE.search(phrase)
        if speaking_for and clean_name(speaking_for.group("name")):
            return self.actor_for(clean_name(speaking_for.group("name")), position)  # "a spokesman for X": X speaks
        owned = OWNED_PLURAL_RE.fullmatch(phrase.strip())
        if (
            owned
            and is_plural(owned.group("head"))
            and owned.group("head") not in DOCUMENT_NOUNS
            and not PREPOSITIONS.intersection(owned.group("modifiers").split())
        ):
            # "His aides say": people of someone's, never that someone; a group of their own, as written (whose
            # they are is left open: the pronoun's referent is not sure enough to name them by).
            return self.described_actor(phrase.strip()[0].lower() + phrase.strip()[1:], "group")
        if phrase.split()[-1].lower() in VOICE_NOUNS:
            # "a Downing Street spokesman", "a Department for Education source": the body they speak for.
            inside = [clean_name(m.group()) for m in NAME_RE.finditer(phrase) if clean_name(m.group())]
            if not inside:
                return UNRESOLVED
            body = self.actor_for(inside[0], position)
            if len(self.actors[body].names) == 1:
                self.actors[body].kind = "organisation"
            return body
        words = tokens_of(phrase.lower())
        for index, word in enumerate(words[2:], start=2):
            if word in {"in", "of", "at", "for", "from", "with", "on"}:
                words = words[:index]  # "the court in Washington": the head is "court"
                break
        if not words:
            return None
        determiner, head = words[0], words[-1]
        if determiner in {"its", "his", "her", "their"}:
            if head in DOCUMENT_NOUNS or head in ROLE_HEADS:
                found: int | None = self.resolve_pronoun(determiner, position)
                return UNRESOLVED if found is None else found
            return None
        if head in DOCUMENT_NOUNS:
            # "a damning Ofsted report found": the report speaks for whoever it names.
            for match in NAME_RE.finditer(phrase):
                name = clean_name(match.group())
                if name:
                    return self.actor_for(name, position)
            subject = self.opening_subject(position)
            return UNRESOLVED if subject is None else subject
        if determiner == "the" and any(AGE_RE.fullmatch(word) for word in words[1:]):
            # "the 28-year-old said", "the 24-year-old winger said": the person the paragraph is about.
            found = self.last_actor(position, "person", True, since=position - 600)
            return UNRESOLVED if found is None else found
        if head in PERSON_ROLE_NOUNS:
            if determiner in {"a", "an"}:
                return UNRESOLVED  # "a former care worker told ...": someone speaks, unnamed
            found = self.find_by(position, lambda actor: actor.kind == "person" and role_fits(head, actor.roles, phrase))
            if found is None and head in {"spokesman", "spokeswoman", "spokesperson"}:
                return UNRESOLVED
            if found is None and determiner == "the" and not any(word[:1].isupper() for word in phrase.split()[1:]):
                # "“…,” the defender said": a plain description is the person just written about;
                # only an office ("the Trade Secretary") is named after it.
                found = self.last_holder(position, head)
            if found is None:
                # "..., the Trade Secretary has said. Patricia Hewitt said ...": news names the holder next.
                found = self.next_salient_person(position, head=head)
                if found is not None:
                    self.actors[found].add_role(" ".join(phrase.split()[1:]))
                    self.named.pop(found, None)
            if found is None and determiner == "the":
                # "Beckham ... “…,” the England captain said": the person the story is about.
                found = self.last_holder(position, head)
            return UNRESOLVED if found is None else found
        if head in ORG_ROLE_NOUNS:

            def fits(actor: LocalActor) -> bool:
                return actor.kind == "organisation" and (
                    any(head in n.lower().split() for n in actor.names) or role_fits(head, actor.roles, phrase)
                )

            found = self.find_by(position, fits, forward=False)
            if found is None and head in GENERIC_ORG_NOUNS:
                # "the firm said": the company just named, as subject if possible.
                found = self.last_company(position)
            if found is None and len(words) >= 3 and determiner == "the" and head in {"council", "authority", "government"}:
                described = set(words[1:])

                def named(actor: LocalActor) -> bool:
                    return actor.kind == "organisation" and any(described <= set(tokens_of(n.lower())) for n in actor.names)

                # "the city council has insisted ... Birmingham City Council": the name the article gives it.
                found = self.find_by(position, named)
                if found is None:
                    found = self.actor_for(" ".join(phrase.split()[1:]), position)
                    self.actors[found].kind = "organisation"
            if found is None:
                found = self.find_by(position, fits)
            return UNRESOLVED if found is None else found
        return None

    def last_company(self, position: int) -> int | None:
        """The organisation "the firm" or "the club" means: the latest salient one, else the latest named, never a country.

        A country is no firm: in "Shares in Brightwater Corporation rose after its sales in the US grew. ... the firm
        said", the firm is Brightwater Corporation. When no organisation is named, the latest one-word name taken for a person ("Novartis") is the
        company after all.
        """
        for salient_only, kind in ((True, "organisation"), (False, "organisation"), (False, "person")):
            for _, actor, salient in self.recent_mentions(position):
                if (salient or not salient_only) and self.actors[actor].kind == kind and self.may_be_company(actor):
                    self.actors[actor].kind = "organisation"
                    return actor
        return None

    def may_be_company(self, actor: int) -> bool:
        """An organisation that is not a country, or a one-word name that is no person by title, role or full name."""
        found = self.actors[actor]
        if any(name.lower().removeprefix("the ") in COUNTRY_NAMES for name in found.names):
            return False
        return found.kind == "organisation" or (
            found.kind == "person" and not self.is_person(actor) and all(len(name.split()) == 1 for name in found.names)
        )

    def last_holder(self, position: int, head: str) -> int | None:
        """The latest salient person within 600 characters before ``position`` who may be "the <head>".

        A person the text gives another office is skipped: in "Liam Neeson ... Theatre chairman Tom Hale
        said ... “…,” the actor said", the actor is Neeson, though Tom Hale was named last.
        """
        for pos, actor, salient in self.recent_mentions(position):
            if pos < position - 600:
                break
            if salient and self.fits_kind(actor, "person") and not self.holds_other_role(actor, head):
                return actor
        return None

    def holds_other_role(self, actor: int, head: str) -> bool:
        """Whether the text gives an actor an office that is not ``head``: a chairman is not "the actor".

        Only role nouns that tell people apart count (``SPECIFIC_ROLE_NOUNS``): "the boss" or "the star" may
        be anyone; a former office counts too (a former governor is no senator).
        """
        if head not in SPECIFIC_ROLE_NOUNS:
            return False
        words = frozenset().union(*(role_words(role) for role in self.actors[actor].roles))
        return head not in words and not words.isdisjoint(SPECIFIC_ROLE_NOUNS)

    def next_salient_person(self, position: int, gender: str = "", head: str = "") -> int | None:
        """The first person who is a sentence's subject within a few hundred characters after ``position``.

        With a role noun ``head``, never one whose known roles name another office (``holds_other_role``).
        """
        index = bisect_right(self.mentions, (position, -1, False))
        while index < len(self.mentions) and self.mentions[index][0] < position + 400:
            _, actor, salient = self.mentions[index]
            if (
                salient
                and self.actors[actor].kind == "person"
                and self.is_person(actor)
                and self.gender(actor) in ("", gender or self.gender(actor))
                and not self.holds_other_role(actor, head)
            ):
                return actor
            index += 1
        return None

    def opening_subject(self, position: int) -> int | None:
        """The salient name a sentence opens with, before ``position`` ("Sir Michael published a report revealing")."""
        index = bisect_right(self.mentions, (self.sentence_start, -1, False))
        while index < len(self.mentions) and self.mentions[index][0] < position:
            pos, actor, salient = self.mentions[index]
            if salient:
                return actor
            index += 1
        return None

    def written_name(self, actor: int, position: int) -> tuple[int, int] | None:
        """Where one of an actor's names is first written at or after ``position`` (within a window)."""
        found = [span for name in self.actors[actor].names if (span := self.phrase_span(name, position)) is not None]
        return min(found) if found else None

    def find_by(self, position: int, fits: Callable[[LocalActor], bool], forward: bool = True) -> int | None:
        """The most recent fitting actor before ``position``, else (if ``forward``) the first one after it.

        Both searches look at most LOOKBACK mentions away, so a long text costs no more per lookup;
        each actor is judged once, however often it is mentioned there.
        """
        here = bisect_right(self.mentions, (position, -1, False))
        before = range(here - 1, max(-1, here - 1 - LOOKBACK), -1)
        after = range(here, min(len(self.mentions), here + LOOKBACK)) if forward else range(0)
        judged: dict[int, bool] = {}
        for index in chain(before, after):
            actor = self.mentions[index][1]
            if actor not in judged:
                judged[actor] = fits(self.actors[actor])
            if judged[actor]:
                return actor
        return None

    def subject_at(self, kind: str, phrase: str, position: int) -> int | None:
        """The actor a subject phrase found at (or just after) ``position`` refers to; notes its span as the mention.

        A description that fits no actor the text names ("officials", "a source", "the suit")
        is a speaker of its own, described but unnamed.
        """
        self.mention = self.phrase_span(clean_name(phrase) if kind == "name" else phrase.strip(), position)
        if kind in ("desc", "group"):
            # "an architect who [said]" is "an architect" (the mention keeps "who"); a clause is no one.
            phrase = noun_phrase(phrase)
            if not phrase:
                self.mention = None
                return None
        found = self.resolve_subject(kind, phrase, position)
        if kind == "group" or (found in (None, UNRESOLVED) and kind in ("desc", "name")):
            described = self.described_speaker(phrase)
            if described is not None:
                return described
        return found

    def last_group(self, position: int, reach: int = 600) -> int | None:
        """The group that spoke last within ``reach`` characters before ``position``: "Officials said ... They added"."""
        index = bisect_right(self.spoken, (position, -1)) - 1
        while index >= 0 and self.spoken[index][0] >= position - reach:
            actor = self.spoken[index][1]
            if self.actors[actor].kind == "group":
                return actor
            index -= 1
        return None

    def described_speaker(self, phrase: str) -> int | None:
        """The document's actor for an unnamed speaker's description (``description_of``): one per description."""
        described = description_of(phrase)
        return None if described is None else self.described_actor(*described)

    def described_actor(self, name: str, kind: str) -> int:
        """The document's one actor of kind ``group`` or ``unnamed`` with this description as its name."""
        if name not in self.described:
            self.actors.append(LocalActor([name], kind))
            self.described[name] = len(self.actors) - 1
        return self.described[name]

    def phrase_span(self, phrase: str, position: int) -> tuple[int, int] | None:
        """Where ``phrase`` is written at or shortly after ``position``, if it is."""
        if not phrase:
            return None
        found = self.text.find(phrase, position, position + WINDOW + len(phrase))
        return (found, found + len(phrase)) if found >= 0 else None

    def resolve_subject(self, kind: str, phrase: str, position: int) -> int | None:
        if kind == "group":
            return None  # a plural noun names no actor: ``subject_at`` makes it a described speaker
        if kind == "pron" and phrase.strip() == "I":
            # "“Okay,” I said": outside quotation marks, "I" is the article's writer.
            return self.described_actor("the writer", "unnamed")
        if kind == "pron":
            return self.resolve_pronoun(phrase.strip(), position)
        if kind == "desc":
            return self.resolve_description(phrase, position)
        name = clean_name(phrase)
        if not name:
            return None
        if len(name.split()) == 1 and name not in self.midsentence_words and position - self.sentence_start < 2:
            lowered = name.lower()
            if lowered in GROUP_NOUNS or lowered in self.lower_words:
                return UNRESOLVED  # "Inspectors said ...": a capitalised first word, not a name
        return self.actor_for(name, position)
