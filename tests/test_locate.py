"""Table location: header synonyms in any column order, chunks joined, other tables ignored."""
from pathlib import Path

import pytest

from extractor.document import Paragraph
from extractor.locate import header_role, is_heading_paragraph, locate_roadmaps, numbering_continues
from extractor.parsers import parse_file
from extractor.parsers.text import parse_text

from .conftest import CORPUS, ORDERS, load_gold


def doc(text: str):
    return parse_text(text, Path("x.txt"), "txt")


@pytest.mark.parametrize("header, role", [
    ("Мероприятие", "text"), ("Мероприятия", "text"), ("Наименование мероприятия", "text"),
    ("Содержание работы", "text"), ("Описание действий", "text"),
    ("Сроки", "deadline"), ("Срок", "deadline"), ("Сроки реализации", "deadline"),
    ("Дата реализации", "deadline"), ("Срок исполнения", "deadline"), ("Сроки (месяц, год)", "deadline"),
    ("Ответственные", "responsible"), ("Ответственный", "responsible"),
    ("Ответственные исполнители", "responsible"), ("Исполнители", "responsible"),
    ("Показатель реализации", "indicator"), ("Ожидаемые результаты", "indicator"),
    ("Ожидаемый результат", "indicator"), ("Результат", "result"), ("Форма отчетности", "result"),
    ("№", "number"), ("№ п/п", "number"), ("N п/п", "number"), ("N", "number"), ("NN", "number"),
    ("No", "number"), ("No.", "number"), ("N°", "number"), ("#", "number"), ("NN п/п", "number"),
    ("No п/п", "number"), ("Номер", "number"), ("Ноябрь", None),
    ("Примечание", None), ("Проведение анализа результатов ВПР", None),
    ("Целевое значение", "result"), ("Содержание", "text"), ("Объем финансирования, тыс. руб.", None), ("Значение показателя", "result"), ("Источник финансирования", None),
])
def test_header_synonyms(header, role):
    assert header_role(header)[0] == role


@pytest.mark.parametrize("name", ORDERS)
@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_corpus_roadmap_found_with_all_rows(name, fmt):
    roadmaps = locate_roadmaps(parse_file(CORPUS / name / f"order.{fmt}"))
    assert len(roadmaps) == 1
    gold_rows = [r for a in load_gold(name)["activities"] for r in a["source"]["rows"]]
    assert roadmaps[0].rows[-1].index == max(gold_rows)


def test_columns_in_any_order_and_a_single_result_column_is_the_indicator():
    roadmaps = locate_roadmaps(doc(
        "Ответственный\tСрок исполнения\tНаименование мероприятия\tРезультат\n"
        "Отдел образования\tмай 2024\tСовещание\tПротокол\n"))
    assert roadmaps[0].columns.roles == ["responsible", "deadline", "text", "indicator"]


def test_indicator_and_result_columns_both_kept():
    roadmaps = locate_roadmaps(doc("№\tМероприятие\tСрок\tОжидаемый результат\tФорма отчетности\tИсполнители\n"
                                   "1.\tА\tмай 2024\tБ\tВ\tГ\n"))
    assert roadmaps[0].columns.roles == ["number", "text", "deadline", "indicator", "result", "responsible"]


def test_table_that_is_not_a_roadmap_is_ignored():
    assert locate_roadmaps(doc("ФИО\tДолжность\nИванов\tДиректор\n")) == []


def test_repeated_header_dropped_and_chunks_numbered_on():
    text = ("№\tМероприятие\tСрок\n1.\tА\tмай 2024\n2.\tБ\tиюнь 2024\n\n"
            "№\tМероприятие\tСрок\n3.\tВ\tиюль 2024\n\n1 \n\n\tпродолжение В\t\n")
    (roadmap,) = locate_roadmaps(doc(text))
    assert [rr.index for rr in roadmap.rows] == [1, 2, 3, 4]
    assert [rr.row.texts[1] for rr in roadmap.rows] == ["А", "Б", "В", "продолжение В"]


def test_second_roadmap_after_text_restarts_numbering():
    text = ("№\tМероприятие\tСрок\n1.\tА\tмай 2024\n\n"
            "Приложение 2. Второй план мероприятий, утверждённый настоящим приказом для другой цели "
            "и с другими исполнителями, чем первый план.\n\n"
            "№\tМероприятие\tСрок\n1.\tБ\tиюнь 2024\n")
    first, second = locate_roadmaps(doc(text))
    assert (first.index, second.index) == (1, 2)


@pytest.mark.parametrize("prev, nxt, expected", [
    ((10,), (11,), True), ((1, 3), (1, 4), True), ((1, 3), (2,), True), ((1, 3), (2, 1), True),
    ((1,), (1, 1), True), ((1, 2, 8), (2, 1, 1), True), ((1, 2, 8), (1, 3, 1), True),
    ((2, 3), (3, 1, 1), True), ((4,), (5, 1, 1), True), ((1, 2), (1, 2, 1, 1), True),
    ((3,), (5,), False), ((2,), (1,), False), ((1, 3), (2, 2), False), ((1, 2, 8), (2, 1, 2), False),
    ((1, 2, 8), (2, 2, 1), False), ((1, 2, 8), (1, 4, 1), False), ((1, 2), (1, 2), False), (None, (1,), False),
])
def test_numbering_continues(prev, nxt, expected):
    assert numbering_continues(prev, nxt) is expected


@pytest.mark.parametrize("paragraph, heading", [
    (Paragraph("Раздел 2. Работа с родителями"), True), (Paragraph("II. Работа с родителями"), True),
    (Paragraph("3. Работа с родителями"), True), (Paragraph("Работа с родителями", bold=True), True),
    (Paragraph("Работа с родителями", align="center"), True), (Paragraph("Работа с родителями"), False),
    (Paragraph("Продолжение приложения", bold=True), False), (Paragraph("2"), False),
    (Paragraph("- 3 -", align="center"), False), (Paragraph("Раздел 2. Кадры и", bold=True), True),
    (Paragraph("Раздел 2. Кадры,", bold=True), False),
])
def test_heading_paragraphs_between_table_parts(paragraph, heading):
    assert is_heading_paragraph(paragraph) is heading


@pytest.mark.parametrize("after, ends", [
    ("", True), ("\n\n- 2 -\n\nПродолжение приложения\n", True),
    ("\n\nИсполнитель: Петрова А.Б.\n", False),
])
def test_whether_the_document_ends_inside_the_roadmap(after, ends):
    (roadmap,) = locate_roadmaps(doc("№\tМероприятие\tСрок\n1.\tА\tмай 2024\n" + after))
    assert roadmap.ends_document is ends


def test_a_column_with_an_unnamed_header_is_left_out(tmp_path):
    """A last column no synonym names ("Источник финансирования") belongs to the table: its
    cells are dropped, not joined to the responsible column beside it."""
    from extractor.pipeline import extract

    path = tmp_path / "order.txt"
    path.write_text(
        "План мероприятий на 2025 год\n\n"
        "№ п/п\tСрок\tМероприятие\tОтветственный\tИсточник финансирования\n"
        "1\tмарт 2025 г.\tОбучение библиотекарей\tМКУ ИМЦ\tместный бюджет\n"
        "2\tапрель 2025 г.\tКонкурс чтецов\tРуководители ОО\tне требуется\n", encoding="utf-8")
    order = extract(path)
    assert [[r.raw for r in a.responsible] for a in order.activities] == [["МКУ ИМЦ"], ["Руководители ОО"]]


@pytest.mark.parametrize("text, value", [
    ("1", (1,)), ("1.", (1,)), ("1.2.", (1, 2)), ("1)", (1,)), ("12 )", (12,)), ("1.2.3", (1, 2, 3)),
    ("I.", None), ("1а", None), ("2024", None),
])
def test_row_number_value(text, value):
    from extractor.locate import row_number_value
    assert row_number_value(text) == value


@pytest.mark.parametrize("text, number", [("1.", "1"), ("1)", "1"), ("1.2.", "1.2"), ("3 )", "3"), ("", None)])
def test_printed_number(text, number):
    from extractor.assemble import printed_number
    assert printed_number(text) == number


def test_a_part_without_header_keeps_the_header_columns_a_split_row_widened():
    """A row an export split over one cell more widened the first part's grid (its activity
    column spans two grid columns); the part after a heading paragraph has one grid column per
    header cell and is read on the header's columns."""
    from extractor.assemble import assemble
    from extractor.document import Cell, Document, Page, Row, Table

    header = Row([Cell("№", 0), Cell("Мероприятие", 1, col_span=2), Cell("Срок", 3), Cell("Ответственные", 4)],
                 is_header=True)
    first = Table([header, Row([Cell("1", 0), Cell("Анализ", 1), Cell("итогов", 2), Cell("май 2024", 3),
                               Cell("ОМСУ", 4)])], 5)
    second = Table([Row([Cell("2", 0), Cell("Семинар", 1), Cell("июнь 2024", 2), Cell("ИРО", 3)])], 4)
    document = Document("x.docx", "docx", [Page(None, [first, Paragraph("2. Работа с кадрами", bold=True), second])])
    (roadmap,) = locate_roadmaps(document)
    last = assemble(roadmap)[-1]
    assert (last.field("deadline"), last.field("responsible")) == ("июнь 2024", "ИРО")
