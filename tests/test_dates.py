"""Deadline normalization (extractor/normalizers/dates/) as a specification.

Tables: every deadline cell of the five gold orders, plan titles, and cases of our own for each
grammar rule and each OCR repair; then property tests (hypothesis) and a seeded run over 10,000
random strings; then the other date readers (find_dates, deadline_likeness). Every cell is read in
strict mode. The examples of docs/deadlines.md run in test_dates_doc.py.

Expected periods are written compactly: "2021-11" is that month, "2021" that year,
"2021-11-22" that day; "A..B" runs from A's first day to B's last; "..B" is a by-date ending on B;
several periods are separated by ", ".
"""
from __future__ import annotations

import calendar
import dataclasses
import json
import random
import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.normalizers.dates import (
    FLAG_ORDER, DeadlinePeriod, ParsedDeadline, deadline_likeness, find_dates, infer_plan_period, parse_deadline,
    parse_plan_period, strict_deadlines,
)
from extractor.normalizers.repair import mend_letter_lookalikes

GOLD = Path(__file__).parent.parent / "gold"


@pytest.fixture(autouse=True)
def strict():
    """Every cell of these tests is read in strict mode: a cell that trips the rules raises."""
    with strict_deadlines():
        yield

KINDS = {"date", "date_range", "by_date", "month", "month_range", "year", "year_range", "quarter",
         "half_year", "academic_year", "whole_period", "recurring", "by_schedule", "unparsed"}


# --------------------------------------------------------------------------- notation

def _bound(text: str, last: bool) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


def periods(spec: str) -> list[tuple]:
    """ "2021-11..2021-12, ..2022-03-15" -> [(date, date), (None, date)]."""
    result = []
    for piece in filter(None, (p.strip() for p in spec.split(","))):
        if ".." in piece:
            first, last = piece.split("..")
            result.append((_bound(first, False) if first else None, _bound(last, True)))
        else:
            result.append((_bound(piece, False), _bound(piece, True)))
    return result


def got_periods(parsed: ParsedDeadline) -> list[tuple]:
    return [(p.start, p.end) for p in parsed.periods]


CONTEXTS = {
    "none": {},
    "AY2122": dict(plan_start=date(2021, 9, 1), plan_end=date(2022, 8, 31), plan_kind="academic_year",
                   order_date=date(2021, 11, 23)),
    "AY2223": dict(plan_start=date(2022, 9, 1), plan_end=date(2023, 8, 31), plan_kind="academic_year",
                   order_date=date(2022, 6, 27)),
    "AY2324": dict(plan_start=date(2023, 9, 1), plan_end=date(2024, 8, 31), plan_kind="academic_year",
                   order_date=date(2023, 8, 30)),
    "CY2023": dict(plan_start=date(2023, 1, 1), plan_end=date(2023, 12, 31), plan_kind="calendar_year",
                   order_date=date(2023, 1, 10)),
    "Y2024": dict(plan_start=date(2020, 1, 1), plan_end=date(2024, 12, 31), plan_kind="years",
                  order_date=date(2020, 1, 10)),
    "Y2021": dict(plan_start=date(2020, 1, 1), plan_end=date(2021, 12, 31), plan_kind="years",
                  order_date=date(2020, 1, 10)),
}


def case(raw, ctx, kind, spec="", recurrence=None, note=None, flags=()):
    return pytest.param(raw, ctx, kind, spec, recurrence, note, list(flags), id=f"{ctx}:{raw}")


def check(raw, ctx, kind, spec, recurrence, note, flags):
    parsed = parse_deadline(raw, **CONTEXTS[ctx])
    assert (parsed.kind, got_periods(parsed), parsed.recurrence, parsed.note, parsed.flags) == (
        kind, periods(spec), recurrence, note, flags)


# --------------------------------------------------------------------------- gold

def _gold_cases():
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        period = gold["plan"]["period"]
        context = dict(plan_start=date.fromisoformat(period["start"]), plan_end=date.fromisoformat(period["end"]),
                       plan_kind=period["kind"], order_date=date.fromisoformat(gold["order"]["date"]))
        for activity in gold["activities"]:
            yield pytest.param(activity, context, id=f"{path.stem}#{activity['seq']}")


@pytest.mark.parametrize("activity, context", list(_gold_cases()))
def test_gold_deadline(activity, context):
    deadline = activity["deadline"]
    parsed = parse_deadline(deadline["raw"], **context)
    assert parsed.kind == deadline["kind"]
    if "deadline" not in activity.get("_unsure", []):
        expected = [(p["start"] and date.fromisoformat(p["start"]), date.fromisoformat(p["end"]))
                    for p in deadline["periods"]]
        assert got_periods(parsed) == expected
    assert parsed.recurrence == deadline["recurrence"]
    assert parsed.note == deadline["note"]
    gold_flags = [f["code"] for f in activity["flags"] if f["code"] in FLAG_ORDER]
    # gold's ocr_suspect on these activities comes from their text or responsible cells (see the
    # flag messages); the deadline may raise it only where gold has it
    assert [f for f in parsed.flags if f != "ocr_suspect"] == [f for f in gold_flags if f != "ocr_suspect"]
    assert "ocr_suspect" not in parsed.flags or "ocr_suspect" in gold_flags


def _gold_plans():
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        yield pytest.param(gold["plan"], gold["order"]["title"], id=path.stem)


@pytest.mark.parametrize("plan, order_title", list(_gold_plans()))
def test_gold_plan_period(plan, order_title):
    period = plan["period"]
    found = parse_plan_period(plan["title"])
    from_order = parse_plan_period(order_title)
    if period["kind"] == "inferred":
        assert found is None and from_order is None
        return
    assert (found.raw, found.kind, found.start.isoformat(), found.end.isoformat()) == (
        period["raw"], period["kind"], period["start"], period["end"])
    assert (from_order.kind, from_order.start, from_order.end) == (found.kind, found.start, found.end)


def test_inferred_plan_period_of_spirovo():
    gold = json.loads((GOLD / "002_spirovo_2022.json").read_text("utf-8"))
    without_context = [parse_deadline(a["deadline"]["raw"]) for a in gold["activities"]]
    start, end = infer_plan_period(without_context)
    assert (start.isoformat(), end.isoformat()) == (gold["plan"]["period"]["start"], gold["plan"]["period"]["end"])
    # with that period passed in, the months without a year resolve as gold says
    for activity in gold["activities"]:
        parsed = parse_deadline(activity["deadline"]["raw"], plan_start=start, plan_end=end,
                                plan_kind="inferred", order_date=date(2022, 6, 27))
        expected = [(p["start"] and date.fromisoformat(p["start"]), date.fromisoformat(p["end"]))
                    for p in activity["deadline"]["periods"]]
        assert got_periods(parsed) == expected, activity["deadline"]["raw"]


def test_infer_plan_period_edges():
    assert infer_plan_period([]) is None
    assert infer_plan_period([parse_deadline("в течение года"), parse_deadline("по графику")]) is None
    # a tie goes to the earlier academic year; a by-date counts by its end
    cells = ["май 2022", "октябрь 2022", "до 01.12.2022", "2020-2024"]
    assert infer_plan_period([parse_deadline(c) for c in cells]) == (date(2022, 9, 1), date(2023, 8, 31))
    assert infer_plan_period([parse_deadline(c) for c in ["май 2022", "октябрь 2022"]]) == (
        date(2021, 9, 1), date(2022, 8, 31))


# --------------------------------------------------------------------------- plan periods
# (the examples of docs/deadlines.md run in tests/test_dates_doc.py)

PLAN_TITLES = [
    ("«Дорожная карта» мероприятий … на 2021/2022 учебный год", "2021/2022 учебный год", "academic_year",
     date(2021, 9, 1), date(2022, 8, 31)),
    ("Дорожная карта … Молчановского района на 2020 – 2021 год", "2020 – 2021 год", "years",
     date(2020, 1, 1), date(2021, 12, 31)),
    ("… обучающихся, на 2020-2024 годы", "2020-2024 годы", "years", date(2020, 1, 1), date(2024, 12, 31)),
    ("… на территории Томской области» на 2023 год", "2023 год", "calendar_year",
     date(2023, 1, 1), date(2023, 12, 31)),
    ("План работы на 2022-2023 учебный год", "2022-2023 учебный год", "academic_year",
     date(2022, 9, 1), date(2023, 8, 31)),
    ("2022-2023 учебный год", "2022-2023 учебный год", "academic_year", date(2022, 9, 1), date(2023, 8, 31)),
    ("План мероприятий в 2023/24 уч. г.", "2023/24 уч. г.", "academic_year", date(2023, 9, 1), date(2024, 8, 31)),
    ("… работе со школами на 2020-2021 г.", "2020-2021 г.", "years", date(2020, 1, 1), date(2021, 12, 31)),
    ("дорожная карта на период 2021 – 2024 гг.", "2021 – 2024 гг.", "years", date(2021, 1, 1), date(2024, 12, 31)),
    ("План на 2О23 год", "2О23 год", "calendar_year", date(2023, 1, 1), date(2023, 12, 31)),
    ("План мероприятий на 2024 и 2025 годы", "2024 и 2025 годы", "years", date(2024, 1, 1), date(2025, 12, 31)),
]


@pytest.mark.parametrize("title, raw, kind, start, end", PLAN_TITLES, ids=[t[1] for t in PLAN_TITLES])
def test_plan_period(title, raw, kind, start, end):
    found = parse_plan_period(title)
    assert (found.raw, found.kind, found.start, found.end) == (raw, kind, start, end)


@pytest.mark.parametrize("title", [
    "«Дорожная карта» по повышению качества образования в образовательных организациях",
    "проведенного Рособрнадзором в 2021 году", "по итогам 2021-2022 учебного года", "на 01.09.2022", "", None,
])
def test_no_plan_period(title):
    assert parse_plan_period(title) is None


# --------------------------------------------------------------------------- our own cases, rule by rule

RULE_CASES = [
    # date: numeric, words, ordinal suffix, two-digit years, yearless day
    case("1.09.2022", "AY2223", "date", "2022-09-01"),
    case("25.08.2022 г.", "AY2223", "date", "2022-08-25", flags=["date_outside_plan_period"]),
    case("31 декабря 2022 г.", "AY2223", "date", "2022-12-31"),
    case("1-го декабря 2021 года", "AY2122", "date", "2021-12-01"),
    case("05.12.21", "AY2122", "date", "2021-12-05"),
    case("15 января", "AY2324", "date", "2024-01-15", flags=["year_missing"]),
    case("30.02.2023", "CY2023", "unparsed", flags=["deadline_unparsed"]),
    # date_range and day ranges
    case("25 – 26 ноября 2021 г.", "AY2122", "date_range", "2021-11-25..2021-11-26"),
    case("1-2 декабря 2021", "AY2122", "date_range", "2021-12-01..2021-12-02"),
    case("3 – 5.12.2021", "AY2122", "date_range", "2021-12-03..2021-12-05"),
    case("15.05-20.05.2023", "CY2023", "date_range", "2023-05-15..2023-05-20"),
    case("с 1 по 15 сентября 2022", "AY2223", "date_range", "2022-09-01..2022-09-15"),
    case("с 1 сентября 2022 г. по 31 мая 2023 г.", "AY2223", "date_range", "2022-09-01..2023-05-31"),
    case("20 апреля – 5 мая 2023", "CY2023", "date_range", "2023-04-20..2023-05-05"),
    case("в период с 1 по 10 сентября", "AY2324", "date_range", "2023-09-01..2023-09-10", flags=["year_missing"]),
    case("01.09.2022 – 31.05.2023", "AY2223", "date_range", "2022-09-01..2023-05-31"),
    # by_date
    case("до 10.06.2020г.", "Y2021", "by_date", "..2020-06-10"),
    case("до 31.12.2021 г.", "AY2122", "by_date", "..2021-12-31"),
    case("не позднее 20 декабря 2021 года", "AY2122", "by_date", "..2021-12-20"),
    case("в срок до 15 мая 2023 г.", "CY2023", "by_date", "..2023-05-15"),
    case("к 1 сентября 2022 г.", "AY2223", "by_date", "..2022-09-01"),
    case("до 1 марта", "AY2122", "by_date", "..2022-03-01", flags=["year_missing"]),
    case("до 15 января", "AY2324", "by_date", "..2024-01-15", flags=["year_missing"]),
    case("до конца I квартала 2023", "CY2023", "by_date", "..2023-03-31"),
    case("до конца учебного года", "AY2324", "by_date", "..2024-08-31", flags=["year_missing"]),
    case("не позднее мая 2023", "CY2023", "by_date", "..2023-05-31"),
    case("до 15.09", "AY2324", "by_date", "..2023-09-15", flags=["year_missing"]),
    case("до 01.06.2023", "AY2324", "by_date", "..2023-06-01",
         flags=["date_outside_plan_period", "deadline_before_order"]),
    # month and lists
    case("ДЕКАБРЬ 2021", "AY2122", "month", "2021-12"),
    case("Ноябрь 2021 года", "AY2122", "month", "2021-11"),
    case("дек. 2021", "AY2122", "month", "2021-12"),
    case("12.2022", "AY2223", "month", "2022-12"),
    case("в течение сентября", "AY2324", "month", "2023-09", flags=["year_missing"]),
    case("март, апрель 2022", "AY2122", "month", "2022-03, 2022-04"),
    case("ноябрь 2021, январь, март 2022", "AY2122", "month", "2021-11, 2022-01, 2022-03"),
    case("декабрь 2021 г.; январь 2022 г.", "AY2122", "month", "2021-12, 2022-01"),
    case("Май 2023г.,", "CY2023", "month", "2023-05"),
    # impossible days are no deadline, never widened to the month
    case("31.04.2023", "CY2023", "unparsed", flags=["deadline_unparsed"]),
    case("31 апреля", "CY2023", "unparsed", flags=["deadline_unparsed"]),
    case("0 мая 2023 г.", "CY2023", "unparsed", flags=["deadline_unparsed"]),
    case("29 февраля 2024", "AY2324", "date", "2024-02-29"),
    case("31 июня 2023, июль 2023", "CY2023", "month", "2023-07", note="31 июня 2023"),
    # open starts
    case("с 15.01.2024", "AY2324", "date_range", "2024-01-15..2024-08-31"),
    case("с II квартала 2023 г.", "CY2023", "date_range", "2023-04..2023-12"),
    case("с 15.01.2024 по 15.02.2024", "AY2324", "date_range", "2024-01-15..2024-02-15"),
    case("с 2022 года", "Y2024", "year", "2022"),
    case("май и сентябрь 2023", "CY2023", "month", "2023-05, 2023-09"),
    case("Ноябрь, 2021", "AY2122", "month", "2021-11"),
    case("май", "none", "month", "", flags=["year_missing"]),
    case("сентябрь", "none", "month", "", flags=["year_missing"]),
    # month_range
    case("Сентябрь – декабрь 2021 г.", "AY2122", "month_range", "2021-09..2021-12"),
    case("Февраль – март 2022 года", "AY2122", "month_range", "2022-02..2022-03"),
    case("январь-февраль 2022 года", "AY2122", "month_range", "2022-01..2022-02"),
    case("октябрь 2021 – май 2022", "AY2122", "month_range", "2021-10..2022-05"),
    case("Декабрь 2021 г. – январь 2022 г.", "AY2122", "month_range", "2021-12..2022-01"),
    case("апрель 2022 г. – май 2022 г.", "AY2122", "month_range", "2022-04..2022-05"),
    case("янв.-март 2023", "CY2023", "month_range", "2023-01..2023-03"),
    case("С сентября по декабрь 2021", "AY2122", "month_range", "2021-09..2021-12"),
    case("09.2022 - 10.2022", "AY2223", "month_range", "2022-09..2022-10"),
    case("ноябрь-декабрь 2021, март-апрель 2022", "AY2122", "month_range", "2021-11..2021-12, 2022-03..2022-04"),
    case("ноябрь – февраль", "AY2324", "month_range", "2023-11..2024-02", flags=["year_missing"]),
    case("декабрь-январь", "AY2122", "month_range", "2021-12..2022-01", flags=["year_missing"]),
    case("апрель – май", "CY2023", "month_range", "2023-04..2023-05", flags=["year_missing"]),
    case("апрель 2023 – май", "CY2023", "month_range", "2023-04..2023-05"),
    # year and year_range
    case("2022 год", "Y2024", "year", "2022"),
    case("2021г.", "Y2024", "year", "2021"),
    case("в течение 2023 года", "CY2023", "year", "2023"),
    case("2021 — 2022 гг.", "Y2024", "year_range", "2021..2022"),
    case("с 2021 по 2024 год", "Y2024", "year_range", "2021..2024"),
    case("2021-2022 годы", "Y2024", "year_range", "2021..2022"),
    case("2021", "AY2122", "year", "2021", flags=["date_outside_plan_period"]),
    # quarter
    case("IV кв. 2023 г.", "CY2023", "quarter", "2023-10..2023-12"),
    case("III квартал 2022 года", "none", "quarter", "2022-07..2022-09"),
    case("1-й квартал 2023", "CY2023", "quarter", "2023-01..2023-03"),
    case("первый квартал 2023 года", "CY2023", "quarter", "2023-01..2023-03"),
    case("в I квартале 2023 г.", "CY2023", "quarter", "2023-01..2023-03"),
    case("II-III кв. 2023", "CY2023", "quarter", "2023-04..2023-09"),
    case("III – IV квартал 2022 г.", "none", "quarter", "2022-07..2022-12"),
    case("в течение III-IV кварталов 2022 г.", "none", "quarter", "2022-07..2022-12"),
    case("I и II кварталы 2024", "none", "quarter", "2024-01..2024-06"),
    case("IV квартал 2023 – I квартал 2024", "AY2324", "quarter", "2023-10..2024-03"),
    # lists of ordinals: one period each, in reading order; neighbours joined by "и" are a range
    case("III и I квартал 2023", "CY2023", "quarter", "2023-07..2023-09, 2023-01..2023-03"),
    case("II, IV кв.", "CY2023", "quarter", "2023-04..2023-06, 2023-10..2023-12", flags=["year_missing"]),
    case("1, 2 и 4 кварталы 2023 года", "CY2023", "quarter", "2023-01..2023-03, 2023-04..2023-06, 2023-10..2023-12"),
    case("1 и 2 полугодие 2023", "none", "half_year", "2023-01..2023-12"),
    case("I, II полугодие", "AY2324", "half_year", "2023-09..2023-12, 2024-01..2024-08", flags=["year_missing"]),
    case("I и V кварталы 2023", "CY2023", "year", "2023", note="I и V кварталы"),
    case("II квартал", "CY2023", "quarter", "2023-04..2023-06", flags=["year_missing"]),
    case("I квартал", "Y2021", "recurring", "2020-01..2020-03, 2021-01..2021-03", "yearly",
         flags=["year_missing"]),
    # half_year
    case("в течение I полугодия 2024 года", "none", "half_year", "2024-01..2024-06"),
    case("2 полугодие 2022-2023 учебного года", "AY2223", "half_year", "2023-01..2023-08"),
    case("I полугодие 2022/2023 уч.г.", "AY2223", "half_year", "2022-09..2022-12"),
    case("первое полугодие 2023 года", "CY2023", "half_year", "2023-01..2023-06"),
    case("I полугодие", "AY2324", "half_year", "2023-09..2023-12", flags=["year_missing"]),
    case("II полугодие", "AY2324", "half_year", "2024-01..2024-08", flags=["year_missing"]),
    case("I полугодие", "CY2023", "half_year", "2023-01..2023-06", flags=["year_missing"]),
    # academic_year
    case("2022-2023 уч.год", "AY2223", "academic_year", "2022-09..2023-08"),
    case("2022 – 2023 учебный год", "AY2223", "academic_year", "2022-09..2023-08"),
    case("2023-24 учебный год", "AY2324", "academic_year", "2023-09..2024-08"),
    case("в 2022/2023 учебном году", "AY2223", "academic_year", "2022-09..2023-08"),
    case("в течение 2021-2022 учебного года", "AY2122", "academic_year", "2021-09..2022-08"),
    case("2023/2024", "AY2324", "academic_year", "2023-09..2024-08"),
    # whole_period
    case("В ТЕЧЕНИЕ ГОДА", "CY2023", "whole_period", "2023"),
    case("в течении года", "CY2023", "whole_period", "2023"),
    case("в течение всего периода реализации дорожной карты", "Y2024", "whole_period", "2020..2024"),
    case("на постоянной основе", "AY2324", "whole_period", "2023-09..2024-08"),
    case("в течение года (по отдельному плану)", "AY2324", "whole_period", "2023-09..2024-08",
         note="по отдельному плану"),
    case("постоянно, по мере необходимости", "AY2324", "whole_period", "2023-09..2024-08",
         note="по мере необходимости"),
    case("в течение года", "none", "whole_period"),
    case("в теч.уч.г.", "AY2324", "whole_period", "2023-09..2024-08"),
    case("В ТЕЧ. УЧ. ГОДА", "AY2324", "whole_period", "2023-09..2024-08"),
    case("весь уч. год, постоянно", "AY2324", "whole_period", "2023-09..2024-08"),
    # recurring
    case("ежегодно", "CY2023", "recurring", "2023", "yearly"),
    case("Ежегодно", "Y2021", "recurring", "2020, 2021", "yearly"),
    case("2 раза в год", "CY2023", "recurring", "2023-01..2023-06, 2023-07..2023-12", "half_yearly"),
    case("4 раза в год", "CY2023", "recurring",
         "2023-01..2023-03, 2023-04..2023-06, 2023-07..2023-09, 2023-10..2023-12", "quarterly"),
    case("3 раза в квартал", "CY2023", "recurring", ", ".join(f"2023-{m:02}" for m in range(1, 13)), "monthly"),
    case("2 раза в месяц", "CY2023", "recurring", ", ".join(f"2023-{m:02}" for m in range(1, 13)), "monthly",
         "2 раза в месяц"),
    case("два раза в полугодие", "CY2023", "recurring",
         "2023-01..2023-03, 2023-04..2023-06, 2023-07..2023-09, 2023-10..2023-12", "quarterly"),
    case("ЕЖЕКВ.", "CY2023", "recurring",
         "2023-01..2023-03, 2023-04..2023-06, 2023-07..2023-09, 2023-10..2023-12", "quarterly"),
    case("ежемес. до 5 числа", "CY2023", "recurring", ", ".join(f"2023-{m:02}" for m in range(1, 13)), "monthly",
         "до 5 числа"),
    case("1 раз в четверть (ноябрь, март)", "AY2324", "by_schedule", note="1 раз в четверть (ноябрь, март)"),
    case("по окончании I триместра", "AY2324", "by_schedule", note="по окончании I триместра"),
    case("по заявкам", "AY2324", "by_schedule", note="по заявкам"),
    case("по заявке образовательных организаций", "AY2324", "by_schedule", note="по заявке образовательных организаций"),
    # an academic-year plan's half-years are its own (Sep–Dec, Jan–Aug), as "1 полугодие 2023/2024 уч. года"
    case("1 раз в полугодие", "AY2324", "recurring", "2023-09..2023-12, 2024-01..2024-08", "half_yearly"),
    case("раз в квартал", "CY2023", "recurring",
         "2023-01..2023-03, 2023-04..2023-06, 2023-07..2023-09, 2023-10..2023-12", "quarterly"),
    case("ежегодно в декабре", "AY2324", "recurring", "2023-12", "yearly"),
    case("ежегодно в декабре", "CY2023", "recurring", "2023-12", "yearly"),
    case("Ежегодно, апрель-май", "Y2021", "recurring", "2020-04..2020-05, 2021-04..2021-05", "yearly"),
    case("ежегодно, до 1 июня", "Y2021", "recurring", "..2020-06-01, ..2021-06-01", "yearly"),
    case("ежегодно в мае и сентябре", "Y2021", "recurring", "2020-05, 2020-09, 2021-05, 2021-09", "yearly"),
    case("сентябрь (ежегодно)", "Y2021", "recurring", "2020-09, 2021-09", "yearly"),
    case("ежегодно в течение учебного года", "AY2324", "recurring", "2023-09..2024-08", "yearly"),
    case("ежеквартально в течение 2023 года", "Y2024", "recurring",
         "2023-01..2023-03, 2023-04..2023-06, 2023-07..2023-09, 2023-10..2023-12", "quarterly"),
    case("ежегодно 2021-2022 гг.", "Y2024", "recurring", "2021, 2022", "yearly"),
    case("1 раз в квартал до 5 числа", "CY2023", "recurring",
         "2023-01..2023-03, 2023-04..2023-06, 2023-07..2023-09, 2023-10..2023-12", "quarterly", "до 5 числа"),
    case("До 1 числа каждого месяца", "CY2023", "recurring", ", ".join(f"2023-{m:02}" for m in range(1, 13)),
         "monthly", "До 1 числа"),
    case("ежегодно (по графику)", "Y2021", "recurring", "2020, 2021", "yearly", "по графику"),
    # a finer recurrence is bounded by the dates after it
    case("Ежемесячно с сентября по май", "AY2324", "recurring",
         "2023-09, 2023-10, 2023-11, 2023-12, 2024-01, 2024-02, 2024-03, 2024-04, 2024-05", "monthly"),
    case("1 раз в квартал (март, июнь, сентябрь, декабрь)", "AY2324", "recurring",
         "2023-09, 2023-12, 2024-03, 2024-06", "quarterly"),
    case("сентябрь 2023 г. - май 2024 г. (ежемесячно)", "AY2324", "month_range", "2023-09..2024-05",
         "monthly", "ежемесячно"),
    case("июнь 2024 г. (далее – ежегодно)", "AY2324", "month", "2024-06", "yearly", "далее – ежегодно"),
    case("ежегодно", "none", "recurring", "", "yearly"),
    case("Май 2021 г. далее ежегодно", "Y2021", "month", "2021-05", "yearly", "далее ежегодно"),
    case("до 15.09.2022, далее – ежегодно", "AY2223", "by_date", "..2022-09-15", "yearly", "далее – ежегодно"),
    case("2022, ежегодно", "Y2024", "year", "2022", "yearly", "ежегодно"),
    case("ежегодно в декабре", "Y2021", "recurring", "2020-12, 2021-12", "yearly"),
    case("ежегодно 1 раз в квартал", "CY2023", "recurring",
         "2023-01..2023-03, 2023-04..2023-06, 2023-07..2023-09, 2023-10..2023-12", "quarterly"),
    case("до 15 числа ежемесячно", "CY2023", "recurring", ", ".join(f"2023-{m:02}" for m in range(1, 13)),
         "monthly", "до 15 числа"),
    # by_schedule and unparsed
    case("По мере поступления запросов", "AY2324", "by_schedule", note="По мере поступления запросов"),
    case("по плану работы ЦОКО", "AY2324", "by_schedule", note="по плану работы ЦОКО"),
    case("согласно графику ГИА", "AY2324", "by_schedule", note="согласно графику ГИА"),
    case("по  согласованию", "AY2324", "by_schedule", note="по согласованию"),
    case("По графику, утвержденному приказом от 01.09.2023 № 123", "AY2324", "by_schedule",
         note="По графику, утвержденному приказом от 01.09.2023 № 123"),
    case("май 2024 (согласно приказу от 01.09.2023)", "AY2324", "month", "2024-05",
         note="согласно приказу от 01.09.2023"),
    case("в срок не позднее 10 рабочих дней", "AY2324", "unparsed", flags=["deadline_unparsed"]),
    case("в течение 5 дней после проведения", "AY2324", "unparsed", flags=["deadline_unparsed"]),
    case("по итогам 2022 года", "AY2324", "unparsed", flags=["deadline_unparsed"]),
    case("после 15 мая 2023", "CY2023", "unparsed", flags=["deadline_unparsed"]),
    case("-", "CY2023", "unparsed", flags=["deadline_unparsed"]),
    case("", "CY2023", "unparsed"),
    case("   \n ", "CY2023", "unparsed"),
    # notes
    case("август – сентябрь 2022 г. (в рамках августовского совещания)", "AY2223", "month_range",
         "2022-08..2022-09", note="в рамках августовского совещания", flags=["date_outside_plan_period"]),
    case("январь 2022 г. (по итогам полугодия)", "AY2122", "month", "2022-01", note="по итогам полугодия"),
    case("март 2022 (по согласованию)", "AY2122", "month", "2022-03", note="по согласованию"),
    case("до 01.12.2021 включительно", "AY2122", "by_date", "..2021-12-01", note="включительно"),
    case("30.02.2023, март 2023", "CY2023", "month", "2023-03", note="30.02.2023"),
    # fallback for spellings the grammar does not know (dateparser)
    case("первое декабря 2021 года", "AY2122", "date", "2021-12-01"),
    case("2021-12-01", "AY2122", "date", "2021-12-01"),
    case("01/12/2021", "AY2122", "date", "2021-12-01"),
    case("1 Dec 2021", "AY2122", "date", "2021-12-01"),
    # flags against the plan and the order
    case("май 2021", "AY2122", "month", "2021-05", flags=["date_outside_plan_period", "deadline_before_order"]),
    case("до 10.06.2020", "Y2021", "by_date", "..2020-06-10"),
    case("ежегодно", "Y2021", "recurring", "2020, 2021", "yearly"),
]

# A cell read with only the order date: a month without a year is the next one on or after it.
ORDER_ONLY_CASES = [
    ("сентябрь", date(2022, 6, 27), "2022-09"),
    ("май", date(2022, 6, 27), "2023-05"),
    ("июнь", date(2022, 6, 27), "2022-06"),
    ("до 25 октября", date(2022, 11, 1), "..2023-10-25"),
]


@pytest.mark.parametrize("raw, ctx, kind, spec, recurrence, note, flags", RULE_CASES)
def test_rule(raw, ctx, kind, spec, recurrence, note, flags):
    check(raw, ctx, kind, spec, recurrence, note, flags)


@pytest.mark.parametrize("raw, order_date, spec", ORDER_ONLY_CASES, ids=[c[0] for c in ORDER_ONLY_CASES])
def test_year_from_the_order_date(raw, order_date, spec):
    parsed = parse_deadline(raw, order_date=order_date)
    assert got_periods(parsed) == periods(spec)
    assert parsed.flags == ["year_missing"]


OCR_CASES = [
    # letters for digits inside digit runs
    case("2О23", "CY2023", "year", "2023", flags=["ocr_suspect"]),
    case("Сентябрь 2О22", "AY2223", "month", "2022-09", flags=["ocr_suspect"]),
    case("до О1.12.2021", "AY2122", "by_date", "..2021-12-01", flags=["ocr_suspect"]),
    case("1З.О5.2О23", "CY2023", "date", "2023-05-13", flags=["ocr_suspect"]),
    case("1O.1O.2O23", "CY2023", "date", "2023-10-10", flags=["ocr_suspect"]),
    case("I кв. 2О23", "CY2023", "quarter", "2023-01..2023-03", flags=["ocr_suspect"]),
    # digits for letters inside words
    case("Н0ЯБРЬ 2023", "CY2023", "month", "2023-11", flags=["ocr_suspect"]),
    case("до 15 н0ября 2023 г.", "CY2023", "by_date", "..2023-11-15", flags=["ocr_suspect"]),
    case("ежекварта6но", "CY2023", "unparsed", flags=["deadline_unparsed", "ocr_suspect"]),
    case("ежеквартальн0", "CY2023", "recurring",
         "2023-01..2023-03, 2023-04..2023-06, 2023-07..2023-09, 2023-10..2023-12", "quarterly", flags=["ocr_suspect"]),
    case("2кв. 2023", "CY2023", "quarter", "2023-04..2023-06"),
    case("май 2023 (3-х кратно)", "CY2023", "month", "2023-05", note="3-х кратно"),
    case("2б.О4.2023", "CY2023", "date", "2023-04-26", flags=["ocr_suspect"]),
    case("l5.03.2023", "CY2023", "date", "2023-03-15", flags=["ocr_suspect"]),
    # Latin look-alikes in Cyrillic words, "r." for "г."
    case("ceнтябрь 2022", "AY2223", "month", "2022-09", flags=["ocr_suspect"]),
    case("Mapт 2023", "CY2023", "month", "2023-03", flags=["ocr_suspect"]),
    case("anpeль 2023 г.", "CY2023", "month", "2023-04", flags=["ocr_suspect"]),
    case("октябрь 2022r", "AY2223", "month", "2022-10", flags=["ocr_suspect"]),
    case("сентябрь 2022 r.", "AY2223", "month", "2022-09", flags=["ocr_suspect"]),
    case("B течение года", "CY2023", "whole_period", "2023", flags=["ocr_suspect"]),
    case("дo 01.12.2021", "AY2122", "by_date", "..2021-12-01", flags=["ocr_suspect"]),
    case("eжегодно", "CY2023", "recurring", "2023", "yearly", flags=["ocr_suspect"]),
    # roman numerals as OCR reads them
    case("П квартал 2023", "CY2023", "quarter", "2023-04..2023-06", flags=["ocr_suspect"]),
    case("Г квартал 2023", "CY2023", "quarter", "2023-01..2023-03", flags=["ocr_suspect"]),
    case("Ш кв. 2023", "CY2023", "quarter", "2023-07..2023-09", flags=["ocr_suspect"]),
    case("ІІ полугодие 2023 г.", "CY2023", "half_year", "2023-07..2023-12", flags=["ocr_suspect"]),
    # U+2212 as a dash
    case("апрель−май 2023", "CY2023", "month_range", "2023-04..2023-05", flags=["ocr_suspect"]),
    case("01.09.2023 − 15.09.2023", "CY2023", "date_range", "2023-09-01..2023-09-15", flags=["ocr_suspect"]),
    # forms that are no repair: glued year marks and month-year, other dash forms, roman I/V
    case("Октябрь2022г.", "AY2223", "month", "2022-10"),
    case("апрель-май2023", "CY2023", "month_range", "2023-04..2023-05"),
    case("апрель—май 2023", "CY2023", "month_range", "2023-04..2023-05"),
    case("IV квартал 2023", "CY2023", "quarter", "2023-10..2023-12"),
    case("ежегодно2023", "CY2023", "recurring", "2023", "yearly"),
]


@pytest.mark.parametrize("raw, ctx, kind, spec, recurrence, note, flags", OCR_CASES)
def test_ocr_repair(raw, ctx, kind, spec, recurrence, note, flags):
    check(raw, ctx, kind, spec, recurrence, note, flags)


def test_note_keeps_the_raw_characters():
    parsed = parse_deadline("май 2023 (пo итогам ВПР)")
    assert parsed.note == "пo итогам ВПР"  # the Latin "o" stays in the note: a flag, never a silent fix
    assert parsed.flags == ["ocr_suspect"]


def test_periods_are_frozen():
    parsed = parse_deadline("июнь, сентябрь 2022г.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.periods[0].start = None
    assert got_periods(parsed) == periods("2022-06, 2022-09")


# Values that are no text are read as their str(): a number is a year or a day and month.
@pytest.mark.parametrize("odd, kind, spec, note, flags", [
    (None, "unparsed", "", None, []),
    (2021, "year", "2021", None, []),
    (3.5, "date", "", None, ["year_missing"]),  # "3.5": the 3rd of May, no year known
    (b"2021", "year", "2021", "b", []),
    (["май 2021"], "month", "2021-05", None, []),
])
def test_odd_inputs(odd, kind, spec, note, flags):
    parsed = parse_deadline(odd)
    assert (parsed.kind, got_periods(parsed), parsed.note, parsed.flags) == (kind, periods(spec), note, flags)


def test_odd_context_does_not_raise():
    parsed = parse_deadline("май", plan_start=date(2024, 1, 1), plan_end=date(2023, 1, 1), plan_kind="weird",
                            order_date="2023-01-01")
    assert parsed.kind == "month" and parsed.flags == ["year_missing"]


def test_extreme_plan_dates():
    far = dict(plan_start=date(9990, 1, 1), plan_end=date(9999, 12, 31), plan_kind="years")
    parsed = parse_deadline("ежемесячно", **far)
    assert len(parsed.periods) == 120 and parsed.periods[-1] == DeadlinePeriod(date(9999, 12, 1), date(9999, 12, 31))
    # a yearless range that wraps the year would start in 9998 and end in 9999 (no year 10000 is made)
    parsed = parse_deadline("ноябрь - февраль", plan_start=date(9999, 1, 1), plan_end=date(9999, 12, 31),
                            plan_kind="calendar_year")
    assert (parsed.kind, got_periods(parsed)) == ("month_range", periods("9998-11..9999-02"))


def test_the_memo_gives_the_same_answer_twice():
    first = parse_deadline("январь – март 2022 январь-март 2022", **CONTEXTS["AY2122"])
    second = parse_deadline("январь – март 2022 январь-март 2022", **CONTEXTS["Y2024"])
    again = parse_deadline("январь – март 2022 январь-март 2022", **CONTEXTS["AY2122"])
    assert first == again and first.periods is not again.periods
    assert second.flags == [] and first.flags == []


def test_plan_kind_read_from_the_dates():
    assert got_periods(parse_deadline("май", plan_start=date(2022, 9, 1), plan_end=date(2023, 8, 31))) == \
        periods("2023-05")
    assert parse_deadline("май", plan_start=date(2020, 1, 1), plan_end=date(2022, 12, 31)).kind == "recurring"


# --------------------------------------------------------------------------- properties

MONTH_FORMS = {  # written here independently of the grammar's data file
    1: ["январь", "января", "январе", "янв."], 2: ["февраль", "февраля", "феврале", "февр."],
    3: ["март", "марта", "марте", "мар."], 4: ["апрель", "апреля", "апреле", "апр."],
    5: ["май", "мая", "мае"], 6: ["июнь", "июня", "июне", "июн."], 7: ["июль", "июля", "июле", "июл."],
    8: ["август", "августа", "августе", "авг."], 9: ["сентябрь", "сентября", "сентябре", "сент.", "сен."],
    10: ["октябрь", "октября", "октябре", "окт."], 11: ["ноябрь", "ноября", "ноябре", "нояб."],
    12: ["декабрь", "декабря", "декабре", "дек."],
}
YEAR_MARKS = ["", " г.", "г.", " г", "г", " года", " году", " год"]
DASH_FORMS = ["-", "–", "—", "\u2011"]


def _case_variant(word: str, how: int) -> str:
    return (word, word.capitalize(), word.upper())[how]


@settings(max_examples=300, deadline=None)
@given(month=st.integers(1, 12), form=st.integers(0, 4), year=st.integers(1990, 2099),
       mark=st.sampled_from(YEAR_MARKS), how=st.integers(0, 2))
def test_any_month_year(month, form, year, mark, how):
    forms = MONTH_FORMS[month]
    parsed = parse_deadline(f"{_case_variant(forms[form % len(forms)], how)} {year}{mark}")
    assert (parsed.kind, got_periods(parsed), parsed.flags) == ("month", periods(f"{year}-{month:02}"), [])


@settings(max_examples=300, deadline=None)
@given(first=st.dates(date(2000, 1, 1), date(2099, 12, 31)), last=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
       dash=st.sampled_from(DASH_FORMS + ["\u2212"]), left=st.sampled_from(["", " "]),
       right=st.sampled_from(["", " "]))
def test_any_numeric_date_range(first, last, dash, left, right):
    raw = f"{first:%d.%m.%Y}{left}{dash}{right}{last:%d.%m.%Y}"
    parsed = parse_deadline(raw)
    expected_flags = (["range_inverted"] if first > last else []) + (["ocr_suspect"] if dash == "\u2212" else [])
    assert (parsed.kind, got_periods(parsed), parsed.flags) == ("date_range", [(first, last)], expected_flags)


QUARTER_NAMES = {1: ["I", "1", "1-й", "первый"], 2: ["II", "2", "2-й", "второй"], 3: ["III", "3", "3-й", "третий"],
                 4: ["IV", "4", "4-й", "четвертый"]}


@settings(max_examples=300, deadline=None)
@given(quarter=st.integers(1, 4), name=st.integers(0, 3), word=st.sampled_from(["квартал", "кв.", "квартале", "кв"]),
       year=st.integers(2000, 2099), mark=st.sampled_from(YEAR_MARKS), prefix=st.sampled_from(["", "в ", "В "]))
def test_any_quarter(quarter, name, word, year, mark, prefix):
    parsed = parse_deadline(f"{prefix}{QUARTER_NAMES[quarter][name]} {word} {year}{mark}")
    expected = periods(f"{year}-{3 * quarter - 2:02}..{year}-{3 * quarter:02}")
    assert (parsed.kind, got_periods(parsed), parsed.flags) == ("quarter", expected, [])


@settings(max_examples=200, deadline=None)
@given(first=st.integers(1, 12), last=st.integers(1, 12), year=st.integers(2000, 2098),
       dash=st.sampled_from(DASH_FORMS), how=st.integers(0, 2))
def test_any_month_range_with_one_year(first, last, year, dash, how):
    raw = f"{_case_variant(MONTH_FORMS[first][0], how)} {dash} {MONTH_FORMS[last][0]} {year} г."
    parsed = parse_deadline(raw)
    assert parsed.kind == "month_range"
    assert got_periods(parsed) == [(_bound(f"{year}-{first:02}", False), _bound(f"{year}-{last:02}", True))]
    assert parsed.flags == (["range_inverted"] if first > last else [])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_read_by_the_rules(text):
    # strict (see the fixture): a text that tripped the rules would raise here, not end as unparsed
    parsed = parse_deadline(text, plan_start=date(2020, 1, 1), plan_end=date(2024, 12, 31), plan_kind="years",
                            order_date=date(2020, 6, 1))
    assert parsed.flags == [f for f in FLAG_ORDER if f in parsed.flags]
    assert (parsed.kind == "unparsed") == ("deadline_unparsed" in parsed.flags) or not text.strip()
    assert parsed.kind != "by_schedule" or parsed.note == " ".join(text.split())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_plan_period_reading_never_raises(text):
    found = parse_plan_period("на " + text)
    assert found is None or (found.kind in ("academic_year", "calendar_year", "years") and found.start <= found.end)


_ALPHABET = (string.digits * 3 + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЗИКМНОПРСТ" + "ОЗбlI|aceoprxyr"
             + "-–—‑−/.,;:()  " * 2 + "\u00a0\t\n№%+")
_WORD_BITS = ["май", "сентября", "2023", "г.", "кв.", "I", "IV", "полугодие", "до", "с", "по", "ежегодно",
              "учебного года", "в течение", "далее", "раз в", "2023/24", "01.12.", "конца", "не позднее",
              "по графику", "июнь-", "2021-2023", "четверть"]


def _random_cell(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(1, 8)):
        if rng.random() < 0.5:
            pieces.append(rng.choice(_WORD_BITS))
        else:
            pieces.append("".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 8))))
    return rng.choice(["", " "]).join(pieces)


def test_ten_thousand_random_strings():
    rng = random.Random(20240601)
    contexts = list(CONTEXTS.values())
    kinds = set()
    for n in range(10_000):
        cell = _random_cell(rng)
        parsed = parse_deadline(cell, **contexts[n % len(contexts)])  # strict: no safety net
        assert parsed.flags == [f for f in FLAG_ORDER if f in parsed.flags], cell
        assert all(p.end is not None for p in parsed.periods), cell
        kinds.add(parsed.kind)
    assert kinds == KINDS  # the random cells reach every kind


# --------------------------------------------------------------------------- other date readers

@pytest.mark.parametrize("text, expected", [
    ("23.11.2021", [date(2021, 11, 23)]),
    ("от 30.12.2020 № 1861", [date(2020, 12, 30)]),
    ("№ 1147/ЮК от 23.11.2021", [date(2021, 11, 23)]),
    ("«05» февраля 2024 г.", [date(2024, 2, 5)]),
    ('"5" февраля 2024 года № 77-р', [date(2024, 2, 5)]),
    ("5 февраля 2024 г.", [date(2024, 2, 5)]),
    ("с 01.09.2022 по 31.05.2023", [date(2022, 9, 1), date(2023, 5, 31)]),
    ("З0.12.2020", [date(2020, 12, 30)]),  # OCR: "З" for "3"
    ("от 23.11.21", [date(2021, 11, 23)]),
    ("30.02.2023", []),  # no such day
    ("15 марта", []),  # no year
    ("1.2.", []),
    ("г. Курск", []),
    ("", []),
    (None, []),
])
def test_find_dates(text, expected):
    assert find_dates(text) == expected


@pytest.mark.parametrize("cell, likeness", [
    ("ноябрь 2021", 1.0),
    ("До 10.06.2020", 1.0),
    ("По отдельному графику", 1.0),
    ("в течение года", 11 / 12),  # "в" is a preposition: it counts for neither side
    ("на 2021/2022 учебный год", 19 / 21),
    ("«Методического десанта» по графику", 9 / 31),
    ("Муниципальные органы управления образованием", 0.0),
    ("1.2.", 0.0),  # an item number is no date
    ("Руководители ОО, 2 семинара", 0.0),
    ("", 0.0),
    (None, 0.0),
])
def test_deadline_likeness(cell, likeness):
    assert deadline_likeness(cell) == pytest.approx(likeness)


# The repair the tokenizer asks of normalizers/repair.py for digits inside words.
@pytest.mark.parametrize("chunk, expected", [
    ("Н0ябрь", ("Ноябрь", True)),
    ("Н0ЯБРЬ", ("НОЯБРЬ", True)),
    ("ме6ель", ("мебель", True)),  # between two letters a digit is always a letter
    ("0ктябрь", ("октябрь", True)),  # at the edge only when that makes a known word
    ("0ктябрь2023", ("октябрь2023", True)),
    ("0кно", ("0кно", False)),
    ("3-х", ("3-х", False)),
    ("2кв", ("2кв", False)),
    ("5б", ("5б", False)),
    ("2023г", ("2023г", False)),
    ("30.09.2023", ("30.09.2023", False)),
])
def test_mend_letter_lookalikes(chunk, expected):
    assert mend_letter_lookalikes(chunk, frozenset({"октябрь"})) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_the_cheap_readers_read_any_text(text):
    # they have no safety net: they run on every cell of broken rows and every header line
    assert 0.0 <= deadline_likeness(text) <= 1.0
    assert all(1900 <= day.year <= 2100 for day in find_dates(text))
    assert find_dates("23.11.2021 " + text)[0] == date(2021, 11, 23)
