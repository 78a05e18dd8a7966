"""Analyst formats: many extracted orders written as one JSONL, CSV or XLSX file.

Takes a sequence of :class:`~extractor.model.Order` (in the order they should appear) and an
output folder, and writes:

- ``orders.jsonl``: one order per line, compact JSON with the contract's key order;
- ``activities.csv``: one row per activity, the columns of :data:`COLUMNS`, for Excel with
  Russian regional settings (``;`` separator, UTF-8 with BOM, CRLF line ends);
- ``activities.xlsx``: the same rows as a worksheet, dates as date cells, bytes that depend
  on the orders only (fixed document times, fixed ZIP entry times).

The per-file JSON (format ``json``) is written by the batch runner, not here. Every output is
deterministic: the same orders give byte-identical files.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .outfiles import write_atomically
from .model import Activity, Order

EXPORT_FORMATS = ("jsonl", "csv", "xlsx")
FILE_NAMES = {"jsonl": "orders.jsonl", "csv": "activities.csv", "xlsx": "activities.xlsx"}

# Joins several values inside one cell (names, periods, flag codes).
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: Callable[[Order, Activity], object]  # str, int, date or None


def _periods(a: Activity) -> str:
    return LIST_SEPARATOR.join(f"{p.start or ''}/{p.end or ''}" for p in a.deadline.periods)


def _first_start(a: Activity) -> dt.date | None:
    return a.deadline.periods[0].start if a.deadline.periods else None


def _last_end(a: Activity) -> dt.date | None:
    return a.deadline.periods[-1].end if a.deadline.periods else None


def _target_value(t) -> str:
    text = f"{t.comparator or ''}{t.value:g}{t.unit or ''}"
    return f"{text} ({t.year})" if t.year is not None else text


def _join(values: Iterable[str | None]) -> str:
    return LIST_SEPARATOR.join(v for v in values if v)


COLUMNS: tuple[Column, ...] = (
    Column("source_file", "input file name", lambda o, a: o.source.file),
    Column("source_format", "input format (txt, docx, pdf, html, odt …)", lambda o, a: o.source.format),
    Column("order_kind", "приказ, распоряжение …", lambda o, a: o.order.kind),
    Column("order_number", "the order's number as printed after №", lambda o, a: o.order.number),
    Column("order_date", "the order's date", lambda o, a: o.order.date),
    Column("order_issuer", "the body that issued the order", lambda o, a: o.order.issuer),
    Column("order_region", "region of the issuer", lambda o, a: o.order.region),
    Column("order_title", "the order's title (Об утверждении …)", lambda o, a: o.order.title),
    Column("plan_period_kind", "academic_year, calendar_year, years or inferred",
           lambda o, a: o.plan.period.kind if o.plan.period else None),
    Column("plan_start", "first day of the plan period", lambda o, a: o.plan.period.start if o.plan.period else None),
    Column("plan_end", "last day of the plan period", lambda o, a: o.plan.period.end if o.plan.period else None),
    Column("seq", "1-based position of the activity in the order", lambda o, a: a.seq),
    Column("number", "the activity's number as printed", lambda o, a: a.number),
    Column("section", "section heading(s) above the activity, nested ones joined by \" / \"",
           lambda o, a: a.section),
    Column("text", "the activity text", lambda o, a: a.text),
    Column("deadline_raw", "the deadline cell as written", lambda o, a: a.deadline.raw),
    Column("deadline_kind", "month, date, by_date, quarter, recurring, unparsed …", lambda o, a: a.deadline.kind),
    Column("deadline_start", "start of the first deadline period", lambda o, a: _first_start(a)),
    Column("deadline_end", "end of the last deadline period", lambda o, a: _last_end(a)),
    Column("deadline_periods", "every period as start/end, joined by \"; \"", lambda o, a: _periods(a)),
    Column("recurrence", "yearly, half_yearly, quarterly, monthly", lambda o, a: a.deadline.recurrence),
    Column("deadline_note", "what the deadline says beyond its periods", lambda o, a: a.deadline.note),
    Column("responsible", "responsible bodies' canonical names, joined by \"; \"",
           lambda o, a: _join(r.name for r in a.responsible)),
    Column("responsible_full", "their full names where known, joined by \"; \"",
           lambda o, a: _join(r.full_name for r in a.responsible)),
    Column("indicator", "indicator / expected result column", lambda o, a: a.indicator),
    Column("result", "a second result column (Результат, Форма отчетности)", lambda o, a: a.result),
    Column("targets", "numeric targets as written, joined by \"; \"", lambda o, a: _join(t.text for t in a.targets)),
    Column("target_values", "the same targets normalized (>=70%, =68 (2021))",
           lambda o, a: _join(_target_value(t) for t in a.targets)),
    Column("source_page", "page the row was read on (empty for formats without pages)", lambda o, a: a.source.page),
    Column("source_table", "1-based table index", lambda o, a: a.source.table),
    Column("source_rows", "1-based row indices inside that table, joined by \",\"",
           lambda o, a: ",".join(str(r) for r in a.source.rows)),
    Column("flags", "flag codes of the activity, joined by \"; \"", lambda o, a: _join(f.code for f in a.flags)),
    Column("flag_messages", "their messages, joined by \"; \"", lambda o, a: _join(f.message for f in a.flags)),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)


def activity_rows(orders: Sequence[Order]) -> list[list[object]]:
    """One list of :data:`COLUMNS` values per activity, orders and activities in the given order."""
    return [[c.value(o, a) for c in COLUMNS] for o in orders for a in o.activities]


def jsonl_text(orders: Sequence[Order]) -> str:
    return "".join(o.model_dump_json() + "\n" for o in orders)


# Excel reads a CSV cell that begins with one of these as a formula; an apostrophe keeps it text.
CSV_FORMULA_STARTS = ("=", "+", "-", "@")


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def csv_bytes(orders: Sequence[Order]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMN_NAMES)
    writer.writerows([csv_cell(v) for v in row] for row in activity_rows(orders))
    return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class XlsxSettings:
    sheet_title: str = "activities"
    creator: str = "roadmap-extractor"
    # Document times and ZIP entry times are fixed so that equal orders give equal bytes.
    document_time: dt.datetime = dt.datetime(2000, 1, 1)
    zip_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)
    date_format: str = "YYYY-MM-DD"
    min_width: int = 8
    max_width: int = 60  # wider columns (text, section) wrap instead
    wide_columns: tuple[str, ...] = ("section", "text", "indicator", "result", "responsible_full",
                                     "flag_messages", "order_title", "order_issuer")


def xlsx_bytes(orders: Sequence[Order], settings: XlsxSettings = XlsxSettings()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = settings.sheet_title
    sheet.append(COLUMN_NAMES)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(name) for name in COLUMN_NAMES]
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for r, row in enumerate(activity_rows(orders), start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                # set as a string explicitly: a text starting with "=" must not become a formula
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = settings.date_format
            else:
                cell.value = value
            cell.alignment = wrap if COLUMN_NAMES[c - 1] in settings.wide_columns else top
            widths[c - 1] = max(widths[c - 1], len(str(value)) if value is not None else 0)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(settings.min_width, min(settings.max_width, width + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions

    props = workbook.properties
    props.creator = settings.creator
    props.created = props.modified = settings.document_time
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter, unlike save_workbook, leaves the modified time as set above
        ExcelWriter(workbook, archive).save()
    return _with_fixed_zip_times(raw.getvalue(), settings.zip_time)


def _with_fixed_zip_times(data: bytes, when: tuple[int, ...]) -> bytes:
    """The same ZIP with every entry dated ``when`` (openpyxl stamps them with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


_WRITERS: dict[str, Callable[[Sequence[Order]], bytes]] = {
    "jsonl": lambda orders: jsonl_text(orders).encode("utf-8"),
    "csv": csv_bytes,
    "xlsx": xlsx_bytes,
}


def write_exports(orders: Sequence[Order], out_dir: Path, formats: Iterable[str]) -> list[Path]:
    """Write ``OUT/orders.jsonl``, ``OUT/activities.csv``, ``OUT/activities.xlsx`` for the
    formats asked (``json`` is skipped: it is the per-file output); returns the paths written."""
    wanted = list(dict.fromkeys(f.lower() for f in formats))
    unknown = [f for f in wanted if f not in EXPORT_FORMATS and f != "json"]
    if unknown:
        raise ValueError(f"unknown export format(s) {', '.join(unknown)}; "
                         f"supported: json, {', '.join(EXPORT_FORMATS)}")
    out_dir = Path(out_dir)
    written = []
    for fmt in wanted:
        if fmt == "json":
            continue
        path = out_dir / FILE_NAMES[fmt]
        write_atomically(path, _WRITERS[fmt](orders))
        written.append(path)
    return written


