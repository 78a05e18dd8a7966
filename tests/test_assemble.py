"""Row assembly: sections, page-split rows, broken exports — on every corpus activity and
on small tables written the other ways such exports come."""
from pathlib import Path

import pytest

from extractor.assemble import ROW_RULES, Heading, assemble, date_likeness, nest
from extractor.locate import locate_roadmaps
from extractor.parsers import parse_file
from extractor.parsers.text import parse_text
from extractor.normalizers.repair import repair_broken_words

from .conftest import CORPUS, ORDERS, load_gold


def activities_of(path_or_text, trace=None):
    if isinstance(path_or_text, Path):
        document = parse_file(path_or_text)
    else:
        document = parse_text(path_or_text, Path("x.txt"), "txt")
    return [a for r in locate_roadmaps(document) for a in assemble(r, trace=trace)]


def rules_of(text):
    """The name of the rule that placed each row, in row order."""
    trace = []
    activities_of(text, trace)
    assert [d.row for d in trace] == list(range(1, len(trace) + 1))
    return [d.rule for d in trace]


HEAD4 = "№\tМероприятие\tСрок\tОтветственный\n"
HEAD3 = "Мероприятия\tСроки\tОтветственные\n"

# rows in -> the rule that decides each row, in the order the rules are tried
RULE_CASES = [
    ("lone cell in the number column", HEAD4 + "Раздел 1. Кадры\t\t\t\n1.\tКурсы\tмай 2024\tУО\n",
     ["section heading: lone cell", "numbered: number starts an activity"]),
    ("lone numbered activity cell", HEAD4 + "\tI. Кадры\t\t\n1.\tКурсы\tмай 2024\tУО\n",
     ["section heading: lone cell", "numbered: number starts an activity"]),
    ("a lone cell ending in a comma is no heading", HEAD3 + "Анализ\t2024\tУО\nКадры школ,\t\t\n",
     ["first row of a section", "continuation: no deadline"]),
    ("heading cut into pieces", HEAD3 + "3. Управление системой обр\tазования\t\nАнализ\tмай 2024\tУО\n",
     ["section heading: cut into pieces", "first row of a section"]),
    ("page break split a numbered row", HEAD4 + "1.\tКурсы по\tмарт 2024 (по\tОтдел\n\n\tпрограммам\tграфику)\tУО\n"
     "2.\tСовещание\tапрель 2024\tУО\n",
     ["numbered: number starts an activity", "continuation: page break split the row",
      "numbered: number starts an activity"]),
    ("unnumbered rows", HEAD3 + "Анализ школ,\t2024\tОтдел\nимеющих низкие результаты\t\tобразования\n"
     "•\t\t\n\tмай 2024\t\nПроведение семинаров\tмай 2024\tРМО\n\t\tОО\n",
     ["first row of a section", "continuation: no deadline", "no text: bullets for the row below",
      "no text: deadline for the row below", "deadline starts an activity", "no text: cells for the row above"]),
    ("lower-case line with a deadline continues an open activity", HEAD3 + "Анализ школ\t\tОтдел\n"
     "с низкими результатами\tмай 2024\tУО\nмониторинг\tиюнь 2024\tУО\n",
     ["first row of a section", "continuation: lower-case text", "deadline starts an activity"]),
    ("cut-off start after a complete activity", HEAD3 + "Анализ школ.\tмай 2024\tУО\n"
     "проведение семинаров для\t\t\nучителей\tиюнь 2024\tРМО\n",
     ["first row of a section", "cut-off start: deadline below", "continuation: lower-case text"]),
    ("OCR repeats of one cell", HEAD3 + "Проведение диагностики педагогов.\tв течение года\tУО\n"
     "компетентности педагогов в области оценки\t\t\n"
     "компетентности педагогов в области оценки результатов обучения\tмай 2023\tОУ\n"
     "Повышение компетентности педагогов в области оценки результатов обучения и развития\tиюнь 2023\tРМК\n",
     ["first row of a section", "ocr repeat block", "ocr repeat block", "deadline starts an activity"]),
]


@pytest.mark.parametrize("case, text, expected", RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_each_row_is_placed_by_its_named_rule(case, text, expected):
    assert rules_of(text) == expected


def test_a_cell_merged_across_the_table_is_a_heading(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ("№", "Мероприятие", "Срок")):
        cell.text = text
    merged = table.rows[1].cells[0].merge(table.rows[1].cells[2])
    merged.text = "Раздел 1. Кадры"
    for cell, text in zip(table.rows[2].cells, ("1.", "Совещание", "май 2024")):
        cell.text = text
    path = tmp_path / "merged.docx"
    document.save(str(path))
    trace = []
    (activity,) = activities_of(path, trace)
    assert [d.rule for d in trace] == ["section heading: merged cell", "numbered: number starts an activity"]
    assert activity.section == "Раздел 1. Кадры"


def test_every_rule_has_a_name_and_a_reason():
    names = [name for name, _ in ROW_RULES]
    assert len(set(names)) == len(names)
    tested = {rule for c in RULE_CASES for rule in c[2]} | {"section heading: merged cell"}
    assert tested == set(names)  # every rule is exercised by the table above
    assert all(rule.__doc__ and len(rule.__doc__.strip().splitlines()) == 1 for _, rule in ROW_RULES)


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
