"""Text exports: tab rows, markdown pipe tables with inline HTML, bold paragraphs, chunks."""
from pathlib import Path

import pytest

from extractor.document import Table
from extractor.parsers.text import clean_cell, parse, parse_text

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
