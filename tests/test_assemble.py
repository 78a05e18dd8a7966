"""Row assembly: sections, page-split rows, broken exports — on every corpus activity and
on small tables written the other ways such exports come."""
from pathlib import Path

import pytest

from extractor.assemble import CUT_OFF_RULE, ROW_RULES, Heading, assemble, date_likeness, nest
from extractor.pipeline import extract
from extractor.locate import locate_roadmaps
from extractor.parsers import parse_file
from extractor.parsers.text import parse_text
from extractor.normalizers.repair import repair_broken_words

from .conftest import CORPUS, ORDERS, ROOT, load_gold

MADE = ROOT / "tests" / "made" / "orders"  # orders written for these rules, rendered to docx and pdf


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
    rows = [d.row for d in trace]
    assert rows[0] == 1 and all(b - a in (0, 1) for a, b in zip(rows, rows[1:]))  # a paragraph is no row
    return [d.rule for d in trace]


HEAD4 = "№\tМероприятие\tСрок\tОтветственный\n"
HEAD3 = "Мероприятия\tСроки\tОтветственные\n"

# rows in -> the rule that decides each row, in the order the rules are tried
RULE_CASES = [
    ("lone cell in the number column", HEAD4 + "Раздел 1. Кадры\t\t\t\n1.\tКурсы\tмай 2024\tУО\n",
     ["section heading: lone cell", "numbered: number starts an activity"]),
    ("lone numbered activity cell", HEAD4 + "\tI. Кадры\t\t\n1.\tКурсы\tмай 2024\tУО\n",
     ["section heading: lone cell", "numbered: number starts an activity"]),
    ("labelled title alone in the first column of a deadline-first table",
     "Срок\tМероприятие\tИсполнители\n1.1. Нормативная база\t\t\nдо 01.02.2025\tПриказ\tУО\n"
     "1.2. Кадры\t\t\nмай 2025\tАнализ\tУО\n",
     ["section heading: lone cell", "first row of a section", "section heading: lone cell",
      "first row of a section"]),
    ("a lone cell ending in a comma is no heading", HEAD3 + "Анализ\t2024\tУО\nКадры школ,\t\t\n",
     ["first row of a section", "continuation: no deadline"]),
    ("heading cut into pieces", HEAD3 + "3. Управление системой обр\tазования\t\nАнализ\tмай 2024\tУО\n",
     ["section heading: cut into pieces", "first row of a section"]),
    ("page break split a numbered row", HEAD4 + "1.\tКурсы по\tмарт 2024 (по\tОтдел\n\n\tпрограммам\tграфику)\tУО\n"
     "2.\tСовещание\tапрель 2024\tУО\n",
     ["numbered: number starts an activity", "continuation: page break split the row",
      "numbered: number starts an activity"]),
    ("page break split an unnumbered row's date", HEAD3 + "Ярмарка вакансий\t20–21\tЦСТВ\n\n"
     "«Карьерный старт»\tноября 2025 г.\tЦЗН\nАнализ\tдекабрь 2025 г.\tЦСТВ\n",
     ["first row of a section", "continuation: page break split the cells", "deadline starts an activity"]),
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
    ("roman label in the number column", HEAD4 + "I.\tКадры\t\t\n1.\tКурсы\tмай 2024\tУО\n"
     "2.\tСеминар\tиюнь 2024\tУО\n",
     ["section heading: numbered heading row", "numbered: number starts an activity",
      "numbered: number starts an activity"]),
    ("arabic label over its items", HEAD4 + "2.\tОценка качества\t\t\n2.1.\tМониторинг\tмай 2024\tЦОКО\n",
     ["section heading: numbered heading row", "numbered: number starts an activity"]),
    ("a numbered row without deadline over no items is an activity", HEAD4 + "1.\tКурсы\tмай 2024\tУО\n"
     "2.\tСовещание\t\t\n3.\tСеминар\tиюнь 2024\tУО\n",
     ["numbered: number starts an activity"] * 3),
    ("lone title in the activity column of a numbered table", HEAD4 + "1.\tКурсы\tмай 2024\tУО\n"
     "\tРабота с родителями\t\t\n2.\tСобрание\tиюнь 2024\tУО\n",
     ["numbered: number starts an activity", "section heading: lone activity cell",
      "numbered: number starts an activity"]),
    # a limit: a capitalised rest of a page-split row under a complete-looking one reads as a title
    ("capitalised lone cell under a complete-looking row", HEAD4 + "1.\tКурсы для учителей\tмай 2024\tУО\n"
     "\tВолжского района\t\t\n2.\tСобрание\tиюнь 2024\tУО\n",
     ["numbered: number starts an activity", "section heading: lone activity cell",
      "numbered: number starts an activity"]),
    ("rest of a row whose text hangs on a preposition", HEAD4 + "1.\tКурсы для\tмай 2024\tУО\n"
     "\tВолжского района\t\t\n2.\tСобрание\tиюнь 2024\tУО\n",
     ["numbered: number starts an activity", "continuation: page break split the row",
      "numbered: number starts an activity"]),
    ("rest of a row that opens with an abbreviation", HEAD4 + "1.\tСайт ГАУ ДПО\tмай 2024\tУО\n"
     "\tИРО и школ\t\t\n2.\tСобрание\tиюнь 2024\tУО\n",
     ["numbered: number starts an activity", "continuation: page break split the row",
      "numbered: number starts an activity"]),
    ("heading paragraph between two parts of the table", HEAD4 + "1.\tКурсы\tмай 2024\tУО\n\n"
     "Раздел 2. Работа с родителями\n\n" + HEAD4 + "2.\tСобрание\tиюнь 2024\tУО\n",
     ["numbered: number starts an activity", "section heading: paragraph between table parts",
      "numbered: number starts an activity"]),
    ("page furniture between two parts is no heading", HEAD4 + "1.\tКурсы\tмай 2024\tУО\n\n"
     "Продолжение приложения\n\n2\n\n" + HEAD4 + "2.\tСобрание\tиюнь 2024\tУО\n",
     ["numbered: number starts an activity"] * 2),
    ("the document ends inside the last row", HEAD4 + "1.\tКурсы\tмай 2024\tУО\n"
     "2.\tСобрание\tиюнь 2024\tУО\n3.\tПроведение мониторинга качества по\n",
     ["numbered: number starts an activity"] * 2 + [CUT_OFF_RULE]),
    ("a last row that reads complete is kept", HEAD4 + "1.\tКурсы\tмай 2024\tУО\n"
     "2.\tСобрание\tиюнь 2024\tУО\n3.\tИтоговое совещание по результатам\n",
     ["numbered: number starts an activity"] * 3),
    ("a last row with its deadline is kept", HEAD4 + "1.\tКурсы\tмай 2024\tУО\n"
     "2.\tСобрание\tиюнь 2024\tУО\n3.\tПроведение мониторинга\tиюль 2024\n",
     ["numbered: number starts an activity"] * 3),
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
    assert tested == set(names) | {CUT_OFF_RULE}  # every rule is exercised by the table above
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


@pytest.mark.parametrize("header, cells, expected", [
    # text split over two cells, responsible column before the deadline
    ("№\tМероприятие\tОтветственные\tСроки", "1.\tРазработка\tрекомендаций\tЦентр оценки\tмай 2024",
     ("Разработка рекомендаций", "май 2024", "Центр оценки")),
    # split text and no deadline to anchor on: the extra cell is a piece of the text
    ("№\tМероприятие\tСрок\tОтветственный", "1.\tРазработка\tрекомендаций\t\tЦентр оценки",
     ("Разработка рекомендаций", "", "Центр оценки")),
    # split text, the empty last cell dropped: the deadline column holds words, the date is right of it
    ("№\tМероприятие\tСрок\tОтветственный", "1.\tПроведение\tконсультаций для родителей\tноябрь 2024",
     ("Проведение консультаций для родителей", "ноябрь 2024", "")),
    # a straight row stays as it is
    ("№\tМероприятие\tСрок\tОтветственный", "1.\tПроведение консультаций\tноябрь 2024\tУО",
     ("Проведение консультаций", "ноябрь 2024", "УО")),
])
def test_activity_text_split_over_two_cells_is_put_back(header, cells, expected):
    (activity,) = activities_of(f"{header}\n{cells}\n")
    assert (activity.field("text"), activity.field("deadline"), activity.field("responsible")) == expected


@pytest.mark.parametrize("header, cells, expected", [
    # deadline then bodies in one cell, the result shifted left
    ("№\tМероприятие\tСрок\tОтветственный\tРезультат",
     "1.\tСоревнования\tсентябрь-октябрь Петрова А.А., заместитель начальника\tПротоколы",
     ("сентябрь-октябрь", "Петрова А.А., заместитель начальника", "Протоколы")),
    ("№\tМероприятие\tСрок\tОтветственный\tРезультат", "2.\tЛига\tянварь - март 2025 МАУ ИМЦ\tИтоговая таблица",
     ("январь - март 2025", "МАУ ИМЦ", "Итоговая таблица")),
    # bodies then deadline, where the responsible column comes first
    ("№\tМероприятие\tОтветственный\tСрок\tРезультат", "3.\tСеминар\tруководители ОО май 2025\tПрограмма",
     ("май 2025", "руководители ОО", "Программа")),
    # a lower-case word for bodies after the deadline phrase
    ("№\tМероприятие\tСрок\tОтветственный\tРезультат", "5.\tРейды\tноябрь 2021 г. управление образования\tСправка",
     ("ноябрь 2021 г.", "управление образования", "Справка")),
    # the row number glued to the activity text
    ("№\tМероприятие\tСрок\tОтветственный\tРезультат", "6 Проведение семинара\tдекабрь 2021 г.\tМКУ ОМЦ\tПрограмма",
     ("декабрь 2021 г.", "МКУ ОМЦ", "Программа")),
    # a short row whose cell reads as one field stays as it is
    ("№\tМероприятие\tСрок\tОтветственный\tРезультат", "4.\tСеминар\tмай 2025\tруководители ОО",
     ("май 2025", "руководители ОО", "")),
])
def test_row_that_lost_the_separator_of_deadline_and_bodies_is_cut(header, cells, expected):
    (activity,) = activities_of(f"{header}\n{cells}\n")
    last = activity.field("indicator")  # "Результат" names the indicator column
    assert (activity.field("deadline"), activity.field("responsible"), last) == expected


@pytest.mark.parametrize("stand_in", ["N", "NN", "No", "N°", "#"])
def test_plain_ascii_number_sign_in_the_header_keeps_the_numbers(tmp_path, stand_in):
    text = (CORPUS / "000_tver_2021" / "order.txt").read_text("utf-8")
    lines = [(stand_in + line[1:]) if line.startswith("№\tОписание") else line for line in text.split("\n")]
    path = tmp_path / "order.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert [a.number for a in activities_of(path)] == [g["number"] for g in load_gold("000_tver_2021")["activities"]]


# the orders in tests/made/seeds, as written: (number, section, text, deadline) of each activity
MADE_ACTIVITIES = {
    "201_headings": [
        ("1", "I. Организационная работа", "Заседание рабочей группы по вопросам качества образования", "январь 2024"),
        ("2", "I. Организационная работа", 'Утверждение школьных планов "Качество образования"', "февраль 2024"),
        ("3", "Методическая поддержка педагогов", "Семинар для учителей математики", "март 2024"),
        ("4", "Методическая поддержка педагогов", "Открытые уроки", "в течение года"),
        ("5", "II. Работа с обучающимися", "Диагностика учебных затруднений", "март - апрель 2024"),
        ("6", "II. Работа с обучающимися", "Индивидуальные образовательные маршруты", "в течение года"),
        ("7", "Раздел III. Работа с родителями", "Родительские собрания по итогам", "май 2024"),
        ("8", "Раздел III. Работа с родителями", "Анкетирование родителей", "октябрь 2024"),
        ("9", "Консультационная работа", "Проведение консультаций для родителей", "ноябрь 2024"),
    ],
    "202_nested": [
        ("1.1", "1. Кадровое обеспечение", "Анализ кадрового состава школ", "январь 2024"),
        ("1.2", "1. Кадровое обеспечение", "Курсы повышения", "март 2024"),
        ("2.1", "2. Оценка качества", "Мониторинг результатов", "апрель 2024"),
        ("2.2", "2. Оценка качества", "Разработка рекомендаций для школ", "май 2024"),
        ("2.3", "2. Оценка качества", "Подготовка аналитической справки", "июнь 2024"),
        ("2.4", "2. Оценка качества", "Совещание с руководителями", ""),
    ],
    "203_appendix": [
        ("1", None, "Создание рабочей группы", "март 2024"),
        ("2", None, "Разработка региональной программы", "апрель 2024"),
        ("3", None, "Мониторинг качества подготовки обучающихся", "ежегодно, май"),
        ("4", None, "Курсы повышения квалификации учителей", "2024 - 2026 годы"),
    ],
}


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("name", sorted(MADE_ACTIVITIES))
def test_made_orders_in_every_format(name, fmt):
    got = [(a.number, a.section, a.field("text"), a.field("deadline"))
           for a in activities_of(MADE / name / f"order.{fmt}")]
    assert got == MADE_ACTIVITIES[name]


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_a_table_cut_off_by_the_end_of_the_document_is_flagged(fmt):
    order = extract(MADE / "203_appendix" / f"order.{fmt}")
    (flag,) = [f for f in order.flags if f.code == "table_truncated"]
    assert flag.severity == "warning" and flag.activity_seq is None and "строки 5" in flag.message
    assert len(order.activities) == 4
    complete = extract(MADE / "202_nested" / f"order.{fmt}")
    assert not [f for f in complete.flags if f.code == "table_truncated"]


def test_cells_merged_down_over_several_activities_are_each_ones(tmp_path):
    """A DOCX roadmap with one responsible merged over items 1-3 and one deadline merged
    over items 4-5: each item has them (no responsible_missing, no deadline_missing)."""
    import docx

    from extractor.pipeline import extract

    document = docx.Document()
    for line in ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "ПРИКАЗ", "15.03.2024 № 245", "План мероприятий на 2024 год"):
        document.add_paragraph(line)
    data = [["№", "Мероприятие", "Срок", "Ответственный"],
            ["1.", "Положение", "март 2024", "Отдел образования"],
            ["2.", "Состав группы", "апрель 2024", ""],
            ["3.", "Семинар", "май 2024", ""],
            ["4.", "Курсы", "в течение года", "Методический центр"],
            ["5.", "Отчёт", "", "Отдел образования"]]
    table = document.add_table(rows=len(data), cols=4)
    for i, cells in enumerate(data):
        for j, text in enumerate(cells):
            table.cell(i, j).text = text
    table.cell(1, 3).merge(table.cell(3, 3))
    table.cell(4, 2).merge(table.cell(5, 2))
    path = tmp_path / "order.docx"
    document.save(path)
    order = extract(path)
    assert [[r.name for r in a.responsible] for a in order.activities] == [
        ["Отдел образования"]] * 3 + [["Методический центр"], ["Отдел образования"]]
    assert [a.deadline.raw for a in order.activities] == [
        "март 2024", "апрель 2024", "май 2024", "в течение года", "в течение года"]
    assert not [f for f in order.flags if f.code in ("responsible_missing", "deadline_missing")]
