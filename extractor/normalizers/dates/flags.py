"""The deadline flags: a cell's kind and periods in its context -> flag codes, each decided here once.

Takes the kind, the periods, whether a year was taken from the context and whether the text
needed an OCR repair; gives the codes in :data:`FLAG_ORDER`. The rules (``docs/deadlines.md``,
"Flags"):

- ``range_inverted``: a period whose start comes after its end (ranges are kept as written);
- ``year_missing``: an item took its year from the plan or the order date;
- ``date_outside_plan_period``: a period's start or end outside the plan period;
- ``deadline_before_order``: a period that ends before the order's date (never for ``recurring``:
  its periods are the plan's own units);
- ``deadline_unparsed``: no rule read the cell;
- ``ocr_suspect``: the text needed a repair (look-alikes in numbers or words, U+2212 as a dash).
"""
from __future__ import annotations

from datetime import date
from itertools import compress
from typing import Optional, Sequence

from .items import DeadlinePeriod

# The deadline flag codes in the order a ParsedDeadline lists them.
FLAG_ORDER = (
    "range_inverted", "year_missing", "date_outside_plan_period", "deadline_before_order",
    "deadline_unparsed", "ocr_suspect",
)


def deadline_flags(kind: str, periods: Sequence[DeadlinePeriod], year_missing: bool, ocr_repaired: bool,
                   plan: Optional[tuple[date, date]], order_date: Optional[date]) -> list[str]:
    """Every deadline flag, in FLAG_ORDER."""
    inverted = outside = before_order = False
    plan_start, plan_end = plan or (None, None)
    if kind == "recurring":
        order_date = None
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
