"""Reading deadline cells: the public API of the deadline grammar.

Takes the text of one deadline cell ("ноябрь 2021", "до 01.12.2021", "ежегодно в декабре") and its
context (plan period, plan kind, order date); gives a :class:`ParsedDeadline`: the kind, closed
periods, recurrence, note, and the deadline flags it raised. :func:`parse_plan_period` reads a
plan period from a title with the same rules; :func:`infer_plan_period` finds one a plan does not
state; :func:`find_dates` gives the single-day dates of any text (an order's date line);
:func:`deadline_likeness` scores how much of a cell is date words.

How a cell is read, top to bottom:

1. tokens, with their OCR repairs (``tokens.py``);
2. items: the grammar's named rules (``grammar.py``) run by the interpreter (``engine.py``); tokens
   no rule reads are the note. A lone full date the grammar cannot spell ("первое декабря 2021
   года", "2021-12-01", "1 Dec 2021") goes to dateparser, imported on first need;
3. years, periods, kind and recurrence (``years.py``);
4. flags (``flags.py``).

Steps 1–2 depend on the text alone and are remembered per distinct cell text: cells repeat within
an order and across its formats.

Strict mode: by default :func:`parse_deadline` never raises on text: a cell that trips the grammar
(a bug of ours, never of the cell) is logged and read as ``unparsed``. In strict mode
(``strict=True``, or inside :func:`strict_deadlines`) it raises :class:`DeadlineGrammarError`
instead; the tests and the benchmark read in strict mode.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterator, NamedTuple, Optional, Sequence

from ..repair import is_latin
from .engine import TokenMemo
from .flags import deadline_flags
from .grammar import (
    ACADEMIC_YEAR, BY_SCHEDULE, DATE_IN_TEXT, EVENT, GRAMMAR, SCHOOL_TERM, Grammar, leftover_runs, span_text,
    trimmed,
)
from .items import DeadlinePeriod, Moment, Range, as_written, periods_of
from .tokens import DATE_WORDS, OCR_DASH, WORDS, Token, chunk, plain_spaces, token_spans, tokenize
from .years import Context, Reading, resolve

_log = logging.getLogger(__name__)


@dataclass
class ParsedDeadline:
    """The deadline model of the output contract (without ``raw``) and the flag codes raised for it."""

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


class DeadlineGrammarError(Exception):
    """A cell tripped the grammar (strict mode only): a bug of the rules, never of the cell."""


_STRICT: ContextVar[bool] = ContextVar("strict_deadlines", default=False)


@contextmanager
def strict_deadlines() -> Iterator[None]:
    """Within this block every parse_deadline call is strict (a pipeline run in a test)."""
    token = _STRICT.set(True)
    try:
        yield
    finally:
        _STRICT.reset(token)


# --------------------------------------------------------------------------- the text

def _looks_like_lone_date(tokens: list[Token]) -> bool:
    """Whether the cell (which the grammar did not read whole, nor as several items) is shaped like one
    full date: three numbers with one separator ("2021-12-01", "01/12/2021"), or day, month word and
    year where a word is Latin or an ordinal ("1 Dec 2021", "Dec 1, 2021", "первое декабря 2021 года")."""
    shape = [t for t in tokens if not (t.kind == "punct" and t.norm == ",")]
    while shape and (shape[-1].kind == "punct" or shape[-1].norm in WORDS["year_word"]
                     or shape[-1].norm in WORDS["year_abbreviation"]):
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
        t.kind == "word" and (any(map(is_latin, t.norm)) or t.norm in WORDS["ordinal_word"])
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

    text: str  # with plain spaces, as long as the raw one
    tokens: list[Token]
    items: tuple[tuple[int, int, object], ...]  # (first token, last token, value) of each item read
    leftovers: list[tuple[int, int]]  # token runs no rule read: the note
    repaired: bool  # an OCR repair was needed
    schedule: bool  # no item read, and a by-schedule phrase ("по отдельному графику")


@lru_cache(maxsize=16384)
def _read_text(raw: str, grammar: Grammar) -> _TextReading:
    """Repair, tokens and grammar for one cell text, remembered per text: roadmap cells repeat (the
    134 gold cells are 64 distinct texts) and every format of an order gives the same cells again."""
    text = plain_spaces(raw)
    tokens, mended = tokenize(text)
    repaired = OCR_DASH in raw or mended
    # an event phrase at the first word makes the cell event-relative ("после объявления результатов")
    first_word = 0
    while first_word < len(tokens) and tokens[first_word].kind in ("punct", "dash"):
        first_word += 1
    event_relative = (first_word < len(tokens) and EVENT.starts_with[tokens[first_word]]
                      and EVENT.match(tokens, first_word) is not None)
    items, read = ([], 0) if event_relative else grammar.read_items(tokens)
    unread = len(tokens) - read
    if unread and len(items) <= 1 and _looks_like_lone_date(tokens):
        found = _dateparser_date(" ".join(chunk(piece).text for piece in text.split()))
        if found is not None:
            items, unread = [(0, len(tokens), Moment("day", found.year, month=found.month, day=found.day))], 0
    if any(SCHOOL_TERM.starts_with[t] for t in tokens):
        # a school term ("1 раз в четверть", "I четверть") has no calendar dates: by_schedule whatever
        # else the cell says
        items, unread = [], len(tokens)
    schedule = not items and any(BY_SCHEDULE.match(tokens, i) or SCHOOL_TERM.match(tokens, i)
                                 for i in range(len(tokens)))
    return _TextReading(text, tokens, tuple(items), leftover_runs(tokens, items) if items and unread else [],
                        repaired, schedule)


# --------------------------------------------------------------------------- the cell

def _flags(kind: str, periods: Sequence[DeadlinePeriod], year_missing: bool, repaired: bool,
           ctx: Context) -> list[str]:
    return deadline_flags(kind, periods, year_missing, repaired, ctx.plan, ctx.order_date)


def _read_cell(raw: str, ctx: Context, grammar: Grammar) -> ParsedDeadline:
    if not raw.strip():
        return ParsedDeadline("unparsed", [])
    text, tokens, items, leftovers, repaired, schedule = _read_text(raw, grammar)
    if not items:  # (a continuation is read only after a date, so any item means a reading)
        kind, note = ("by_schedule", " ".join(raw.split())) if schedule else ("unparsed", None)
        return ParsedDeadline(kind, [], None, note, _flags(kind, [], False, repaired, ctx))

    written = as_written(items[0][2]) if len(items) == 1 else None
    if written is not None and not leftovers:  # the common cell: one dated item with its year, no note
        kind, periods = written
        return ParsedDeadline(kind, list(periods), None, None, _flags(kind, periods, False, repaired, ctx))
    reading = Reading(written[0], list(written[1])) if written is not None else resolve(items, tokens, ctx)
    if leftovers or reading.note_spans:
        spans = sorted(leftovers + [trimmed(tokens, *span) for span in reading.note_spans])
        where = token_spans(text)
        note = "; ".join(span_text(raw, where, start, stop) for start, stop in spans)
    else:
        note = None
    flags = _flags(reading.kind, reading.periods, reading.year_missing, repaired, ctx)
    return ParsedDeadline(reading.kind, reading.periods, reading.recurrence, note, flags)


# --------------------------------------------------------------------------- public API

_context = lru_cache(maxsize=64)(Context.make)  # a pipeline passes one order's context many times


def parse_deadline(raw, *, plan_start: Optional[date] = None, plan_end: Optional[date] = None,
                   plan_kind: Optional[str] = None, order_date: Optional[date] = None,
                   strict: Optional[bool] = None, grammar: Grammar = GRAMMAR) -> ParsedDeadline:
    """Normalize one deadline cell.

    ``plan_start``/``plan_end``/``plan_kind`` are the plan period (``plan_kind`` one of the
    ``plan.period.kind`` values; without it the kind is read from the dates) and ``order_date`` the
    order's date: they give a year to a month written without one and are what
    ``date_outside_plan_period`` and ``deadline_before_order`` compare with.

    An empty or whitespace-only cell gives kind "unparsed" with no periods and no flags: the
    pipeline raises ``deadline_missing`` for empty cells itself. Text that no rule reads gives
    "unparsed" with the flag ``deadline_unparsed``.

    Never raises unless ``strict`` (default: whether inside :func:`strict_deadlines`): then a cell
    that trips the rules raises :class:`DeadlineGrammarError`. ``grammar`` is the rule set.
    """
    try:
        ctx = _context(plan_start, plan_end, plan_kind, order_date)
    except TypeError:  # an unhashable argument: not worth remembering
        ctx = Context.make(plan_start, plan_end, plan_kind, order_date)
    text = "" if raw is None else raw if isinstance(raw, str) else str(raw)
    try:
        return _read_cell(text, ctx, grammar)
    except Exception as error:  # noqa: BLE001 - the catch-all strict mode turns off
        if _STRICT.get() if strict is None else strict:
            raise DeadlineGrammarError(f"deadline cell {text!r}: {type(error).__name__}: {error}") from error
        _log.warning("deadline cell %r tripped the grammar (%s: %s); read as unparsed",
                     text, type(error).__name__, error)
        return ParsedDeadline("unparsed", [], None, None, _flags("unparsed", [], False, False, ctx))


def parse_plan_period(text: str) -> Optional[PlanPeriodResult]:
    """The plan period a plan or order title states, or None.

    Read with the deadline grammar: a year, year range or academic year after "на" ("на 2021/2022
    учебный год", "на 2020 – 2021 год", "на 2020-2024 годы", "на 2023 год"), or an academic year
    anywhere ("2022-2023 учебный год"). ``raw`` is the stated words, from the first year to the
    year word.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    tokens = tokenize(plain_spaces(text))[0]
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


def _after_event(tokens: list[Token], i: int) -> bool:
    """Whether an event phrase ends just before token i ("по итогам 2021-2022 учебного года")."""
    return any((m := EVENT.match(tokens, j)) is not None and m[0] == i for j in range(max(0, i - 3), i))


def _plan_period_at(text: str, tokens: list[Token], i: int) -> Optional[PlanPeriodResult]:
    for plan_rule in GRAMMAR.plan_rules:
        m = plan_rule.match(tokens, i)
        if m is None:
            continue
        value = m[1]
        kind = {"academic_year": "academic_year", "year": "calendar_year"}.get(getattr(value, "unit", None))
        if isinstance(value, Range) and value.start.unit == value.end.unit == "year":
            kind = "years"
        periods = periods_of(value) if kind else []
        if periods:
            spans = token_spans(plain_spaces(text))
            raw = " ".join(text[spans[i][0]:spans[m[0] - 1][1]].split())
            return PlanPeriodResult(raw, kind, periods[0].start, periods[0].end)
    return None


def infer_plan_period(deadlines: Sequence[ParsedDeadline]) -> Optional[tuple[date, date]]:
    """The academic year (09-01 … 08-31) that holds the most deadline periods (plan kind `inferred`).

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


def find_dates(text: str) -> list[date]:
    """The single-day dates with a year that a text writes, in reading order: "23.11.2021",
    "от 30.12.2020 № 1861", "«05» февраля 2024 г.", with the grammar's tokens and OCR repairs.
    Cheap enough for every line of an order's header."""
    if not isinstance(text, str):
        return []
    tokens = tokenize(plain_spaces(text))[0]
    found, i, n = [], 0, len(tokens)
    starting_with = DATE_IN_TEXT.starting_with
    while i < n:
        m = None
        for option in starting_with[tokens[i]]:
            if (m := option(tokens, i)) is not None:
                break
        if m is None:
            i += 1
            continue
        i, moment = m
        if moment.year is not None:
            found.append(date(moment.year, moment.month, moment.day))
    return found


_DATE_SEPARATORS = frozenset("/")
_NOT_COUNTED = frozenset(".,;()")  # punctuation that neither counts for nor against a deadline


def _date_like(token: Token) -> bool:
    if token.kind == "word":
        return token.norm in DATE_WORDS or token.roman is not None
    if token.kind == "num":
        return token.digits == 4 and token.number is not None and 1900 <= token.number <= 2100
    return token.kind == "dash" or token.norm in _DATE_SEPARATORS


_DATE_LIKE = TokenMemo(_date_like)


def deadline_likeness(text: Optional[str]) -> float:
    """How much of a cell is date words (0…1): the share of its characters (without spaces and
    ".,;()") in tokens the grammar reads as dates: month names, years, numeric dates, dashes and the
    words of its dictionaries ("квартал", "ежегодно", "течение", "по графику", "до"), but for
    prepositions and conjunctions ("в", "на", "и"). Used to pick
    the deadline among drifted cells of broken rows, so it runs on every such cell: it is a pass
    over the cell's tokens, whose classes are remembered per token."""
    if not text:
        return 0.0
    tokens = tokenize(plain_spaces(text))[0]
    covered = total = 0
    numeric_date_until = -1  # "01.12.2021": its day and month count with its year
    for k, token in enumerate(tokens):
        size = len(token.norm)
        if token.kind == "punct" and token.norm in _NOT_COUNTED:
            continue
        total += size
        like = _DATE_LIKE[token]
        if not like and token.kind == "num" and k + 4 < len(tokens) and token.digits <= 2:
            dot, month, dot2, year = tokens[k + 1:k + 5]
            if dot.norm == dot2.norm == "." and month.kind == year.kind == "num" and month.digits <= 2 \
                    and year.digits in (2, 4):
                numeric_date_until = k + 4
        if like or k <= numeric_date_until:
            covered += size
    return min(1.0, covered / total) if total else 0.0
