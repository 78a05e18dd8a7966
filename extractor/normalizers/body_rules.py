"""The rules that cut a responsible cell into bodies and name them, as ordered lists.

Each rule is a small function whose name says what it sees and whose docstring says why;
``bodies.BodyResolver`` applies the lists in the order of its steps and reports the rule
behind every cut and name to a trace. The lists, in the order they run:

- :data:`TOKEN_READING_RULES`: a token with Latin letters read as Cyrillic or dropped;
- :data:`SEPARATOR_RULES`: where a separator (";", ",", ". ", "/", "и" …) cuts the cell into
  pieces; the first rule that answers a width decides;
- :data:`SPLIT_RULES`: where a new body starts inside a piece with no separator; the first
  rule that answers True (cut) or False (no cut) decides, no answer is no cut;
- :data:`RUN_RULES`: a run of abbreviations cut into names; the first rule that answers decides;
- :data:`QUALIFIER_RULES`: what a trailing parenthesis says (a definition, an abbreviation,
  a role);
- :data:`NAMING_RULES`: the canonical name of a piece; the first that answers names it.

The examples in the docstrings are of the general kind; the test tables in
``tests/test_bodies*.py`` hold the cells each rule is checked on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Optional

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .body_tokens import Token, is_abbreviation, is_abbreviation_only, name_key
from .lexicon import DEFINITION_CONTENT, QUOTE_CHARS
from .repair import CYRILLIC, read_latin_as_cyrillic

if TYPE_CHECKING:
    from .bodies import BodyResolver

# A comma before a participle ("Школы, показавшие …", "органов, осуществляющих …") is
# inside a name.
PARTICIPLE = re.compile(r"(?:ющ|ящ|ащ|ущ|вш)(?:ие|ий|ая|ее|ое|их|им|ими|ей|его|ему)$")
# Nominative adjective endings: a lower-case word with one, after an abbreviation, opens a
# new body ("МОУО муниципальные координаторы").
NOMINATIVE_ADJECTIVE = re.compile(r"(?:ые|ие|ая|яя|ое|ее|ый|ий)$")
# A parenthesised qualifier is a role when it starts with one of these or is a verbal noun
# ("(утверждение)", "(по согласованию)"); anything else in parentheses stays in the name.
ROLE_WORDS = (
    "по согласованию", "по запросу", "по графику", "согласован", "утвержден", "координац",
    "контрол", "ответствен", "организатор", "исполнител", "соисполнител",
)
VERBAL_NOUN_ROLE = re.compile(r"^(?:по\s+)?[а-яё]+(?:ние|ния|нию|ция|ции|цию)(?:\s+[а-яё]+){0,2}$")
LIST_BULLETS = frozenset("-–—•·*:")
DASHES = "-–—"


# ----------------------------------------------------------------------------- shared predicates

def is_role(content: str) -> bool:
    folded = content.casefold()
    return folded.startswith(ROLE_WORDS) or bool(VERBAL_NOUN_ROLE.match(folded))


def paren_closes_body(paren: Token) -> bool:
    """A definition, role or abbreviation in parentheses ends the body it follows."""
    content = paren.text.strip("()").strip()
    return bool(DEFINITION_CONTENT.match(content)) or is_role(content) or is_abbreviation_only(content)


def is_person_start(t: Token, nxt: Token | None) -> bool:
    """A surname with initials, in either order: "Иванова И.И.", "И.И. Иванова"."""
    if nxt is None:
        return False
    if t.kind == "initials":
        return nxt.is_word and nxt.is_capitalised and not nxt.is_abbreviation
    return t.is_word and t.is_capitalised and not t.is_abbreviation and nxt.kind == "initials"


def is_person(piece: list[Token]) -> bool:
    return any(is_person_start(a, b) for a, b in zip(piece, piece[1:]))


def opens_body(r: "BodyResolver", t: Token) -> bool:
    """A head word, a word for people or bodies, or a lower-case nominative adjective."""
    words = r.lexicon
    return t.is_word and (
        t.stem in words.heads
        or t.stem in words.groups
        or t.stem in words.org_nouns
        or (t.is_lower_case and bool(NOMINATIVE_ADJECTIVE.search(t.stem)))
    )


def starts_body(r: "BodyResolver", tokens: list[Token], j: int) -> bool:
    """Whether a body begins at ``tokens[j]`` (what may follow "и" between two bodies)."""
    if j >= len(tokens):
        return False
    t = tokens[j]
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return t.is_abbreviation or opens_body(r, t) or is_person_start(t, nxt)


def names_people(r: "BodyResolver", t: Token) -> bool:
    """A group or position word in any case form: "руководители", "руководителей", "методист"."""
    words = r.lexicon
    return t.stem in words.groups or t.stem in words.positions or t.stem.startswith(r.people_roots)


def legal_form_only(r: "BodyResolver", current: list[Token]) -> bool:
    """A body opened by a legal form and no name yet ("ГБУ ТО", "МКУ")."""
    words = [t for t in current if t.is_word]
    forms = r.lexicon.org_forms
    return (
        bool(words)
        and words[0].lower in forms
        and all(w.is_abbreviation and (w.lower in forms or len(w.read) <= 2) for w in words)
        and not any(t.kind == "quote" for t in current)
    )


def led_by_position(r: "BodyResolver", current: list[Token]) -> bool:
    words = [t for t in current if t.is_word]
    return bool(words) and words[0].stem in r.lexicon.positions


def meaningful(piece: list[Token]) -> bool:
    return any(t.kind in ("word", "quote", "initials") for t in piece)


# ----------------------------------------------------------------------------- 0. token reading

@dataclass
class Reading:
    """One token with Latin letters, before it is read."""

    r: "BodyResolver"
    token: Token

    @cached_property
    def as_cyrillic(self) -> str | None:
        return read_latin_as_cyrillic(self.token.text)

    @property
    def latin_only(self) -> bool:
        return not CYRILLIC.search(self.token.text)


# A reading rule answers "read" (the token is its Cyrillic reading), "drop" (OCR noise) or None.
ReadingRule = Callable[[Reading], Optional[str]]


def latin_known_body(x: Reading) -> str | None:
    """A Latin-only word that reads as a known abbreviation is that abbreviation ("PMK")."""
    if x.latin_only and x.as_cyrillic is not None and x.r.is_known_word(x.as_cyrillic):
        return "read"
    return None


def latin_noise(x: Reading) -> str | None:
    """A short Latin-only capital word or letter that reads as no body is OCR noise ("T")."""
    t = x.token
    if x.latin_only and len(t.text) <= x.r.settings.noise_max_length and (t.text.isupper() or len(t.text) == 1):
        return "drop"
    return None


def mixed_scripts(x: Reading) -> str | None:
    """A word of Cyrillic and Latin look-alikes is the Cyrillic word ("MOУO", "pуководители")."""
    return "read" if not x.latin_only and x.as_cyrillic is not None else None


TOKEN_READING_RULES: list[ReadingRule] = [latin_known_body, latin_noise, mixed_scripts]


# ----------------------------------------------------------------------------- 1. separators

@dataclass
class Gap:
    """The token at ``i`` of the cell, met while the piece ``piece`` is being read."""

    r: "BodyResolver"
    tokens: list[Token]
    i: int
    piece: list[Token]

    @property
    def t(self) -> Token:
        return self.tokens[self.i]

    def at(self, offset: int) -> Token | None:
        j = self.i + offset
        return self.tokens[j] if 0 <= j < len(self.tokens) else None

    def punct(self, marks: str) -> bool:
        return self.t.kind == "punct" and self.t.text in marks


# A separator rule answers how many tokens the separator takes, 0 when its mark is there but
# does not separate, None when its mark is not there.
SeparatorRule = Callable[[Gap], Optional[int]]


def semicolon(g: Gap) -> int | None:
    """A semicolon always ends a body."""
    return 1 if g.punct(";") else None


def comma(g: Gap) -> int | None:
    """A comma ends a body unless what follows cannot stand alone: a participle or "который"
    clause ("ОО, имеющие …"), the next part of an "X, Y и Z" name ("образования, науки и …"),
    or the post of the person before it ("Иванова И.И., методист")."""
    if not g.punct(","):
        return None
    nxt, after = g.at(1), g.at(2)
    if nxt is None:
        return 0
    words = g.r.lexicon
    if nxt.is_word and nxt.is_lower_case:
        relative = nxt.lower.startswith("котор") or (
            nxt.lower in words.prepositions and after is not None and after.lower.startswith("котор")
        )
        if PARTICIPLE.search(nxt.lower) or relative:
            return 0
        if after is not None and after.lower == "и" and not opens_body(g.r, nxt):
            return 0
        if nxt.stem in words.positions and is_person(g.piece):
            return 0
    return 1


def full_stop(g: Gap) -> int | None:
    """A full stop ends a body unless it shortens a word ("г. Твери", "им. Пушкина",
    "Зам. директора")."""
    if not g.punct("."):
        return None
    if g.i == 0 or g.i + 1 >= len(g.tokens):
        return 0
    prev, nxt = g.at(-1), g.at(1)
    if nxt.kind == "punct":
        return 0
    if not prev.is_word or prev.is_abbreviation or not prev.text.isalpha():
        return 1
    s = g.r.settings
    shortened = len(prev.text) == 1 or (prev.text.islower() and len(prev.text) <= s.shortened_word_max_length) or (
        len(prev.text) <= s.shortened_capital_word_max_length and nxt.is_word and nxt.text[:1].islower()
    )
    return 0 if shortened else 1


def slash(g: Gap) -> int | None:
    """A slash between two words ends a body; between two numbers it is a school year or a number."""
    if not g.punct("/"):
        return None
    if g.i == 0 or g.i + 1 >= len(g.tokens):
        return 0
    prev, nxt = g.at(-1), g.at(1)
    return 1 if prev.kind != "punct" and nxt.kind != "punct" and not (prev.text.isdigit() and nxt.text.isdigit()) else 0


def list_dash(g: Gap) -> int | None:
    """A dash before a body is a list bullet ("- МОУО - ОО"); before a post it is not
    ("Иванов И.И. – начальник управления")."""
    if not g.punct(DASHES):
        return None
    return 1 if starts_body(g.r, g.tokens, g.i + 1) else 0


def list_number(g: Gap) -> int | None:
    """A short number with "." or ")" before a word numbers a list ("1. МОУО 2. ОО"); after
    "№" it is part of a name."""
    t, mark, first = g.t, g.at(1), g.at(2)
    listed = (
        t.text.isdigit() and len(t.text) <= g.r.settings.list_number_max_digits
        and mark is not None and mark.text in ".)" and first is not None and first.kind in ("word", "quote")
        and (g.i == 0 or g.tokens[g.i - 1].text != "№")
    )
    return 2 if listed else None


def separator_phrase(g: Gap) -> int | None:
    """A phrase of ``body_words.tsv`` that joins two bodies ("совместно с", "а также")."""
    if not g.t.is_word:
        return None
    for separator in g.r.lexicon.separators:
        words = g.tokens[g.i:g.i + len(separator)]
        if len(words) == len(separator) and all(t.is_word and t.lower == w for t, w in zip(words, separator)):
            return len(separator)
    return None


def conjunction(g: Gap) -> int | None:
    """"и" between a body and the start of another ends the first ("ЦНППМ и РМО"); inside a name
    it does not ("Учителя математики и русского языка")."""
    if not (g.t.is_word and g.t.lower == "и"):
        return None
    return 1 if meaningful(g.piece) and starts_body(g.r, g.tokens, g.i + 1) else 0


SEPARATOR_RULES: list[SeparatorRule] = [
    semicolon, comma, full_stop, slash, list_dash, list_number, separator_phrase, conjunction,
]


# ----------------------------------------------------------------------------- 2. body starts

@dataclass
class Join:
    """The point between the tokens ``current`` read so far and the token ``t`` (``nxt`` after it)."""

    r: "BodyResolver"
    current: list[Token]
    t: Token
    nxt: Token | None

    @property
    def prev(self) -> Token:
        return self.current[-1]

    @cached_property
    def after_owner(self) -> bool:
        """The last word is a genitive owner word ("администрации", "имени")."""
        last = next((x for x in reversed(self.current) if x.is_word), None)
        return last is not None and last.lower in self.r.lexicon.owners

    @cached_property
    def named(self) -> list[Token]:
        """The words read so far that are neither abbreviations nor numbers."""
        return [w for w in self.current if w.is_word and not w.is_abbreviation and not w.text.isdigit()]

    @property
    def after_abbreviation(self) -> bool:
        return self.prev.is_abbreviation or self.prev.is_abbreviation_quote

    @property
    def person_may_start(self) -> bool:
        """A person starts a new body unless a post ("начальник отдела") or an owner word leads to them."""
        return not led_by_position(self.r, self.current) and not self.after_owner


# A split rule answers True (a new body starts at ``t``), False (it does not) or None (no opinion).
SplitRule = Callable[[Join], Optional[bool]]


def after_closing_parenthesis(j: Join) -> bool | None:
    """A definition, role or abbreviation in parentheses closes the body before it."""
    return True if j.prev.kind == "paren" and paren_closes_body(j.prev) else None


def person_initials_first(j: Join) -> bool | None:
    """Initials before a surname start a person ("И.И. Иванова"), except in "им. А.С. Пушкина"
    and after a post."""
    if j.t.kind != "initials":
        return None
    return j.nxt is not None and j.nxt.is_word and j.nxt.is_capitalised and j.person_may_start


def person_surname_first(j: Join) -> bool | None:
    """A surname with initials after it starts a person ("Управление образования Иванова И.И.")."""
    return j.person_may_start if is_person_start(j.t, j.nxt) else None


def abbreviation_in_a_run(j: Join) -> bool | None:
    """Abbreviations after abbreviations only are cut by the run rules, not here."""
    return False if j.t.is_abbreviation and not j.named else None


def abbreviation_after_abbreviation(j: Join) -> bool | None:
    """After a named body's abbreviation, a legal form or a known name starts a new body
    ("руководители ОО МОУО"); another abbreviation qualifies the first ("кураторы ШНОР ТО")."""
    if not (j.t.is_abbreviation and j.after_abbreviation):
        return None
    return j.t.lower in j.r.lexicon.org_forms or j.r.starts_known_name(j.t)


def abbreviation_of_whose(j: Join) -> bool | None:
    """An abbreviation after a preposition, an owner word or a people word says whose the body
    is ("заместители директоров по УВР", "руководители ОО", "методист РМК")."""
    if not j.t.is_abbreviation or not j.prev.is_word:
        return None
    words = j.r.lexicon
    if j.prev.lower in words.prepositions or j.prev.lower in words.owners or names_people(j.r, j.prev):
        return False
    return None


def territory_abbreviation(j: Join) -> bool | None:
    """An abbreviation before a quotation names a territory ("… района МР «Северный район»"),
    unless it is a legal form."""
    if j.t.is_abbreviation and j.nxt is not None and j.nxt.kind == "quote" and j.t.lower not in j.r.lexicon.org_forms:
        return False
    return None


def legal_form_after_named_body(j: Join) -> bool | None:
    """A legal-form abbreviation after a named body starts a new body ("Отдел образования МБУ «Методический центр»")."""
    return True if j.t.is_abbreviation and j.t.lower in j.r.lexicon.org_forms else None


def abbreviation_after_long_name(j: Join) -> bool | None:
    """An abbreviation after a name of two or more words is a new body; a one-word name
    takes it ("Администрация ОО")."""
    return len(j.named) > 1 if j.t.is_abbreviation else None


def capital_after_preposition(j: Join) -> bool | None:
    """A capitalised word after a preposition belongs to the name ("Комитет по Образованию")."""
    if j.t.is_capitalised and j.prev.is_word and j.prev.lower in j.r.lexicon.prepositions:
        return False
    return None


def capital_head_word(j: Join) -> bool | None:
    """A capitalised head or group word starts a new body ("… администрации района Методисты"),
    except right after a bare legal form ("МКУ Управление образования")."""
    if j.t.is_capitalised and (j.t.stem in j.r.lexicon.heads or j.t.stem in j.r.lexicon.groups):
        return not legal_form_only(j.r, j.current)
    return None


def capital_adjective_before_plural(j: Join) -> bool | None:
    """A capitalised adjective before a lower-case plural noun names a new group
    ("Руководители ОО Школьные координаторы"); any other capitalised word stays in the name."""
    if not j.t.is_capitalised:
        return None
    nxt, words = j.nxt, j.r.lexicon
    return bool(NOMINATIVE_ADJECTIVE.search(j.t.stem)) and nxt is not None and nxt.is_word \
        and nxt.is_lower_case and (nxt.stem in words.groups or nxt.stem in words.org_nouns
                                        or nxt.read.endswith(("ы", "и")))


def lower_case_body_after_abbreviation(j: Join) -> bool | None:
    """A lower-case word that opens a body after an abbreviation starts one ("МОУО кураторы",
    "ГАУ ДПО «ИРО» органы управления образованием")."""
    return True if opens_body(j.r, j.t) and j.after_abbreviation else None


def group_after_group(j: Join) -> bool | None:
    """Two words for groups of people in a row are two bodies ("кураторы руководители")."""
    if opens_body(j.r, j.t):
        return j.prev.is_word and j.prev.stem in j.r.lexicon.groups and j.t.stem in j.r.lexicon.groups
    return None


SPLIT_RULES: list[SplitRule] = [
    after_closing_parenthesis,
    person_initials_first,
    person_surname_first,
    abbreviation_in_a_run,
    abbreviation_after_abbreviation,
    abbreviation_of_whose,
    territory_abbreviation,
    legal_form_after_named_body,
    abbreviation_after_long_name,
    capital_after_preposition,
    capital_head_word,
    capital_adjective_before_plural,
    lower_case_body_after_abbreviation,
    group_after_group,
]


# ----------------------------------------------------------------------------- 3. runs of abbreviations

@dataclass
class RunPoint:
    """Position ``i`` of a run of abbreviations; ``buffer`` holds the unknown stretch before it."""

    r: "BodyResolver"
    run: list[Token]
    i: int
    buffer: list[Token]

    @property
    def t(self) -> Token:
        return self.run[self.i]


# A run rule answers None (no cut here), 0 (a new body starts here and runs on) or n > 0 (the
# next n tokens are one whole body).
RunRule = Callable[[RunPoint], Optional[int]]


def known_name(p: RunPoint) -> int | None:
    """The longest known name from here (the document's, the dictionary's, one seen before, a
    near variant of the document's) is one body, with a two-letter region after it ("ДОО ТО");
    a bare legal form runs on into the name after it ("ГБУ ТО" + "ЦОКО")."""
    if not p.t.is_word or (p.buffer and legal_form_only(p.r, p.buffer)):
        return None
    end = p.r.known_name_end(p.run, p.i)
    if end is None:
        return None
    while end < len(p.run) and p.r.is_region_suffix(p.run, end):
        end += 1
    return end - p.i


def unknown_body_start(p: RunPoint) -> int | None:
    """In an unknown stretch, a legal form or a dictionary body starts a new body, unless a
    legal form comes right before it ("ГБУ ДПО …", "МКУ УО")."""
    if not p.buffer or not p.t.is_word:
        return None
    last = next((x for x in reversed(p.buffer) if x.is_word), None)
    if last is None or last.lower in p.r.lexicon.org_forms:
        return None
    if p.t.lower in p.r.lexicon.org_forms or name_key(p.t.read) in p.r.dictionary_bodies:
        return 0
    return None


RUN_RULES: list[RunRule] = [known_name, unknown_body_start]


# ----------------------------------------------------------------------------- 4. qualifiers

@dataclass
class Qualifiers:
    """What the trailing parentheses of a body said, read from the last one back."""

    short: str | None = None
    role: str | None = None


# A qualifier rule reads the content of one trailing parenthesis into ``Qualifiers`` and
# answers whether it did; ``alone`` is whether the parenthesis is all there is.
QualifierRule = Callable[[str, bool, Qualifiers], bool]


def definition_in_parentheses(content: str, alone: bool, q: Qualifiers) -> bool:
    """"(далее – X)" names the body X."""
    m = DEFINITION_CONTENT.match(content)
    if m:
        q.short = m.group("short")
    return bool(m)


def abbreviation_in_parentheses(content: str, alone: bool, q: Qualifiers) -> bool:
    """An abbreviation in parentheses after a name is its short form ("… центр (ЦНППМ)")."""
    if is_abbreviation_only(content) and not alone:
        q.short = content
        return True
    return False


def role_in_parentheses(content: str, alone: bool, q: Qualifiers) -> bool:
    """One role qualifier ("(по согласованию)", "(утверждение)") is the body's role."""
    if is_role(content) and q.role is None:
        q.role = content
        return True
    return False


QUALIFIER_RULES: list[QualifierRule] = [definition_in_parentheses, abbreviation_in_parentheses, role_in_parentheses]


# ----------------------------------------------------------------------------- 5. naming

@dataclass
class Match:
    name: str
    how: str  # "same", "case", "quotes", "variant", "full", "seen"


# A naming rule answers the known name a written name stands for, or None.
NamingRule = Callable[["BodyResolver", str, str], Optional[Match]]


def defined_by_document(r: "BodyResolver", text: str, key: str) -> Match | None:
    """The document's own short form, whatever the case and quotes."""
    short = r.defined.get(key)
    if short is None:
        return None
    if text == short:
        return Match(short, "same")
    return Match(short, "case" if text.casefold() == short.casefold() else "quotes")


def in_dictionary(r: "BodyResolver", text: str, key: str) -> Match | None:
    """An abbreviation of ``abbreviations.tsv`` (not a bare legal form)."""
    if key in r.dictionary and key not in r.lexicon.org_forms:
        return Match(r.dictionary[key], "same")
    return None


def seen_before(r: "BodyResolver", text: str, key: str) -> Match | None:
    """A body met earlier in the document keeps the name it first had; a variant met before
    is still a variant and is flagged every time."""
    name = r.seen.get(key)
    if name is None:
        return None
    return Match(name, "variant" if name in r.definitions and name_key(name) != key else "seen")


def variant_of_defined(r: "BodyResolver", text: str, key: str) -> Match | None:
    """A defined abbreviation written with one letter changed ("ГБОУ ДПО ТОИУУ" for
    "ГБУ ДПО ТОИУУ") or by its last word alone."""
    for short in r.defined_abbreviations:
        if r.is_variant(text, short):
            return Match(short, "variant")
    return None


def written_out_definition(r: "BodyResolver", text: str, key: str) -> Match | None:
    """The full form of a definition, written out, takes its short form."""
    short = r.full_forms.get(key)
    return Match(short, "full") if short is not None else None


def near_written_out_definition(r: "BodyResolver", text: str, key: str) -> Match | None:
    """A long name within a few letters of a definition's full form takes its short form."""
    s = r.settings
    if len(key) < s.full_name_min_length:
        return None
    for full_key, short in r.full_forms.items():
        if fuzz.ratio(key, full_key) >= s.full_name_min_ratio:
            return Match(short, "full")
    return None


# The exact rules name a piece only by what is written; the near ones also by resemblance.
EXACT_NAMING_RULES: list[NamingRule] = [defined_by_document, in_dictionary, seen_before]
NAMING_RULES: list[NamingRule] = [
    *EXACT_NAMING_RULES, variant_of_defined, written_out_definition, near_written_out_definition,
]


def is_variant(settings, written: str, defined: str, defined_abbreviations: list[str]) -> bool:
    """``written`` is ``defined`` with one token a letter off, or its distinctive last token alone."""
    a, b = name_key(written).split(), name_key(defined).split()
    if len(b) >= 2 and len(a) == 1:
        return a[0] == b[-1] and len(a[0]) >= settings.suffix_variant_min_length and sum(
            name_key(s).split()[-1:] == a for s in defined_abbreviations
        ) == 1
    if len(a) != len(b) or not all(is_abbreviation(w) for w in written.split() if w.strip(QUOTE_CHARS)):
        return False
    diffs = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diffs) != 1:
        return False
    x, y = diffs[0]
    min_length = settings.variant_min_token_length if len(b) >= 2 else settings.variant_min_single_length
    return min(len(x), len(y)) >= min_length and Levenshtein.distance(x, y) <= settings.variant_max_edits


def as_written(r: "BodyResolver", text: str, key: str) -> Match | None:
    """No rule knows the piece: it is named as written (and so named in the rest of the document)."""
    return Match(text, "written")


# Every rule by the name a trace step gives, for a view that prints why a cell was cut so.
RULES_BY_NAME: dict[str, Callable] = {
    rule.__name__: rule
    for rule in (*TOKEN_READING_RULES, *SEPARATOR_RULES, *SPLIT_RULES, *RUN_RULES, *QUALIFIER_RULES,
                 *NAMING_RULES, as_written)
}


def reason(rule_name: str) -> str:
    """The first line of a rule's docstring: why it cuts, keeps, reads or names as it does."""
    rule = RULES_BY_NAME.get(rule_name)
    return (rule.__doc__ or "").strip().splitlines()[0] if rule is not None else ""
