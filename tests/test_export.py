"""Analyst formats (JSONL, CSV, XLSX) written from the corpus orders: one line per order, one
row per activity, values that read back as written, bytes that do not depend on the clock."""
import os
import csv
import datetime as dt
import io
import json
import time
import zipfile

import openpyxl
import pytest

from extractor.export import (
    COLUMN_NAMES, COLUMNS, FILE_NAMES, XlsxSettings, activity_rows, csv_cell, write_exports,
)
from extractor.model import Order
from extractor.pipeline import extract

from .conftest import CORPUS, ORDERS, ROOT

FORMATS = ("txt", "docx", "pdf")


@pytest.fixture(scope="module")
def orders() -> list[Order]:
    return [extract(CORPUS / name / f"order.{fmt}") for name in ORDERS for fmt in FORMATS]


@pytest.fixture(scope="module")
def written(orders, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    paths = write_exports(orders, out, ["json", "jsonl", "csv", "xlsx"])
    return out, paths


def read_csv(path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_each_format_writes_its_one_file(written):
    out, paths = written
    assert paths == [out / "orders.jsonl", out / "activities.csv", out / "activities.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == sorted(FILE_NAMES.values())


def test_jsonl_is_one_compact_line_per_order_in_the_contract_key_order(orders, written):
    out, _ = written
    lines = (out / "orders.jsonl").read_text("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(orders) == 3 * len(ORDERS)
    for line, order in zip(lines, orders):
        assert line == json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))
        assert Order.model_validate_json(line) == order
        # the same document as the per-file JSON, keys in the same order
        assert json.dumps(json.loads(line), ensure_ascii=False, indent=2) + "\n" == order.to_json()


def test_csv_is_one_row_per_activity_for_excel_with_russian_settings(orders, written):
    out, _ = written
    data = (out / "activities.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") >= sum(len(o.activities) for o in orders) + 1
    rows = read_csv(out / "activities.csv")
    assert rows[0] == list(COLUMN_NAMES)
    assert len(rows) - 1 == sum(len(o.activities) for o in orders)


def test_csv_reads_back_to_the_orders_values(orders, written):
    out, _ = written
    rows = [dict(zip(COLUMN_NAMES, r)) for r in read_csv(out / "activities.csv")[1:]]
    pairs = [(o, a) for o in orders for a in o.activities]
    assert len(rows) == len(pairs)
    for row, (order, activity) in zip(rows, pairs):
        periods = activity.deadline.periods
        assert row["source_file"] == order.source.file
        assert row["order_number"] == (order.order.number or "")
        assert row["order_date"] == (order.order.date.isoformat() if order.order.date else "")
        assert row["plan_start"] == (order.plan.period.start.isoformat() if order.plan.period else "")
        assert row["seq"] == str(activity.seq)
        assert row["number"] == (activity.number or "")
        assert row["section"] == (activity.section or "")
        assert row["text"] == activity.text
        assert row["deadline_raw"] == (activity.deadline.raw or "")
        assert row["deadline_kind"] == activity.deadline.kind
        assert row["deadline_start"] == (str(periods[0].start or "") if periods else "")
        assert row["deadline_end"] == (str(periods[-1].end or "") if periods else "")
        assert len(row["deadline_periods"].split("; ")) == max(len(periods), 1)
        assert row["responsible"].split("; ") == ([r.name for r in activity.responsible] or [""])
        assert row["indicator"] == (activity.indicator or "")
        assert row["flags"].split("; ") == ([f.code for f in activity.flags] or [""])
    # every column, not only those above, survives the quoting
    assert [list(r.values()) for r in rows] == [[csv_cell(v) for v in r] for r in activity_rows(orders)]


def test_xlsx_rows_read_back_as_written(orders, written):
    out, _ = written
    sheet = openpyxl.load_workbook(out / "activities.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(COLUMN_NAMES)
    assert len(rows) - 1 == sum(len(o.activities) for o in orders)
    expected = activity_rows(orders)
    for got, want in zip(rows[1:], expected):
        got = [v.date() if isinstance(v, dt.datetime) else v for v in got]
        assert got == [None if v == "" else v for v in want]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "xlsx"])
def test_two_runs_are_byte_identical_even_when_the_clock_moved(orders, tmp_path, monkeypatch, fmt):
    first = write_exports(orders, tmp_path / "a", [fmt])[0].read_bytes()
    later = time.time() + 400 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    second = write_exports(orders, tmp_path / "b", [fmt])[0].read_bytes()
    assert first == second


def test_xlsx_carries_fixed_times_only(written):
    out, _ = written
    settings = XlsxSettings()
    with zipfile.ZipFile(out / "activities.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {settings.zip_time}
        core = archive.read("docProps/core.xml").decode()
    stamp = settings.document_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert core.count(stamp) == 2 and "dcterms:created" in core and "dcterms:modified" in core


def test_formula_like_text_stays_text(orders, tmp_path):
    order = orders[0]
    activity = order.activities[0].model_copy(update={"text": "=СУММ(A1:A2)", "indicator": "-50% отчётов"})
    tricky = order.model_copy(update={"activities": [activity]})
    write_exports([tricky], tmp_path, ["csv", "xlsx"])
    row = dict(zip(COLUMN_NAMES, read_csv(tmp_path / "activities.csv")[1]))
    assert (row["text"], row["indicator"]) == ("'=СУММ(A1:A2)", "'-50% отчётов")
    sheet = openpyxl.load_workbook(tmp_path / "activities.xlsx").active
    text_cell = sheet.cell(row=2, column=COLUMN_NAMES.index("text") + 1)
    assert (text_cell.value, text_cell.data_type) == ("=СУММ(A1:A2)", "s")


def test_columns_are_documented_once():
    assert len(set(COLUMN_NAMES)) == len(COLUMNS)
    assert all(c.description and "\n" not in c.description for c in COLUMNS)


def test_unknown_format_is_refused(orders, tmp_path):
    with pytest.raises(ValueError, match="unknown export format.*parquet"):
        write_exports(orders, tmp_path, ["csv", "parquet"])
    assert not list(tmp_path.iterdir())


def test_contract_documents_every_column_in_order():
    contract = (ROOT / "docs" / "contract.md").read_text("utf-8")
    section = contract[contract.index("## Spreadsheet columns"):contract.index("## Changelog")]
    documented = [line.split("|")[1].strip().strip("`") for line in section.splitlines()
                  if line.startswith("| `")]
    assert documented == [c.name for c in COLUMNS]
    for column in COLUMNS:
        assert f"| `{column.name}` | {column.description} |" in section, column.name


def test_exports_are_ordinary_files(orders, tmp_path):
    old = os.umask(0o022)
    try:
        paths = write_exports(orders, tmp_path, ["jsonl", "csv", "xlsx"])
    finally:
        os.umask(old)
    assert [oct(p.stat().st_mode & 0o777) for p in paths] == ["0o644"] * 3
