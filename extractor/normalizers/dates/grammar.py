"""The deadline grammar: named rules over tokens, read by the interpreter of ``engine.py``.

Takes tokens (``tokens.py``); gives items (``items.py``): dates, months, ranges, by-dates,
quarters, half-years, academic years, recurrences, whole-period phrases, continuations. Each rule
below is named and declarative: its parts, then the ``build`` that turns their values into an
item (or vetoes with None). Word lists are the dictionaries of ``data/deadline_words.tsv``.

A cell is read left to right (:meth:`Grammar.read_items`): at each token the first cell rule that
matches wins (PEG ordered choice, most specific rule first); tokens no rule reads are leftovers,
the note. ``docs/deadlines.md`` lists the forms the rules read, with examples.
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence

from ..lexicon import QUOTE_CHARS
from .engine import Many, One, Pattern, Rest, alt, first, opt, rule, seq, words
from .items import ByDate, Continuation, Moment, OpenStart, Range, Recur, Several, Whole, day_moment
from .tokens import FILLERS, MONTHS, WORDS, Token

# What the rules build for a date that is no deadline (a document's date, a day no calendar has): it
# is read so that no other rule takes its parts, then left over (to the note).
NOT_A_DEADLINE = object()


# --------------------------------------------------------------------------- builds

def _academic_year(first_year: int, _sep, second: int, *_marks) -> Optional[Moment]:
    return Moment("academic_year", first_year) if second == first_year + 1 else None  # "2023/24" came as 2024


def _half_year(index: int, _word, year) -> Optional[Moment]:
    if index not in (1, 2):
        return None
    if isinstance(year, Moment):  # "1 полугодие 2023/2024 учебного года": Sep–Dec / Jan–Aug
        return Moment("academic_half", year.year if index == 1 else year.year + 1, index=index)
    return Moment("half", year, index=index)


def _ordinal_range(low: int, mark, high: int, unit: str, year) -> Optional[Range]:
    top = 4 if unit == "quarter" else 2
    if not (1 <= low <= top and 1 <= high <= top) or (mark == "и" and high != low + 1):
        return None
    if unit == "half" and isinstance(year, Moment):
        return Range(_half_year(low, None, year), _half_year(high, None, year))
    if isinstance(year, Moment):
        return None
    return Range(Moment(unit, year, index=low), Moment(unit, year, index=high))


def _range(_from, start: Moment, _mark, end: Moment) -> Optional[Range]:
    if (start.unit == "year") != (end.unit == "year"):  # "май – 2023" is no range
        return None
    # the year written once applies to both ends ("Май-июнь 2020"; "декабрь – октябрь 2024 г."
    # stays inverted and is flagged)
    if start.year is None and end.year is not None:
        start = start.with_year(end.year)
    elif end.year is None and start.year is not None:
        end = end.with_year(start.year)
    return Range(start, end)


def _day_range(_from, first_day: int, _mark, end: Moment) -> Optional[Range]:
    start = day_moment(end.year, end.month, first_day)  # "20–21 апреля 2023г."
    return None if start is None else Range(start, end)


_UNITS_PER_YEAR = {"yearly": 1, "half_yearly": 2, "quarterly": 4, "monthly": 12}
_RECURRENCE_OF = {per_year: recurrence for recurrence, per_year in _UNITS_PER_YEAR.items()}


def _times_per_unit(count, _times, _in, unit: str) -> Optional[Recur]:
    """ "N раз в <unit>": the recurrence as often as that ("2 раза в год", "2 раза в полугодие":
    half-yearly, quarterly), or, when no unit is ("3 раза в год"), the named unit with the words in
    the note."""
    count = int(count) if count is not None else 1
    if count < 1:
        return None
    finer = _RECURRENCE_OF.get(count * _UNITS_PER_YEAR[unit])
    return Recur(finer) if finer is not None else Recur(unit, counted=True)


def _ordinal_list(first_index: int, rest: list, unit: str, year) -> Optional[Several]:
    """ "II и IV кварталы 2023 г.", "I, III кварталы": one quarter or half-year per ordinal."""
    indices = [first_index, *(index for _mark, index in rest)]
    top = 4 if unit == "quarter" else 2
    if len(indices) < 2 or not all(1 <= index <= top for index in indices):
        return None
    if unit == "half":
        return Several(tuple(_half_year(index, None, year) for index in indices))
    if isinstance(year, Moment):
        return None
    return Several(tuple(Moment(unit, year, index=index) for index in indices))


def _impossible_day(day: int, month: int, year) -> Optional[object]:
    """ "32 декабря 2021 г.", "31 июня": a day no calendar has is no deadline (not the month)."""
    return NOT_A_DEADLINE if day_moment(year, month, day) is None else None


def _point_or_range(start_mark, start: Moment, tail) -> Optional[object]:
    if tail is not None:
        return _range(None, start, None, tail[1])
    # "с 01.09.2022" with no end: from the date to the end of the plan period
    return OpenStart(start) if start_mark is not None and start.unit != "year" else start


def _punct(char: str) -> Callable[[Token], object]:
    return lambda t: True if t.kind == "punct" and t.norm == char else None


def _number(t: Token, digits: tuple[int, ...], low: int, high: int) -> Optional[int]:
    if t.kind == "num" and t.digits in digits and t.number is not None and low <= t.number <= high:
        return t.number
    return None


def _with_dots(entries: dict) -> dict:
    """Each phrase also with an abbreviation's dot after it ("сент.", "кв.", "г.")."""
    return {**entries, **{f"{phrase}.": value for phrase, value in entries.items()}}


def _followed_by(leading: dict, following: dict) -> dict:
    """Each phrase of ``leading`` followed by each of ``following``, with the value of ``leading``."""
    return {f"{a} {b}": value for a, value in leading.items() for b in following}


# --------------------------------------------------------------------------- grammar

DOT = One(_punct("."))
SLASH = One(_punct("/"))
DASH = One(lambda t: True if t.kind == "dash" else None)

YEAR_NUMBER = One(lambda t: _number(t, (4,), 1900, 2100))
TWO_DIGIT_YEAR = One(lambda t: None if (n := _number(t, (2,), 0, 99)) is None else 2000 + n)
DAY_NUMBER = One(lambda t: _number(t, (1, 2), 1, 31))
MONTH_NUMBER = One(lambda t: _number(t, (1, 2), 1, 12))
ORDINAL_NUMBER = One(lambda t: _number(t, (1,), 1, 4))
ROMAN = One(lambda t: t.roman)

# Word forms with their optional dots are phrase dictionaries: one trie walk reads "уч. г." whole.
_YEAR_MARKS = {**_with_dots(WORDS["year_abbreviation"]), **WORDS["year_word"]}
_ACADEMIC_WORDS = _with_dots(WORDS["academic_word"])

YEAR_MARK = words(_YEAR_MARKS)
YEAR = rule("year", YEAR_NUMBER, opt(YEAR_MARK), build=first)
ORDINAL_SUFFIX = seq(DASH, words("ordinal_suffix"))
ORDINAL = alt(rule("roman", ROMAN, opt(ORDINAL_SUFFIX), build=first),
              rule("ordinal", ORDINAL_NUMBER, opt(ORDINAL_SUFFIX), build=first),
              words({w: int(v) for w, v in WORDS["ordinal_word"].items()}))

MONTH_NAME = words(_with_dots(MONTHS))
DAY = rule("day", DAY_NUMBER, opt(ORDINAL_SUFFIX), build=first)

NUMERIC_DATE = rule(
    "numeric_date", DAY_NUMBER, DOT, MONTH_NUMBER, DOT, alt(YEAR_NUMBER, TWO_DIGIT_YEAR), opt(YEAR_MARK),
    build=lambda d, _, m, __, y, ___: day_moment(y, m, d))
WORD_DATE = rule("word_date", DAY, MONTH_NAME, opt(YEAR), build=lambda d, m, y: day_moment(y, m, d))
NUMERIC_DAY_MONTH = rule("numeric_day_month", DAY_NUMBER, DOT, MONTH_NUMBER,  # "15.05-20.05.2023"
                         build=lambda d, _, m: day_moment(None, m, d))
DATE = alt(NUMERIC_DATE, WORD_DATE, NUMERIC_DAY_MONTH)

COMMA = One(_punct(","))
MONTH = alt(
    rule("month_comma_year", MONTH_NAME, COMMA, YEAR, build=lambda m, _, y: Moment("month", y, m)),
    rule("month", MONTH_NAME, opt(YEAR), build=lambda m, y: Moment("month", y, m)),
    rule("numeric_month", One(lambda t: _number(t, (2,), 1, 12)), DOT, YEAR,
         build=lambda m, _, y: Moment("month", y, m)),
)

ACADEMIC_MARK = words({**_ACADEMIC_WORDS, **_followed_by(_ACADEMIC_WORDS, _YEAR_MARKS)})
ACADEMIC_YEAR = alt(
    rule("academic_year", YEAR_NUMBER, alt(SLASH, DASH), alt(YEAR_NUMBER, TWO_DIGIT_YEAR), ACADEMIC_MARK,
         build=_academic_year),
    rule("academic_year_slashed", YEAR_NUMBER, SLASH, alt(YEAR_NUMBER, TWO_DIGIT_YEAR), opt(YEAR_MARK),
         build=_academic_year),
)

QUARTER_WORD = words({phrase: "quarter" for phrase in _with_dots(WORDS["quarter_word"])})
HALF_WORD = words({phrase: "half" for phrase in _with_dots(WORDS["half_word"])})
QUARTER = rule("quarter", ORDINAL, QUARTER_WORD, opt(YEAR),
               build=lambda q, _, y: Moment("quarter", y, index=q) if 1 <= q <= 4 else None)
HALF_YEAR = rule("half_year", ORDINAL, HALF_WORD, opt(alt(ACADEMIC_YEAR, YEAR)), build=_half_year)
ORDINAL_RANGE = rule("ordinal_range", ORDINAL, alt(DASH, words({"и": "и"})), ORDINAL,
                     alt(QUARTER_WORD, HALF_WORD), opt(alt(ACADEMIC_YEAR, YEAR)), build=_ordinal_range)
LIST_MARK = alt(COMMA, words({"и": "и"}))
ORDINAL_LIST = rule("ordinal_list", ORDINAL, Many(seq(LIST_MARK, ORDINAL)), alt(QUARTER_WORD, HALF_WORD),
                    opt(alt(ACADEMIC_YEAR, YEAR)), build=_ordinal_list)

YEAR_POINT = rule("year_point", YEAR, build=lambda y: Moment("year", y))
RANGE_END = alt(DATE, QUARTER, HALF_YEAR, MONTH, YEAR_POINT)
RANGE_MARK = alt(DASH, words("range_to"))
FROM = words("range_from")
DAY_RANGE = rule("day_range", opt(FROM), DAY, RANGE_MARK, alt(WORD_DATE, NUMERIC_DATE), build=_day_range)
# a point, or a range when a range mark and a second point follow; a range that _range vetoes
# ("май – 2023") falls back to the single-point rules of CELL_RULES
POINT_OR_RANGE = rule("point_or_range", opt(FROM), RANGE_END, opt(seq(RANGE_MARK, RANGE_END)),
                      build=_point_or_range)

YEARLESS_YEAR = alt(  # "до конца учебного года", "до конца года"
    rule("academic_year_word", words(_followed_by(_ACADEMIC_WORDS, _YEAR_MARKS)),
         build=lambda _: Moment("academic_year", None)),
    rule("year_word", words("year_word"), build=lambda _: Moment("year", None)),
)
BY_DATE = rule("by_date", words("by_marker"),
               alt(DATE, QUARTER, HALF_YEAR, ACADEMIC_YEAR, MONTH, YEAR_POINT, YEARLESS_YEAR),
               build=lambda marker, target: ByDate(target, marker == "last"))

PERIOD_OBJECT = Many(words("period_object"))
WHOLE_PERIOD = alt(
    rule("during_whole", words("during"), words("whole_object"), PERIOD_OBJECT, build=lambda *_: Whole()),
    rule("whole_period", words("whole_period"), PERIOD_OBJECT, build=lambda *_: Whole()),
)
RECURRENCE = alt(
    rule("recurrence", words("recurrence"), build=Recur),
    rule("times_per_unit", opt(alt(One(lambda t: _number(t, (1, 2), 0, 99)), words("recurrence_count"))),
         words("recurrence_times"), words({"в": "-"}), words("recurrence_unit"), build=_times_per_unit),
)
CONTINUATION = rule("continuation", words("continuation"), Rest(),
                    build=lambda _, span: Continuation(span))
BY_SCHEDULE = words("by_schedule")
SCHOOL_TERM = words("school_term")  # "1 раз в четверть", "по четвертям": no calendar dates
EVENT = words("event")

# Dates that are no deadline are read so that no other rule takes them, and are then left over (to the
# note, or the cell is by_schedule or unparsed): a day no calendar has ("30.02.2023", which would
# otherwise leave "02.2023" to be read as a month; "32 декабря 2021 г.", not December), and a
# document's date ("приказом от 01.09.2021").
ANY_SMALL_NUMBER = One(lambda t: t.number if t.kind == "num" and t.digits <= 2 else None)
IMPOSSIBLE_DATE = rule("impossible_date", ANY_SMALL_NUMBER, DOT, ANY_SMALL_NUMBER, DOT,
                       alt(YEAR_NUMBER, TWO_DIGIT_YEAR), build=lambda *_: NOT_A_DEADLINE)
IMPOSSIBLE_WORD_DATE = rule("impossible_word_date", ANY_SMALL_NUMBER, MONTH_NAME, opt(YEAR), build=_impossible_day)
DOCUMENT_DATE = rule("document_date", words({"от": "-"}), alt(DATE, IMPOSSIBLE_DATE),
                     build=lambda *_: NOT_A_DEADLINE)

# Dates in running text (an order's date line): "23.11.2021", "«05» февраля 2024 г.".
QUOTE = One(lambda t: True if t.kind == "punct" and t.norm in QUOTE_CHARS else None)
QUOTED_WORD_DATE = rule("quoted_word_date", QUOTE, DAY, QUOTE, MONTH_NAME, YEAR,
                        build=lambda _, d, __, m, y: day_moment(y, m, d))
DATE_IN_TEXT = alt(NUMERIC_DATE, QUOTED_WORD_DATE, WORD_DATE)

# The rules a cell is read with, most specific first.
# (POINT_OR_RANGE cannot read a prefix of a day range "20–21 апреля", so DAY_RANGE may follow it.)
CELL_RULES = (WHOLE_PERIOD, RECURRENCE, BY_DATE, DOCUMENT_DATE, ORDINAL_RANGE, ORDINAL_LIST, ACADEMIC_YEAR,
              POINT_OR_RANGE, DAY_RANGE, IMPOSSIBLE_DATE, IMPOSSIBLE_WORD_DATE, DATE, QUARTER, HALF_YEAR, MONTH,
              YEAR_POINT)
# "на 2024 и 2025 годы": two years joined by "и" and followed by the plural year word span both
PLAN_YEAR_PAIR = rule("plan_year_pair", YEAR_NUMBER, words({"и": "и"}), YEAR_NUMBER, YEAR_MARK,
                      build=lambda a, _, b, __: Range(Moment("year", a), Moment("year", b)) if a < b else None)
# The rules a plan period is read with (after "на", or an academic year anywhere).
PLAN_RULES = (ACADEMIC_YEAR, PLAN_YEAR_PAIR, POINT_OR_RANGE)


# --------------------------------------------------------------------------- reading

class Grammar:
    """A rule set: the cell rules (ordered, most specific first) and the plan-period rules. Cells
    are read with :data:`GRAMMAR`; another rule set (a test's) is read the same way."""

    def __init__(self, cell_rules: Sequence[Pattern], plan_rules: Sequence[Pattern]):
        self.cell_rules = tuple(cell_rules)
        self.plan_rules = tuple(plan_rules)
        # the rules that can start at a token, per token: the interpreter's index
        self.starting_with = alt(*cell_rules).starting_with

    def read_items(self, tokens: list[Token]) -> tuple[list[tuple[int, int, object]], int]:
        """(first token, last token, value) of each item the cell rules read, and how many tokens
        they read."""
        items, read = [], 0
        i, n, dated_seen = 0, len(tokens), False
        starting_with = self.starting_with
        while i < n:
            token = tokens[i]
            if dated_seen and CONTINUATION.starts_with[token] and (m := CONTINUATION.match(tokens, i)) is not None:
                items.append((i, m[0], m[1]))
                read += m[0] - i
                break
            for cell_rule_match in starting_with[token]:
                if (m := cell_rule_match(tokens, i)) is not None:
                    break
            else:
                i += 1
                continue
            end, value = m
            if isinstance(value, Several):
                items += [(i, end, each) for each in value.items]
                read += end - i
                dated_seen = True
            elif value is not NOT_A_DEADLINE:
                items.append((i, end, value))
                read += end - i
                dated_seen = dated_seen or value.dated
            i = end
        return items, read


GRAMMAR = Grammar(CELL_RULES, PLAN_RULES)


def leftover_runs(tokens: list[Token], items: list[tuple[int, int, object]]) -> list[tuple[int, int]]:
    """Runs of tokens no item read, trimmed of punctuation, that say something (not only fillers).
    Items are in token order and never empty, so the runs are the gaps between them."""
    runs, gap_start = [], 0
    for start, stop, _ in [*items, (len(tokens), None, None)]:
        if start > gap_start:
            lo, hi = trimmed(tokens, gap_start, start)
            if any(tokens[k].norm not in FILLERS for k in range(lo, hi)):
                runs.append((lo, hi))
        gap_start = stop
    return runs


def trimmed(tokens: list[Token], start: int, stop: int) -> tuple[int, int]:
    """A token run without the punctuation and dashes at its ends ("(исполнено)" -> "исполнено")."""
    while start < stop and tokens[start].kind in ("punct", "dash"):
        start += 1
    while stop > start and tokens[stop - 1].kind in ("punct", "dash"):
        stop -= 1
    return start, stop


def span_text(raw: str, spans: list[tuple[int, int]], start: int, stop: int) -> str:
    return " ".join(raw[spans[start][0]:spans[stop - 1][1]].split())


