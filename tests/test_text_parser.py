"""Text exports: tab rows, markdown pipe tables with inline HTML, box tables, cell-per-line
exports, bold paragraphs, chunks."""
from pathlib import Path

import pytest

from extractor.document import Table
from extractor.parsers.text import clean_cell, line_kind, parse, parse_text

from .conftest import CORPUS


def parse_string(text: str):
    return parse_text(text, Path("x.txt"), "txt")


def test_tab_rows_become_one_table_per_chunk():
    doc = parse_string("Заголовок\n\n№\tМероприятие\tСрок\n1.\tАнализ\tмай 2023\n\n\tпродолжение\t\n")
    tables = doc.tables
    assert [len(t.rows) for t in tables] == [2, 1]
    assert tables[0].rows[1].texts == ["1.", "Анализ", "май 2023"]
    assert tables[1].rows[0].texts == ["", "продолжение", ""]


def test_markdown_table_header_separator_and_empty_header_rows():
    text = ("| № | Мероприятия | Сроки |\n|---|--|---|\n| 1 | Утверждение | Июнь 2020 |\n\n"
            "| | | |\n|----|--|---|\n| 2 | Анализ | Май 2020 |\n")
    first, second = parse_string(text).tables
    assert first.rows[0].is_header and first.rows[0].texts == ["№", "Мероприятия", "Сроки"]
    assert not first.rows[1].is_header
    assert [r.texts for r in second.rows] == [["2", "Анализ", "Май 2020"]]  # empty header row dropped


@pytest.mark.parametrize("raw, expected", [
    ("<p>Образовательные организации</p> <p>Муниципальные органы</p>", "Образовательные организации\nМуниципальные органы"),
    ("<p>Организация работы, включающей:</p> <ul><li>анализ;</li><li>план</li></ul>", "Организация работы, включающей:\nанализ;\nплан"),
    ("До 16.06.2020", "До 16.06.2020"),
    ("a &amp; b", "a & b"),
    ("**Итого**", "Итого"),
])
def test_inline_html_in_cells(raw, expected):
    assert clean_cell(raw) == expected


def test_bold_paragraph_spanning_lines():
    doc = parse_string("**МИНИСТЕРСТВО ОБРАЗОВАНИЯ\nТВЕРСКОЙ ОБЛАСТИ**\n\nП Р И К А З\n")
    first, second = doc.paragraphs
    assert first.bold and first.text == "МИНИСТЕРСТВО ОБРАЗОВАНИЯ\nТВЕРСКОЙ ОБЛАСТИ"
    assert not second.bold and second.text == "П Р И К А З"


def test_dash_rows_are_dropped():
    doc = parse_string("Мероприятия\tСроки\nАнализ\t2020\n---\t--\n")
    assert [r.texts for r in doc.tables[0].rows] == [["Мероприятия", "Сроки"], ["Анализ", "2020"]]


@pytest.mark.parametrize("name, cells", [
    ("000_tver_2021", ["1.", "Проведение анализа результатов всероссийских проверочных работ, государственной "
                       "итоговой аттестации в 2021 году (далее – независимые оценочные процедуры)", "ноябрь 2021"]),
    ("001_molchanovo_2020", ["1", "Утверждение состава муниципальной рабочей группы по организации работы со школами "
                             "с низкими образовательными результатами", "До 10.06.2020"]),
    ("004_tomsk_2023", ["1.", "Разработка и утверждение региональной программы и «дорожной карты» по повышению "
                        "качества образования в школах с низкими образовательными результатами обучающихся (далее - "
                        "ШНОР) и/или в школах, функционирующих в неблагоприятных социальных условиях (далее – ШНСУ)",
                        "Январь-март 2023г."]),
])
def test_first_activity_row_of_corpus_exports(name, cells):
    doc = parse(CORPUS / name / "order.txt")
    rows = [r.texts for t in doc.tables for r in t.rows]
    assert any(r[: len(cells)] == cells for r in rows)


def test_rows_with_more_cells_than_the_header_are_kept_whole():
    doc = parse(CORPUS / "001_molchanovo_2020" / "order.txt")
    widths = {len(r.cells) for t in doc.tables for r in t.rows}
    assert widths == {4, 6}


def cells(table: Table) -> list[list[tuple[str, int, int]]]:
    """Each row as (text, col, col_span) triples."""
    return [[(c.text, c.col, c.col_span) for c in r.cells] for r in table.rows]


@pytest.mark.parametrize("line, kind", [
    ("|---|:--|", "separator"),
    ("| - | - |", "separator"),
    ("+----+-------+", "rule"),
    ("|----+-------|", "rule"),
    ("/----+-------\\", "rule"),
    ("\\====+=======/", "rule"),
    ("| 1. | Анализ |", "pipe"),
    ("||||", "pipes"),
    ("Срок |", "text"),
    ("----", "text"),
])
def test_line_kinds(line, kind):
    assert line_kind(line) == kind


BOX_TABLE = """\
Дорожная карта

/----+----------------------+-------------+--------------\\
| №  | Мероприятие          | Срок        | Ответствен-  |
|    |                      |             | ный          |
|----+----------------------+-------------+--------------|
| Раздел 1. Организационные мероприятия                  |
|----|----------------------|-------------|--------------|
| 1. | Проведение учеб-     | сентябрь    | Отдел        |
|    | ного семинара        | 2023 г.     | образования  |
+----+----------------------+-------------+--------------+
| 2. | Итоговое совещание                                |
\\----+----------------------+-------------+--------------/
"""


def test_box_table_rows_are_the_lines_between_rules():
    doc = parse_string(BOX_TABLE)
    assert doc.paragraphs[0].text == "Дорожная карта"
    (table,) = doc.tables
    assert table.n_cols == 4
    assert cells(table) == [
        [("№", 0, 1), ("Мероприятие", 1, 1), ("Срок", 2, 1), ("Ответственный", 3, 1)],
        [("Раздел 1. Организационные мероприятия", 0, 4)],  # a section row spans the table
        [("1.", 0, 1), ("Проведение учебного семинара", 1, 1), ("сентябрь\n2023 г.", 2, 1),
         ("Отдел\nобразования", 3, 1)],
        [("2.", 0, 1), ("Итоговое совещание", 1, 3)],  # a short row's last cell spans to the edge
    ]
    assert not any(r.is_header for r in table.rows)  # the header is found by its words


def test_box_table_after_a_page_break_is_a_new_chunk():
    doc = parse_string("+---+-------+\n| 1 | Анализ |\n+---+-------+\n\n| 2 | План |\n+---+------+\n")
    assert [cells(t) for t in doc.tables] == [[[("1", 0, 1), ("Анализ", 1, 1)]],
                                             [[("2", 0, 1), ("План", 1, 1)]]]


CELL_EXPORT = """\
Дорожная карта на 2023 год
№
п/п
|
Мероприятие |
Срок |
Ответственный |
1 |
2 |
3 |
4 |
Раздел 1. Организационные мероприятия ||||
1. |
Проведение учеб-
ного семинара |
сентябрь 2023 г. |
Отдел образования ||||
Раздел 2. Методическая работа |
2. |
Анализ результатов |
октябрь 2023 г. |
Методический
кабинет
|
3. |
Итоговое совещание ||||
"""


def test_cell_export_with_a_column_number_row():
    doc = parse_string(CELL_EXPORT)
    # the short lines above a lone "|" are the first cell, the longer one a paragraph
    assert doc.paragraphs[0].text == "Дорожная карта на 2023 год"
    (table,) = doc.tables
    assert [r.is_header for r in table.rows] == [True, True, False, False, False, False, False]
    assert cells(table) == [
        [("№\nп/п", 0, 1), ("Мероприятие", 1, 1), ("Срок", 2, 1), ("Ответственный", 3, 1)],
        [("1", 0, 1), ("2", 1, 1), ("3", 2, 1), ("4", 3, 1)],
        [("Раздел 1. Организационные мероприятия", 0, 4)],  # ended by a run of pipes
        [("1.", 0, 1), ("Проведение учебного семинара", 1, 1), ("сентябрь 2023 г.", 2, 1),
         ("Отдел образования", 3, 1)],
        [("Раздел 2. Методическая работа", 0, 4)],  # ended by the next row number
        [("2.", 0, 1), ("Анализ результатов", 1, 1), ("октябрь 2023 г.", 2, 1), ("Методический\nкабинет", 3, 1)],
        [("3.", 0, 1), ("Итоговое совещание", 1, 3)],
    ]


@pytest.mark.parametrize("export, rows", [
    # the header cells before the first row number
    ("№ |\nМероприятие |\nСрок |\n1 |\nАнализ |\nмай |\n",
     [["№", "Мероприятие", "Срок"], ["1", "Анализ", "май"]]),
    # the header cells before the first row end, whose pipes with the cell's own count them
    ("Мероприятие |\nСрок |\nОтветственный |||\nАнализ |\nмай |\nОтдел |||\n",
     [["Мероприятие", "Срок", "Ответственный"], ["Анализ", "май", "Отдел"]]),
    # ... and a heading that such a row end closes right after the header is none of them
    ("№ |\nМероприятие |\nСрок |\nРаздел 1 |||\n1 |\nАнализ |\nмай |||\n",
     [["№", "Мероприятие", "Срок"], ["Раздел 1"], ["1", "Анализ", "май"]]),
    # a row end of a fixed run of pipes on its own line after the header: the cells before it
    # name columns, so they are all header cells
    ("N п/п |\nНаименование мероприятия |\nСрок реализации |\nОтветственные исполнители |\n|||\n"
     "1.1 |\nАнализ |\nмай |\nминистерство\nОМСУ\n|\n|||\n",
     [["N п/п", "Наименование мероприятия", "Срок реализации", "Ответственные исполнители"],
      ["1.1", "Анализ", "май", "министерство\nОМСУ"]]),
])
def test_cell_export_width_from_the_header_cells(export, rows):
    (table,) = parse_string(export).tables
    assert table.n_cols == len(rows[0]) and [r.texts for r in table.rows] == rows


def test_cell_export_two_level_header_over_column_numbers():
    export = ("№ |\nПоказатель |\nВ том числе по годам |\n2023 |\n2024 |\n1 |\n2 |\n3 |\n4 |\n"
              "1. |\nДоля выпускников |\n75 |\n80 ||||\n")
    (table,) = parse_string(export).tables
    upper, lower, numbers, body = table.rows
    assert [(c.text, c.col, c.col_span, c.row_span) for c in upper.cells] == [
        ("№", 0, 1, 2), ("Показатель", 1, 1, 2), ("В том числе по годам", 2, 2, 1)]
    assert [(c.text, c.col) for c in lower.cells] == [("2023", 2), ("2024", 3)]
    assert numbers.is_header and numbers.texts == ["1", "2", "3", "4"]
    assert body.texts == ["1.", "Доля выпускников", "75", "80"]


def test_few_lines_ending_in_a_pipe_are_a_paragraph():
    doc = parse_string("Итоги: |\nсм. таблицу |\n")
    assert not doc.tables and doc.paragraphs[0].text == "Итоги: |\nсм. таблицу |"
