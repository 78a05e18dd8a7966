"""Tables without ruling lines in text PDFs: orders of the corpus and of the development set,
their DOCX stripped of every table rule and exported by LibreOffice
(tests/data/borderless/make_borderless.py), must extract as their gold says."""
import json
from pathlib import Path

import pytest

from extractor.evaluate import Report, compare
from extractor.parsers.borderless import BorderlessSettings, find_table
from extractor.pipeline import extract

from .conftest import GOLD

DATA = Path(__file__).parent / "data" / "borderless"
DEV_GOLD = Path(__file__).parent / "unseen" / "gold"
NAMES = sorted(p.stem for p in DATA.glob("*.pdf"))


def gold_of(name: str) -> dict:
    path = GOLD / f"{name}.json"
    if not path.exists():
        path = DEV_GOLD / f"{name}.json"
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {name: compare(gold_of(name), json.loads(extract(DATA / f"{name}.pdf").to_json()), name)
            for name in NAMES}


def test_the_set_is_there():
    assert len(NAMES) == 6


@pytest.mark.parametrize("name", NAMES)
def test_every_activity_is_found(reports, name):
    assert reports[name].activities.f1 == 1.0


def test_fields_over_the_set(reports):
    overall = Report("borderless")
    for report in reports.values():
        overall.merge(report)
    # just under the figures measured when the reader was written
    assert overall.fields["section"].accuracy >= 0.99
    assert overall.fields["number"].accuracy == 1.0
    assert overall.fields["deadline_periods"].accuracy >= 0.99
    assert overall.fields["text"].accuracy >= 0.95
    assert overall.responsible.f1 >= 0.95


class _Seg:
    def __init__(self, x0, x1, text, bold=False):
        self.x0, self.x1, self.text, self.bold = x0, x1, text, bold


class _Line:
    def __init__(self, top, *segs, bold=False, size=10.0):
        self.top, self.bottom, self.size = top, top + size, size
        self.segments = [_Seg(x0, x1, t, bold) for x0, x1, t in segs]
        self.bold = bold


def lines_of(rows):
    """Lines 12 pt apart (10 pt text, 2 pt gap): rows given as tuples of (x0, x1, text)."""
    return [_Line(12.0 * k, *segs, bold=bold) for k, (bold, segs) in enumerate(rows)]


HEADER = (True, [(0, 10, "№"), (30, 100, "Мероприятие"), (130, 160, "Срок"), (190, 260, "Ответственный")])


def test_numbered_rows_wrapped_cells_and_a_heading_across_the_table():
    lines = lines_of([
        HEADER,
        (True, [(40, 200, "Раздел 1. Организационные меры")]),  # bold, across the gutters
        (False, [(0, 6, "1."), (30, 110, "Подготовка приказов"), (130, 170, "январь 2024"), (190, 240, "Отдел")]),
        (False, [(30, 100, "и положений"), (190, 250, "образования")]),
        (False, [(0, 6, "2."), (30, 105, "Совещание"), (130, 165, "март 2024"), (190, 230, "ЦОКО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert table is not None and table.n_cols == 4 and (table.start, table.end) == (0, 5)
    kinds = [("header" if r.header else "heading" if r.heading else "row") for r in table.rows]
    assert kinds == ["header", "heading", "row", "row"]
    assert sorted(table.rows[2].cells) == [0, 1, 2, 3] and len(table.rows[2].cells[1]) == 2


def test_unnumbered_rows_start_where_a_column_starts_again_after_a_pause():
    lines = lines_of([
        (True, [(30, 100, "Мероприятие"), (130, 160, "Срок"), (190, 260, "Ответственный")]),
        (False, [(30, 110, "Подготовка приказов"), (130, 170, "январь 2024"), (190, 240, "Отдел")]),
        (False, [(30, 100, "и положений"), (190, 250, "образования")]),
        (False, [(30, 110, "Проведение олимпиады"), (130, 165, "март 2024")]),  # the deadline column again
        (False, [(30, 100, "по математике")]),
        (False, [(30, 100, "Совещание"), (130, 165, "май 2024")]),
        (False, [(30, 100, "руководителей"), (190, 230, "ЦОКО")]),  # empty on the row's first line
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert [len(r.cells.get(0, ())) for r in table.rows] == [1, 2, 2, 1, 1]
    assert table.rows[0].header and not any(r.header or r.heading for r in table.rows[1:])
    assert sorted(table.rows[1].cells) == [0, 1, 2] and sorted(table.rows[4].cells) == [0, 2]


def test_running_text_below_a_line_with_two_places_is_no_table():
    lines = lines_of([
        (False, [(0, 40, "05.03.2024"), (220, 260, "№ 77-р")]),
        (False, [(0, 260, "В целях организованного проведения государственной итоговой аттестации")]),
        (False, [(0, 260, "по образовательным программам основного общего образования на территории")]),
        (False, [(0, 10, "1."), (30, 100, "Мероприятие"), (130, 160, "Срок"), (190, 260, "Ответственный")]),
    ])
    assert find_table(lines, 0, line_gap=0.2) is None


def test_settings_are_named():
    assert BorderlessSettings().min_columns == 3
