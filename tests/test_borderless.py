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
DEV_GOLDS = [Path(__file__).parent / "unseen" / "gold", Path(__file__).parent / "dev2" / "gold"]
NAMES = sorted(p.stem for p in DATA.glob("*.pdf"))


def gold_of(name: str) -> dict:
    path = next(p for folder in [GOLD, *DEV_GOLDS] if (p := folder / f"{name}.json").exists())
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {name: compare(gold_of(name), json.loads(extract(DATA / f"{name}.pdf").to_json()), name)
            for name in NAMES}


def test_the_set_is_there():
    assert len(NAMES) == 10


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
        self.text = " ".join(t for _, _, t in segs)


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


def test_a_title_alone_in_the_activity_column_after_a_pause_is_a_row_of_its_own():
    lines = lines_of([
        HEADER,
        (False, [(0, 6, "1.1."), (30, 110, "Создание центров"), (130, 170, "2024 год"), (190, 240, "МОУО")]),
        (False, [(30, 100, "«Точка роста»"), (190, 250, "и ОО")]),
        (False, [(190, 250, "района")]),  # the activity column pauses
        (False, [(30, 110, "2. Кадры")]),  # and starts again: a new row
        (False, [(0, 6, "2.1."), (30, 110, "Стажировки"), (130, 170, "май 2024"), (190, 240, "ИРО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert [sorted(r.cells) for r in table.rows[1:]] == [[0, 1, 2, 3], [1], [0, 1, 2, 3]]


@pytest.mark.parametrize("title, own_row", [
    ("Мониторинг", True),  # a capitalised noun in the nominative: a title
    ("Международному дню", False),  # a wrapped proper name goes on the cell above
    ("языка", False),
])
def test_a_one_line_title_under_a_full_line_is_told_by_its_first_word(title, own_row):
    lines = lines_of([
        (True, [(30, 100, "Мероприятие"), (130, 160, "Срок"), (190, 260, "Ответственный")]),
        (False, [(30, 110, "Летняя школа для"), (130, 170, "июнь 2024"), (190, 240, "ЦДТ")]),
        (False, [(30, 110, "детей оленеводов")]),  # reaches the column's edge
        (False, [(30, 80, title)]),
        (False, [(30, 110, "Сбор сведений"), (130, 170, "до 1 октября"), (190, 240, "ОО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert (len(table.rows) == 4) is own_row


def test_unnumbered_one_line_rows_open_where_every_cell_above_ended():
    lines = lines_of([
        (True, [(30, 60, "Срок"), (130, 200, "Мероприятие"), (260, 330, "Ответственный")]),
        (False, [(30, 100, "ежеквартально"), (130, 190, "Отчёт о реализации"), (260, 280, "ИРО")]),
        (False, [(30, 85, "ноябрь 2026"), (130, 200, "Подготовка плана"), (260, 330, "Отдел образования")]),
        (False, [(30, 100, "в течение года"), (130, 240, "Публикация итогов в СМИ"), (260, 310, "Департамент")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert [sorted(r.cells) for r in table.rows[1:]] == [[0, 1, 2], [0, 1, 2], [0, 1, 2]]


def test_a_one_line_title_under_a_short_line_is_a_row_of_its_own():
    lines = lines_of([
        (True, [(30, 100, "Мероприятие"), (130, 160, "Срок"), (190, 260, "Ответственный")]),
        (False, [(30, 110, "Методическая помощь"), (130, 170, "по заявкам"), (190, 240, "ЦДТ")]),
        (False, [(30, 60, "учителям")]),  # ends well before the column's edge
        (False, [(30, 105, "Работа с детьми")]),  # would have fitted on it: a new paragraph
        (False, [(30, 110, "Олимпиада по"), (130, 170, "май 2024"), (190, 240, "ОО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert [sorted(r.cells) for r in table.rows[1:]] == [[0, 1, 2], [0], [0, 1, 2]]


def test_a_bold_header_line_cut_by_a_gutter_stays_in_the_header():
    lines = lines_of([
        (True, [(30, 100, "Мероприятия"), (130, 160, "Сроки"), (190, 260, "Ответственные")]),
        (True, [(120, 175, "реализации"), (185, 262, "исполнители")]),  # juts over the gutters
        (False, [(30, 110, "Создание группы"), (130, 160, "2020"), (190, 240, "Министерство")]),
        (False, [(30, 110, "Назначение"), (130, 160, "2021"), (190, 240, "ИРО")]),
        (False, [(30, 110, "Выявление школ"), (130, 160, "2022"), (190, 240, "РЦОКО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert table.rows[0].header and len(table.rows[0].cells[1]) == 2
    assert not any(r.heading for r in table.rows)


def test_a_heading_label_glued_to_its_title_starts_the_next_heading():
    lines = lines_of([
        HEADER,
        (True, [(30, 200, "3. Управление системой образования")]),
        (True, [(30, 200, "3.1.Объективность оценочных процедур")]),
        (False, [(0, 6, "1."), (30, 110, "Контроль"), (130, 170, "май 2024"), (190, 240, "ОО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert [r.heading for r in table.rows] == [False, True, True, False]


def test_a_lower_case_line_across_a_gutter_is_no_heading():
    lines = lines_of([
        HEADER,
        (False, [(0, 6, "1."), (30, 110, "Анализ итогов"), (130, 170, "июнь 2024"), (190, 240, "Муниципальные")]),
        (False, [(100, 250, "методические объединения")]),  # the cell's rest, wider than its column
        (False, [(0, 6, "2."), (30, 110, "Совещание"), (130, 170, "май 2024"), (190, 240, "ОО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert not any(r.heading for r in table.rows) and len(table.rows) == 3


def test_a_page_of_the_same_table_keeps_the_gutters_its_lines_do_not_show():
    lines = lines_of([
        HEADER,
        (False, [(0, 6, "30."), (30, 110, "Анализ итогов"), (130, 182, "декабрь 2023")]),  # no gap to the
        (False, [(30, 110, "мониторинга"), (130, 186, "кураторы")]),  # next column on this page
        (False, [(0, 6, "31."), (30, 110, "Экспертиза"), (130, 170, "май 2023"), (190, 240, "ИРО")]),
    ])
    alone = find_table(lines, 0, line_gap=0.2)
    kept = find_table(lines, 0, line_gap=0.2, known_gutters=[(12, 28), (112, 128), (184, 188)])
    assert alone.n_cols == 3 and kept.n_cols == 4


def test_a_labelled_title_wrapping_onto_a_second_line_is_a_row_of_its_own():
    lines = lines_of([
        HEADER,
        (False, [(0, 6, "10"), (30, 110, "Собеседования с"), (130, 170, "январь"), (190, 240, "ППк")]),
        (False, [(30, 80, "родителями")]),
        (False, [(30, 110, "3. Контроль и")]),
        (False, [(30, 90, "обеспечение")]),
        (False, [(0, 6, "11"), (30, 110, "Контроль"), (130, 170, "май"), (190, 240, "ОО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert [sorted(r.cells) for r in table.rows[1:]] == [[0, 1, 2, 3], [1], [0, 1, 2, 3]]
    assert len(table.rows[2].cells[1]) == 2


def test_the_rest_of_a_row_at_the_top_of_a_page_is_no_header():
    lines = lines_of([
        (False, [(30, 100, "обучающихся"), (190, 250, "Шестакова В.П.")]),
        (False, [(0, 6, "3.2"), (30, 110, "Конференция"), (130, 170, "май 2024"), (190, 240, "ИМЦ")]),
        (False, [(0, 6, "3.3"), (30, 110, "Летняя смена"), (130, 170, "июнь 2024"), (190, 240, "ДДТ")]),
        (False, [(0, 6, "3.4"), (30, 110, "Стипендии"), (130, 170, "ежегодно"), (190, 240, "УО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert not any(r.header for r in table.rows) and sorted(table.rows[0].cells) == [1, 3]


def test_numbers_with_a_parenthesis_open_rows():
    lines = lines_of([
        HEADER,
        (False, [(0, 8, "7)"), (30, 110, "Сетевое"), (130, 170, "2022-2023"), (190, 240, "ИМЦ")]),
        (False, [(30, 110, "взаимодействие с вузами")]),
        (False, [(0, 8, "8)"), (30, 110, "Неделя науки"), (130, 170, "март"), (190, 240, "ОО")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert [len(r.cells.get(1, ())) for r in table.rows[1:]] == [2, 1]


def test_a_header_and_one_row_at_the_foot_of_a_page_are_a_table():
    lines = lines_of([
        HEADER,
        (False, [(0, 8, "1"), (30, 110, "Мониторинг фондов"), (130, 170, "январь 2025 г."), (190, 240, "МКУ ИМЦ")]),
        (False, [(30, 110, "школьных библиотек")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert table is not None and len(table.rows) == 2 and len(table.rows[1].cells[1]) == 2


def test_a_repeated_header_over_the_last_words_of_a_row_continues_the_table():
    known = [(12, 28), (102, 128), (162, 188)]
    lines = lines_of([HEADER, (False, [(30, 36, "к")])])
    alone, kept = find_table(lines, 0, line_gap=0.2), find_table(lines, 0, line_gap=0.2, known_gutters=known)
    assert alone is None
    assert kept.n_cols == 4 and kept.rows[0].header and sorted(kept.rows[1].cells) == [1]
    # a signature line of two places under the table is no page of it
    signature = lines_of([(False, [(30, 100, "Начальник управления"), (190, 240, "И.И. Иванов")])])
    assert find_table(signature, 0, line_gap=0.2, known_gutters=known) is None


def test_a_title_wrapped_onto_a_second_line_is_a_row_of_its_own():
    lines = lines_of([
        HEADER,
        (False, [(0, 6, "13"), (30, 110, "Индивидуальные"), (130, 170, "по мере"), (190, 240, "логопеды")]),
        (False, [(30, 110, "занятия с детьми")]),
        (False, [(30, 60, "речи")]),
        (False, [(30, 110, "Работа с семьями")]),
        (False, [(30, 100, "воспитанников")]),
        (False, [(0, 6, "14"), (30, 110, "Консультирование"), (130, 170, "май"), (190, 240, "логопед")]),
    ])
    table = find_table(lines, 0, line_gap=0.2)
    assert [sorted(r.cells) for r in table.rows[1:]] == [[0, 1, 2, 3], [1], [0, 1, 2, 3]]
    assert len(table.rows[2].cells[1]) == 2


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
