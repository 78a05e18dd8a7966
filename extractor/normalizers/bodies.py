"""Responsible cells to the bodies and people they name.

:class:`BodyResolver` takes the document's own "(далее – X)" definitions once, then one
responsible cell at a time in reading order. For each cell it gives a :class:`Body` per body
or person (``raw``: the piece of the cell; ``name``: canonical short form; ``full_name``;
``role``) and the :class:`BodyFinding` items behind the flags ``abbreviation_variant``,
``abbreviation_undefined`` and ``ocr_suspect``.

A cell is cut in three steps over tokens, so that nothing inside «quotes» or (parentheses)
is ever cut:

1. separators: ";", ",", ". ", "/", "а также", and "и" where a body starts after it. A comma
   before a participle ("Школы, показавшие …") or inside "образования, науки и …" is part
   of the name;
2. body starts inside a piece: after a definition, role or abbreviation in parentheses; at a
   capitalised head word ("… образованием Образовательные организации …"); at a person
   ("Снаткова Н.Н."); at an abbreviation after a named body ("… результатами ТОИПКРО");
   at a group word or a nominative adjective after an abbreviation ("МОУО кураторы");
3. a run of abbreviations ("МО ТО ГБУ ТО ЦОКО ГБОУ ДПО ТОИУУ МОУО") is cut into the longest
   known names (the document's, the dictionary's, those seen before), near variants of the
   document's own, and unknown stretches that break before a legal-form prefix (ГБУ,
   МБОУ …) or a dictionary body.

Naming: the document's abbreviation when the piece is it, a variant of it, its written-out
form or an inline definition; else the dictionary's abbreviation; else the form in which the
body first appeared in the document (compared without case and quotes); else the piece as
written. Latin look-alikes from OCR ("PMK", "IIIMO") are read as Cyrillic; a short Latin token
that reads as no known body ("T", "DNAIC") is OCR noise and is dropped.

Findings (one list per cell, in the order met):
- ``abbreviation_variant``: ``{"written": "ГБОУ ДПО ТОИУУ", "defined": "ГБУ ДПО ТОИУУ"}``
  for a body written otherwise than the document defines it (case alone does not count);
- ``ocr_suspect``: ``{"written": "PMK", "read_as": "РМК"}`` for a Latin look-alike read as
  Cyrillic, ``{"written": "T", "dropped": True}`` for noise left out;
- ``abbreviation_undefined``: at most one per cell, ``{"written": "ДОО ТО, ИРО",
  "abbreviations": ["ДОО ТО", "ИРО"]}``, for the abbreviations that neither the document nor
  ``data/abbreviations.tsv`` defines.

The word lists that steer the cutting are ``data/body_words.tsv``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .lexicon import DEFINITION_CONTENT, QUOTE_CHARS, is_known_word
from .repair import CYRILLIC, LATIN, read_case_lookalikes, read_latin_as_cyrillic
from .text import collapse_ws

VARIANT = "abbreviation_variant"
UNDEFINED = "abbreviation_undefined"
OCR_SUSPECT = "ocr_suspect"


@dataclass
class Body:
    raw: str
    name: str
    full_name: str | None
    role: str | None


@dataclass
class BodyFinding:
    code: str  # "abbreviation_variant", "abbreviation_undefined" or "ocr_suspect"
    detail: dict


@dataclass(frozen=True)
class BodySettings:
    """Thresholds of the name matching; every one is a guess tuned on the gold set."""

    # A variant of a defined abbreviation differs in one token by at most this many letters
    # (ГБОУ / ГБУ) ...
    variant_max_edits: int = 1
    # ... and that token has at least this many letters (МО / УО are different bodies).
    variant_min_token_length: int = 3
    # A one-token name matches a variant only from this length on (ТОИПКРО / ТОИПКР0).
    variant_min_single_length: int = 5
    # Last token of a defined abbreviation written alone ("ТОИУУ" for "ГБУ ДПО ТОИУУ").
    suffix_variant_min_length: int = 4
    # A written-out name matches a definition's full form at this rapidfuzz ratio ...
    full_name_min_ratio: float = 92.0
    # ... when it has at least this many characters.
    full_name_min_length: int = 12
    # A Latin-only token up to this length that reads as no known body is OCR noise.
    noise_max_length: int = 6


# ----------------------------------------------------------------------------- word lists

@dataclass(frozen=True)
class Lexicon:
    dictionary: dict[str, str]  # abbreviations.tsv: short -> full, as written there
    heads: frozenset[str]  # the kinds of data/body_words.tsv, lower case
    groups: frozenset[str]
    org_nouns: frozenset[str]
    positions: frozenset[str]
    org_forms: frozenset[str]
    prepositions: frozenset[str]
    owners: frozenset[str]
    separators: tuple[tuple[str, ...], ...]  # longest first


def _data_rows(name: str) -> Iterator[list[str]]:
    text = resources.files("extractor").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [part.strip() for part in line.split("\t")]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The dictionary of common abbreviations and the body word lists shipped in ``data/``."""
    dictionary = {row[0]: row[1] for row in _data_rows("abbreviations.tsv")}
    kinds: dict[str, set[str]] = {}
    for kind, word in _data_rows("body_words.tsv"):
        kinds.setdefault(kind, set()).add(word.casefold())
    return Lexicon(
        dictionary=dictionary,
        heads=frozenset(kinds.get("head", ())),
        groups=frozenset(kinds.get("group", ())),
        org_nouns=frozenset(kinds.get("org_noun", ())),
        positions=frozenset(kinds.get("position", ())),
        org_forms=frozenset(kinds.get("org_form", ())),
        prepositions=frozenset(kinds.get("preposition", ())),
        owners=frozenset(kinds.get("owner", ())),
        separators=tuple(sorted((tuple(s.split()) for s in kinds.get("separator", ())), key=len, reverse=True)),
    )


# ----------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
      (?P<paren>\([^()]*\)?)
    | (?P<quote>«[^«»]*»?|"[^"]*"?|„[^„“”]*[“”]?|“[^“”]*”?)
    | (?P<initials>(?:[А-ЯЁ]\.\s?){1,2}(?![А-Яа-яЁё]))
    | (?P<word>[^\W_]+(?:[-‐][^\W_]+)*)
    | (?P<punct>\S)
    """,
    re.X,
)
_WHITESPACE = re.compile(r"\s+")
# A comma before a participle ("Школы, показавшие …", "органов, осуществляющих …") or a
# relative pronoun is inside a name.
_PARTICIPLE = re.compile(r"(?:ющ|ящ|ащ|ущ|вш)(?:ие|ий|ая|ее|ое|их|им|ими|ей|его|ему)$")
# Nominative adjective endings: a lower-case word with one, after an abbreviation, opens a
# new body ("МОУО муниципальные координаторы").
_NOMINATIVE_ADJECTIVE = re.compile(r"(?:ые|ие|ая|яя|ое|ее|ый|ий)$")
# A parenthesised qualifier is a role when it starts with one of these or is a verbal noun
# ("(утверждение)", "(по согласованию)"); anything else in parentheses stays in the name.
ROLE_WORDS = (
    "по согласованию", "по запросу", "по графику", "согласован", "утвержден", "координац",
    "контрол", "ответствен", "организатор", "исполнител", "соисполнител",
)
_VERBAL_NOUN_ROLE = re.compile(r"^(?:по\s+)?[а-яё]+(?:ние|ния|нию|ция|ции|цию)(?:\s+[а-яё]+){0,2}$")
_BULLETS = frozenset("-–—•·*:")
_TRAILING_RAW_PUNCT = ",;:"


@dataclass
class _Token:
    text: str  # as written
    start: int
    end: int
    kind: str  # "paren", "quote", "initials", "word", "punct"
    read: str = ""  # as read: Latin look-alikes turned Cyrillic
    ocr: bool = False

    def __post_init__(self) -> None:
        if not self.read:
            self.read = self.text

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def is_abbreviation(self) -> bool:
        return self.kind == "word" and is_abbreviation(self.read)

    @property
    def is_abbreviation_quote(self) -> bool:
        inner = self.read.strip(QUOTE_CHARS).split()
        return self.kind == "quote" and bool(inner) and all(is_abbreviation(w) for w in inner)

    @property
    def lower(self) -> str:
        return self.read.casefold().replace("ё", "е")

    @property
    def stem(self) -> str:
        """The word before its first hyphen, lower case ("педагоги-психологи" -> "педагоги")."""
        return self.lower.split("-", 1)[0]


def is_abbreviation(word: str) -> bool:
    """Two or more letters, mostly capitals: "ОУ", "ГБУ", "ВсОШ", "ГИА-2023", "IIIMO"."""
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and upper >= 2 and 2 * upper >= len(letters) and letters[0].isupper()


def _key(text: str) -> str:
    """What two spellings of one name share: no case, quotes, ё or edge punctuation."""
    text = "".join(ch for ch in text if ch not in QUOTE_CHARS)
    text = _WHITESPACE.sub(" ", text).strip(" .,;:")
    return text.casefold().replace("ё", "е")


def _abbreviation_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", text) if is_abbreviation(w)]


# ----------------------------------------------------------------------------- resolver

@dataclass
class _Match:
    name: str
    how: str  # "same", "case", "quotes", "variant", "full", "seen"


@dataclass
class BodyResolver:
    """Bodies of the responsible cells of one document, named consistently across it.

    ``definitions`` are the document's own "(далее – X)" definitions, short -> full, in
    document order. Call :meth:`resolve` once per activity, in reading order: a body is named
    the way it first appeared.
    """

    definitions: dict[str, str]
    settings: BodySettings = field(default_factory=BodySettings)
    lexicon: Lexicon = field(default_factory=load_lexicon)

    def __post_init__(self) -> None:
        self.definitions = {k.strip(): v.strip() for k, v in self.definitions.items() if k.strip()}
        self._defined = {_key(short): short for short in self.definitions}
        self._defined_abbreviations = [s for s in self.definitions if _abbreviation_words(s)]
        self._full_forms: dict[str, str] = {}  # key of a written-out form -> short
        for short, full in self.definitions.items():
            self._full_forms.setdefault(_key(full), short)
        self._dictionary = {_key(short): short for short in self.lexicon.dictionary}
        self._seen: dict[str, str] = {}  # key -> the name as it first appeared
        # "руководител", "куратор", "заместител": what the case forms of people words share
        self._people_roots = tuple(
            root for word in (*self.lexicon.groups, *self.lexicon.positions)
            if len(root := word.rstrip("аяыиьйе")) >= 5
        )
        self._known_words = {
            _key(w)
            for name in [*self.definitions, *self.lexicon.dictionary]
            for w in _abbreviation_words(name)
        }

    # -- public

    def resolve(self, cell: str) -> tuple[list[Body], list[BodyFinding]]:
        """The bodies of one responsible cell and what a person should check about them."""
        text = collapse_ws(cell or "")
        findings: list[BodyFinding] = []
        tokens = self._read_tokens(text, findings)
        bodies: list[Body] = []
        undefined: list[str] = []
        for piece in self._pieces(tokens):
            for segment in self._segments(piece):
                for span in self._split_run(segment):
                    body = self._body(text, span, findings)
                    if body is None:
                        continue
                    for abbreviation in self._undefined(body.name):
                        if abbreviation not in undefined:
                            undefined.append(abbreviation)
                    if all(b.name != body.name for b in bodies):
                        bodies.append(body)
        if undefined:
            findings.append(BodyFinding(UNDEFINED, {"written": ", ".join(undefined), "abbreviations": undefined}))
        return bodies, findings

    # -- step 0: tokens, OCR reading

    def _read_tokens(self, text: str, findings: list[BodyFinding]) -> list[_Token]:
        tokens = []
        for m in _TOKEN.finditer(text):
            token = _Token(m.group(0), m.start(), m.end(), m.lastgroup or "punct")
            if token.is_word and LATIN.search(token.text):
                read = read_latin_as_cyrillic(token.text)
                if not CYRILLIC.search(token.text):  # Latin only: a known body, or noise
                    if read is not None and self._is_known_word(read):
                        token.read, token.ocr = read, True
                    elif len(token.text) <= self.settings.noise_max_length and (
                        token.text.isupper() or len(token.text) == 1
                    ):
                        findings.append(BodyFinding(OCR_SUSPECT, {"written": token.text, "dropped": True}))
                        continue
                elif read is not None:  # mixed scripts: "MOУO", "pуководители"
                    token.read, token.ocr = read, True
            elif token.is_word and (read := read_case_lookalikes(token.text)) is not None:
                # "оО": an abbreviation known in capitals, read partly in lower case; spelt
                # exactly: "ЦОиККО" and "ППк" have lower-case letters of their own, "Он" is a word
                if not is_known_word(token.text) and self._spelt_known(read) and not self._spelt_known(token.text):
                    token.read, token.ocr = read, True
            tokens.append(token)
        return tokens

    def _spelt_known(self, abbreviation: str) -> bool:
        """An abbreviation the order defines or the dictionary holds, spelt exactly so."""
        return abbreviation in self.definitions or abbreviation in self.lexicon.dictionary

    def _is_known_word(self, word: str) -> bool:
        key = _key(word)
        return key in self._known_words or any(
            key in _key(name).split() for name in self._seen.values()
        )

    # -- step 1: separators

    def _pieces(self, tokens: list[_Token]) -> list[list[_Token]]:
        pieces: list[list[_Token]] = [[]]
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if t.kind == "punct" and t.text == ";":
                pieces.append([])
            elif t.kind == "punct" and t.text == "," and self._comma_separates(pieces[-1], tokens, i):
                pieces.append([])
            elif t.kind == "punct" and t.text == "." and self._period_separates(tokens, i):
                pieces.append([])
            elif t.kind == "punct" and t.text == "/" and self._slash_separates(tokens, i):
                pieces.append([])
            elif t.kind == "punct" and t.text in "-–—" and self._starts_body(tokens, i + 1):
                pieces.append([])  # "- МОУО - ОО": list bullets; not "Иванов И.И. – начальник …"
            elif self._is_list_number(tokens, i):
                pieces.append([])  # "1. МОУО 2. ОО"
                i += 1
            elif t.is_word and (separator := self._separator_at(tokens, i)):
                pieces.append([])
                i += len(separator) - 1
            elif t.is_word and t.lower == "и" and self._meaningful(pieces[-1]) and self._starts_body(tokens, i + 1):
                pieces.append([])
            else:
                pieces[-1].append(t)
            i += 1
        return [p for p in (self._trim(p) for p in pieces) if self._meaningful(p)]

    @staticmethod
    def _is_list_number(tokens: list[_Token], i: int) -> bool:
        t = tokens[i]
        return (
            t.text.isdigit() and len(t.text) <= 2
            and i + 2 < len(tokens) and tokens[i + 1].text in ".)" and tokens[i + 2].kind in ("word", "quote")
            and (i == 0 or tokens[i - 1].text != "№")
        )

    def _separator_at(self, tokens: list[_Token], i: int) -> tuple[str, ...] | None:
        for separator in self.lexicon.separators:
            words = tokens[i:i + len(separator)]
            if len(words) == len(separator) and all(t.is_word and t.lower == w for t, w in zip(words, separator)):
                return separator
        return None

    def _comma_separates(self, left: list[_Token], tokens: list[_Token], i: int) -> bool:
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None:
            return False
        if nxt.is_word and nxt.read[:1].islower():
            after = tokens[i + 2] if i + 2 < len(tokens) else None
            relative = nxt.lower.startswith("котор") or (
                nxt.lower in self.lexicon.prepositions and after is not None and after.lower.startswith("котор")
            )
            if _PARTICIPLE.search(nxt.lower) or relative:
                return False  # "ОО, имеющие …", "ОО, в которых …"
            if after is not None and after.lower == "и" and not self._opens_body(nxt):
                return False  # "Министерство образования, науки и молодёжной политики"
            if nxt.stem in self.lexicon.positions and self._is_person(left):
                return False  # "Иванова И.И., методист"
        return True

    @staticmethod
    def _period_separates(tokens: list[_Token], i: int) -> bool:
        if i == 0 or i + 1 >= len(tokens):
            return False
        prev, nxt = tokens[i - 1], tokens[i + 1]
        if nxt.kind == "punct" or not prev.is_word or prev.is_abbreviation or not prev.text.isalpha():
            return nxt.kind != "punct"
        # a shortened word: "г. Твери", "им. Пушкина", "Зам. директора"
        shortened = len(prev.text) == 1 or (prev.text.islower() and len(prev.text) <= 3) or (
            len(prev.text) <= 4 and nxt.is_word and nxt.text[:1].islower()
        )
        return not shortened

    @staticmethod
    def _slash_separates(tokens: list[_Token], i: int) -> bool:
        if i == 0 or i + 1 >= len(tokens):
            return False
        prev, nxt = tokens[i - 1], tokens[i + 1]
        return prev.kind != "punct" and nxt.kind != "punct" and not (prev.text.isdigit() and nxt.text.isdigit())

    def _starts_body(self, tokens: list[_Token], j: int) -> bool:
        """Whether a body begins at ``tokens[j]`` (what may follow "и" between two bodies)."""
        if j >= len(tokens):
            return False
        t = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        return t.is_abbreviation or self._opens_body(t) or self._is_person_start(t, nxt)

    def _opens_body(self, t: _Token) -> bool:
        return t.is_word and (
            t.stem in self.lexicon.heads
            or t.stem in self.lexicon.groups
            or t.stem in self.lexicon.org_nouns
            or (t.read[:1].islower() and bool(_NOMINATIVE_ADJECTIVE.search(t.stem)))
        )

    @staticmethod
    def _meaningful(piece: list[_Token]) -> bool:
        return any(t.kind in ("word", "quote", "initials") for t in piece)

    @staticmethod
    def _trim(piece: list[_Token]) -> list[_Token]:
        """Bullets and conjunctions at the start; commas, semicolons, colons and dashes at the end."""
        while piece and (
            (piece[0].kind == "punct" and piece[0].text in _BULLETS)
            or (piece[0].is_word and piece[0].lower in ("и", "а", "также"))
        ):
            piece = piece[1:]
        while piece and piece[-1].kind == "punct" and piece[-1].text in _TRAILING_RAW_PUNCT + "-–—":
            piece = piece[:-1]
        return piece

    # -- step 2: body starts inside a piece

    def _segments(self, piece: list[_Token]) -> list[list[_Token]]:
        segments: list[list[_Token]] = []
        current: list[_Token] = []
        for j, t in enumerate(piece):
            nxt = piece[j + 1] if j + 1 < len(piece) else None
            if current and self._new_body_at(current, t, nxt):
                segments.append(current)
                current = []
            current.append(t)
        if current:
            segments.append(current)
        return segments

    def _new_body_at(self, current: list[_Token], t: _Token, nxt: _Token | None) -> bool:
        prev = current[-1]
        if prev.kind == "paren" and self._paren_closes_body(prev):
            return True
        last_word = next((x for x in reversed(current) if x.is_word), None)
        after_owner = last_word is not None and last_word.lower in self.lexicon.owners
        if t.kind == "initials":
            return (nxt is not None and nxt.is_word and nxt.read[:1].isupper()
                    and not self._led_by_position(current) and not after_owner)  # "им. А.С. Пушкина"
        if not t.is_word:
            return False
        if self._is_person_start(t, nxt):
            return not self._led_by_position(current) and not after_owner
        words = [x for x in current if x.is_word]
        named = [w for w in words if not w.is_abbreviation and not w.text.isdigit()]
        after_abbreviation = prev.is_abbreviation or prev.is_abbreviation_quote
        if t.is_abbreviation:
            if not named:
                return False  # a run of abbreviations: cut in step 3
            if after_abbreviation:  # "руководители ОО МОУО", "кураторы ШНОР ТОИПКРО"
                return t.lower in self.lexicon.org_forms or self._starts_known_name(t)
            if prev.is_word and (
                prev.lower in self.lexicon.prepositions
                or prev.lower in self.lexicon.owners
                or self._names_people(prev)
            ):
                return False  # "директоров по УВР", "руководители ОО", "руководителей ОО", "методист РМК"
            if nxt is not None and nxt.kind == "quote" and t.lower not in self.lexicon.org_forms:
                return False  # a territory: "… района МР «Молчановский район»"
            if t.lower in self.lexicon.org_forms:
                return True  # a legal form opens a new name: "Министерство ГБУ РЦОИ", "Комитет МБУ «КМЦ»"
            return len(named) > 1  # a one-word name takes its abbreviation: "Администрация ОО"
        if t.read[:1].isupper():
            if prev.is_word and prev.lower in self.lexicon.prepositions:
                return False
            if t.stem in self.lexicon.heads or t.stem in self.lexicon.groups:
                return not self._legal_form_only(current)  # "МКУ Управление образования"
            # a capitalised adjective before a plural noun names a new group of people or
            # bodies: "Руководители ОО Классные руководители", "… Социальные педагоги"
            return bool(_NOMINATIVE_ADJECTIVE.search(t.stem)) and nxt is not None and nxt.is_word \
                and nxt.read[:1].islower() and (nxt.stem in self.lexicon.groups
                                                or nxt.stem in self.lexicon.org_nouns
                                                or nxt.read.endswith(("ы", "и")))
        if self._opens_body(t):
            if after_abbreviation:
                return True  # "МОУО кураторы", "ГАУ ДПО «СОИРО» органы управления"
            return prev.is_word and prev.stem in self.lexicon.groups and t.stem in self.lexicon.groups
        return False

    def _names_people(self, t: _Token) -> bool:
        """A group or position word in any case form: "руководители", "руководителей", "методист"."""
        return t.stem in self.lexicon.groups or t.stem in self.lexicon.positions or any(
            t.stem.startswith(root) for root in self._people_roots
        )

    def _paren_closes_body(self, paren: _Token) -> bool:
        content = paren.text.strip("()").strip()
        return bool(DEFINITION_CONTENT.match(content)) or self._is_role(content) or _is_abbreviation_only(content)

    def _legal_form_only(self, current: list[_Token]) -> bool:
        """A body opened by a legal form and no name yet ("ГБУ ТО", "МКУ")."""
        words = [t for t in current if t.is_word]
        return (
            bool(words)
            and words[0].lower in self.lexicon.org_forms
            and all(w.is_abbreviation and (w.lower in self.lexicon.org_forms or len(w.read) <= 2) for w in words)
            and not any(t.kind == "quote" for t in current)
        )

    def _led_by_position(self, current: list[_Token]) -> bool:
        words = [t for t in current if t.is_word]
        return bool(words) and words[0].stem in self.lexicon.positions

    @staticmethod
    def _is_person_start(t: _Token, nxt: _Token | None) -> bool:
        if nxt is None:
            return False
        if t.kind == "initials":
            return nxt.is_word and nxt.read[:1].isupper() and not nxt.is_abbreviation
        return t.is_word and t.read[:1].isupper() and not t.is_abbreviation and nxt.kind == "initials"

    def _is_person(self, piece: list[_Token]) -> bool:
        return any(
            self._is_person_start(a, b) for a, b in zip(piece, piece[1:])
        )

    def _starts_known_name(self, t: _Token) -> bool:
        key = _key(t.read)
        names = [*self._defined, *self._dictionary_bodies(), *self._seen]
        return any(name.split(" ", 1)[0] == key for name in names)

    def _dictionary_bodies(self) -> Iterable[str]:
        return (k for k in self._dictionary if k not in self.lexicon.org_forms)

    # -- step 3: runs of abbreviations

    def _split_run(self, segment: list[_Token]) -> list[list[_Token]]:
        tail = len(segment)
        while tail > 0 and segment[tail - 1].kind in ("paren", "punct"):
            tail -= 1
        segment, trailing = segment[:tail], segment[tail:]
        if len([t for t in segment if t.is_word]) < 2 or not all(
            t.is_abbreviation or t.kind == "quote" or t.read.isdigit() or t.text == "№" for t in segment
        ):
            return [segment + trailing]
        spans: list[list[_Token]] = []
        buffer: list[_Token] = []
        i = 0
        while i < len(segment):
            t = segment[i]
            # a legal form runs on into the name after it, known or not ("ГБУ ТО" + "ЦОКО")
            opens = t.is_word and not (buffer and self._legal_form_only(buffer))
            end = self._known_name_end(segment, i) if opens else None
            if end is not None:
                if buffer:
                    spans.append(buffer)
                    buffer = []
                # a region's two letters run on: "ОО ТО", "ДОО ТО"
                while end < len(segment) and self._is_region_suffix(segment, end):
                    end += 1
                spans.append(segment[i:end])
                i = end
                continue
            if buffer and t.is_word and self._opens_unknown_body(buffer, t):
                spans.append(buffer)
                buffer = []
            buffer.append(t)
            i += 1
        if buffer:
            spans.append(buffer)
        spans[-1] = spans[-1] + trailing
        return spans

    def _is_region_suffix(self, segment: list[_Token], i: int) -> bool:
        t = segment[i]
        return (
            t.is_abbreviation and len(t.read) <= 2 and t.lower not in self.lexicon.org_forms
            and self._known_name_end(segment, i) is None
        )

    def _known_name_end(self, segment: list[_Token], i: int) -> int | None:
        """End of the longest known name, or near variant of a defined one, from ``segment[i]``."""
        ends = range(len(segment), i, -1)
        for exact in (True, False):
            for j in ends:
                if segment[j - 1].kind == "punct":
                    continue
                match = self._match(self._read_text(segment[i:j]), exact_only=exact)
                if match is not None and match.how != "full":
                    return j
        return None

    def _opens_unknown_body(self, buffer: list[_Token], t: _Token) -> bool:
        last = next((x for x in reversed(buffer) if x.is_word), None)
        if last is None or last.lower in self.lexicon.org_forms:
            return False  # "ГБУ ДПО …", "МКУ УО"
        return t.lower in self.lexicon.org_forms or _key(t.read) in set(self._dictionary_bodies())

    # -- naming

    @staticmethod
    def _read_text(tokens: list[_Token]) -> str:
        return " ".join(t.read for t in tokens)

    def _match(self, text: str, exact_only: bool = False) -> _Match | None:
        """The canonical name ``text`` stands for, if it is a name already known."""
        key = _key(text)
        if not key:
            return None
        if key in self._defined:
            short = self._defined[key]
            if text == short:
                return _Match(short, "same")
            return _Match(short, "case" if text.casefold() == short.casefold() else "quotes")
        if key in self._dictionary and key not in self.lexicon.org_forms:
            return _Match(self._dictionary[key], "same")
        if key in self._seen:
            name = self._seen[key]
            # a variant met before is still a variant: flag it every time
            return _Match(name, "variant" if name in self.definitions and _key(name) != key else "seen")
        if exact_only:
            return None
        for short in self._defined_abbreviations:
            if self._is_variant(text, short):
                return _Match(short, "variant")
        if key in self._full_forms:
            return _Match(self._full_forms[key], "full")
        if len(key) >= self.settings.full_name_min_length:
            for full_key, short in self._full_forms.items():
                if fuzz.ratio(key, full_key) >= self.settings.full_name_min_ratio:
                    return _Match(short, "full")
        return None

    def _is_variant(self, written: str, defined: str) -> bool:
        a, b = _key(written).split(), _key(defined).split()
        if len(b) >= 2 and len(a) == 1:  # the distinctive last token alone: "ТОИУУ"
            return a[0] == b[-1] and len(a[0]) >= self.settings.suffix_variant_min_length and sum(
                _key(s).split()[-1:] == a for s in self._defined_abbreviations
            ) == 1
        if len(a) != len(b) or not all(is_abbreviation(w) for w in written.split() if w.strip(QUOTE_CHARS)):
            return False
        diffs = [(x, y) for x, y in zip(a, b) if x != y]
        if len(diffs) != 1:
            return False
        x, y = diffs[0]
        min_length = self.settings.variant_min_token_length if len(b) >= 2 else self.settings.variant_min_single_length
        return min(len(x), len(y)) >= min_length and Levenshtein.distance(x, y) <= self.settings.variant_max_edits

    def _body(self, text: str, span: list[_Token], findings: list[BodyFinding]) -> Body | None:
        span = self._trim(span)
        if not self._meaningful(span):
            return None
        raw = text[span[0].start:span[-1].end]
        core = list(span)
        while core and core[-1].kind == "punct":
            core.pop()
        role = None
        short = None
        while core and core[-1].kind == "paren":
            content = core[-1].text.strip("()").strip()
            definition = DEFINITION_CONTENT.match(content)
            if definition:
                short = definition.group("short")
            elif _is_abbreviation_only(content) and len(core) > 1:
                short = content
            elif self._is_role(content) and role is None:
                role = content
            else:
                break
            core.pop()
            while core and core[-1].kind == "punct":
                core.pop()
        if not self._meaningful(core) and short is None:
            return None
        written = _WHITESPACE.sub(" ", self._spell(text, core)).strip()
        if short is not None:
            match = self._match(short, exact_only=True)
            name = match.name if match is not None else short
            full = self.definitions.get(name) or written or None
            if written:
                self._full_forms.setdefault(_key(written), name)
        else:
            match = self._match(written)
            if match is None:
                name = written
            else:
                name = match.name
                if match.how in ("quotes", "variant"):
                    findings.append(BodyFinding(VARIANT, {"written": written, "defined": name}))
            full = self.definitions.get(name) or self.lexicon.dictionary.get(name)
        self._seen.setdefault(_key(name), name)
        if written:
            self._seen.setdefault(_key(written), name)
        for t in core:
            if t.ocr:
                findings.append(BodyFinding(OCR_SUSPECT, {"written": t.text, "read_as": t.read}))
        return Body(raw=raw.rstrip(_TRAILING_RAW_PUNCT).strip(), name=name, full_name=full, role=role)

    @staticmethod
    def _spell(text: str, tokens: list[_Token]) -> str:
        """The text of ``tokens`` as in the cell, with OCR-read tokens as read."""
        if not tokens:
            return ""
        out, pos = [], tokens[0].start
        for t in tokens:
            out.append(text[pos:t.start])
            out.append(t.read)
            pos = t.end
        return "".join(out)

    @staticmethod
    def _is_role(content: str) -> bool:
        folded = content.casefold()
        return folded.startswith(ROLE_WORDS) or bool(_VERBAL_NOUN_ROLE.match(folded))

    def _undefined(self, name: str) -> list[str]:
        """Runs of abbreviations in ``name`` that neither the document nor the dictionary defines."""
        if _key(name) in self._defined or _key(name) in self._dictionary:
            return []
        out = []
        run: list[str] = []
        for word in [*re.findall(r"[^\W_]+", name.replace("-", " ")), ""]:
            if word and is_abbreviation(word):
                run.append(word)
                continue
            if run and not self._run_defined(run):
                out.append(" ".join(run))
            run = []
        return out

    def _run_defined(self, run: list[str]) -> bool:
        if _key(" ".join(run)) in self._defined or _key(" ".join(run)) in self._dictionary:
            return True
        return all(_key(w) in self._dictionary or _key(w) in self._defined for w in run)


def _is_abbreviation_only(content: str) -> bool:
    words = content.replace("«", " ").replace("»", " ").split()
    return bool(words) and all(is_abbreviation(w) or w.isdigit() or w == "№" for w in words)
