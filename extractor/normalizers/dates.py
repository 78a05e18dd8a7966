"""Deadline cells of roadmap tables -> normalized periods (``shared/spec/dates.md``).

Takes the text of one deadline cell ("ноябрь 2021", "до 01.12.2021", "ежегодно в декабре") and its
context (plan period, plan kind, order date); gives a :class:`ParsedDeadline`: the kind, closed
periods, recurrence, note, and the deadline flags it raised. :func:`parse_plan_period` reads a plan
period from a title with the same rules; :func:`infer_plan_period` finds one a plan does not state.

How a cell is read, top to bottom:

1. repair: OCR look-alikes are mended (О/З/б in digit runs, Latin letters in Cyrillic words, U+2212
   as a dash, П/Ш for roman II/III). That a repair was needed is what ``ocr_suspect`` reports.
2. tokens: numbers, words, dashes, punctuation; made, with the repairs of step 1 (which never
   cross whitespace), once per whitespace-free chunk and shared. A token is one object per shape,
   so the grammar remembers per token what each of its patterns makes of it.
3. grammar: named rules over tokens (PEG: ordered choice; at each token the first cell rule that
   matches wins) turn tokens into items: dates, months, ranges, by-dates, quarters, half-years,
   academic years, recurrences, whole-period phrases. Tokens no rule reads are leftovers: the note.
   Each rule is compiled to straight-line Python on first use ("compiling patterns" below).
4. years: a range's year written once applies to both ends, a trailing year to the items before it
   that have none; what is still without a year takes it from the plan (``year_missing``).
5. periods, kind, recurrence and note; then the flags, each computed in one place
   (:func:`_deadline_flags`).

Steps 1–3 depend on the text alone and are remembered per distinct cell text (:func:`_read_text`):
cells repeat within an order and across its formats. The periods of an item are made once per
item (:func:`_periods`). Word lists are data:
``extractor/data/months.tsv`` and ``extractor/data/deadline_words.tsv``. dateparser is the fallback
for a lone full date the grammar cannot spell ("первое декабря 2021 года", "2021-12-01",
"1 Dec 2021"); it is imported on first need, so most runs never load it.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache
from itertools import compress
from pathlib import Path
from typing import Callable, NamedTuple, Optional, Sequence

from .lexicon import DATA as _DATA, MONTH_BY_FORM
from .repair import LATIN_TO_CYRILLIC, is_latin, mend_digit_lookalikes

__all__ = [
    "DeadlinePeriod", "ParsedDeadline", "PlanPeriodResult",
    "parse_deadline", "parse_plan_period", "infer_plan_period", "FLAG_ORDER",
]

# The deadline flag codes in the order a ParsedDeadline lists them.
FLAG_ORDER = (
    "range_inverted", "year_missing", "date_outside_plan_period", "deadline_before_order",
    "deadline_unparsed", "ocr_suspect",
)



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

def _load_words() -> dict[str, dict[str, str]]:
    dictionaries: dict[str, dict[str, str]] = {}
    for line in (_DATA / "deadline_words.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, value, phrase = line.split("\t")
            dictionaries.setdefault(name, {})[phrase] = value
    return dictionaries


_MONTHS = MONTH_BY_FORM
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
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u200b"  # (str.split knows the ordinary ones)
_PLAIN = {c: "-" for c in _DASHES[1:]} | {c: " " for c in _SPACES}
_ODD_DASHES = re.compile("[%s]" % re.escape(_DASHES[1:]))
_ODD_SPACES = re.compile("[%s]" % re.escape(_SPACES))


def _made_plain(text: str, odd_characters: re.Pattern) -> str:
    """The odd characters (dashes to "-", spaces to " ") made plain; length-preserving, so token
    spans index the raw text. Spaces are made plain in the whole text, as they decide the chunks;
    dashes chunk by chunk (:func:`_chunk`)."""
    for odd in set(odd_characters.findall(text)):
        text = text.replace(odd, _PLAIN[odd])
    return text


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"(?P<num>\d+)|(?P<word>[^\W\d_]+)|(?P<dash>-)|(?P<punct>\S)")


class _Token:
    """One token: ``norm`` is its lower-case, OCR-repaired form. Tokens carry no position (see
    _token_spans) and are made once per shape (:func:`_token`): the grammar remembers per token
    object what its patterns make of it (:class:`_TokenMemo`)."""

    __slots__ = ("kind", "norm", "number", "digits", "roman", "repaired")

    def __init__(self, kind: str, norm: str, roman: Optional[int] = None, repaired: bool = False):
        self.kind = kind  # num | word | dash | punct
        self.norm = norm
        is_number = kind == "num"
        self.number = int(norm) if is_number and len(norm) <= 9 else None
        self.digits = len(norm) if is_number else 0
        self.roman = roman
        self.repaired = repaired

    def __repr__(self) -> str:
        return f"<{self.kind} {self.norm!r}>"


_token = lru_cache(maxsize=16384)(_Token)  # one token object per shape


@lru_cache(maxsize=8192)
def _read_word(text: str) -> tuple[str, Optional[int], bool]:
    """A word's norm, roman value and whether mending OCR look-alikes made the norm."""
    lower = text.lower().replace("ё", "е")
    if lower in _ROMAN:
        return lower, _ROMAN[lower], False
    latin = sum(1 for c in text if is_latin(c))
    if latin:
        mended = text.translate(LATIN_TO_CYRILLIC).lower()
        # a mixed word is OCR damage; an all-Latin one only when it mends into a word we know
        if latin < len(text) or mended in _KNOWN_WORDS:
            return mended, None, True
    return lower, None, False


class _Chunk(NamedTuple):
    """One whitespace-free chunk of plain text ("2023г.", "апрель-май2023") mended and tokenized."""

    text: str  # with plain dashes and look-alikes mended
    tokens: tuple[_Token, ...]
    spans: tuple[tuple[int, int], ...]  # of each token in the chunk
    repaired: bool  # an OCR repair was needed: look-alikes in a digit run or in a word
    roman_lookalike: bool  # a word may be a roman numeral as OCR reads it (see _tokenize)


@lru_cache(maxsize=16384)
def _chunk(chunk: str) -> _Chunk:
    chunk, mended = mend_digit_lookalikes(_made_plain(chunk, _ODD_DASHES))
    tokens, spans = [], []
    for m in _TOKEN.finditer(chunk):
        kind, s = m.lastgroup, m.group()
        if kind == "word":
            norm, roman, repaired = _read_word(s)
            tokens.append(_token(kind, norm, roman, repaired))
        else:
            tokens.append(_token(kind, s))
        spans.append(m.span())
    return _Chunk(chunk, tuple(tokens), tuple(spans), mended or any(t.repaired for t in tokens),
                  any(t.norm in _OCR_ROMAN and t.roman is None for t in tokens))


def _tokenize(text: str) -> tuple[list[_Token], bool]:
    """The tokens of a text with plain spaces (:func:`_made_plain`), and whether an OCR repair of
    look-alike characters made any of them."""
    tokens: list[_Token] = []
    repaired = roman_lookalike = False
    for chunk in map(_chunk, text.split()):
        tokens += chunk.tokens
        repaired = repaired or chunk.repaired
        roman_lookalike = roman_lookalike or chunk.roman_lookalike
    if roman_lookalike:
        for k in range(1, len(tokens)):  # "П квартал", "ll полугодие": roman numerals as OCR reads them
            previous = tokens[k - 1]
            if tokens[k].norm in _UNIT_WORDS and previous.norm in _OCR_ROMAN and previous.roman is None:
                tokens[k - 1] = _token("word", previous.norm, _OCR_ROMAN[previous.norm], True)
                repaired = True
    return tokens, repaired


_CHUNKS = re.compile(r"\S+")


def _token_spans(text: str) -> list[tuple[int, int]]:
    """Where each token of ``_tokenize(text)`` lies in the text (needed only to cut notes out)."""
    spans = []
    for m in _CHUNKS.finditer(text):
        base = m.start()
        spans += [(base + first, base + last) for first, last in _chunk(m.group()).spans]
    return spans


# --------------------------------------------------------------------------- grammar engine
# A tiny PEG in the spirit of yargy: a pattern's ``match(tokens, i)`` gives (next index, value) or
# None. Rules are named patterns whose build turns the matched parts into a value (or vetoes with
# None). What a pattern makes of one token (its value, or which options of a choice can begin
# there) is remembered per token, and tokens are one object per shape. Sequences and choices are
# compiled (see _compile): the grammar stays declarative and reads a cell in microseconds.

_CACHE_LIMIT = 20_000  # per-token memos are cleared past this, so arbitrary text cannot grow them


class _TokenMemo(dict):
    """``compute(token)`` for each token, computed on first need."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[_Token], object]):
        super().__init__()
        self.compute = compute

    def __missing__(self, token: _Token) -> object:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        value = self[token] = self.compute(token)
        return value


class _Pattern:
    nullable = False  # matches without consuming a token
    match: Callable[[Sequence[_Token], int], Optional[tuple[int, object]]]

    def can_start(self, token: _Token) -> bool:
        """Whether a match can begin with this token."""
        raise NotImplementedError

    @cached_property
    def starts_with(self) -> _TokenMemo:
        """can_start, remembered per token."""
        return _TokenMemo(self.can_start)


class _One(_Pattern):
    """One token for which ``test`` gives a value other than None; ``value_of`` remembers it."""

    def __init__(self, test: Callable[[_Token], object]):
        value_of = self.value_of = _TokenMemo(test)

        def match(tokens, i):
            if i < len(tokens):
                value = value_of[tokens[i]]
                if value is not None:
                    return i + 1, value
            return None
        self.match = match

    def can_start(self, token):
        return self.value_of[token] is not None


class _Word(_Pattern):
    """A word of a dictionary of words some of which also (or only) take an abbreviation's dot
    ("сент", "сент."; "г", "г."; "год"): the longest phrase, as _Phrases would read it, but in
    lookups per token."""

    def __init__(self, alone: dict[str, object], with_dot: dict[str, object]):
        self.starts = frozenset(alone) | frozenset(with_dot)
        value_alone = self.value_alone = _TokenMemo(lambda token: alone.get(token.norm))
        value_with_dot = self.value_with_dot = _TokenMemo(lambda token: with_dot.get(token.norm))

        def match(tokens, i):
            if i < len(tokens):
                token = tokens[i]
                value = value_with_dot[token]
                if value is not None and i + 1 < len(tokens) and tokens[i + 1].norm == ".":
                    return i + 2, value
                value = value_alone[token]
                if value is not None:
                    return i + 1, value
            return None
        self.match = match

    def can_start(self, token):
        return token.norm in self.starts


class _Phrases(_Pattern):
    """The longest phrase of a dictionary starting at the token; its value is the entry's value."""

    def __init__(self, phrases: dict[tuple[str, ...], object]):
        self.trie: dict = {}
        for norms, value in phrases.items():
            node = self.trie
            for norm in norms:
                node = node.setdefault(norm, {})
            node[""] = value  # "" is no token's norm: the end mark
        trie = self.trie

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


class _Compiled(_Pattern):
    """A pattern made of others (sequence, choice, option), whose ``match`` is compiled on first use."""

    @cached_property
    def match(self):
        return _compile(self)


class _Seq(_Compiled):
    def __init__(self, parts, build: Optional[Callable[..., object]] = None):
        self.parts = parts
        self.build = build  # without one, the value is the list of the parts' values
        self.nullable = all(part.nullable for part in parts)

    def can_start(self, token):
        for part in self.parts:
            if part.can_start(token):
                return True
            if not part.nullable:
                return False
        return False


class _Alt(_Compiled):
    """Ordered choice: the first option that matches. The options of a choice among them are its
    own (the same choice, one step fewer). ``options_at`` tells per token which options can begin
    there, ``options_at_end`` which match at the end; ``starting_with`` gives the matchers of the
    options that can begin at a token."""

    def __init__(self, options):
        options = self.options = tuple(
            inner for option in options for inner in (option.options if isinstance(option, _Alt) else (option,)))
        self.nullable = any(option.nullable for option in options)
        self.options_at = _TokenMemo(lambda token: tuple(
            option.nullable or option.can_start(token) for option in options))
        self.options_at_end = tuple(option.nullable for option in options)
        self.starting_with = _TokenMemo(lambda token: tuple(
            option.match for option, can in zip(options, self.options_at[token]) if can))

    def can_start(self, token):
        return any(option.can_start(token) for option in self.options)


class _Opt(_Compiled):
    nullable = True

    def __init__(self, part):
        self.part = part

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


class _Rule(_Seq):
    """A named pattern whose ``build`` turns the matched parts into a value, or vetoes with None."""

    def __init__(self, name: str, parts, build: Callable[..., object]):
        super().__init__(parts, build)
        self.name = name

    def __repr__(self) -> str:
        return f"<rule {self.name}>"


# --------------------------------------------------------------------------- compiling patterns
# A compiled match is straight-line Python, made for the pattern (as dataclasses make their
# methods): the sequences, choices and options it is made of are written in place, one-token
# patterns are lookups in their memos, and only the other patterns (phrase tries, repetitions)
# and the builds are called. Interpreting the pattern tree instead (a call, a result tuple and a
# length per node) made the grammar about twice as slow.

class _Source:
    """The lines of one match function being written, and the objects its names stand for.

    Local names are numbered; the names an option of a choice used are free again once it is
    written (only the choice's outcome lives on), so the function keeps few locals: a frame is
    made and cleared local by local on every call."""

    def __init__(self):
        self.lines: list[str] = []
        self.scope: dict[str, object] = {}
        self.objects: dict[int, str] = {}
        self.locals = 0

    def name(self, prefix: str) -> str:
        """A new local name."""
        self.locals += 1
        return f"{prefix}{self.locals}"

    def ref(self, obj: object, prefix: str) -> str:
        """The name of ``obj`` in the function's scope."""
        if id(obj) not in self.objects:
            self.objects[id(obj)] = f"{prefix}_{len(self.objects)}"
            self.scope[self.objects[id(obj)]] = obj
        return self.objects[id(obj)]

    def write(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)


_Then = Callable[[str, str, int], None]  # writes what follows a match: (value, next index, indent)


def _compile(pattern: _Pattern) -> Callable:
    source = _Source()
    source.write(0, "def match(tokens, i):")
    source.write(1, "n = len(tokens)")
    _write(source, pattern, "i", 1, lambda value, after, indent: source.write(indent, f"return {after}, {value}"))
    source.write(1, "return None")
    exec("\n".join(source.lines), source.scope)
    return source.scope["match"]


def _write(source: _Source, pattern: _Pattern, at: str, indent: int, then: _Then) -> None:
    """Write the code that matches ``pattern`` at index ``at`` and, where it matches, calls ``then``
    for what follows (so a sequence's next part is written inside its previous part's success)."""
    if isinstance(pattern, _One):
        value, after, value_of = source.name("v"), source.name("i"), source.ref(pattern.value_of, "value_of")
        source.write(indent, f"if {at} < n:")
        source.write(indent + 1, f"{value} = {value_of}[tokens[{at}]]")
        source.write(indent + 1, f"if {value} is not None:")
        source.write(indent + 2, f"{after} = {at} + 1")
        then(value, after, indent + 2)
    elif isinstance(pattern, _Word):
        value, after, token = source.name("v"), source.name("i"), source.name("token")
        with_dot = source.ref(pattern.value_with_dot, "with_dot")
        alone = source.ref(pattern.value_alone, "alone")
        source.write(indent, f"if {at} < n:")
        source.write(indent + 1, f"{token} = tokens[{at}]")
        source.write(indent + 1, f"{value} = {with_dot}[{token}]")
        source.write(indent + 1, f"if {value} is not None and {at} + 1 < n and tokens[{at} + 1].norm == '.':")
        source.write(indent + 2, f"{after} = {at} + 2")
        source.write(indent + 1, "else:")
        source.write(indent + 2, f"{value}, {after} = {alone}[{token}], {at} + 1")
        source.write(indent + 1, f"if {value} is not None:")
        then(value, after, indent + 2)
    elif isinstance(pattern, _Seq):
        _write_sequence(source, pattern, 0, [], at, indent, then)
    elif isinstance(pattern, _Opt):
        # the outcome is kept in variables, so that what follows is written once, not for both cases
        value, after = source.name("v"), source.name("i")
        source.write(indent, f"{value}, {after} = None, {at}")
        _write_apart(source, pattern.part, at, indent, value, after)
        then(value, after, indent)
    elif isinstance(pattern, _Alt):
        # likewise: what follows is written once, not per option; the first option that matches
        # leaves the (one-pass) loop
        value, after, can = source.name("v"), source.name("i"), source.name("can")
        options_at = source.ref(pattern.options_at, "options_at")
        at_end = source.ref(pattern.options_at_end, "at_end")
        source.write(indent, f"{value}, {after} = None, None")
        source.write(indent, f"{can} = {options_at}[tokens[{at}]] if {at} < n else {at_end}")
        source.write(indent, "while True:")
        for k, option in enumerate(pattern.options):
            source.write(indent + 1, f"if {can}[{k}]:")
            _write_apart(source, option, at, indent + 2, value, after, then_leave=True)
        source.write(indent + 1, "break")
        source.write(indent, f"if {after} is not None:")
        then(value, after, indent + 1)
    else:  # called: phrase tries, repetitions, the rest
        m, match = source.name("m"), source.ref(pattern.match, "match")
        if pattern.nullable:
            source.write(indent, f"{m} = {match}(tokens, {at})")
        else:
            starts = source.ref(pattern.starts_with, "starts")
            source.write(indent, f"{m} = {match}(tokens, {at}) if {at} < n and {starts}[tokens[{at}]] else None")
        source.write(indent, f"if {m} is not None:")
        then(f"{m}[1]", f"{m}[0]", indent + 1)


def _write_apart(source: _Source, pattern: _Pattern, at: str, indent: int, value: str, after: str,
                 then_leave: bool = False) -> None:
    """Write ``pattern`` at ``at`` so that where it matches, its value and next index land in the
    variables ``value`` and ``after`` (and, with ``then_leave``, the enclosing loop is left); the
    locals it uses are free again afterwards."""
    def keep(matched: str, matched_after: str, inner: int) -> None:
        source.write(inner, f"{value}, {after} = {matched}, {matched_after}")
        if then_leave:
            source.write(inner, "break")
    free = source.locals
    _write(source, pattern, at, indent, keep)
    source.locals = free


def _write_sequence(source: _Source, sequence: _Seq, k: int, values: list[str], at: str, indent: int,
                    then: _Then) -> None:
    """Write parts k… of a sequence; ``values`` are the names of the values of the parts before."""
    if k < len(sequence.parts):
        _write(source, sequence.parts[k], at, indent, lambda value, after, inner_indent: _write_sequence(
            source, sequence, k + 1, values + [value], after, inner_indent, then))
    elif sequence.build is None:
        then(f"[{', '.join(values)}]", at, indent)
    elif sequence.build is _first and not sequence.parts[0].nullable:  # (so never None)
        then(values[0], at, indent)
    else:
        value, build = source.name("v"), source.ref(sequence.build, "build")
        source.write(indent, f"{value} = {build}({', '.join(values)})")
        source.write(indent, f"if {value} is not None:")
        then(value, at, indent + 1)


def _first(value, *_):
    """The build that keeps the first part's value ("2023" of "2023 г."); compiled matches write it in place."""
    return value


def rule(name: str, *parts: _Pattern, build: Callable[..., object]) -> _Rule:
    return _Rule(name, parts, build)


def alt(*options: _Pattern) -> _Pattern:
    if all(isinstance(option, _One) for option in options):
        # a choice between one-token patterns is one: a token's value is that of the first that takes it
        def first_value(token):
            return next((value for option in options if (value := option.value_of[token]) is not None), None)
        return _One(first_value)
    return _Alt(options)


def opt(part: _Pattern) -> _Opt:
    return _Opt(part)


def seq(*parts: _Pattern) -> _Seq:
    return _Seq(parts)


def words(name_or_entries) -> _Pattern:
    """The phrases of a dictionary of deadline_words.tsv (by name) or of the given entries, each read
    with the grammar's own tokenizer; a value "-" stands for none (the match gives True)."""
    entries = _WORDS[name_or_entries] if isinstance(name_or_entries, str) else name_or_entries
    phrases = {tuple(token.norm for token in _tokenize(phrase)[0]): True if value == "-" else value
               for phrase, value in entries.items()}
    if all(len(norms) == 1 for norms in phrases):  # one-word phrases only: a one-token pattern
        single = {norms[0]: value for norms, value in phrases.items()}
        return _One(lambda token: single.get(token.norm))
    if all(len(norms) == 1 or norms[1:] == (".",) for norms in phrases):
        return _Word({norms[0]: value for norms, value in phrases.items() if len(norms) == 1},
                     {norms[0]: value for norms, value in phrases.items() if len(norms) == 2})
    return _Phrases(phrases)


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
        return _range_kind(self.start.unit, self.end.unit)

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


@lru_cache(maxsize=None)  # (a few unit pairs)
def _range_kind(start_unit: str, end_unit: str) -> str:
    return next(kind for unit, kind in _RANGE_KIND if unit in (start_unit, end_unit))


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


@lru_cache(maxsize=4096)
def _periods(value) -> tuple[DeadlinePeriod, ...]:
    """A dated item's periods: the same items come again and again ("сентябрь 2022"), and periods
    are immutable, so they are made once."""
    return tuple(value.periods())


@lru_cache(maxsize=4096)
def _as_written(value) -> Optional[tuple[str, tuple[DeadlinePeriod, ...]]]:
    """The kind and periods of a dated item with its year written; None for any other item."""
    return (value.kind, _periods(value)) if value.dated and value.written_year is not None else None


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
    return _Moment("day", year, month, day)


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
YEAR = rule("year", YEAR_NUMBER, opt(YEAR_MARK), build=_first)
ORDINAL_SUFFIX = seq(DASH, words("ordinal_suffix"))
ORDINAL = alt(rule("roman", ROMAN, opt(ORDINAL_SUFFIX), build=_first),
              rule("ordinal", ORDINAL_NUMBER, opt(ORDINAL_SUFFIX), build=_first),
              words({w: int(v) for w, v in _WORDS["ordinal_word"].items()}))

MONTH_NAME = words(_with_dots(_MONTHS))
DAY = rule("day", DAY_NUMBER, opt(ORDINAL_SUFFIX), build=_first)

NUMERIC_DATE = rule(
    "numeric_date", DAY_NUMBER, DOT, MONTH_NUMBER, DOT, alt(YEAR_NUMBER, TWO_DIGIT_YEAR), opt(YEAR_MARK),
    build=lambda d, _, m, __, y, ___: _day_moment(y, m, d))
WORD_DATE = rule("word_date", DAY, MONTH_NAME, opt(YEAR), build=lambda d, m, y: _day_moment(y, m, d))
NUMERIC_DAY_MONTH = rule("numeric_day_month", DAY_NUMBER, DOT, MONTH_NUMBER,  # "15.05-20.05.2023"
                         build=lambda d, _, m: _day_moment(None, m, d))
DATE = alt(NUMERIC_DATE, WORD_DATE, NUMERIC_DAY_MONTH)

COMMA = _One(_punct(","))
MONTH = alt(
    rule("month_comma_year", MONTH_NAME, COMMA, YEAR, build=lambda m, _, y: _Moment("month", y, m)),
    rule("month", MONTH_NAME, opt(YEAR), build=lambda m, y: _Moment("month", y, m)),
    rule("numeric_month", _One(lambda t: _number(t, (2,), 1, 12)), DOT, YEAR,
         build=lambda m, _, y: _Moment("month", y, m)),
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
    """What a rule read: ``_read_items`` gives (first, last, value) tuples, _resolve these."""

    first: int  # token indices [first, last)
    last: int
    value: object


_CELL_RULE = alt(*CELL_RULES)


def _read_items(tokens: list[_Token]) -> tuple[list[tuple[int, int, object]], int]:
    """(first token, last token, value) of each item the cell rules read, and how many tokens they read."""
    items, read = [], 0
    i, n, dated_seen = 0, len(tokens), False
    while i < n:
        token = tokens[i]
        if dated_seen and CONTINUATION.starts_with[token] and (m := CONTINUATION.match(tokens, i)) is not None:
            items.append((i, m[0], m[1]))
            read += m[0] - i
            break
        for cell_rule_match in _CELL_RULE.starting_with[token]:
            if (m := cell_rule_match(tokens, i)) is not None:
                break
        else:
            i += 1
            continue
        end, value = m
        if value is not _NOT_A_DEADLINE:
            items.append((i, end, value))
            read += end - i
            dated_seen = dated_seen or value.dated
        i = end
    return items, read


def _leftover_runs(tokens: list[_Token], items: list[tuple[int, int, object]]) -> list[tuple[int, int]]:
    """Runs of tokens no item read, trimmed of punctuation, that say something (not only fillers).
    Items are in token order and never empty, so the runs are the gaps between them."""
    runs, gap_start = [], 0
    for first, last, _ in [*items, (len(tokens), None, None)]:
        if first > gap_start:
            lo, hi = _trimmed(tokens, gap_start, first)
            if any(tokens[k].norm not in _FILLERS for k in range(lo, hi)):
                runs.append((lo, hi))
        gap_start = last
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
        periods = _periods(value.placed(end_year))
        return periods[-1].end if periods else None

    return [p for year in ctx.end_years(value.end_month, ends_on) for p in _periods(value.placed(year))]


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


def _resolve(read_items: tuple[tuple[int, int, object], ...], tokens: list[_Token], ctx: _Context) -> _Reading:
    items = [_Item(*item) for item in read_items]
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
            reading.periods += _periods(value)
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
        return _Reading(dated[0].value.kind, [p for item in dated for p in _periods(item.value)],
                        recurrence, [(recur.first, recur.last)])
    reading = _Reading("recurring", [], recurrence)
    academic = ctx.plan_kind == "academic_year"
    for item, known in zip(dated, has_year):
        value = item.value
        # "ежегодно в декабре": that month in every plan year; "ежегодно до 15 марта" likewise
        periods = _periods(value) if known else [p for p in map(ctx.clip, _placed_periods(value, ctx)) if p]
        if value.is_period_type or (recurrence != "yearly" and value.kind != "by_date"):
            # the item bounds the recurrence: "ежегодно, 2021–2024 гг.", "ежемесячно с сентября по май"
            periods = [unit for p in periods for unit in _recurrence_units(recurrence, p.start, p.end, academic)]
        reading.periods += periods
    if not dated and ctx.plan:  # "ежегодно" in an academic-year plan is the plan period itself
        reading.periods = _recurrence_units(recurrence, *ctx.plan, academic)
    return reading


def _looks_like_lone_date(tokens: list[_Token]) -> bool:
    """Whether the cell (which the grammar did not read whole, nor as several items) is shaped like one
    full date: three numbers with one separator ("2021-12-01", "01/12/2021"), or day, month word and
    year where a word is Latin or an ordinal ("1 Dec 2021", "Dec 1, 2021", "первое декабря 2021 года")."""
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
        t.kind == "word" and (any(map(is_latin, t.norm)) or t.norm in _WORDS["ordinal_word"])
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

    text: str  # with plain spaces (_made_plain), as long as the raw one
    tokens: list[_Token]
    items: tuple[tuple[int, int, object], ...]  # (first token, last token, value) of each item read
    leftovers: list[tuple[int, int]]  # token runs no rule read: the note
    repaired: bool  # an OCR repair was needed
    schedule: bool  # no item read, and a by-schedule phrase ("по отдельному графику")


@lru_cache(maxsize=16384)
def _read_text(raw: str) -> _TextReading:
    """Repair, tokens and grammar for one cell text, remembered per text: roadmap cells repeat (the
    134 gold cells are 64 distinct texts) and every format of an order gives the same cells again."""
    text = _made_plain(raw, _ODD_SPACES)
    tokens, mended = _tokenize(text)
    repaired = _OCR_DASH in raw or mended
    # an event phrase at the first word makes the cell event-relative ("после объявления результатов")
    first_word = 0
    while first_word < len(tokens) and tokens[first_word].kind in ("punct", "dash"):
        first_word += 1
    event_relative = (first_word < len(tokens) and EVENT.starts_with[tokens[first_word]]
                      and EVENT.match(tokens, first_word) is not None)
    items, read = ([], 0) if event_relative else _read_items(tokens)
    unread = len(tokens) - read
    if unread and len(items) <= 1 and _looks_like_lone_date(tokens):
        found = _dateparser_date(" ".join(_chunk(chunk).text for chunk in text.split()))
        if found is not None:
            items, unread = [(0, len(tokens), _Moment("day", found.year, month=found.month, day=found.day))], 0
    schedule = not items and any(BY_SCHEDULE.match(tokens, i) for i in range(len(tokens)))
    return _TextReading(text, tokens, tuple(items), _leftover_runs(tokens, items) if items and unread else [],
                        repaired, schedule)


def _read_cell(raw: str, ctx: _Context) -> ParsedDeadline:
    if not raw.strip():
        return ParsedDeadline("unparsed", [])
    text, tokens, items, leftovers, repaired, schedule = _read_text(raw)
    if not items:  # (a continuation is read only after a date, so any item means a reading)
        kind, note = ("by_schedule", " ".join(raw.split())) if schedule else ("unparsed", None)
        return ParsedDeadline(kind, [], None, note, _deadline_flags(kind, [], False, repaired, ctx))

    written = _as_written(items[0][2]) if len(items) == 1 else None
    if written is not None and not leftovers:  # the common cell: one dated item with its year, no note
        kind, periods = written
        flags = _deadline_flags(kind, periods, False, repaired, ctx)
        return ParsedDeadline(kind, list(periods), None, None, flags)
    reading = _Reading(written[0], list(written[1])) if written is not None else _resolve(items, tokens, ctx)
    if leftovers or reading.note_spans:
        spans = sorted(leftovers + [_trimmed(tokens, *span) for span in reading.note_spans])
        token_spans = _token_spans(text)
        note = "; ".join(_span_text(raw, token_spans, first, last) for first, last in spans)
    else:
        note = None
    flags = _deadline_flags(reading.kind, reading.periods, reading.year_missing, repaired, ctx)
    return ParsedDeadline(reading.kind, reading.periods, reading.recurrence, note, flags)


def _deadline_flags(kind: str, periods: Sequence[DeadlinePeriod], year_missing: bool, ocr_repaired: bool,
                    ctx: _Context) -> list[str]:
    """Every deadline flag, in FLAG_ORDER: the one place each of them is decided."""
    inverted = outside = before_order = False
    plan_start, plan_end = ctx.plan or (None, None)
    # recurring periods are the plan's own units: never "before the order"
    order_date = None if kind == "recurring" else ctx.order_date
    for period in periods:
        start, end = period.start, period.end
        if start is not None and end is not None and start > end:
            inverted = True
        if plan_start is not None and ((start is not None and not plan_start <= start <= plan_end)
                                       or (end is not None and not plan_start <= end <= plan_end)):
            outside = True
        if order_date is not None and end is not None and end < order_date:
            before_order = True
    return list(compress(FLAG_ORDER, (inverted, year_missing, outside, before_order, kind == "unparsed",
                                      ocr_repaired)))


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
    tokens = _tokenize(_made_plain(text, _ODD_SPACES))[0]
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
        periods = _periods(value) if kind else []
        if periods:
            spans = _token_spans(_made_plain(text, _ODD_SPACES))
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
