"""Row assembly: sections, page-split rows, broken exports — on every corpus activity and
on small tables written the other ways such exports come."""
from pathlib import Path

import pytest

from extractor.assemble import Heading, assemble, date_likeness, nest
from extractor.locate import locate_roadmaps
from extractor.parsers import parse_file
from extractor.parsers.text import parse_text
from extractor.normalizers.repair import repair_broken_words

from .conftest import CORPUS, ORDERS, load_gold


def activities_of(path_or_text):
    if isinstance(path_or_text, Path):
        document = parse_file(path_or_text)
    else:
        document = parse_text(path_or_text, Path("x.txt"), "txt")
    return [a for r in locate_roadmaps(document) for a in assemble(r)]


CASES = [(name, fmt, a) for name in ORDERS for fmt in ("txt", "docx")
         for a in load_gold(name)["activities"]]


@pytest.fixture(scope="module")
def assembled():
    cache = {}

    def get(name, fmt):
        if (name, fmt) not in cache:
            cache[name, fmt] = activities_of(CORPUS / name / f"order.{fmt}")
        return cache[name, fmt]
    return get


@pytest.mark.parametrize("name", ORDERS)
@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_every_activity_found_once(assembled, name, fmt):
    gold = load_gold(name)["activities"]
    assert [a.rows for a in assembled(name, fmt)] == [g["source"]["rows"] for g in gold]


@pytest.mark.parametrize("name, fmt, gold", CASES, ids=[f"{n}-{f}-{g['seq']}" for n, f, g in CASES])
def test_fields_of_each_activity(assembled, name, fmt, gold):
    draft = assembled(name, fmt)[gold["seq"] - 1]
    unsure = set(gold.get("_unsure", []))
    expected = {
        "text": gold["text"], "number": gold["number"], "section": gold["section"],
        "deadline": gold["deadline"]["raw"] or "", "indicator": gold["indicator"] or "",
        "result": gold["result"] or "",
    }
    got = {
        "text": draft.field("text"), "number": draft.number, "section": draft.section,
        "deadline": draft.field("deadline"), "indicator": draft.field("indicator"),
        "result": draft.field("result"),
    }
    for key in expected:
        if key not in unsure:
            assert got[key] == expected[key], key


def test_numbered_row_split_by_a_page_break_is_one_activity():
    text = ("№\tМероприятие\tСрок\tОтветственный\n"
            "1.\tОрганизация курсов для учителей по\tмарт 2024 (по\tОтдел\n\n"
            "\tпрограммам повышения квалификации\tграфику)\tобразования\n"
            "2.\tСовещание\tапрель 2024\tУО\n")
    first, second = activities_of(text)
    assert first.field("text") == "Организация курсов для учителей по программам повышения квалификации"
    assert first.field("deadline") == "март 2024 (по графику)"
    assert first.field("responsible") == "Отдел образования"
    assert first.rows == [1, 2] and first.continued and second.rows == [3]


def test_unnumbered_rows_join_on_lower_case_and_missing_deadline():
    text = ("Мероприятия\tСроки\tОтветственные\n"
            "Раздел 1. Кадры\t\t\n"
            "Анализ кадрового обеспечения школ,\t2024\tОтдел\n"
            "имеющих низкие результаты\t\tобразования\n"
            "«Школа-лидер» как площадка стажировки\t\t\n"
            "Организационная работа\t\t\n"
            "Проведение семинаров\tежегодно\tРМО\n")
    first, second = activities_of(text)
    assert first.field("text") == ("Анализ кадрового обеспечения школ, имеющих низкие результаты "
                                   "«Школа-лидер» как площадка стажировки")
    assert first.rows == [2, 3, 4] and second.rows == [6]
    assert first.section == "Раздел 1. Кадры"
    assert second.section == "Организационная работа"


def test_overfull_row_mapped_around_its_deadline():
    text = ("| № | Мероприятия | Сроки | Ответственные |\n|---|---|---|---|\n"
            "| 1 | Разработка программ | Май 2020 | Отдел образования |\n\n"
            "| 2 | Разработка механизмов | мониторинга качества | Июнь – август 2020 | ТОИПКРО | Школы |\n"
            "| 3 | Посещение уроков | «Десанта» по графику | По отдельному графику | УО | УО |\n")
    _, second, third = activities_of(text)
    assert second.field("text") == "Разработка механизмов мониторинга качества"
    assert second.field("deadline") == "Июнь – август 2020"
    assert second.field("responsible") == "ТОИПКРО Школы"
    assert third.field("deadline") == "По отдельному графику"
    assert third.field("responsible") == "УО"  # the same body in two drifted cells kept once


def test_row_that_dropped_an_empty_cell_gets_its_responsible_back():
    text = ("№\tМероприятие\tСрок\tПоказатель\tРезультат\tИсполнители\n"
            "1.\tВебинар\tМарт 2023\tПроведен\tПисьмо ЦНППМ\tЦНППМ, кураторы\n"
            "2.\tАнализ\tАпрель 2023\tСправка\tкураторы, ЦНППМ\n")
    _, second = activities_of(text)
    assert second.field("responsible") == "кураторы, ЦНППМ"
    assert second.field("result") == ""
    assert second.field("indicator") == "Справка"


def test_sections_nest_by_their_numbers():
    path = []
    for text in ("I. Организация", "1. Результаты", "1.1. Минимальный уровень", "1.2. Высокий уровень",
                 "2.2. Поступление в вузы", "II. Управление"):
        path = nest(path, Heading.read(text))
        if text.startswith("1.2"):
            assert [h.text for h in path] == ["I. Организация", "1. Результаты", "1.2. Высокий уровень"]
    assert [h.text for h in path] == ["II. Управление"]


def test_heading_an_ocr_export_cut_across_cells():
    text = ("Содержание работы\tСроки\tОтветственный\n"
            "3. Управление системой обр\tазования\t\n"
            "Анализ систем оценки\tоктябрь 2022\tУО\n")
    (activity,) = activities_of(text)
    assert activity.section == "3. Управление системой образования"


@pytest.mark.parametrize("broken, repaired", [
    ("1. Результаты обучени Я", "1. Результаты обучения"),
    ("1.2. Достижение высокого уров зня подготовки", "1.2. Достижение высокого уровня подготовки"),
    ("3.1.Объективность оценочных н процедур", "3.1.Объективность оценочных процедур"),
    ("3,2. Эффективность механизмов управления к ачеством образован шя",
     "3,2. Эффективность механизмов управления качеством образования"),
    ("2.2. Поступление в ВУЗы своего региона.", "2.2. Поступление в ВУЗы своего региона."),
    ("II. Работа с ОО Молчановского района", "II. Работа с ОО Молчановского района"),
])
def test_words_cut_by_ocr_are_rejoined(broken, repaired):
    assert repair_broken_words(broken) == repaired


def test_ocr_repeats_of_one_cell_collapse_into_the_full_row():
    text = ("Содержание работы\tСроки\tОтветственный\n"
            "Проведение диагностики педагогов.\tв течение года\tУО\n"
            "\tв течение года\tРМК\n"
            "компетентности педагогов в области оценки\t\t\n"
            "компетентности педагогов в области оценки результатов обучения\tмай 2023\tОУ\n"
            "Повышение компетентности педагогов в области оценки результатов обучения и развития\tиюнь 2023\tРМК, ОУ\n")
    first, second = activities_of(text)
    assert second.rows == [2, 3, 4, 5]
    assert second.field("text").startswith("Повышение компетентности")
    assert second.field("deadline") == "июнь 2023"


@pytest.mark.parametrize("cell, likely", [
    ("ноябрь 2021", True), ("До 10.06.2020", True), ("По отдельному графику", True),
    ("в течение года", True), ("«Методического десанта» по графику", False),
    ("Муниципальные органы управления образованием", False),
])
def test_date_likeness_finds_the_deadline_cell(cell, likely):
    assert (date_likeness(cell) >= 0.5) is likely
