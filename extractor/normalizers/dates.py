"""Deadline cells of roadmap tables -> normalized periods (``shared/spec/dates.md``).

Takes the text of one deadline cell ("ноябрь 2021", "до 01.12.2021", "ежегодно в декабре") and its
context (plan period, plan kind, order date); gives a :class:`ParsedDeadline`: the kind, closed
periods, recurrence, note, and the deadline flags it raised. :func:`parse_plan_period` reads a plan
period from a title with the same rules; :func:`infer_plan_period` finds one a plan does not state.

How a cell is read, top to bottom:

1. repair: OCR look-alikes are mended (О/З/б in digit runs, Latin letters in Cyrillic words, U+2212
   as a dash, П/Ш for roman II/III). That a repair was needed is what ``ocr_suspect`` reports.
2. tokens: numbers, words, dashes, punctuation; made once per whitespace-free chunk and shared.
3. grammar: named rules over tokens (PEG: ordered choice; at each token the first cell rule that
   matches wins) turn tokens into items: dates, months, ranges, by-dates, quarters, half-years,
   academic years, recurrences, whole-period phrases. Tokens no rule reads are leftovers: the note.
4. years: a range's year written once applies to both ends, a trailing year to the items before it
   that have none; what is still without a year takes it from the plan (``year_missing``).
5. periods, kind, recurrence and note; then the flags, each computed in one place
   (:func:`_deadline_flags`).

Steps 1–3 depend on the text alone and are remembered per distinct cell text (:func:`_read_text`):
cells repeat within an order and across its formats. Word lists are data:
``extractor/data/months.tsv`` and ``extractor/data/deadline_words.tsv``. dateparser is the fallback
for a lone full date the grammar cannot spell ("первое декабря 2021 года", "2021-12-01",
"1 Dec 2021"); it is imported on first need, so most runs never load it.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple, Optional, Sequence

__all__ = [
    "DeadlinePeriod", "ParsedDeadline", "PlanPeriodResult",
    "parse_deadline", "parse_plan_period", "infer_plan_period", "FLAG_ORDER",
]

# The deadline flag codes in the order a ParsedDeadline lists them.
FLAG_ORDER = (
    "range_inverted", "year_missing", "date_outside_plan_period", "deadline_before_order",
    "deadline_unparsed", "ocr_suspect",
)

_DATA = Path(__file__).resolve().parent.parent / "data"


# --------------------------------------------------------------------------- public model

@dataclass(frozen=True)
class DeadlinePeriod:
    """A closed interval; ``start`` is None for a by-date ("до 01.12.2021")."""

    start: Optional[date]
    end: Optional[date]


@dataclass
class ParsedDeadline:
    """The deadline model of output.md (without ``raw``) and the flag codes raised for it."""

    kind: str
    periods: list[DeadlinePeriod]
    recurrence: Optional[str] = None
    note: Optional[str] = None
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlanPeriodResult:
    """A plan period as a title states it: ``raw`` is the words that state it."""

    raw: str
    kind: str  # academic_year | calendar_year | years
    start: date
    end: date


# --------------------------------------------------------------------------- dictionaries

def _load_months() -> dict[str, int]:
    forms: dict[str, int] = {}
    for line in (_DATA / "months.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            number, words = line.split("\t")
            for word in words.split():
                forms[word] = int(number)
    return forms


def _load_words() -> dict[str, dict[str, str]]:
    dictionaries: dict[str, dict[str, str]] = {}
    for line in (_DATA / "deadline_words.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, value, phrase = line.split("\t")
            dictionaries.setdefault(name, {})[phrase] = value
    return dictionaries


_MONTHS = _load_months()
_WORDS = _load_words()
_FILLERS = frozenset(_WORDS["filler"])
_ROMAN = {word: int(value) for word, value in _WORDS["roman"].items()}
_OCR_ROMAN = {word: int(value) for word, value in _WORDS["ocr_roman"].items()}
_UNIT_WORDS = frozenset(_WORDS["quarter_word"]) | frozenset(_WORDS["half_word"])  # after an OCR roman
# every word of the dictionaries: an all-Latin word that mends into one of these is OCR damage
_KNOWN_WORDS = frozenset(
    [*_MONTHS, *(w for d in _WORDS.values() for phrase in d for w in phrase.replace("-", " ").split())])


# --------------------------------------------------------------------------- OCR repair

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_OCR_DASH = "\u2212"  # the minus sign is a dash only by OCR or by a careless export
_DIGIT_LOOKALIKES = {"О": "0", "о": "0", "O": "0", "o": "0", "З": "3", "з": "3", "б": "6",
                     "l": "1", "I": "1", "|": "1"}
_LATIN_TO_CYRILLIC = str.maketrans("aAbBcCeEHkKmMnoOpPrTtuxXyY", "аАьВсСеЕНкКмМпоОрРгТтихХуУ")
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u200b"  # (str.split knows the ordinary ones)
_PLAIN = {c: "-" for c in _DASHES[1:]} | {c: " " for c in _SPACES}
_ODD_CHARACTERS = re.compile("[%s]" % re.escape("".join(_PLAIN)))
_LOOKALIKE_BY_DIGIT = re.compile("[0-9][%s]|[%s][0-9]" % ((re.escape("".join(_DIGIT_LOOKALIKES)),) * 2))


def _repair_characters(raw: str) -> tuple[str, bool]:
    """Dashes to "-", odd spaces to " ", look-alike letters inside digit runs to digits.

    Length-preserving, so token spans index the raw text. Returns the text and whether an OCR
    repair (not a mere dash or space variant) was needed.
    """
    repaired = _OCR_DASH in raw
    text = raw
    for odd in set(_ODD_CHARACTERS.findall(raw)):
        text = text.replace(odd, _PLAIN[odd])
    if not _LOOKALIKE_BY_DIGIT.search(text):
        return text, repaired
    chars = list(text)
    i, n = 0, len(chars)
    while i < n:  # maximal runs of digits and look-alikes that hold a digit: "2О23", "З0"
        if not (chars[i].isdecimal() or chars[i] in _DIGIT_LOOKALIKES):
            i += 1
            continue
        j = i
        while j < n and (chars[j].isdecimal() or chars[j] in _DIGIT_LOOKALIKES):
            j += 1
        lo, hi = i, j
        if lo > 0 and chars[lo - 1].isalpha():  # look-alikes glued to a word belong to it
            while lo < hi and not chars[lo].isdecimal():
                lo += 1
        if hi < n and chars[hi].isalpha():
            while hi > lo and not chars[hi - 1].isdecimal():
                hi -= 1
        if any(chars[k].isdecimal() for k in range(lo, hi)):
            for k in range(lo, hi):
                if not chars[k].isdecimal():
                    chars[k] = _DIGIT_LOOKALIKES[chars[k]]
                    repaired = True
        i = j
    return "".join(chars), repaired


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"(?P<num>\d+)|(?P<word>[^\W\d_]+)|(?P<dash>-)|(?P<punct>\S)")


class _Token:
    """One token: ``norm`` is its lower-case, OCR-repaired form; ``key`` is its shape, by which the
    grammar remembers which rules can begin at it. Tokens carry no position (see _token_spans), so
    that the tokens of a chunk of text are made once and shared."""

    __slots__ = ("kind", "norm", "number", "digits", "roman", "repaired", "key")

    def __init__(self, kind: str, norm: str, number: Optional[int] = None, digits: int = 0,
                 roman: Optional[int] = None, repaired: bool = False):
        self.kind = kind  # num | word | dash | punct
        self.norm = norm
        self.number = number
        self.digits = digits
        self.roman = roman
        self.repaired = repaired
        self.key = (kind, norm, roman)

    def __repr__(self) -> str:
        return f"<{self.kind} {self.norm!r}>"


def _is_latin(c: str) -> bool:
    return "a" <= c <= "z" or "A" <= c <= "Z"


@lru_cache(maxsize=8192)
def _read_word(text: str) -> tuple[str, Optional[int], bool]:
    """A word's norm, roman value and whether mending OCR look-alikes made the norm."""
    lower = text.lower().replace("ё", "е")
    if lower in _ROMAN:
        return lower, _ROMAN[lower], False
    latin = sum(1 for c in text if _is_latin(c))
    if latin:
        mended = text.translate(_LATIN_TO_CYRILLIC).lower()
        # a mixed word is OCR damage; an all-Latin one only when it mends into a word we know
        if latin < len(text) or mended in _KNOWN_WORDS:
            return mended, None, True
    return lower, None, False


@lru_cache(maxsize=16384)
def _chunk(chunk: str) -> tuple[tuple[_Token, ...], tuple[tuple[int, int], ...]]:
    """The tokens of one whitespace-free chunk ("2023г.", "апрель-май2023") and their spans in it."""
    tokens, spans = [], []
    for m in _TOKEN.finditer(chunk):
        kind, s = m.lastgroup, m.group()
        if kind == "num":
            tokens.append(_Token(kind, s, int(s) if len(s) <= 9 else None, len(s)))
        elif kind == "word":
            norm, roman, repaired = _read_word(s)
            tokens.append(_Token(kind, norm, roman=roman, repaired=repaired))
        else:
            tokens.append(_Token(kind, s))
        spans.append(m.span())
    return tuple(tokens), tuple(spans)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for chunk in text.split():
        tokens += _chunk(chunk)[0]
    if len(tokens) > 1 and not _UNIT_WORDS.isdisjoint([t.norm for t in tokens]):
        for k in range(1, len(tokens)):  # "П квартал", "ll полугодие": roman numerals as OCR reads them
            previous = tokens[k - 1]
            if tokens[k].norm in _UNIT_WORDS and previous.norm in _OCR_ROMAN and previous.roman is None:
                tokens[k - 1] = _Token("word", previous.norm, roman=_OCR_ROMAN[previous.norm], repaired=True)
    return tokens


_CHUNKS = re.compile(r"\S+")


def _token_spans(text: str) -> list[tuple[int, int]]:
    """Where each token of ``_tokenize(text)`` lies in the text (needed only to cut notes out)."""
    spans = []
    for m in _CHUNKS.finditer(text):
        base = m.start()
        spans += [(base + first, base + last) for first, last in _chunk(m.group())[1]]
    return spans


# --------------------------------------------------------------------------- grammar engine
# A tiny PEG in the spirit of yargy: a pattern's ``match(tokens, i)`` gives (next index, value) or
# None. Rules are named patterns whose build turns the matched parts into a value (or vetoes with
# None). Each pattern compiles its ``match`` into a closure over its parts' matchers, and ordered
# choices remember per token shape which options can begin there: the grammar stays declarative
# and reads a cell in tens of microseconds.

_CACHE_LIMIT = 20_000  # per-shape memos are cleared past this, so arbitrary text cannot grow them


class _Pattern:
    nullable = False  # matches without consuming a token
    match: Callable[[Sequence[_Token], int], Optional[tuple[int, object]]]

    def can_start(self, token: _Token) -> bool:
        """Whether a match can begin with this token."""
        raise NotImplementedError


class _One(_Pattern):
    """One token for which ``test`` gives a value other than None."""

    def __init__(self, test: Callable[[_Token], object]):
        self.test = test

        def match(tokens, i):
            if i < len(tokens):
                value = test(tokens[i])
                if value is not None:
                    return i + 1, value
            return None
        self.match = match

    def can_start(self, token):
        return self.test(token) is not None


class _Phrases(_Pattern):
    """The longest phrase of a dictionary starting at the token; its value is the entry's value."""

    def __init__(self, entries: dict[str, object]):
        self.trie: dict = {}
        for phrase, value in entries.items():
            node = self.trie
            for token in _tokenize(phrase):
                node = node.setdefault(token.norm, {})
            node[""] = True if value == "-" else value  # "" is no token's norm: the end mark
        trie = self.trie
        if all(set(node) == {""} for node in trie.values()):  # one-word phrases only: a plain lookup
            single = {word: node[""] for word, node in trie.items()}

            def match_word(tokens, i):
                if i < len(tokens):
                    value = single.get(tokens[i].norm)
                    if value is not None:
                        return i + 1, value
                return None
            self.match = match_word
            return

        def match(tokens, i):
            node, best, n = trie, None, len(tokens)
            while i < n:
                node = node.get(tokens[i].norm)
                if node is None:
                    break
                i += 1
                value = node.get("")
                if value is not None:
                    best = (i, value)
            return best
        self.match = match

    def can_start(self, token):
        return token.norm in self.trie


def _sequence_matcher(parts) -> Callable:
    """Match parts in order, collecting their values; an optional part (opt) that does not match
    gives None without a call to its wrapper."""
    steps = tuple((part.part.match, True) if isinstance(part, _Opt) else (part.match, False) for part in parts)

    def match(tokens, i):
        values = []
        for part_match, optional in steps:
            m = part_match(tokens, i)
            if m is None:
                if optional:
                    values.append(None)
                    continue
                return None
            i = m[0]
            values.append(m[1])
        return i, values
    return match


class _Seq(_Pattern):
    def __init__(self, parts):
        self.parts = parts
        self.nullable = all(part.nullable for part in parts)
        self.match = _sequence_matcher(parts)

    def can_start(self, token):
        for part in self.parts:
            if part.can_start(token):
                return True
            if not part.nullable:
                return False
        return False


class _Alt(_Pattern):
    """Ordered choice: the first option that matches."""

    def __init__(self, options):
        self.options = options
        self.nullable = any(option.nullable for option in options)
        by_shape: dict[tuple, tuple] = {}
        fallback = tuple(option.match for option in options if option.nullable)

        def match(tokens, i):
            if i >= len(tokens):
                matchers = fallback
            else:
                token = tokens[i]
                matchers = by_shape.get(token.key)
                if matchers is None:
                    if len(by_shape) > _CACHE_LIMIT:
                        by_shape.clear()
                    matchers = by_shape[token.key] = tuple(
                        option.match for option in options if option.nullable or option.can_start(token))
            for option_match in matchers:
                m = option_match(tokens, i)
                if m is not None:
                    return m
            return None
        self.match = match

    def can_start(self, token):
        return any(option.can_start(token) for option in self.options)


class _Opt(_Pattern):
    nullable = True

    def __init__(self, part):
        self.part = part
        part_match = part.match

        def match(tokens, i):
            m = part_match(tokens, i)
            return (i, None) if m is None else m
        self.match = match

    def can_start(self, token):
        return self.part.can_start(token)


class _Many(_Pattern):
    """Zero or more repetitions; the value is the list of their values."""

    nullable = True

    def __init__(self, part):
        self.part = part
        part_match = part.match

        def match(tokens, i):
            values = []
            while (m := part_match(tokens, i)) is not None and m[0] > i:
                i = m[0]
                values.append(m[1])
            return i, values
        self.match = match

    def can_start(self, token):
        return self.part.can_start(token)


class _Rest(_Pattern):
    """Every remaining token; the value is their index range."""

    nullable = True

    def __init__(self):
        self.match = lambda tokens, i: (len(tokens), (i, len(tokens)))

    def can_start(self, token):
        return True


class _Rule(_Pattern):
    """A named pattern whose ``build`` turns the matched parts into a value, or vetoes with None."""

    def __init__(self, name: str, parts, build):
        self.name = name
        self.pattern = _Seq(parts)
        self.nullable = self.pattern.nullable
        self.build = build
        sequence = self.pattern.match

        def match(tokens, i):
            m = sequence(tokens, i)
            if m is None:
                return None
            value = build(*m[1])
            return None if value is None else (m[0], value)
        self.match = match

    def can_start(self, token):
        return self.pattern.can_start(token)

    def __repr__(self) -> str:
        return f"<rule {self.name}>"


def rule(name: str, *parts: _Pattern, build: Callable[..., object]) -> _Rule:
    return _Rule(name, parts, build)


def alt(*options: _Pattern) -> _Alt:
    return _Alt(options)


def opt(part: _Pattern) -> _Opt:
    return _Opt(part)


def seq(*parts: _Pattern) -> _Seq:
    return _Seq(parts)


def words(name_or_entries) -> _Phrases:
    return _Phrases(_WORDS[name_or_entries] if isinstance(name_or_entries, str) else name_or_entries)


# --------------------------------------------------------------------------- items
# What the rules build. Dated items (_Moment, _Range, _ByDate) share one protocol: ``written_year``
# (None when the cell gives none), ``with_year``, ``placed`` (years chosen so that the item ends in a
# given year), ``periods``, ``kind``, ``end_month``; the others are phrases with ``dated = False``.

_KIND_OF_UNIT = {"day": "date", "month": "month", "quarter": "quarter", "half": "half_year",
                 "academic_half": "half_year", "year": "year", "academic_year": "academic_year"}
_RANGE_KIND = (("day", "date_range"), ("month", "month_range"), ("quarter", "quarter"), ("half", "half_year"),
               ("academic_half", "half_year"), ("year", "year_range"), ("academic_year", "academic_year"))
_PERIOD_UNITS = ("year", "academic_year")  # after a recurrence word they bound it: "ежегодно, 2021–2024"


class _Moment(NamedTuple):  # named tuples: immutable like frozen dataclasses, and cheap to make
    """A calendar unit, perhaps still without its year.

    ``year`` is the calendar year of the unit's first month; an academic year (Sep–Aug) is the one
    unit whose last month falls in the next year.
    """

    unit: str  # day | month | quarter | half | academic_half | year | academic_year
    year: Optional[int]
    month: Optional[int] = None
    day: Optional[int] = None
    index: Optional[int] = None  # quarter 1–4, half 1–2
    dated = True

    @property
    def months(self) -> tuple[int, int]:
        if self.unit in ("day", "month"):
            return self.month, self.month
        if self.unit == "quarter":
            return 3 * self.index - 2, 3 * self.index
        if self.unit == "half":
            return (1, 6) if self.index == 1 else (7, 12)
        if self.unit == "academic_half":
            return (9, 12) if self.index == 1 else (1, 8)
        if self.unit == "academic_year":
            return 9, 8
        return 1, 12

    def bounds(self) -> Optional[tuple[date, date]]:
        """First and last day; None without a year or for a day that does not exist (29.02.2023)."""
        if self.year is None:
            return None
        if self.unit == "day":
            try:
                day = date(self.year, self.month, self.day)
            except ValueError:
                return None
            return day, day
        first, last = self.months
        return date(self.year, first, 1), _last_day(self.year + 1 if last < first else self.year, last)

    @property
    def written_year(self) -> Optional[int]:
        return self.year

    @property
    def end_month(self) -> int:
        return self.months[1]

    @property
    def kind(self) -> str:
        return _KIND_OF_UNIT[self.unit]

    @property
    def is_period_type(self) -> bool:
        return self.unit in _PERIOD_UNITS

    def with_year(self, year: int) -> "_Moment":
        return _Moment(self.unit, year, self.month, self.day, self.index)

    def placed(self, end_year: int) -> "_Moment":
        first, last = self.months
        return self.with_year(end_year - 1 if last < first else end_year)

    def in_academic_terms(self) -> "_Moment":
        """A half-year without a year in an academic-year plan is the plan's own half."""
        return _Moment("academic_half", self.year, index=self.index) if self.unit == "half" else self

    def periods(self) -> list[DeadlinePeriod]:
        bounds = self.bounds()
        return [] if bounds is None else [DeadlinePeriod(*bounds)]


class _Range(NamedTuple):
    start: _Moment
    end: _Moment
    dated = True

    @property
    def written_year(self) -> Optional[int]:
        return self.start.year if self.start.year is not None else self.end.year

    @property
    def end_month(self) -> int:
        return self.end.months[1]

    @property
    def kind(self) -> str:
        units = (self.start.unit, self.end.unit)
        return next(kind for unit, kind in _RANGE_KIND if unit in units)

    @property
    def is_period_type(self) -> bool:
        return self.start.is_period_type and self.end.is_period_type

    def with_year(self, year: int) -> "_Range":
        return _Range(self.start.with_year(year), self.end.with_year(year))

    def placed(self, end_year: int) -> "_Range":
        """The end placed in ``end_year``; the start in the same year, or the year before when its month
        comes after the end's ("июль – октябрь", "ноябрь – февраль"): no inverted range is invented."""
        end = self.end.placed(end_year)
        before = self.start.months[0] > self.end.months[0]
        return _Range(self.start.with_year(end.year - 1 if before else end.year), end)

    def in_academic_terms(self) -> "_Range":
        return _Range(self.start.in_academic_terms(), self.end.in_academic_terms())

    def periods(self) -> list[DeadlinePeriod]:
        first, last = self.start.bounds(), self.end.bounds()
        return [] if first is None or last is None else [DeadlinePeriod(first[0], last[1])]


class _ByDate(NamedTuple):
    target: _Moment
    to_last_day: bool  # "до конца марта", "не позднее мая": the last day; "до мая": the first
    dated = True
    kind = "by_date"
    is_period_type = False

    @property
    def written_year(self) -> Optional[int]:
        return self.target.year

    @property
    def end_month(self) -> int:
        return self.target.months[1]

    def with_year(self, year: int) -> "_ByDate":
        return _ByDate(self.target.with_year(year), self.to_last_day)

    def placed(self, end_year: int) -> "_ByDate":
        return _ByDate(self.target.placed(end_year), self.to_last_day)

    def in_academic_terms(self) -> "_ByDate":
        return _ByDate(self.target.in_academic_terms(), self.to_last_day)

    def periods(self) -> list[DeadlinePeriod]:
        bounds = self.target.bounds()
        if bounds is None:
            return []
        last = bounds[1] if self.to_last_day and self.target.unit != "day" else bounds[0]
        return [DeadlinePeriod(None, last)]


class _Whole(NamedTuple):
    dated = False
    kind = "whole_period"


class _Recur(NamedTuple):
    recurrence: str  # yearly | half_yearly | quarterly | monthly
    dated = False
    kind = "recurring"


class _Continuation(NamedTuple):
    """ "далее – ежегодное обновление": a note, and the recurrence it names, if any."""

    tokens: tuple[int, int]
    dated = False


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else _DAYS_IN_MONTH[month]


def _last_day(year: int, month: int) -> date:
    return date(year, month, _days_in_month(year, month))


def _day_moment(year: Optional[int], month: int, day: int) -> Optional[_Moment]:
    if year is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    elif day > _days_in_month(2000, month):  # a leap year: "29 февраля" may exist
        return None
    return _Moment("day", year, month=month, day=day)


def _academic_year(first: int, _sep, second: int, *_marks) -> Optional[_Moment]:
    return _Moment("academic_year", first) if second == first + 1 else None  # "2023/24" came as 2024


def _half_year(index: int, _word, year) -> Optional[_Moment]:
    if index not in (1, 2):
        return None
    if isinstance(year, _Moment):  # "1 полугодие 2023/2024 учебного года": Sep–Dec / Jan–Aug
        return _Moment("academic_half", year.year if index == 1 else year.year + 1, index=index)
    return _Moment("half", year, index=index)


def _ordinal_range(first: int, mark, last: int, unit: str, year) -> Optional[_Range]:
    top = 4 if unit == "quarter" else 2
    if not (1 <= first <= top and 1 <= last <= top) or (mark == "и" and last != first + 1):
        return None
    if unit == "half" and isinstance(year, _Moment):
        return _Range(_half_year(first, None, year), _half_year(last, None, year))
    if isinstance(year, _Moment):
        return None
    return _Range(_Moment(unit, year, index=first), _Moment(unit, year, index=last))


def _range(_from, start: _Moment, _mark, end: _Moment) -> Optional[_Range]:
    if (start.unit == "year") != (end.unit == "year"):  # "май – 2023" is no range
        return None
    # the year written once applies to both ends ("Май-июнь 2020"; "декабрь – октябрь 2024 г."
    # stays inverted and is flagged)
    if start.year is None and end.year is not None:
        start = start.with_year(end.year)
    elif end.year is None and start.year is not None:
        end = end.with_year(start.year)
    return _Range(start, end)


def _day_range(_from, first_day: int, _mark, end: _Moment) -> Optional[_Range]:
    start = _day_moment(end.year, end.month, first_day)  # "20–21 апреля 2023г."
    return None if start is None else _Range(start, end)


def _times_per_unit(count, _times, _in, unit: str) -> Optional[_Recur]:
    count = int(count) if count is not None else 1
    if count == 1:
        return _Recur(unit)
    per_year = {2: "half_yearly", 4: "quarterly", 12: "monthly"}
    return _Recur(per_year[count]) if unit == "yearly" and count in per_year else None


def _punct(char: str) -> Callable[[_Token], object]:
    return lambda t: True if t.kind == "punct" and t.norm == char else None


def _number(t: _Token, digits: tuple[int, ...], low: int, high: int) -> Optional[int]:
    if t.kind == "num" and t.digits in digits and t.number is not None and low <= t.number <= high:
        return t.number
    return None


def _with_dots(entries: dict) -> dict:
    """Each phrase also with an abbreviation's dot after it ("сент.", "кв.", "г.")."""
    return {**entries, **{f"{phrase}.": value for phrase, value in entries.items()}}


def _followed_by(first: dict, second: dict) -> dict:
    """Each phrase of ``first`` followed by each of ``second``, with the value of ``first``."""
    return {f"{a} {b}": value for a, value in first.items() for b in second}


# --------------------------------------------------------------------------- grammar

DOT = _One(_punct("."))
SLASH = _One(_punct("/"))
DASH = _One(lambda t: True if t.kind == "dash" else None)

YEAR_NUMBER = _One(lambda t: _number(t, (4,), 1900, 2100))
TWO_DIGIT_YEAR = _One(lambda t: None if (n := _number(t, (2,), 0, 99)) is None else 2000 + n)
DAY_NUMBER = _One(lambda t: _number(t, (1, 2), 1, 31))
MONTH_NUMBER = _One(lambda t: _number(t, (1, 2), 1, 12))
ORDINAL_NUMBER = _One(lambda t: _number(t, (1,), 1, 4))
ROMAN = _One(lambda t: t.roman)

# Word forms with their optional dots are phrase dictionaries: one trie walk reads "уч. г." whole.
_YEAR_MARKS = {**_with_dots(_WORDS["year_abbreviation"]), **_WORDS["year_word"]}
_ACADEMIC_WORDS = _with_dots(_WORDS["academic_word"])

YEAR_MARK = words(_YEAR_MARKS)
YEAR = rule("year", YEAR_NUMBER, opt(YEAR_MARK), build=lambda year, _: year)
ORDINAL_SUFFIX = seq(DASH, words("ordinal_suffix"))
ORDINAL = alt(rule("roman", ROMAN, opt(ORDINAL_SUFFIX), build=lambda n, _: n),
              rule("ordinal", ORDINAL_NUMBER, opt(ORDINAL_SUFFIX), build=lambda n, _: n),
              words({w: int(v) for w, v in _WORDS["ordinal_word"].items()}))

MONTH_NAME = words(_with_dots(_MONTHS))
DAY = rule("day", DAY_NUMBER, opt(ORDINAL_SUFFIX), build=lambda day, _: day)

NUMERIC_DATE = rule(
    "numeric_date", DAY_NUMBER, DOT, MONTH_NUMBER, DOT, alt(YEAR_NUMBER, TWO_DIGIT_YEAR), opt(YEAR_MARK),
    build=lambda d, _, m, __, y, ___: _day_moment(y, m, d))
WORD_DATE = rule("word_date", DAY, MONTH_NAME, opt(YEAR), build=lambda d, m, y: _day_moment(y, m, d))
NUMERIC_DAY_MONTH = rule("numeric_day_month", DAY_NUMBER, DOT, MONTH_NUMBER,  # "15.05-20.05.2023"
                         build=lambda d, _, m: _day_moment(None, m, d))
DATE = alt(NUMERIC_DATE, WORD_DATE, NUMERIC_DAY_MONTH)

COMMA = _One(_punct(","))
MONTH = alt(
    rule("month_comma_year", MONTH_NAME, COMMA, YEAR, build=lambda m, _, y: _Moment("month", y, month=m)),
    rule("month", MONTH_NAME, opt(YEAR), build=lambda m, y: _Moment("month", y, month=m)),
    rule("numeric_month", _One(lambda t: _number(t, (2,), 1, 12)), DOT, YEAR,
         build=lambda m, _, y: _Moment("month", y, month=m)),
)

ACADEMIC_MARK = words({**_ACADEMIC_WORDS, **_followed_by(_ACADEMIC_WORDS, _YEAR_MARKS)})
ACADEMIC_YEAR = alt(
    rule("academic_year", YEAR_NUMBER, alt(SLASH, DASH), alt(YEAR_NUMBER, TWO_DIGIT_YEAR), ACADEMIC_MARK,
         build=_academic_year),
    rule("academic_year_slashed", YEAR_NUMBER, SLASH, alt(YEAR_NUMBER, TWO_DIGIT_YEAR), opt(YEAR_MARK),
         build=_academic_year),
)

QUARTER_WORD = words({phrase: "quarter" for phrase in _with_dots(_WORDS["quarter_word"])})
HALF_WORD = words({phrase: "half" for phrase in _with_dots(_WORDS["half_word"])})
QUARTER = rule("quarter", ORDINAL, QUARTER_WORD, opt(YEAR),
               build=lambda q, _, y: _Moment("quarter", y, index=q) if 1 <= q <= 4 else None)
HALF_YEAR = rule("half_year", ORDINAL, HALF_WORD, opt(alt(ACADEMIC_YEAR, YEAR)), build=_half_year)
ORDINAL_RANGE = rule("ordinal_range", ORDINAL, alt(DASH, words({"и": "и"})), ORDINAL,
                     alt(QUARTER_WORD, HALF_WORD), opt(alt(ACADEMIC_YEAR, YEAR)), build=_ordinal_range)

YEAR_POINT = rule("year_point", YEAR, build=lambda y: _Moment("year", y))
RANGE_END = alt(DATE, QUARTER, HALF_YEAR, MONTH, YEAR_POINT)
RANGE_MARK = alt(DASH, words("range_to"))
FROM = words("range_from")
DAY_RANGE = rule("day_range", opt(FROM), DAY, RANGE_MARK, alt(WORD_DATE, NUMERIC_DATE), build=_day_range)
# a point, or a range when a range mark and a second point follow; a range that _range vetoes
# ("май – 2023") falls back to the single-point rules of CELL_RULES
POINT_OR_RANGE = rule("point_or_range", opt(FROM), RANGE_END, opt(seq(RANGE_MARK, RANGE_END)),
                      build=lambda _, start, tail: start if tail is None else _range(None, start, None, tail[1]))

YEARLESS_YEAR = alt(  # "до конца учебного года", "до конца года"
    rule("academic_year_word", words(_followed_by(_ACADEMIC_WORDS, _YEAR_MARKS)),
         build=lambda _: _Moment("academic_year", None)),
    rule("year_word", words("year_word"), build=lambda _: _Moment("year", None)),
)
BY_DATE = rule("by_date", words("by_marker"),
               alt(DATE, QUARTER, HALF_YEAR, ACADEMIC_YEAR, MONTH, YEAR_POINT, YEARLESS_YEAR),
               build=lambda marker, target: _ByDate(target, marker == "last"))

WHOLE_PERIOD = rule("whole_period", words("whole_period"), _Many(words("period_object")),
                    build=lambda *_: _Whole())
RECURRENCE = alt(
    rule("recurrence", words("recurrence"), build=_Recur),
    rule("times_per_unit", opt(words("recurrence_count")), words("recurrence_times"), words({"в": "-"}),
         words("recurrence_unit"), build=_times_per_unit),
)
CONTINUATION = rule("continuation", words("continuation"), _Rest(),
                    build=lambda _, span: _Continuation(span))
BY_SCHEDULE = words("by_schedule")
EVENT = words("event")

# Dates that are no deadline are read so that no other rule takes them, and are then left over (to the
# note, or the cell is by_schedule or unparsed): a numeric date no calendar has ("30.02.2023", which
# would otherwise leave "02.2023" to be read as a month), and a document's date ("приказом от 01.09.2021").
_NOT_A_DEADLINE = object()
ANY_SMALL_NUMBER = _One(lambda t: t.number if t.kind == "num" and t.digits <= 2 else None)
IMPOSSIBLE_DATE = rule("impossible_date", ANY_SMALL_NUMBER, DOT, ANY_SMALL_NUMBER, DOT,
                       alt(YEAR_NUMBER, TWO_DIGIT_YEAR), build=lambda *_: _NOT_A_DEADLINE)
DOCUMENT_DATE = rule("document_date", words({"от": "-"}), alt(DATE, IMPOSSIBLE_DATE),
                     build=lambda *_: _NOT_A_DEADLINE)

# The rules a cell is read with, most specific first.
# (POINT_OR_RANGE cannot read a prefix of a day range "20–21 апреля", so DAY_RANGE may follow it.)
CELL_RULES = (WHOLE_PERIOD, RECURRENCE, BY_DATE, DOCUMENT_DATE, ORDINAL_RANGE, ACADEMIC_YEAR, POINT_OR_RANGE,
              DAY_RANGE, IMPOSSIBLE_DATE, DATE, QUARTER, HALF_YEAR, MONTH, YEAR_POINT)
# The rules a plan period is read with (after "на", or an academic year anywhere).
PLAN_RULES = (ACADEMIC_YEAR, POINT_OR_RANGE)


# --------------------------------------------------------------------------- reading

@dataclass
class _Item:
    first: int  # token indices [first, last)
    last: int
    value: object


_cell_rules_by_token: dict[tuple, tuple] = {}


def _cell_rules_starting(token: _Token) -> tuple:
    """The cell rules that can begin at this token, remembered per token shape."""
    rules = _cell_rules_by_token.get(token.key)
    if rules is None:
        if len(_cell_rules_by_token) > _CACHE_LIMIT:
            _cell_rules_by_token.clear()
        rules = _cell_rules_by_token[token.key] = tuple(r.match for r in CELL_RULES if r.can_start(token))
    return rules


def _read_items(tokens: list[_Token]) -> list[_Item]:
    items: list[_Item] = []
    i, dated_seen = 0, False
    while i < len(tokens):
        if dated_seen and (m := CONTINUATION.match(tokens, i)) is not None:
            items.append(_Item(i, m[0], m[1]))
            break
        for cell_rule_match in _cell_rules_starting(tokens[i]):
            m = cell_rule_match(tokens, i)
            if m is not None:
                if m[1] is not _NOT_A_DEADLINE:
                    items.append(_Item(i, m[0], m[1]))
                dated_seen = dated_seen or getattr(m[1], "dated", False)
                i = m[0]
                break
        else:
            i += 1
    return items


def _leftover_runs(tokens: list[_Token], items: list[_Item]) -> list[tuple[int, int]]:
    """Runs of tokens no item read, trimmed of punctuation, that say something (not only fillers)."""
    if sum(item.last - item.first for item in items) == len(tokens):
        return []
    covered = [False] * len(tokens)
    for item in items:
        for k in range(item.first, item.last):
            covered[k] = True
    runs, i = [], 0
    while i < len(tokens):
        if covered[i]:
            i += 1
            continue
        j = i
        while j < len(tokens) and not covered[j]:
            j += 1
        lo, hi = _trimmed(tokens, i, j)
        if any(tokens[k].norm not in _FILLERS for k in range(lo, hi)):
            runs.append((lo, hi))
        i = j
    return runs


def _trimmed(tokens: list[_Token], first: int, last: int) -> tuple[int, int]:
    """A token run without the punctuation and dashes at its ends ("(исполнено)" -> "исполнено")."""
    while first < last and tokens[first].kind in ("punct", "dash"):
        first += 1
    while last > first and tokens[last - 1].kind in ("punct", "dash"):
        last -= 1
    return first, last


def _span_text(raw: str, spans: list[tuple[int, int]], first: int, last: int) -> str:
    return " ".join(raw[spans[first][0]:spans[last - 1][1]].split())


# --------------------------------------------------------------------------- context

@dataclass(frozen=True)
class _Context:
    plan: Optional[tuple[date, date]]
    plan_kind: Optional[str]  # academic_year | calendar_year | years
    order_date: Optional[date]

    @classmethod
    def make(cls, plan_start, plan_end, plan_kind, order_date) -> "_Context":
        plan_start, plan_end, order_date = (d.date() if isinstance(d, datetime) else d
                                            for d in (plan_start, plan_end, order_date))
        if not isinstance(order_date, date):
            order_date = None
        if not (isinstance(plan_start, date) and isinstance(plan_end, date)) or plan_start > plan_end:
            return cls(None, None, order_date)
        if plan_kind == "inferred":
            plan_kind = "academic_year"
        if plan_kind not in ("academic_year", "calendar_year", "years"):
            if (plan_start.month, plan_start.day) == (9, 1) and plan_end == date(plan_start.year + 1, 8, 31):
                plan_kind = "academic_year"
            else:
                plan_kind = "years"
        if plan_kind == "years" and plan_start.year == plan_end.year:
            plan_kind = "calendar_year"
        return cls((plan_start, plan_end), plan_kind, order_date)

    @property
    def multi_year(self) -> bool:
        return self.plan_kind == "years"

    def end_years(self, end_month: int, ends_on: Callable[[int], Optional[date]]) -> list[int]:
        """Years for a unit without one, by the year its last month falls in (dates.md).

        Academic-year plan: Sep–Dec take the first year, Jan–Aug the second; calendar-year plan:
        its year; multi-year plan: every plan year. No plan: the first such unit that does not end
        before the order date. Nothing known: none.
        """
        if self.plan is None:
            if self.order_date is None:
                return []
            year = self.order_date.year
            end = ends_on(year)
            return [year if end is not None and end >= self.order_date else year + 1]
        start, end = self.plan
        if self.plan_kind == "academic_year":
            return [start.year if end_month >= 9 else start.year + 1]
        if self.plan_kind == "years":
            return list(range(start.year, end.year + 1))
        return [start.year]

    def clip(self, period: DeadlinePeriod) -> Optional[DeadlinePeriod]:
        """A recurring period intersected with the plan period (None when they do not meet)."""
        if self.plan is None:
            return period
        start = None if period.start is None else max(period.start, self.plan[0])
        end = None if period.end is None else min(period.end, self.plan[1])
        if start is not None and end is not None and start > end:
            return None
        return DeadlinePeriod(start, end)


# --------------------------------------------------------------------------- years and periods

def _placed_periods(value, ctx: _Context) -> list[DeadlinePeriod]:
    """Periods of a yearless item, one per year the context gives it."""

    def ends_on(end_year: int) -> Optional[date]:
        periods = value.placed(end_year).periods()
        return periods[-1].end if periods else None

    return [p for year in ctx.end_years(value.end_month, ends_on) for p in value.placed(year).periods()]


_STEP_MONTHS = {"yearly": 12, "half_yearly": 6, "quarterly": 3, "monthly": 1}  # (to pick the finer one)
# The months each recurrence unit starts in. In an academic-year plan a year is the plan year
# (September to August) and a half-year one of its halves (Sep–Dec, Jan–Aug), as dates.md defines
# "1 полугодие 2023/2024 учебного года"; quarters and months are the calendar's either way.
_UNIT_STARTS = {"yearly": (1,), "half_yearly": (1, 7), "quarterly": (1, 4, 7, 10), "monthly": tuple(range(1, 13))}
_ACADEMIC_UNIT_STARTS = {**_UNIT_STARTS, "yearly": (9,), "half_yearly": (1, 9)}


def _recurrence_units(recurrence: str, start: date, end: date, academic: bool = False) -> list[DeadlinePeriod]:
    """The recurrence's units intersected with [start, end]."""
    starts = (_ACADEMIC_UNIT_STARTS if academic else _UNIT_STARTS)[recurrence]
    # unit beginnings as month indices (months since year 0), from the one that holds ``start``
    index = start.year * 12 + start.month - 1
    while (index % 12) + 1 not in starts:
        index -= 1
    periods = []
    while (index // 12, index % 12 + 1) <= (end.year, end.month):
        following = index + 1
        while (following % 12) + 1 not in starts:
            following += 1
        last = following - 1
        periods.append(DeadlinePeriod(max(date(index // 12, index % 12 + 1, 1), start),
                                      min(_last_day(last // 12, last % 12 + 1), end)))
        index = following
    return periods


def _recurrence_in(tokens: list[_Token], first: int, last: int) -> Optional[str]:
    for i in range(first, last):
        m = RECURRENCE.match(tokens, i)
        if m is not None and m[0] <= last:
            return m[1].recurrence
    return None


# --------------------------------------------------------------------------- the cell

class _Reading:
    """What the items of a cell come to: kind, periods, recurrence, where its notes are."""

    __slots__ = ("kind", "periods", "recurrence", "note_spans", "year_missing")

    def __init__(self, kind: str, periods: list[DeadlinePeriod], recurrence: Optional[str] = None,
                 note_spans: Optional[list[tuple[int, int]]] = None):
        self.kind = kind
        self.periods = periods
        self.recurrence = recurrence
        self.note_spans = note_spans or []
        self.year_missing = False


def _resolve(items: list[_Item], tokens: list[_Token], ctx: _Context) -> _Reading:
    if len(items) == 1 and items[0].value.dated and items[0].value.written_year is not None:
        return _Reading(items[0].value.kind, items[0].value.periods())  # the common cell: one dated item
    carry = None  # "июнь, сентябрь 2022г.": a year applies to every item before it that has none
    for item in reversed(items):
        if item.value.dated:
            year = item.value.written_year
            if year is not None:
                carry = year
            elif carry is not None:
                item.value = item.value.with_year(carry)
    dated, leading, recur, continuation = [], None, None, None
    for item in items:
        value = item.value
        if value.dated:
            if ctx.plan_kind == "academic_year" and value.written_year is None:
                item.value = value.in_academic_terms()
            dated.append(item)
        if value.dated or isinstance(value, _Whole):
            leading = leading or item
        elif isinstance(value, _Recur):  # "ежегодно 1 раз в квартал": the finer recurrence counts
            if recur is None or _STEP_MONTHS[value.recurrence] < _STEP_MONTHS[recur.value.recurrence]:
                recur = item
        elif isinstance(value, _Continuation):
            continuation = item

    reading = _resolve_recurring(recur, dated, ctx) if recur else _resolve_dated(items, leading, dated, ctx)
    if reading.kind == "recurring" and len(dated) > 1:  # "ежегодно в мае и сентябре": in time order
        reading.periods.sort(key=lambda p: p.start or p.end)
    if continuation is not None:
        reading.recurrence = reading.recurrence or _recurrence_in(tokens, *continuation.value.tokens)
        reading.note_spans.append((continuation.first, continuation.last))
    return reading


def _resolve_dated(items: list[_Item], leading: _Item, dated: list[_Item], ctx: _Context) -> _Reading:
    """A cell of dates and whole-period phrases, without a recurrence word of its own."""
    reading = _Reading(leading.value.kind, [])
    yearless = 0
    for item in items:
        value = item.value
        if isinstance(value, _Whole):
            if ctx.plan:
                reading.periods.append(DeadlinePeriod(*ctx.plan))
        elif value.dated and value.written_year is None:
            yearless += 1
            placed = _placed_periods(value, ctx)
            reading.periods += [p for p in map(ctx.clip, placed) if p] if ctx.multi_year else placed
        elif value.dated:
            reading.periods += value.periods()
    reading.year_missing = yearless > 0
    if yearless and yearless == len(dated) and ctx.multi_year and leading.value.dated:
        # a month without a year in a multi-year plan recurs in every plan year
        reading.kind, reading.recurrence = "recurring", "yearly"
    return reading


def _resolve_recurring(recur: _Item, dated: list[_Item], ctx: _Context) -> _Reading:
    """A cell with a recurrence word: "ежегодно", "ежегодно в декабре", "Октябрь 2021, ежегодно"."""
    recurrence = recur.value.recurrence
    has_year = [item.value.written_year is not None for item in dated]
    if dated and all(has_year) and recur.first > dated[0].first:
        # dates as written, then the recurrence word, which is a note ("Октябрь 2021 г., ежегодно")
        return _Reading(dated[0].value.kind, [p for item in dated for p in item.value.periods()],
                        recurrence, [(recur.first, recur.last)])
    reading = _Reading("recurring", [], recurrence)
    academic = ctx.plan_kind == "academic_year"
    for item, known in zip(dated, has_year):
        value = item.value
        # "ежегодно в декабре": that month in every plan year; "ежегодно до 15 марта" likewise
        periods = value.periods() if known else [p for p in map(ctx.clip, _placed_periods(value, ctx)) if p]
        if value.is_period_type or (recurrence != "yearly" and value.kind != "by_date"):
            # the item bounds the recurrence: "ежегодно, 2021–2024 гг.", "ежемесячно с сентября по май"
            periods = [unit for p in periods for unit in _recurrence_units(recurrence, p.start, p.end, academic)]
        reading.periods += periods
    if not dated and ctx.plan:  # "ежегодно" in an academic-year plan is the plan period itself
        reading.periods = _recurrence_units(recurrence, *ctx.plan, academic)
    return reading


def _looks_like_lone_date(tokens: list[_Token], items: list[_Item]) -> bool:
    """Whether the cell is shaped like one full date that the grammar did not read whole: three
    numbers with one separator ("2021-12-01", "01/12/2021"), or day, month word and year where a word
    is Latin or an ordinal ("1 Dec 2021", "Dec 1, 2021", "первое декабря 2021 года")."""
    if len(items) > 1 or (items and items[0].last - items[0].first == len(tokens)):
        return False
    shape = [t for t in tokens if not (t.kind == "punct" and t.norm == ",")]
    while shape and (shape[-1].kind == "punct" or shape[-1].norm in _WORDS["year_word"]
                     or shape[-1].norm in _WORDS["year_abbreviation"]):
        shape.pop()
    if len(shape) == 5:
        first, sep, second, sep2, third = shape
        return (sep.norm == sep2.norm and sep.norm in "/-." and sep.kind != "word"
                and all(t.kind == "num" for t in (first, second, third))
                and 4 in (first.digits, third.digits))
    if len(shape) != 3 or shape[2].kind != "num" or shape[2].digits != 4:
        return False
    kinds = [t.kind for t in shape[:2]]
    return kinds in (["num", "word"], ["word", "num"], ["word", "word"]) and any(
        t.kind == "word" and (any(map(_is_latin, t.norm)) or t.norm in _WORDS["ordinal_word"])
        for t in shape[:2])


@lru_cache(maxsize=1024)
def _dateparser_date(text: str) -> Optional[date]:
    import dateparser  # imported on first need: it costs a third of a second

    try:
        parsed = dateparser.parse(text, languages=["ru", "en"], settings={
            "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"})
    except Exception:  # dateparser's own failures on odd text are a "no", not an error of ours
        return None
    return parsed.date() if parsed is not None else None


class _TextReading(NamedTuple):
    """The context-free half of reading a cell: what its text says before any plan is known."""

    text: str  # the repaired text, as long as the raw one
    tokens: list[_Token]
    items: tuple[tuple[int, int, object], ...]  # (first token, last token, value) of each item read
    leftovers: list[tuple[int, int]]  # token runs no rule read: the note
    repaired: bool  # an OCR repair was needed
    schedule: bool  # no item read, and a by-schedule phrase ("по отдельному графику")


@lru_cache(maxsize=16384)
def _read_text(raw: str) -> _TextReading:
    """Repair, tokens and grammar for one cell text, remembered per text: roadmap cells repeat (the
    134 gold cells are 64 distinct texts) and every format of an order gives the same cells again."""
    text, repaired = _repair_characters(raw)
    tokens = _tokenize(text)
    repaired = repaired or any([t.repaired for t in tokens])
    # an event phrase at the first word makes the cell event-relative ("после объявления результатов")
    first_word = 0
    while first_word < len(tokens) and tokens[first_word].kind in ("punct", "dash"):
        first_word += 1
    items = [] if EVENT.match(tokens, first_word) else _read_items(tokens)
    if _looks_like_lone_date(tokens, items):
        found = _dateparser_date(" ".join(text.split()))
        if found is not None:
            items = [_Item(0, len(tokens), _Moment("day", found.year, month=found.month, day=found.day))]
    schedule = not items and any(BY_SCHEDULE.match(tokens, i) for i in range(len(tokens)))
    return _TextReading(text, tokens, tuple((item.first, item.last, item.value) for item in items),
                        _leftover_runs(tokens, items) if items else [], repaired, schedule)


def _read_cell(raw: str, ctx: _Context) -> ParsedDeadline:
    if not raw.strip():
        return ParsedDeadline("unparsed", [])
    read = _read_text(raw)
    if not read.items:  # (a continuation is read only after a date, so any item means a reading)
        kind, note = ("by_schedule", " ".join(raw.split())) if read.schedule else ("unparsed", None)
        return ParsedDeadline(kind, [], None, note, _deadline_flags(kind, [], False, read.repaired, ctx))

    reading = _resolve([_Item(*item) for item in read.items], read.tokens, ctx)
    spans = sorted(read.leftovers + [_trimmed(read.tokens, *span) for span in reading.note_spans])
    if spans:
        token_spans = _token_spans(read.text)
        note = "; ".join(_span_text(raw, token_spans, first, last) for first, last in spans)
    else:
        note = None
    flags = _deadline_flags(reading.kind, reading.periods, reading.year_missing, read.repaired, ctx)
    return ParsedDeadline(reading.kind, reading.periods, reading.recurrence, note, flags)


def _deadline_flags(kind: str, periods: list[DeadlinePeriod], year_missing: bool, ocr_repaired: bool,
                    ctx: _Context) -> list[str]:
    """Every deadline flag, in FLAG_ORDER: the one place each of them is decided."""
    inverted = outside = before_order = False
    plan = ctx.plan
    # recurring periods are the plan's own units: never "before the order"
    order_date = None if kind == "recurring" else ctx.order_date
    for period in periods:
        start, end = period.start, period.end
        if start is not None and end is not None and start > end:
            inverted = True
        if plan is not None and ((start is not None and not plan[0] <= start <= plan[1])
                                 or (end is not None and not plan[0] <= end <= plan[1])):
            outside = True
        if order_date is not None and end is not None and end < order_date:
            before_order = True
    raised = (inverted, year_missing, outside, before_order, kind == "unparsed", ocr_repaired)
    return [code for code, is_raised in zip(FLAG_ORDER, raised) if is_raised] if any(raised) else []


# --------------------------------------------------------------------------- public API

_context = lru_cache(maxsize=64)(_Context.make)  # a pipeline passes one order's context many times


def parse_deadline(raw, *, plan_start: Optional[date] = None, plan_end: Optional[date] = None,
                   plan_kind: Optional[str] = None, order_date: Optional[date] = None) -> ParsedDeadline:
    """Normalize one deadline cell; never raises.

    ``plan_start``/``plan_end``/``plan_kind`` are the plan period (``plan_kind`` one of the
    ``plan.period.kind`` values; without it the kind is read from the dates) and ``order_date`` the
    order's date: they give a year to a month written without one and are what
    ``date_outside_plan_period`` and ``deadline_before_order`` compare with.

    An empty or whitespace-only cell gives kind "unparsed" with no periods and no flags: the
    pipeline raises ``deadline_missing`` for empty cells itself. Text that no rule reads gives
    "unparsed" with the flag ``deadline_unparsed``.
    """
    try:
        ctx = _context(plan_start, plan_end, plan_kind, order_date)
    except TypeError:  # an unhashable argument: not worth remembering
        ctx = _Context.make(plan_start, plan_end, plan_kind, order_date)
    text = "" if raw is None else raw if isinstance(raw, str) else str(raw)
    try:
        return _read_cell(text, ctx)
    except Exception:  # the contract is "never raises": a cell that trips the grammar is unparsed
        return ParsedDeadline("unparsed", [], None, None, _deadline_flags("unparsed", [], False, False, ctx))


def parse_plan_period(text: str) -> Optional[PlanPeriodResult]:
    """The plan period a plan or order title states, or None.

    Read with the deadline grammar: a year, year range or academic year after "на" ("на 2021/2022
    учебный год", "на 2020 – 2021 год", "на 2020-2024 годы", "на 2023 год"), or an academic year
    anywhere ("2022-2023 учебный год"). ``raw`` is the stated words, from the first year to the
    year word.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    tokens = _tokenize(_repair_characters(text)[0])
    found = None
    for i, token in enumerate(tokens):
        if token.norm == "на":
            j = i + 1
            while j < len(tokens) and tokens[j].norm in ("период", "срок"):
                j += 1
            found = _plan_period_at(text, tokens, j)
        elif token.kind == "num" and not _after_event(tokens, i):
            m = ACADEMIC_YEAR.match(tokens, i)  # with its "учебный год", not a bare "2021/2022"
            found = _plan_period_at(text, tokens, i) if m is not None and m[0] > i + 3 else None
        if found is not None:
            return found
    return None


def _after_event(tokens: list[_Token], i: int) -> bool:
    """Whether an event phrase ends just before token i ("по итогам 2021-2022 учебного года")."""
    return any((m := EVENT.match(tokens, j)) is not None and m[0] == i for j in range(max(0, i - 3), i))


def _plan_period_at(text: str, tokens: list[_Token], i: int) -> Optional[PlanPeriodResult]:
    for plan_rule in PLAN_RULES:
        m = plan_rule.match(tokens, i)
        if m is None:
            continue
        value = m[1]
        kind = {"academic_year": "academic_year", "year": "calendar_year"}.get(getattr(value, "unit", None))
        if isinstance(value, _Range) and value.start.unit == value.end.unit == "year":
            kind = "years"
        periods = value.periods() if kind else []
        if periods:
            spans = _token_spans(_repair_characters(text)[0])
            raw = " ".join(text[spans[i][0]:spans[m[0] - 1][1]].split())
            return PlanPeriodResult(raw, kind, periods[0].start, periods[0].end)
    return None


def infer_plan_period(deadlines: Sequence[ParsedDeadline]) -> Optional[tuple[date, date]]:
    """The academic year (09-01 … 08-31) that holds the most deadline periods (output.md, `inferred`).

    The deadlines are parsed without plan context. A period counts for the academic year that holds
    both its ends (its end alone for a by-date); ties go to the earlier year. None when no period
    falls in a single academic year.
    """
    counts: dict[int, int] = {}
    for deadline in deadlines:
        for period in deadline.periods:
            ends = [d for d in (period.start, period.end) if d is not None]
            years = {d.year if d.month >= 9 else d.year - 1 for d in ends}
            if len(years) == 1:
                year = years.pop()
                counts[year] = counts.get(year, 0) + 1
    if not counts:
        return None
    best = min(counts, key=lambda year: (-counts[year], year))
    return date(best, 9, 1), date(best + 1, 8, 31)
