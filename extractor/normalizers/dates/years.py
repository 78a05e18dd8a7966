"""Year inference and periods: a cell's items (``grammar.py``) in its context -> periods, kind,
recurrence and where its notes are.

Takes the items read from a cell and a :class:`Context` (plan period, plan kind, order date);
gives a :class:`Reading`. The rules (``docs/deadlines.md``, "Years"):

- a range's year written once applies to both ends (in the range rule itself);
- a trailing year applies to every item before it that has none ("июнь, сентябрь 2022г.");
- what is still without a year takes it from the plan: in an academic-year plan Sep–Dec the first
  year, Jan–Aug the second (a range's start the same year, or the year before when its month comes
  after the end's); in a calendar-year plan its year; in a multi-year plan every plan year (the
  cell then recurs yearly); without a plan, the first such unit that does not end before the order
  date. Each raises ``year_missing``;
- recurrences ("ежегодно", "1 раз в квартал") are their units intersected with the plan period,
  or with the dates the cell bounds them by.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Optional

from .grammar import RECURRENCE, Token
from .items import DeadlinePeriod, Recur, Whole, Continuation, last_day, periods_of

# --------------------------------------------------------------------------- context

@dataclass(frozen=True)
class Context:
    plan: Optional[tuple[date, date]]
    plan_kind: Optional[str]  # academic_year | calendar_year | years
    order_date: Optional[date]

    @classmethod
    def make(cls, plan_start, plan_end, plan_kind, order_date) -> "Context":
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
        """Years for a unit without one, by the year its last month falls in (docs/deadlines.md, "Years").

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

def periods_in(value, ctx: Context) -> list[DeadlinePeriod]:
    """A dated item's periods in its context: an open start ("с 01.09.2022") ends with the plan
    period (without one it is its start alone)."""
    periods = periods_of(value)
    if value.open_end and ctx.plan is not None and periods:
        return [DeadlinePeriod(periods[0].start, ctx.plan[1])]
    return list(periods)


def placed_periods(value, ctx: Context) -> list[DeadlinePeriod]:
    """Periods of a yearless item, one per year the context gives it."""

    def ends_on(end_year: int) -> Optional[date]:
        periods = periods_of(value.placed(end_year))
        return periods[-1].end if periods else None

    return [p for year in ctx.end_years(value.end_month, ends_on) for p in periods_in(value.placed(year), ctx)]


STEP_MONTHS = {"yearly": 12, "half_yearly": 6, "quarterly": 3, "monthly": 1}  # (to pick the finer one)
# The months each recurrence unit starts in. In an academic-year plan a year is the plan year
# (September to August) and a half-year one of its halves (Sep–Dec, Jan–Aug), as docs/deadlines.md
# defines "1 полугодие 2023/2024 учебного года"; quarters and months are the calendar's either way.
_UNIT_STARTS = {"yearly": (1,), "half_yearly": (1, 7), "quarterly": (1, 4, 7, 10), "monthly": tuple(range(1, 13))}
_ACADEMIC_UNIT_STARTS = {**_UNIT_STARTS, "yearly": (9,), "half_yearly": (1, 9)}


def recurrence_units(recurrence: str, start: date, end: date, academic: bool = False) -> list[DeadlinePeriod]:
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
                                      min(last_day(last // 12, last % 12 + 1), end)))
        index = following
    return periods


def recurrence_in(tokens: list[Token], first: int, last: int) -> Optional[str]:
    for i in range(first, last):
        m = RECURRENCE.match(tokens, i)
        if m is not None and m[0] <= last:
            return m[1].recurrence
    return None


# --------------------------------------------------------------------------- the cell

@dataclass
class Item:
    """What a rule read, while its year is being settled."""

    first: int  # token indices [first, last)
    last: int
    value: object


class Reading:
    """What the items of a cell come to: kind, periods, recurrence, where its notes are."""

    __slots__ = ("kind", "periods", "recurrence", "note_spans", "year_missing")

    def __init__(self, kind: str, periods: list[DeadlinePeriod], recurrence: Optional[str] = None,
                 note_spans: Optional[list[tuple[int, int]]] = None):
        self.kind = kind
        self.periods = periods
        self.recurrence = recurrence
        self.note_spans = note_spans or []
        self.year_missing = False


def resolve(read_items: tuple[tuple[int, int, object], ...], tokens: list[Token], ctx: Context) -> Reading:
    items = [Item(*item) for item in read_items]
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
        if value.dated or isinstance(value, Whole):
            leading = leading or item
        elif isinstance(value, Recur):  # "ежегодно 1 раз в квартал": the finer recurrence counts
            if recur is None or STEP_MONTHS[value.recurrence] < STEP_MONTHS[recur.value.recurrence]:
                recur = item
        elif isinstance(value, Continuation):
            continuation = item

    reading = _resolve_recurring(recur, dated, ctx) if recur else _resolve_dated(items, leading, dated, ctx)
    if reading.kind == "recurring" and len(dated) > 1:  # "ежегодно в мае и сентябре": in time order
        reading.periods.sort(key=lambda p: p.start or p.end)
    if recur is not None and recur.value.counted and (recur.first, recur.last) not in reading.note_spans:
        reading.note_spans.append((recur.first, recur.last))  # "3 раза в год": how often is a note
    if continuation is not None:
        reading.recurrence = reading.recurrence or recurrence_in(tokens, *continuation.value.tokens)
        reading.note_spans.append((continuation.first, continuation.last))
    return reading


def _resolve_dated(items: list[Item], leading: Item, dated: list[Item], ctx: Context) -> Reading:
    """A cell of dates and whole-period phrases, without a recurrence word of its own."""
    kind = leading.value.kind
    if leading.value.dated and leading.value.open_end and ctx.plan is None:
        kind = leading.value.start.kind  # "с 01.09.2022" without a plan: its start alone
    reading = Reading(kind, [])
    yearless, whole_seen = 0, False
    for item in items:
        value = item.value
        if isinstance(value, Whole):
            # whole-period words stacked in one cell ("весь период, постоянно") name one period
            if ctx.plan and not whole_seen:
                reading.periods.append(DeadlinePeriod(*ctx.plan))
            whole_seen = True
        elif value.dated and value.written_year is None:
            yearless += 1
            placed = placed_periods(value, ctx)
            reading.periods += [p for p in map(ctx.clip, placed) if p] if ctx.multi_year else placed
        elif value.dated:
            reading.periods += periods_in(value, ctx)
    reading.year_missing = yearless > 0
    if yearless and yearless == len(dated) and ctx.multi_year and leading.value.dated:
        # a month without a year in a multi-year plan recurs in every plan year
        reading.kind, reading.recurrence = "recurring", "yearly"
    return reading


def _resolve_recurring(recur: Item, dated: list[Item], ctx: Context) -> Reading:
    """A cell with a recurrence word: "ежегодно", "ежегодно в декабре", "Октябрь 2021, ежегодно"."""
    recurrence = recur.value.recurrence
    has_year = [item.value.written_year is not None for item in dated]
    if dated and all(has_year) and recur.first > dated[0].first:
        # dates as written, then the recurrence word, which is a note ("Октябрь 2021 г., ежегодно")
        return Reading(dated[0].value.kind, [p for item in dated for p in periods_in(item.value, ctx)],
                       recurrence, [(recur.first, recur.last)])
    reading = Reading("recurring", [], recurrence)
    academic = ctx.plan_kind == "academic_year"
    for item, known in zip(dated, has_year):
        value = item.value
        # "ежегодно в декабре": that month in every plan year; "ежегодно до 15 марта" likewise
        periods = periods_in(value, ctx) if known else [p for p in map(ctx.clip, placed_periods(value, ctx)) if p]
        if value.is_period_type or (recurrence != "yearly" and value.kind != "by_date"):
            # the item bounds the recurrence: "ежегодно, 2021–2024 гг.", "ежемесячно с сентября по май"
            periods = [unit for p in periods for unit in recurrence_units(recurrence, p.start, p.end, academic)]
        reading.periods += periods
    if not dated and ctx.plan:  # "ежегодно" in an academic-year plan is the plan period itself
        reading.periods = recurrence_units(recurrence, *ctx.plan, academic)
    return reading


