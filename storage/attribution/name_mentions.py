"""Provides name mentions: every name a sentence gives, registered as an actor with its roles, in reading order.

The first name of a sentence (unless it follows a preposition or is a possessive)
is its subject, salient for a later "he". Roles are read from around the name:
before it ("children's minister Edward Timpson"), in an apposition ("Bridget Robb,
chief executive of ..., said") or after "who was appointed".
"""

from __future__ import annotations

import re

from storage.attribution.actors import (
    NAME_JOINERS,
    ROLE_HEADS,
    guess_kind,
    title_and_words,
)
from storage.attribution.cues import load_cues
from storage.attribution.names import (
    NAME_PREFIXES,
    NAME_RE,
    OFFICE_NOUNS,
    POSSESSIVE_ENDS,
    STOP_CAPS,
    clean_name,
    remit_at,
)
from storage.attribution.quote_spans import QuoteSpan
from storage.attribution.sentences import inside_quote
from storage.attribution.speaker_resolution import WINDOW, DocumentSpeakers

# The patterns tried around every name match a word possessively ("[\w’'-]*+"): the spaces after a word can never
# take back its letters, and backtracking through them letter by letter was most of these patterns' cost.
APPOSITIVE_ROLE_RE = re.compile(
    r",[ \u00a0]+(?P<role>(?:the[ \u00a0]+|a[ \u00a0]+|an[ \u00a0]+)?(?:former[ \u00a0]+)?(?:[a-z][\w’'-]*+[ \u00a0]+){0,3}"
    r"(?:" + "|".join(sorted(ROLE_HEADS)) + r")\b[^,.;:()\n]{0,90}?)(?:[ \u00a0]*\([^()\n]{1,12}\))?(?=[,.;]|[ \u00a0]+said)"
)
APPOINTED_ROLE_RE = re.compile(
    r"^[^.;\n]{0,40}?\b(?:who[ \u00a0]+(?:became|is|was|has[ \u00a0]+been)(?:[ \u00a0]+(?:appointed|named|made))?"
    r"|(?:was|been|is|being)[ \u00a0]+(?:appointed|named|made))(?:[ \u00a0]+as)?[ \u00a0]+(?P<role>(?:[\w’'-]+[ \u00a0]+){0,4}?(?:"
    + "|".join(sorted(ROLE_HEADS))
    + r"))\b"
)
APPOINTED_WORDS = ("who", "appointed", "named", "made")
"""Every APPOINTED_ROLE_RE match holds one of these: the regex, whose lazy opening is tried at each of 40
characters, is run only after a name followed by one (most are not)."""
NAMED_ROLE_RE = re.compile(r"\b(?:" + "|".join(sorted(ROLE_HEADS)) + r")[ \u00a0]+[A-Z][a-z][\w’'-]*[ \u00a0]+[A-Z][a-z]")
ROLE_TAIL_RE = re.compile(r"[ \u00a0]+(?:for|of|on)[ \u00a0]+(?:[a-z][\w’'-]*+[ \u00a0]+){0,2}[a-z][\w’'-]*+[ \u00a0]*$")
"""The "for transport" of "spokeswoman for transport Ellen Ray": a role's remit between its noun and the name."""
ROLE_THEN_NAME_RE = re.compile(
    r"[ \u00a0]+(?:[a-z][\w’'-]*+[ \u00a0]+){0,2}?(?P<head>[a-z][\w’'-]*+)[ \u00a0]+(?:for|of|on)[ \u00a0]+(?:[a-z][\w’'-]*+[ \u00a0]+){1,3}[A-Z]"
)
"""A modifier before a role with a remit: "Green Party spokeswoman for transport Ellen Ray"."""
REMIT_BEFORE_RE = re.compile(r"\b(?P<head>[a-z][\w’'-]*)[ \u00a0]+(?:of|for)[ \u00a0]+(?:the[ \u00a0]+)?$")
"""A role noun and its remit right before a name: "shadow leader of the Lords Ann Keane"."""
ROLE_POSTMODIFIERS = frozenset({"general", "designate", "elect"})
"""Words that may follow a role noun: "director general", "president elect"."""
ROLE_ENDS = ROLE_HEADS | ROLE_POSTMODIFIERS
"""The word right before a name that an office written there ends in."""
COMMA_END_RE = re.compile(r",[ \u00a0]*$")
"""A comma ending the words before a name: the name may be in apposition to an office."""
CLAUSE_BREAK_RE = re.compile(r"[.!?;:,()\[\]\"“”\n–—]")
UP_TO_CLAUSE_BREAK_RE = re.compile(r"(?s:.*)" + CLAUSE_BREAK_RE.pattern)
"""Everything up to the last clause break: what follows it is a name's clause (one match, not a split into pieces)."""
ACRONYM_AFTER_RE = re.compile(r"[ \u00a0]*\((?P<acronym>[A-Z][A-Za-z]{1,9})\)")
MODIFIER_RE = re.compile(r"[ \u00a0]+(?:[a-z][\w’'-]*+[ \u00a0]+){0,2}?(?P<head>[a-z][\w’'-]*+)[ \u00a0]+[A-Z]")
PREPOSITION_BEFORE_RE = re.compile(r"\b(?:by|to|of|with|from|for|at|in|on|against|about|than|behind|beside|alongside|including|among|between)(?:[ \u00a0]+[a-z][\w’'-]*+){0,3}[ \u00a0]+$")
# Patterns read for every name or word, compiled here rather than looked up in the ``re`` cache each time.
LEADING_CAPS_RE = re.compile(r"^(?:[A-Z][\w’'-]*[ \u00a0]+)+")
POSSESSIVE_NAME_RE = re.compile(r"[A-Z][\w-]*['’]s")
CAPITAL_POSSESSIVE_RE = re.compile(r"[A-Z][a-z\w-]*['’]s")
POSSESSIVE_END_RE = re.compile(r"['’]s$")
ROLE_STOPS = frozenset(
    "the a an and or by of to with that was is has had have as for from in on at who which his her their its our my"
    " your through between into than while during under over about against like".split()
)
CUE_WORDS = load_cues().forms
"""Speech cues: never part of a role written before a name."""
OFFICE_HEADS = ROLE_HEADS | OFFICE_NOUNS | {"general"}
"""The last word of an office written before a name: "Prime Minister", "Attorney General"."""


class NameMentions(DocumentSpeakers):
    """The document's speakers, with the names each sentence gives registered as mentions and roles."""

    def register_names(self, start: int, end: int, quote_starts: list[int], quotes: list[QuoteSpan]) -> None:
        """Note every name in a sentence (outside quotes) with its roles and acronym.

        The first name of a sentence, unless it follows a preposition or is a
        possessive, is its subject: salient, the likely referent of a later "he".
        """
        first = True
        person_seen = False
        main_clause = self.opening_end(start, end)
        text = self.text
        for match in NAME_RE.finditer(text, start, end):
            at, raw, after = match.start(), match.group(), match.end()
            if inside_quote(at, quote_starts, quotes):
                continue
            name = clean_name(self.name_after_remit(at, raw))
            if not name:
                continue
            words = name.split()
            offset = at + raw.find(words[0])
            if len(words) == 1 and offset - start < 2 and name not in self.midsentence_words:
                continue  # a capitalised first word seen nowhere else is an ordinary word
            modifier = MODIFIER_RE.match(text, after)
            if not (modifier and modifier.group("head").lower() in ROLE_HEADS):
                modifier = ROLE_THEN_NAME_RE.match(text, after)
            if modifier and modifier.group("head").lower() in ROLE_HEADS:
                # "Real Madrid midfielder David Beckham": the team describes the man, it is not the subject.
                self.mentions.append((offset, self.actor_for(name, offset), False))
                continue
            actor = self.actor_for(name, offset)
            possessive = raw.endswith(POSSESSIVE_ENDS)
            self.find_roles(actor, offset, after)
            self.named.pop(actor, None)  # a role just found can make a surname a person
            # The sentence's first name is its subject; so is the first full person name
            # after a description ("The SNP's Holyrood leader, Nicola Sturgeon, welcomed").
            full_person = self.actors[actor].kind == "person" and len(title_and_words(name)[1]) >= 2
            in_opening = offset < main_clause  # a name in a participle's clause is its object
            # The preposition before the name is sought last: it takes a regex search, and most names are not candidates.
            salient = (first or (full_person and not person_seen)) and not (
                possessive or in_opening or self.follows_preposition(start, offset)
            )
            self.mentions.append((offset, actor, salient))
            person_seen = person_seen or (salient and self.actors[actor].kind == "person" and self.is_person(actor))
            first = first and in_opening
            office = raw[: offset - at].split()
            if self.actors[actor].kind == "person" and office and (office[-1].lower() in OFFICE_HEADS or remit_at(office) >= 0):
                self.actors[actor].add_role(" ".join(office))  # "Prime Minister Boris Johnson", "Minister for Children Tom Hale"
                self.named.pop(actor, None)

    def name_after_remit(self, position: int, name: str) -> str:
        """"leader of the Lords Ann Keane" names Ann Keane: the remit's body is no part of the name."""
        words = name.split()
        if len(words) < 3 or guess_kind(name) != "person":
            return name  # "chief executive of the British Association of Social Workers" is a body
        remit = REMIT_BEFORE_RE.search(self.text, max(0, position - 40), position)
        tail = words[-2:]
        if remit and remit.group("head").lower() in ROLE_HEADS and guess_kind(" ".join(tail)) == "person":
            return " ".join(tail)
        return name

    def follows_preposition(self, lower: int, position: int) -> bool:
        """Whether a name at ``position`` is a preposition's object ("the court in Washington").

        A role's remit is not: in "spokeswoman for transport Ellen Ray" the name is the subject.
        """
        found = PREPOSITION_BEFORE_RE.search(self.text, max(lower, position - 40), position)
        if found is None:
            return False
        before = self.text[max(lower, found.start() - 30) : found.start()].split()
        # "for women", never "of Tods Murray" or "member of the Cabinet": those names are objects.
        remit = bool(set(found.group().lower().split()[1:]) - {"the", "a", "an"})
        return not (remit and before and before[-1].lower() in ROLE_HEADS)

    def find_roles(self, actor: int, start: int, end: int) -> None:
        """Give an actor the roles written around its name at ``start:end``, and an organisation its acronym.

        Only a person takes roles: the patterns after the name are tried for a person alone.
        """
        text = self.text
        after = text[end : end + WINDOW]
        if self.actors[actor].kind == "organisation":
            acronym = ACRONYM_AFTER_RE.match(after)
            if acronym:
                self.actors[actor].add_name(acronym.group("acronym"))
        if self.actors[actor].kind != "person":
            return
        appositive = APPOSITIVE_ROLE_RE.match(after)
        if appositive and not NAMED_ROLE_RE.search(appositive.group("role")):
            self.actors[actor].add_role(appositive.group("role").strip())
        appointed = APPOINTED_ROLE_RE.match(after) if any(word in after for word in APPOINTED_WORDS) else None
        if appointed:
            role = LEADING_CAPS_RE.sub("", appointed.group("role")).strip()
            self.actors[actor].add_role(role)
        role = self.role_before(start)
        comma = COMMA_END_RE.search(text, max(0, start - 4), start)
        if not role and comma and text[end : end + 1] == ",":
            # "Marsh's new chief executive, Michael Cherkasky, is ...": the office in apposition before the name.
            role = self.role_before(comma.start())
        if role:
            self.actors[actor].add_role(role)

    def role_before(self, start: int) -> str:
        """The office written right before a name: "Birmingham council leader Albert Bore" -> "Birmingham council leader".

        The words must end in a role noun next to the name ("the commissioner
        would support Birmingham" gives Birmingham no role) and stay in the
        name's clause. A capitalised word may open the role when it is a
        modifier (a place, a body) and not the end of a longer name
        ("London School of Economics professor" is a "professor").
        """
        window = self.text[max(0, start - 80) : start]
        last_break = UP_TO_CLAUSE_BREAK_RE.match(window)
        clause_text = window[last_break.end() :] if last_break else window
        remit = ROLE_TAIL_RE.search(clause_text)
        if remit and not set(remit.group().lower().split()) & (ROLE_STOPS - {"for", "of", "on"} | CUE_WORDS):
            office = self.role_before(start - len(clause_text) + remit.start())
            if office:
                return f"{office} {remit.group().strip()}"
        clause = clause_text.split()
        if not clause or clause[-1].lower() not in ROLE_ENDS:
            return ""  # no office ends next to the name, as for most names: the walk back is spared
        words: list[str] = []
        proper = False
        for index in range(len(clause) - 1, -1, -1):
            word = clause[index]
            lowered = word.lower()
            if len(words) >= 4 and word[:1].isupper() and word not in STOP_CAPS:
                while words and words[0][:1].isupper():
                    words.pop(0)  # "Scottish National Party Holyrood leader": never half a name
                break
            if len(words) >= 4 or lowered in ROLE_STOPS or lowered in CUE_WORDS:
                break
            modifier = (
                bool(words)
                and word[:1].isupper()
                and word not in STOP_CAPS
                and (index == 0 or clause[index - 1].lower() not in NAME_JOINERS)
            )
            if not (word[:1].islower() or POSSESSIVE_NAME_RE.fullmatch(word) or modifier):
                break
            if proper and word[:1].islower() and lowered not in NAME_PREFIXES:
                break  # "fined their Welsh striker": only "former" and the like come before a proper modifier
            proper = proper or modifier
            words.insert(0, word)
            if lowered in {"former", "ex"}:
                break
        heads = [word.lower() for word in words if word.lower() not in ROLE_POSTMODIFIERS]
        if not heads or heads[-1] not in ROLE_HEADS or len(words) - len(heads) > 1:
            return ""
        if self.opens_sentence(start, words) and (len(words) == 1 or not words[1][:1].isupper()):
            words[0] = self.sentence_case(words[0])  # "Children’s minister" opening a sentence is "children’s minister"
        return " ".join(words)

    def opens_sentence(self, start: int, words: list[str]) -> bool:
        """Whether ``words``, ending right before ``start``, begin a sentence or paragraph."""
        text = self.text
        position = start
        while position > 0 and text[position - 1] in " \u00a0":
            position -= 1
        for index, word in enumerate(reversed(words)):
            if index:
                gap = position
                while position > 0 and text[position - 1] in " \u00a0\n":
                    position -= 1
                if position == gap:
                    return False
            if not text.startswith(word, position - len(word)):
                return False
            position -= len(word)
        while position > 0 and text[position - 1] in " \u00a0":
            position -= 1
        return position == 0 or text[position - 1] in "\n.!?\"”’"

    def sentence_case(self, word: str) -> str:
        """A sentence's capitalised first word as it is mid-sentence: "Film" -> "film", "Arsenal" stays."""
        lowered = word.lower()
        if not word[1:].islower() and not CAPITAL_POSSESSIVE_RE.fullmatch(word):
            return word  # "BBC", "R&B": written so everywhere
        if POSSESSIVE_END_RE.search(word):
            return lowered if lowered in self.lower_words else word
        return word if word in self.midsentence_words else lowered
