"""What the deadline rules build: dated items and phrases, and the periods of a dated item.

Takes nothing but values the grammar (``grammar.py``) reads; gives :class:`DeadlinePeriod` closed
intervals. Dated items (:class:`Moment`, :class:`Range`, :class:`ByDate`) share one protocol:
``written_year`` (None when the cell gives none), ``with_year``, ``placed`` (years chosen so that
the item ends in a given year), ``periods``, ``kind``, ``end_month``; the others are phrases with
``dated = False`` (:class:`Whole`, :class:`Recur`, :class:`Continuation`). :class:`Several` holds the
items of a list one rule reads ("II и IV кварталы"); :class:`OpenStart` ("с 01.09.2022") is the one
dated item whose end is the context's.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Optional


@dataclass(frozen=True)
class DeadlinePeriod:
    """A closed interval; ``start`` is None for a by-date ("до 01.12.2021")."""

    start: Optional[date]
    end: Optional[date]


_KIND_OF_UNIT = {"day": "date", "month": "month", "quarter": "quarter", "half": "half_year",
                 "academic_half": "half_year", "year": "year", "academic_year": "academic_year"}
_RANGE_KIND = (("day", "date_range"), ("month", "month_range"), ("quarter", "quarter"), ("half", "half_year"),
               ("academic_half", "half_year"), ("year", "year_range"), ("academic_year", "academic_year"))
_PERIOD_UNITS = ("year", "academic_year")  # after a recurrence word they bound it: "ежегодно, 2021–2024"


class Moment(NamedTuple):  # named tuples: immutable like frozen dataclasses, and cheap to make
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
    open_end = False

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
        return date(self.year, first, 1), last_day(self.year + 1 if last < first else self.year, last)

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

    def with_year(self, year: int) -> "Moment":
        return Moment(self.unit, year, self.month, self.day, self.index)

    def placed(self, end_year: int) -> "Moment":
        first, last = self.months
        return self.with_year(end_year - 1 if last < first else end_year)

    def in_academic_terms(self) -> "Moment":
        """A half-year without a year in an academic-year plan is the plan's own half."""
        return Moment("academic_half", self.year, index=self.index) if self.unit == "half" else self

    def periods(self) -> list[DeadlinePeriod]:
        bounds = self.bounds()
        return [] if bounds is None else [DeadlinePeriod(*bounds)]


class Range(NamedTuple):
    start: Moment
    end: Moment
    dated = True
    open_end = False

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

    def with_year(self, year: int) -> "Range":
        return Range(self.start.with_year(year), self.end.with_year(year))

    def placed(self, end_year: int) -> "Range":
        """The end placed in ``end_year``; the start in the same year, or the year before when its month
        comes after the end's ("июль – октябрь", "ноябрь – февраль"): no inverted range is invented."""
        end = self.end.placed(end_year)
        before = self.start.months[0] > self.end.months[0]
        return Range(self.start.with_year(end.year - 1 if before else end.year), end)

    def in_academic_terms(self) -> "Range":
        return Range(self.start.in_academic_terms(), self.end.in_academic_terms())

    def periods(self) -> list[DeadlinePeriod]:
        first, last = self.start.bounds(), self.end.bounds()
        return [] if first is None or last is None else [DeadlinePeriod(first[0], last[1])]


@lru_cache(maxsize=None)  # (a few unit pairs)
def _range_kind(start_unit: str, end_unit: str) -> str:
    return next(kind for unit, kind in _RANGE_KIND if unit in (start_unit, end_unit))


class ByDate(NamedTuple):
    target: Moment
    to_last_day: bool  # "до конца марта", "не позднее мая": the last day; "до мая": the first
    dated = True
    open_end = False
    kind = "by_date"
    is_period_type = False

    @property
    def written_year(self) -> Optional[int]:
        return self.target.year

    @property
    def end_month(self) -> int:
        return self.target.months[1]

    def with_year(self, year: int) -> "ByDate":
        return ByDate(self.target.with_year(year), self.to_last_day)

    def placed(self, end_year: int) -> "ByDate":
        return ByDate(self.target.placed(end_year), self.to_last_day)

    def in_academic_terms(self) -> "ByDate":
        return ByDate(self.target.in_academic_terms(), self.to_last_day)

    def periods(self) -> list[DeadlinePeriod]:
        bounds = self.target.bounds()
        if bounds is None:
            return []
        last = bounds[1] if self.to_last_day and self.target.unit != "day" else bounds[0]
        return [DeadlinePeriod(None, last)]


class Whole(NamedTuple):
    dated = False
    kind = "whole_period"


class Recur(NamedTuple):
    recurrence: str  # yearly | half_yearly | quarterly | monthly
    counted: bool = False  # "3 раза в год": more often than the recurrence says; the words are a note
    dated = False
    kind = "recurring"


class Several(NamedTuple):
    """Items one rule read together ("II и IV кварталы 2023 г."): the cell has each of them."""

    items: tuple
    dated = False


class OpenStart(NamedTuple):
    """ "с 01.09.2022": from the start to the end of the plan period (see years.py)."""

    start: Moment
    dated = True
    kind = "date_range"
    is_period_type = False
    open_end = True

    @property
    def written_year(self) -> Optional[int]:
        return self.start.year

    @property
    def end_month(self) -> int:
        return self.start.months[0]

    def with_year(self, year: int) -> "OpenStart":
        return OpenStart(self.start.with_year(year))

    def placed(self, end_year: int) -> "OpenStart":
        return OpenStart(self.start.placed(end_year))

    def in_academic_terms(self) -> "OpenStart":
        return OpenStart(self.start.in_academic_terms())

    def periods(self) -> list[DeadlinePeriod]:
        """Without a plan period: the start alone."""
        return self.start.periods()


class Continuation(NamedTuple):
    """ "далее – ежегодное обновление": a note, and the recurrence it names, if any."""

    tokens: tuple[int, int]
    dated = False


@lru_cache(maxsize=4096)
def periods_of(value) -> tuple[DeadlinePeriod, ...]:
    """A dated item's periods: the same items come again and again ("сентябрь 2022"), and periods
    are immutable, so they are made once."""
    return tuple(value.periods())


@lru_cache(maxsize=4096)
def as_written(value) -> Optional[tuple[str, tuple[DeadlinePeriod, ...]]]:
    """The kind and periods of a dated item with its year written and its end its own; None for any
    other item."""
    if value.dated and value.written_year is not None and not value.open_end:
        return value.kind, periods_of(value)
    return None


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else _DAYS_IN_MONTH[month]


def last_day(year: int, month: int) -> date:
    return date(year, month, days_in_month(year, month))


def day_moment(year: Optional[int], month: int, day: int) -> Optional[Moment]:
    if year is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    elif day > days_in_month(2000, month):  # a leap year: "29 февраля" may exist
        return None
    return Moment("day", year, month, day)


