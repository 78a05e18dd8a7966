"""The rules that cut a responsible cell into bodies and name them, as ordered lists.

Each rule is a small function whose name says what it sees and whose docstring says why;
``bodies.BodyResolver`` applies the lists in the order of its steps and reports the rule
behind every cut and name to a trace. The lists, in the order they run:

- :data:`TOKEN_READING_RULES`: a token with Latin letters read as Cyrillic or dropped;
- :data:`LINE_BREAK_RULES`: whether a line break of the cell ends a body or only wraps its
  name; the first rule that answers decides;
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
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Callable, Optional

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .body_tokens import Token, is_abbreviation, is_abbreviation_only, name_key, tokens_of
from .lexicon import DEFINITION_CONTENT, QUOTE_CHARS, morph
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
    "контрол", "ответствен", "организатор", "исполнител", "соисполнител", "координатор",
    "куратор", "модератор", "председател", "секретар",
)
VERBAL_NOUN_ROLE = re.compile(r"^(?:по\s+)?[а-яё]+(?:ние|ния|нию|ция|ции|цию)(?:\s+[а-яё]+){0,2}$")
LIST_BULLETS = frozenset("-–—•·*:")
DASHES = "-–—"
# Adjective endings in any case: a lower-case word with one at the end of a line waits for
# its noun on the next ("муниципальное бюджетное" / "общеобразовательное учреждение").
ADJECTIVE = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ых|их|ым|им|ыми|ими|ую|юю|ей)$")
CONJUNCTIONS = frozenset({"и", "а", "или", "либо"})
# Parts of speech of a verb (finite, infinitive, short participle, gerund) in pymorphy3's tags.
VERB_TAGS = ("VERB", "INFN", "PRTS", "GRND")
# After these a person is the one a body is named after ("школа имени героя … А.П. Маресьева").
NAMED_AFTER_WORDS = frozenset({"им", "имени"})
# The first word of a legal form's written-out name ("муниципальное казённое учреждение"):
# a dictionary abbreviation with such a full name is a legal form too.
LEGAL_FORM_OPENERS = ("государствен", "муниципаль", "федераль", "областн", "краев", "частн",
                      "негосударствен", "автономн")
LEGAL_FORM_NOUNS = ("учреждение", "предприятие", "организация")


# ----------------------------------------------------------------------------- shared predicates

def is_role(content: str) -> bool:
    folded = content.casefold()
    return folded.startswith(ROLE_WORDS) or bool(VERBAL_NOUN_ROLE.match(folded)) or _by_what(folded)


def _by_what(folded: str) -> bool:
    """"по" and one noun in the dative: on what terms the body acts ("по заявкам", "по приглашению")."""
    words = folded.split()
    if len(words) != 2 or words[0] != "по":
        return False
    readings = parses(words[1])
    return bool(readings) and readings[0].tag.POS == "NOUN" and readings[0].tag.case in ("datv", "loct")


def paren_closes_body(paren: Token) -> bool:
    """A definition, role or abbreviation in parentheses ends the body it follows."""
    content = " ".join(paren.text.strip("()").split())
    return bool(DEFINITION_CONTENT.match(content)) or is_role(content) or is_abbreviation_only(content) \
        or bool(PEOPLE_ONLY.match(content))


def is_person_start(t: Token, nxt: Token | None) -> bool:
    """A surname with initials, in either order: "Иванова И.И.", "И.И. Иванова"."""
    if nxt is None:
        return False
    if t.kind == "initials":
        return nxt.is_word and nxt.is_capitalised and not nxt.is_abbreviation
    return t.is_word and t.is_capitalised and not t.is_abbreviation and nxt.kind == "initials"


@lru_cache(maxsize=65536)
def parses(word: str) -> tuple:
    """The dictionary's readings of a lower-case word, best first (a cell reads words many times)."""
    return tuple(morph().parse(word))


def reads_adjective(word: str) -> bool:
    """The word's first reading is a full adjective or participle ("муниципальные", "социальный")."""
    return any(pos in p.tag for p in parses(word)[:1] for pos in ("ADJF", "PRTF"))


def up_to_mark(tokens: list[Token], marks: str) -> list[Token]:
    """The tokens before the first of the punctuation ``marks``."""
    out = []
    for t in tokens:
        if t.kind == "punct" and t.text in marks:
            break
        out.append(t)
    return out


def _has_grammeme(t: Token | None, grammeme: str) -> bool:
    return t is not None and t.is_word and t.is_capitalised and not t.is_abbreviation and any(
        grammeme in p.tag for p in parses(t.lower))


def person_length(tokens: list[Token], k: int) -> int:
    """How many tokens the person starting at ``tokens[k]`` takes: 2 for a surname with
    initials ("Иванова И.И.", "И.И. Иванова"), 3 for a full name in the dictionary's first
    names and patronymics ("Сидорова Мария Ивановна", "Мария Ивановна Сидорова"); else 0."""
    t = tokens[k]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if is_person_start(t, nxt):
        return 2
    after = tokens[k + 2] if k + 2 < len(tokens) else None
    if not (t.is_word and t.is_capitalised and not t.is_abbreviation and after is not None):
        return 0
    if _has_grammeme(nxt, "Name") and _has_grammeme(after, "Patr"):
        return 3  # surname, first name, patronymic
    if _has_grammeme(t, "Name") and _has_grammeme(nxt, "Patr") and _has_grammeme(after, "Surn"):
        return 3  # first name, patronymic, surname
    return 0


def is_person(piece: list[Token]) -> bool:
    return any(person_length(piece, k) for k in range(len(piece)))


def person_in(r: "BodyResolver", tokens: list[Token]) -> list[Token] | None:
    """The tokens of the first person in ``tokens``, in the order written; not a person a
    body is named after ("МБОУ СОШ им. А.С. Пушкина")."""
    for k in range(len(tokens)):
        if tokens[k].is_word and tokens[k].lower in NAMED_AFTER_WORDS:
            return None
        length = person_length(tokens, k)
        if length:
            return tokens[k:k + length]
    return None


def is_legal_form(r: "BodyResolver", word: str) -> bool:
    """A legal-form abbreviation: listed in ``body_words.tsv`` or written out in the dictionary
    as "муниципальное … учреждение" and the like ("МКУ", "МУ", "ГБОУ")."""
    key = word.casefold().replace("ё", "е")
    if key in r.lexicon.org_forms:
        return True
    full = r.dictionary_full.get(key, "").casefold().replace("ё", "е").split()
    return bool(full) and full[0].startswith(LEGAL_FORM_OPENERS) and any(
        w.startswith(LEGAL_FORM_NOUNS) for w in full)


def institution_form(r: "BodyResolver", word: str) -> bool:
    """A legal form of an institution ("мбоу", "гау": "… учреждение"), not a kind of school or
    of education that the list holds too ("сош", "дпо", "до")."""
    return word in r.lexicon.org_forms and word.endswith("у")


def nominative_noun(word: str) -> tuple[str, str] | None:
    """(number, gender) of ``word`` read first as a noun in the nominative, else None."""
    readings = parses(word.casefold())
    first = readings[0] if readings else None
    if first is None or "NOUN" not in first.tag or first.tag.case not in ("nomn", "accs"):
        return None
    nominative = next((p for p in readings if "NOUN" in p.tag and p.tag.case == "nomn"), None)
    return (nominative.tag.number, nominative.tag.gender) if nominative else None


def starts_nominative_phrase(words: list[Token]) -> bool:
    """The words open a name in the nominative: a noun in the nominative ("Центр оценки …"),
    or adjectives agreeing in the nominative with the noun after them ("Методический
    кабинет"); "Тверской области" (genitive) does not."""
    if not words:
        return False
    head = nominative_noun(words[0].read)
    if head is not None:
        return True
    adjective = [p.tag for p in parses(words[0].lower) if "ADJF" in p.tag and p.tag.case == "nomn"]
    if not adjective:
        return False
    for w in words[1:]:
        noun = nominative_noun(w.read)
        if noun is not None:
            number, gender = noun
            return any(t.number == number and (number == "plur" or t.gender == gender) for t in adjective)
        if not any("ADJF" in p.tag for p in parses(w.lower)):
            return False
    return False


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
    return t.is_abbreviation or opens_body(r, t) or bool(person_length(tokens, j))


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
        and all(w.is_abbreviation and (w.lower in forms or len(w.read) <= r.settings.region_max_length) for w in words)
        and not any(t.kind == "quote" for t in current)
    )


# nouns that name an organisation, a part of one or a group: a full form with one names a body
BODY_NOUNS = frozenset({
    "организация", "орган", "учреждение", "управление", "министерство", "центр", "институт", "комитет",
    "отдел", "школа", "совет", "служба", "объединение", "департамент", "кафедра", "администрация",
    "ассоциация", "комиссия", "группа", "консилиум", "лицей", "гимназия", "сад", "колледж", "техникум",
    "университет", "академия", "фонд", "инспекция", "дом", "станция", "клуб", "библиотека", "музей",
    "агентство", "оператор", "кабинет", "лаборатория", "сообщество", "команда", "округ", "район",
    "поселение", "территория", "надзор", "правительство", "губернатор", "штаб", "филиал", "лагерь",
    "предприятие", "заведение", "персонал", "состав", "движение", "самоуправление",
})


def body_noun(r: "BodyResolver", word: str) -> bool:
    """A word for an organisation or for people, in any case form."""
    readings = parses(word)
    lemma = readings[0].normal_form if readings else word
    return lemma in BODY_NOUNS or lemma in r.lexicon.positions or word in r.lexicon.groups \
        or word.startswith(r.people_roots)


def led_by_position(r: "BodyResolver", current: list[Token]) -> bool:
    """A post opens the piece, after its adjectives ("социальный педагог", "классный руководитель")."""
    words = [t for t in current if t.is_word]
    k = 0
    while k < min(len(words) - 1, 2) and words[k].stem not in r.lexicon.positions and ADJECTIVE.search(words[k].lower) \
            and any("ADJF" in p.tag for p in parses(words[k].lower)[:1]):
        k += 1
    return bool(words) and words[k].stem in r.lexicon.positions


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


# ----------------------------------------------------------------------------- 1a. line breaks

# A line-break rule answers True (the line break ends a body), False (it only wraps a name:
# read on as after a space, where the other rules may still cut) or None (no opinion).
LineBreakRule = Callable[["Gap"], Optional[bool]]


def group_on_next_line(g: "Gap") -> bool | None:
    """A line that opens with a group of people in the nominative ("руководители ОО") starts a
    new body after a line that does not wait for it (a preposition, "и", an adjective)."""
    t, last = g.t, g.at(-1)
    if not (t.is_word and t.is_lower_case and t.stem in g.r.lexicon.groups and _best_case(t.lower) == "nomn"):
        return None
    if last is None or not last.is_word:
        return None
    words = g.r.lexicon
    if last.lower in words.prepositions or last.lower in CONJUNCTIONS or last.lower in words.owners:
        return None
    if reads_adjective(last.lower):
        return None  # "муниципальные" / "координаторы"
    return True


def line_ends_open(g: "Gap") -> bool | None:
    """A line that ends in a word waiting for more is continued by the next: a hyphen, "№",
    a preposition, "и", an owner word, a legal form, a people word, an adjective before
    its noun ("муниципальное бюджетное" / "общеобразовательное учреждение") or a verb."""
    last = g.at(-1)
    if last is None:
        return None
    if last.kind == "punct":
        return False if last.text in DASHES + "‐№" else None
    if not last.is_word:
        return None
    words = g.r.lexicon
    if (last.lower in words.prepositions or last.lower in CONJUNCTIONS or last.lower in words.owners
            or (last.is_abbreviation and is_legal_form(g.r, last.read)) or names_people(g.r, last)):
        return False
    readings = parses(last.lower)
    adjective = (bool(readings) and any(pos in readings[0].tag for pos in ("ADJF", "PRTF"))) or (
        not readings and last.is_lower_case and bool(ADJECTIVE.search(last.lower)))  # "организаций" is a noun
    if adjective and last.stem not in words.groups:
        return False  # "… Тверской" / "областной институт"
    if readings and any(pos in readings[0].tag for pos in VERB_TAGS):
        return False  # a verb waits for its object: "… показали" / "низкие результаты"
    return None


def abbreviation_run_wraps(g: "Gap") -> bool | None:
    """In a run of abbreviations a line break is a wrap like a space; the run rules cut the
    run by the names they know ("МО ТО ГБУ ТО" / "ЦОКО МОУО")."""
    run = [t for t in g.piece if t.kind != "punct"]
    if run and all(t.is_abbreviation or t.is_abbreviation_quote or t.read.isdigit() for t in run) \
            and (g.t.is_abbreviation or g.t.is_abbreviation_quote):
        return False
    return None


def lower_case_body_on_next_line(g: "Gap") -> bool | None:
    """A line that starts in lower case with a head noun in the nominative or with adjectives
    agreeing with their noun in the nominative starts a new body ("отдел образования" /
    "методический кабинет"); one in an oblique case continues ("управление" / "образования")."""
    t = g.t
    if not (t.is_word and t.is_lower_case):
        return None
    line = _line_from(g)
    if t.stem in g.r.lexicon.heads and nominative_noun(t.read) is not None:
        return True
    if any("ADJF" in p.tag for p in parses(t.lower)[:1]) and starts_nominative_phrase(line):
        return True
    return None


def next_line_lower_case(g: "Gap") -> bool | None:
    """A line that starts in lower case continues the name ("Управление" / "образования");
    the split rules still cut before a body word, as after a space."""
    return False if g.t.is_word and g.t.is_lower_case else None


def person_after_post(g: "Gap") -> bool | None:
    """A person on the line after a post with no person yet is the post's holder: one body
    ("Заместитель директора по УВР" / "Смирнова О.В."), named by the person."""
    if person_length(g.tokens, g.i) and led_by_position(g.r, g.piece) and not is_person(g.piece):
        return False
    return None


def post_after_person(g: "Gap") -> bool | None:
    """A line led by a post, after a person, is that person's post ("Смирнова О.Н.," /
    "ведущий специалист отдела"), unless a person of its own follows the post."""
    if not (g.t.is_word and g.t.is_lower_case and is_person([t for t in g.piece if t.kind != "punct"])):
        return None
    rest = up_to_mark(g.tokens[g.i:], ",;")
    if not led_by_position(g.r, rest) or person_in(g.r, rest):
        return None
    return False


def dash_before_another_post(g: "Gap") -> bool | None:
    """A line that opens with a dash and a post, after a person's post, names the person's
    second post ("Морозов Д.В., заместитель министра" / "– директор департамента"), no list item."""
    nxt = g.at(1)
    if not (g.t.kind == "punct" and g.t.text in DASHES and nxt is not None and nxt.is_word
            and nxt.stem in g.r.lexicon.positions):
        return None
    return False if is_person(g.piece) or led_by_position(g.r, g.piece) else None


def next_line_starts_body(g: "Gap") -> bool | None:
    """A line that starts with an abbreviation, a person, a list mark, a head word or a name in
    the nominative starts a new body ("Отдел образования" / "Методический кабинет")."""
    t = g.t
    if t.is_abbreviation or t.is_abbreviation_quote or person_length(g.tokens, g.i):
        return True
    if t.kind == "punct" and t.text in LIST_BULLETS or t.read.isdigit():
        return True
    if t.is_word and t.is_capitalised:
        if t.stem in g.r.lexicon.heads or t.stem in g.r.lexicon.groups or t.stem in g.r.lexicon.org_nouns:
            return True
        return starts_nominative_phrase(_line_from(g)) or None
    return None


def _line_from(g: "Gap") -> list[Token]:
    """The words of the line that starts at ``g.t``, up to its first mark."""
    line = []
    for x in g.tokens[g.i:]:
        if x is not g.t and (x.line_start or not x.is_word):
            break
        line.append(x)
    return line


def next_line_continues(g: "Gap") -> bool | None:
    """Any other line continues the name: a word in an oblique case ("… образования" /
    "Тверской области"), a quotation, a parenthesis."""
    return False


LINE_BREAK_RULES: list[LineBreakRule] = [
    group_on_next_line, line_ends_open, abbreviation_run_wraps, post_after_person, lower_case_body_on_next_line,
    next_line_lower_case, person_after_post, dash_before_another_post, next_line_starts_body, next_line_continues,
]


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


def _comma_then_lower_word(g: Gap) -> Token | None:
    nxt = g.at(1)
    return nxt if g.punct(",") and nxt is not None and nxt.is_word and nxt.is_lower_case else None


def comma_before_clause(g: Gap) -> int | None:
    """A comma before a participle or a "который" clause opens a clause of the name
    ("ОО, имеющие низкие результаты", "ОО, в которых …")."""
    nxt = _comma_then_lower_word(g)
    if nxt is None:
        return None
    after = g.at(2)
    relative = nxt.lower.startswith("котор") or (
        nxt.lower in g.r.lexicon.prepositions and after is not None and after.lower.startswith("котор")
    )
    return 0 if PARTICIPLE.search(nxt.lower) or relative or _adjective_with_object(g, nxt) else None


def _adjective_with_object(g: Gap, adjective: Token) -> bool:
    """An adjective after the comma that governs the word after it ("ОО, подведомственные
    министерству", "организации, ответственные за …"): a clause of the name, not a new body
    ("ОО, муниципальные органы управления" goes on in the nominative)."""
    after = g.at(2)
    if adjective.stem in g.r.lexicon.groups:
        return False  # "ответственные за …" names people of its own
    readings = parses(adjective.lower)
    if not readings or not any(pos in readings[0].tag for pos in ("ADJF", "PRTF")) or after is None \
            or readings[0].tag.case != "nomn":
        return False
    if after.is_word and after.lower in g.r.lexicon.prepositions:
        return True
    # an object in an oblique case that cannot be the adjective's own noun in the nominative
    return after.is_word and after.is_lower_case and _best_case(after.lower) in ("datv", "ablt", "gent") \
        and not any(p.tag.case == "nomn" for p in parses(after.lower))


def comma_in_a_list_of_fields(g: Gap) -> int | None:
    """A comma before "Y и Z" lists the fields of one name ("Департамент образования, науки и
    молодежной политики"), unless Y opens a body of its own."""
    nxt, after = _comma_then_lower_word(g), g.at(2)
    if nxt is not None and after is not None and after.lower == "и" and not opens_body(g.r, nxt):
        return 0
    return None


def comma_before_a_post(g: Gap) -> int | None:
    """A comma between a person and their post joins them ("Петрова А.А., заместитель
    начальника управления"), unless the post leads to a person of its own ("…, заместитель
    директора Иванов И.И.")."""
    nxt = _comma_then_lower_word(g)
    if nxt is None or not is_person(g.piece):
        return None
    rest = up_to_mark(g.tokens[g.i + 1:], ",;./")
    if not led_by_position(g.r, rest):  # "ведущий специалист", "заместитель начальника"
        return None
    return 1 if is_person(rest) else 0


def comma_between_modifiers(g: Gap) -> int | None:
    """A comma between two numbers or two adjectives of one case lists what the noun after
    them qualifies ("учителя 5-х, 6-х классов", "учителя русского, родного языка")."""
    prev, nxt = g.at(-1), g.at(1)
    if not g.punct(",") or prev is None or nxt is None or not (prev.is_word and nxt.is_word):
        return None
    if prev.text[:1].isdigit() and nxt.text[:1].isdigit() and "-" in prev.text + nxt.text:
        return 0
    groups = g.r.lexicon.groups
    if prev.is_lower_case and nxt.is_lower_case and prev.stem not in groups and nxt.stem not in groups:
        ending = ADJECTIVE.search(prev.lower)
        if ending and nxt.lower.endswith(ending.group(0)) and ADJECTIVE.search(nxt.lower):
            return 0
        # adjectives of one case and number with other endings ("старших, подготовительных групп")
        if _adjective_forms(prev.lower) & _adjective_forms(nxt.lower) and _noun_after_adjectives(g):
            return 0
    return None


def _adjective_forms(word: str) -> set[tuple[str, str]]:
    """(case, number) of the word's readings as a full adjective."""
    return {(p.tag.case, p.tag.number) for p in parses(word) if "ADJF" in p.tag and p.tag.case != "nomn"}


def _noun_after_adjectives(g: Gap) -> bool:
    """A noun follows the adjective after the comma (not "…, подготовительные" alone)."""
    after = g.at(2)
    return after is not None and after.is_word and after.is_lower_case and any(
        "NOUN" in p.tag for p in parses(after.lower)[:1])


def comma_between_kinds_of_one_whose(g: Gap) -> int | None:
    """After a people word and an abbreviation, a comma before an abbreviation of the same kind
    of organisation lists whose people they are ("руководители ОО, ДОО": the heads of both);
    one of another kind is a body of its own ("руководители ОО, МОУО")."""
    prev, before, nxt, after = g.at(-1), g.at(-2), g.at(1), g.at(2)
    if not g.punct(",") or prev is None or before is None or nxt is None:
        return None
    if not (prev.is_abbreviation and nxt.is_abbreviation and before.is_word and names_people(g.r, before)):
        return None
    if after is not None and not (after.kind == "punct" and after.text in ",;."):
        return None
    return 0 if g.r.same_kind(prev.read, nxt.read) else None


def comma_between_subjects(g: Gap) -> int | None:
    """After a word for people and the subject it takes in the genitive, a comma before another
    lower-case genitive noun that names no body lists their subjects ("учителя обществознания,
    математики"; not "учителя истории, методисты")."""
    prev, nxt = g.at(-1), _comma_then_lower_word(g)
    first = next((t for t in g.piece if t.is_word), None)
    if nxt is None or prev is None or first is None or not prev.is_word or not prev.is_lower_case \
            or not names_people(g.r, first) or prev is first:
        return None
    if opens_body(g.r, nxt) or names_people(g.r, nxt) or body_noun(g.r, nxt.lower):
        return None
    genitive = [p for p in parses(nxt.lower) if "NOUN" in p.tag and p.tag.case == "gent"]
    before = [p for p in parses(prev.lower)[:1] if "NOUN" in p.tag and p.tag.case == "gent"]
    return 0 if genitive and before else None


def comma(g: Gap) -> int | None:
    """Any other comma ends a body."""
    if not g.punct(","):
        return None
    return 1 if g.at(1) is not None else 0


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
    semicolon, comma_before_clause, comma_in_a_list_of_fields, comma_before_a_post, comma_between_modifiers,
    comma_between_kinds_of_one_whose, comma_between_subjects, comma, full_stop, slash, list_dash, list_number, separator_phrase, conjunction,
]


# ----------------------------------------------------------------------------- 2. body starts

@dataclass
class Join:
    """The point between the tokens ``current`` read so far and the token ``t`` (``nxt`` after it)."""

    r: "BodyResolver"
    current: list[Token]
    t: Token
    nxt: Token | None
    rest: list[Token]  # ``t`` and the tokens after it in the piece

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
        """A person starts a new body unless a post ("начальник отдела") or an owner word leads
        to them, or the body is named after them ("имени героя … А.П. Маресьева"); after a
        person, another person always does."""
        if is_person(self.current):
            return True  # a second person ("… Лысенко В.Г. Островская Г.А.")
        return not led_by_position(self.r, self.current) and not self.after_owner and not any(
            t.is_word and t.lower in NAMED_AFTER_WORDS for t in self.current)


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
    if is_person_start(j.prev, j.t):
        return False  # the initials of the surname before them: "Петрова С.А. Заместитель …"
    return j.nxt is not None and j.nxt.is_word and j.nxt.is_capitalised and j.person_may_start


def person_surname_first(j: Join) -> bool | None:
    """A surname with initials or a full name starts a person ("Управление образования
    Иванова И.И.", "… Сидорова Мария Ивановна")."""
    return j.person_may_start if person_length(j.rest, 0) else None


def post_of_the_next_person(j: Join) -> bool | None:
    """A lower-case post in the nominative after a body's name, with a person after it, opens
    that person's body: an export joined the lines ("отдел общего образования" / "директор
    КОИРО Белов А.С."); not inside a post ("заместитель начальника отдела")."""
    t, words = j.t, j.r.lexicon
    if not (t.is_word and t.is_lower_case and t.stem in words.positions and _best_case(t.lower) == "nomn"):
        return None
    if not j.named or is_person(j.current) or led_by_position(j.r, j.current):
        return None
    prev = j.prev
    if not prev.is_word or prev.lower in words.prepositions or prev.lower in CONJUNCTIONS or reads_adjective(prev.lower):
        return None  # "социальный педагог Иванова О.В."
    return True if is_person(up_to_mark(j.rest[1:], ",;")) else None


def post_before_another_person(j: Join) -> bool | None:
    """After a person, a post followed by another person starts that person's body
    ("директор школы Иванов И.И. педагог-наставник Смирнова Е.А."); a post with no person
    after it is the post of the person before ("Иванова И.И. методист РМК")."""
    if not (j.t.is_word and j.t.stem in j.r.lexicon.positions and is_person(j.current)):
        return None
    return True if is_person(j.rest[1:]) else None


def named_abbreviation_after_known_one(j: Join) -> bool | None:
    """After a known abbreviation alone (the document's or the dictionary's body), an
    abbreviation followed by words of its own, or an institution's legal form, opens a new
    body: an export joined the lines ("ЦСТВ" / "ЦЗН Кунгурского городского округа", "ИМЦ" /
    "ГАУ ДПО …"); a region code after it does not ("ДОО ТО")."""
    named = j.nxt is not None and j.nxt.is_word and not j.nxt.is_abbreviation
    ownership = institution_form(j.r, j.t.lower)  # "ИМЦ ГАУ ДПО …"
    if not (j.t.is_abbreviation and (named or ownership)):
        return None
    if not j.current or not all(t.is_abbreviation for t in j.current if t.kind != "punct"):
        return None
    written = " ".join(t.read for t in j.current if t.kind != "punct")
    if legal_form_only(j.r, j.current) or j.r.match(written, exact_only=True) is None:
        return None
    if len(j.t.read) <= j.r.settings.region_max_length:
        return None
    return True


def abbreviation_in_a_run(j: Join) -> bool | None:
    """Abbreviations after abbreviations only are cut by the run rules, not here."""
    return False if j.t.is_abbreviation and not j.named else None


def abbreviation_after_abbreviation(j: Join) -> bool | None:
    """After a named body's abbreviation, a legal form or a known name starts a new body
    ("руководители ОО МОУО"); another abbreviation qualifies the first ("кураторы ШНОР ТО"),
    and a name completes a legal form ("директор МОУ СОШ № 1")."""
    if not (j.t.is_abbreviation and j.after_abbreviation):
        return None
    if institution_form(j.r, j.prev.lower) and not j.t.lower.endswith("у"):
        return False  # an institution's legal form takes its kind or name ("директор МОУ СОШ № 1")
    return j.t.lower in j.r.lexicon.org_forms or j.r.starts_known_name(j.t)


def abbreviation_of_whose(j: Join) -> bool | None:
    """An abbreviation after a preposition, an owner word or a people word says whose the body
    is ("заместители директоров по УВР", "руководители ОО", "методист РМК")."""
    if not j.t.is_abbreviation or not j.prev.is_word:
        return None
    words = j.r.lexicon
    if j.prev.lower in words.prepositions or j.prev.lower in words.owners or names_people(j.r, j.prev):
        return False
    if j.prev.is_lower_case and _object_of_preposition(j) and j.r.names_no_body(j.t):
        return False  # "ответственные за организацию ГИА"
    return None


def _object_of_preposition(j: Join) -> bool:
    """The word before the abbreviation is a noun governed by a preposition right before it."""
    before = j.current[-2] if len(j.current) >= 2 else None
    readings = parses(j.prev.lower)
    return before is not None and before.is_word and before.lower in j.r.lexicon.prepositions \
        and bool(readings) and readings[0].tag.POS == "NOUN" and readings[0].tag.case != "nomn"


def territory_abbreviation(j: Join) -> bool | None:
    """An abbreviation before a quotation names a territory ("… района МР «Северный район»"),
    unless it is a legal form."""
    if j.t.is_abbreviation and j.nxt is not None and j.nxt.kind == "quote" and j.t.lower not in j.r.lexicon.org_forms:
        return False
    return None


def legal_form_after_named_body(j: Join) -> bool | None:
    """A legal-form abbreviation after a named body starts a new body ("Отдел образования МБУ «Методический центр»")."""
    return True if j.t.is_abbreviation and j.t.lower in j.r.lexicon.org_forms else None


def abbreviation_after_known_name(j: Join) -> bool | None:
    """A known body's abbreviation after a name the document defines or the dictionary knows
    is a new body: an export joined the lines of the cell ("министерство РИРО")."""
    if not (j.t.is_abbreviation and j.r.starts_known_name(j.t)) or j.after_abbreviation:
        return None
    written = " ".join(t.read for t in j.current if t.kind != "punct")
    return True if written and j.r.match(written, exact_only=True) is not None else None


def lower_case_head_after_name(j: Join) -> bool | None:
    """A lower-case word for bodies in the nominative, or an adjective before a group of people,
    after a complete name starts a new body ("руководители общеобразовательных организаций
    органы местного самоуправления", "ППк Лицея классные руководители"), not after a
    preposition, "и" or an adjective ("муниципальные органы")."""
    t, words, nxt = j.t, j.r.lexicon, j.nxt
    if not (t.is_word and t.is_lower_case):
        return None
    head = t.stem in words.heads or t.stem in words.org_nouns
    # or an adjective before a group of people, both in the nominative ("… Лицея классные руководители")
    adjective_of_group = nxt is not None and nxt.is_word and nxt.stem in words.groups and any(
        "ADJF" in p.tag for p in parses(t.lower)[:1]) and _best_case(nxt.lower) == "nomn"
    if not (head or adjective_of_group):
        return None
    if _best_case(t.lower) != "nomn" or not j.prev.is_word or not j.named:
        return None
    prev = j.prev
    if prev.lower in words.prepositions or prev.lower in CONJUNCTIONS or prev.lower in words.owners:
        return None
    if any(pos in p.tag for p in parses(prev.lower)[:1] for pos in ("ADJF", "PRTF", *VERB_TAGS)):
        return None  # "муниципальные органы", "в которых работают молодые педагоги"
    if any(x.is_word and x.lower.startswith("котор") for x in j.current):
        return None
    return True


def body_after_complete_name(j: Join) -> bool | None:
    """A lower-case word for people or bodies in the nominative right after a name's closing
    quote starts a new body: an export joined the lines of the cell ("МКУ «Методический центр»
    руководители ОО", "… «Центр» директор МОУ СОШ № 1 Волков Д.И.", "… «Центр» органы местного
    самоуправления"); after a person's initials, one for bodies or groups does ("… Гребенникова
    И.А. органы местного самоуправления")."""
    t, words = j.t, j.r.lexicon
    if not (t.is_word and t.is_lower_case and j.prev.kind in ("quote", "initials")):
        return None
    kinds = (words.groups, words.heads, words.org_nouns)
    if j.prev.kind == "quote":
        kinds += (words.positions,)  # after a person a post is that person's ("Иванова И.И. методист")
    if any(t.stem in kind for kind in kinds) and (_best_case(t.lower) == "nomn" or (
            j.prev.kind == "initials" and t.stem in words.groups and _reads_nominative(t.lower))):
        return True
    nxt = j.nxt  # an adjective before a group ("… Гришина Е.М. молодые специалисты")
    if nxt is not None and nxt.is_word and nxt.stem in words.groups and _reads_nominative(nxt.lower) \
            and any("ADJF" in p.tag and p.tag.case == "nomn" for p in parses(t.lower)[:1]):
        return True
    return None


def _reads_nominative(word: str) -> bool:
    return any(p.tag.case == "nomn" for p in parses(word))


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


def _best_case(word: str) -> str | None:
    readings = parses(word)
    return readings[0].tag.case if readings else None


def capital_people_word(j: Join) -> bool | None:
    """A capitalised word for people in the nominative starts a new body after a name
    ("Методист Председатели ПЦК", "Директор Заместители директора"); one in another case
    belongs to the name before it ("Заместитель Министра")."""
    if not (j.t.is_word and j.t.is_capitalised and not j.t.is_abbreviation and names_people(j.r, j.t)):
        return None
    if _best_case(j.t.lower) != "nomn" or legal_form_only(j.r, j.current):
        return None
    return True


def capital_adjective_before_plural(j: Join) -> bool | None:
    """A capitalised adjective before a lower-case plural noun or a people word in the
    nominative names a new body ("Руководители ОО Молодые педагоги", "Педагог-психолог
    Социальный педагог"); any other capitalised word stays in the name."""
    if not j.t.is_capitalised:
        return None
    nxt, words = j.nxt, j.r.lexicon
    return bool(NOMINATIVE_ADJECTIVE.search(j.t.stem)) and nxt is not None and nxt.is_word \
        and nxt.is_lower_case and (nxt.stem in words.groups or nxt.stem in words.org_nouns
                                   or nxt.read.endswith(("ы", "и"))
                                   or (names_people(j.r, nxt) and _best_case(nxt.lower) == "nomn"))


def lower_case_body_after_abbreviation(j: Join) -> bool | None:
    """A lower-case word that opens a body after an abbreviation starts one ("МОУО кураторы",
    "ГАУ ДПО «ИРО» органы управления образованием")."""
    return True if opens_body(j.r, j.t) and j.after_abbreviation else None


def people_after_organisation(j: Join) -> bool | None:
    """A lower-case word for a group of people after an organisation's name starts a new body
    ("Отдел образования директора ОО"), unless a people word, a preposition or "и" leads to it
    ("заместители директора")."""
    t, words = j.t, j.r.lexicon
    if not (t.is_word and t.is_lower_case and t.stem in words.groups):
        return None
    first = next((x for x in j.current if x.is_word), None)
    if first is None or first.stem not in words.heads:
        return None
    prev = j.prev
    if prev.is_word and (prev.lower in words.prepositions or prev.lower in CONJUNCTIONS or names_people(j.r, prev)
                         or ADJECTIVE.search(prev.lower)):
        return None  # "заместители директора", "муниципальные координаторы"
    return True


def group_after_people_phrase(j: Join) -> bool | None:
    """After a group of people and what qualifies it, or a person and their post, a word for
    people that can only be in the nominative, or the group's own word again, starts a new body
    ("учителя 9-х, 11-х классов руководители ШМО", "учителя 5-х, 6-х классов учителя 7-9
    классов", "Островская Г.А., директор лицея руководители проектов"); not after a
    preposition, "и" or an adjective."""
    t, words = j.t, j.r.lexicon
    first = next((x for x in j.current if x.is_word), None)
    if not (t.is_word and t.is_lower_case and t.stem in words.groups) or first is None or first is j.prev \
            or not (names_people(j.r, first) or is_person(j.current)):
        return None
    prev = j.prev
    if not prev.is_word or prev.lower in words.prepositions or prev.lower in CONJUNCTIONS or reads_adjective(prev.lower):
        return None
    cases = {p.tag.case for p in parses(t.lower)}
    return True if t.lower == first.lower or (cases and cases <= {"nomn", "accs"}) else None


def group_after_group(j: Join) -> bool | None:
    """Two words for groups of people in a row are two bodies ("кураторы руководители")."""
    if opens_body(j.r, j.t):
        return j.prev.is_word and j.prev.stem in j.r.lexicon.groups and j.t.stem in j.r.lexicon.groups \
            and _best_case(j.t.lower) == "nomn"  # not "заместители директора"
    return None


SPLIT_RULES: list[SplitRule] = [
    after_closing_parenthesis,
    person_initials_first,
    person_surname_first,
    post_before_another_person,
    post_of_the_next_person,
    named_abbreviation_after_known_one,
    abbreviation_in_a_run,
    abbreviation_after_abbreviation,
    abbreviation_of_whose,
    territory_abbreviation,
    legal_form_after_named_body,
    abbreviation_after_known_name,
    abbreviation_after_long_name,
    capital_after_preposition,
    capital_head_word,
    capital_people_word,
    capital_adjective_before_plural,
    lower_case_body_after_abbreviation,
    lower_case_head_after_name,
    body_after_complete_name,
    people_after_organisation,
    group_after_people_phrase,
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


# A run rule answers None (no opinion: the next rule is asked), RUN_ON (no cut: the token
# joins the stretch before it, and no later rule is asked), 0 (a new body starts here and runs
# on) or n > 0 (the next n tokens are one whole body).
RunRule = Callable[[RunPoint], Optional[int]]
RUN_ON = -1


def name_after_legal_form_and_region(p: RunPoint) -> int | None:
    """A legal form with a region or territory code is no body yet: the abbreviation after it
    completes it, even one the dictionary knows as a body of its own ("ГАУ ДПО ЯО" + "ИРО",
    "ГБУ ТО" + "ЦОКО"); another legal form starts a new body ("ГБУ ТО МБОУ СОШ № 1")."""
    if p.buffer and p.t.is_word and not is_legal_form(p.r, p.t.read) and legal_form_only(p.r, p.buffer):
        return RUN_ON
    return None


def known_name(p: RunPoint) -> int | None:
    """The longest known name from here (the document's, the dictionary's, one seen before, a
    near variant of the document's) is one body, with a two-letter region after it ("ДОО ТО")."""
    if not p.t.is_word:
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
    if legal_form_only(p.r, p.buffer) and p.t.lower in p.r.lexicon.org_forms and not institution_form(p.r, p.t.lower):
        return None  # a kind of education after a legal form and its region ("ГАОУ ТО ДПО …")
    if p.t.lower in p.r.lexicon.org_forms or name_key(p.t.read) in p.r.dictionary_bodies:
        return 0
    return None


RUN_RULES: list[RunRule] = [name_after_legal_form_and_region, known_name, unknown_body_start]


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


# a person, surname first or initials first ("Петрова А.А.", "А.А. Петрова")
PERSON = r"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s*[А-ЯЁ]\.\s*[А-ЯЁ]\.?|[А-ЯЁ]\.\s*[А-ЯЁ]\.\s*[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"
PEOPLE_ONLY = re.compile(rf"^{PERSON}(?:\s*[,;]\s*{PERSON})*$")


def people_in_parentheses(content: str, alone: bool, q: Qualifiers) -> bool:
    """People in parentheses after a body are whom to ask there ("Управление образования
    (Иванова И.И.)"): the body's role, as a qualifier."""
    if not alone and PEOPLE_ONLY.match(content) and q.role is None:
        q.role = content
        return True
    return False


QUALIFIER_RULES: list[QualifierRule] = [definition_in_parentheses, abbreviation_in_parentheses, role_in_parentheses,
                                        people_in_parentheses]


# ----------------------------------------------------------------------------- 5. naming

@dataclass
class Match:
    name: str
    how: str  # "person", "same", "case", "quotes", "variant", "full", "seen", "written"


# A naming rule answers the known name a written name stands for, or None.
NamingRule = Callable[["BodyResolver", str, str], Optional[Match]]


def person_named(r: "BodyResolver", text: str, key: str) -> Match | None:
    """A body that names a person is named by the person ("Петрова А.А." of "Петрова А.А.,
    заместитель начальника управления", of "директор школы Иванов И.И."); the post stays in
    ``raw``."""
    person = person_in(r, list(tokens_of(text)))
    return Match(text[person[0].start:person[-1].end].strip(), "person") if person else None


def defined_by_document(r: "BodyResolver", text: str, key: str) -> Match | None:
    """The document's own short form, whatever the case and quotes."""
    short = r.defined.get(key)
    if short is None:
        return None
    if text == short:
        return Match(short, "same")
    return Match(short, "case" if text.casefold() == short.casefold() else "quotes")


def in_dictionary(r: "BodyResolver", text: str, key: str) -> Match | None:
    """An abbreviation of ``abbreviations.tsv``; a bare legal form ("МКУ") names no body."""
    if key in r.dictionary and not is_legal_form(r, key):
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
    """A defined abbreviation written with its legal form exchanged or by its last word alone
    ("ГБОУ ДПО ТОИУУ" for "ГБУ ДПО ТОИУУ", "МУ «ИМЦ»" for "МКУ «ИМЦ»", "ТОИУУ"); asked before
    the dictionary, because an order that defines its own "ГБУ ТО ЦОКО" means it by "ЦОКО" or
    "ГБОУ ТО ЦОКО", though the dictionary knows ЦОКО as a kind of body."""
    for short in r.defined_abbreviations:
        if is_shortened(r, text, short) or legal_form_changed(r, text, short):
            return Match(short, "variant")
    return None


def misspelt_definition(r: "BodyResolver", text: str, key: str) -> Match | None:
    """A defined abbreviation with one token a letter off ("ГБУ ДПО ТОИУ" for "ГБУ ДПО ТОИУУ");
    asked after the dictionary, so a kind of body one letter off a defined one stays itself
    ("ЦПМПК" in an order that defines "ТПМПК")."""
    for short in r.defined_abbreviations:
        if one_letter_off(r, text, short):
            return Match(short, "variant")
    return None


def variant_of_dictionary(r: "BodyResolver", text: str, key: str) -> Match | None:
    """A name of the dictionary with its legal form changed ("МБУ ДО ЦДТ" for "МАУ ДО ЦДТ")."""
    for short in r.dictionary_names:
        if legal_form_changed(r, text, short):
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
EXACT_NAMING_RULES: list[NamingRule] = [defined_by_document, variant_of_defined, in_dictionary, seen_before]
NAMING_RULES: list[NamingRule] = [
    person_named, *EXACT_NAMING_RULES, misspelt_definition, variant_of_dictionary, written_out_definition, near_written_out_definition,
]


QUOTED = re.compile(r"[«„“\"][^«»„“”\"]*[»”“\"]")


def _differing_tokens(written: str, known: str) -> tuple[str, str] | None:
    """The one token pair in which two names of abbreviations differ, if there is exactly one."""
    a, b = name_key(written).split(), name_key(known).split()
    outside = QUOTED.sub(" ", written)  # the words of a quoted name may be any words
    if len(a) != len(b) or not all(is_abbreviation(w) or w in CONJUNCTIONS
                                   for w in (x.strip(QUOTE_CHARS) for x in outside.split()) if w):
        return None
    diffs = [(x, y) for x, y in zip(a, b) if x != y]
    return diffs[0] if len(diffs) == 1 else None


def legal_form_changed(r: "BodyResolver", written: str, known: str) -> bool:
    """``written`` is ``known`` with its legal form exchanged for another ("МУ" / "МКУ")."""
    pair = _differing_tokens(written, known)
    return pair is not None and len(name_key(known).split()) >= 2 and all(is_legal_form(r, x) for x in pair)


def is_shortened(r: "BodyResolver", written: str, defined: str) -> bool:
    """``written`` is the last token of ``defined`` alone, of no other defined abbreviation,
    and long enough to tell ("ТОИУУ"), or a kind of body the dictionary knows ending a name of
    abbreviations only ("ИРО" of "ГАУ ДПО ЯО ИРО"); not a region ("ТО" of "МО ТО") nor the
    kind a group of people is named after ("ОО" of "руководители ОО")."""
    a, b = name_key(written).split(), name_key(defined).split()
    if not (len(b) >= 2 and len(a) == 1 and a[0] == b[-1]):
        return False
    telling = len(a[0]) >= r.settings.suffix_variant_min_length or (
        a[0] in r.dictionary_bodies and is_abbreviation_only(defined))
    return telling and sum(name_key(s).split()[-1:] == a for s in r.defined_abbreviations) == 1


def one_letter_off(r: "BodyResolver", written: str, defined: str) -> bool:
    """``written`` is ``defined`` with one token at most a few letters off ("ТОИУ" / "ТОИУУ"),
    that token long enough to tell ("МО" / "УО" are different bodies); an exchanged legal
    form is :func:`legal_form_changed`, whatever its length ("МУ" / "МКУ")."""
    settings = r.settings
    pair = _differing_tokens(written, defined)
    if pair is None:
        return False
    x, y = pair
    many_tokens = len(name_key(defined).split()) >= 2
    min_length = settings.variant_min_token_length if many_tokens else settings.variant_min_single_length
    return min(len(x), len(y)) >= min_length and Levenshtein.distance(x, y) <= settings.variant_max_edits


def as_written(r: "BodyResolver", text: str, key: str) -> Match | None:
    """No rule knows the piece: it is named as written (and so named in the rest of the document)."""
    return Match(text, "written")


# Every rule by the name a trace step gives, for a view that prints why a cell was cut so.
RULES_BY_NAME: dict[str, Callable] = {
    rule.__name__: rule
    for rule in (*TOKEN_READING_RULES, *LINE_BREAK_RULES, *SEPARATOR_RULES, *SPLIT_RULES, *RUN_RULES, *QUALIFIER_RULES,
                 *NAMING_RULES, as_written)
}


def reason(rule_name: str) -> str:
    """The first line of a rule's docstring: why it cuts, keeps, reads or names as it does."""
    rule = RULES_BY_NAME.get(rule_name)
    return (rule.__doc__ or "").strip().splitlines()[0] if rule is not None else ""
