"""Orders exported as ASCII box tables and as cell-per-line text, end to end.

``tests/data/text_forms/<name>.txt`` are small orders written for these tests; the
``<name>.docx`` beside each was rendered from it by ``tools/render_corpus.py``, so
both must give the same activities.
"""
from pathlib import Path

import pytest

from extractor.parsers.text import flat_header_columns, parse, parse_text, split_flat_row
from extractor.pipeline import extract

FORMS = Path(__file__).resolve().parent / "data" / "text_forms"

KALUGA_1 = "Раздел 1. Организационно-управленческие мероприятия"
KALUGA_2 = "Раздел 2. Методическое сопровождение"
PSKOV_1 = "I. Диагностика и анализ"
PSKOV_2 = "II. Повышение квалификации педагогов"
OMSK_1 = "Организационные мероприятия"
OMSK_2 = "Работа с педагогическими кадрами"
TULA_1 = "1. Аналитическое направление"
TULA_2 = "2. Методическое направление"

# (number, section, text, deadline as written) of every activity, as the orders wrote them
EXPECTED = {
    "box_kaluga_2023": [
        ("1", KALUGA_1, "Формирование перечня ШНОР по итогам независимых оценочных процедур 2023 года",
         "сентябрь 2023 г."),
        ("2", KALUGA_1, "Разработка программ повышения качества образования в каждой ШНОР", "до 20.10.2023"),
        ("3", KALUGA_1, "Назначение кураторов ШНОР из числа руководителей успешных школ", "октябрь 2023 г."),
        ("4", KALUGA_2, "Проведение обучающих семинаров для учителей математики и русского языка",
         "ноябрь 2023 г."),
        ("5", KALUGA_2, "Организация стажировок педагогов ШНОР на базе успешных школ", "январь – март 2024 г."),
        ("6", KALUGA_2, "Итоговое совещание по результатам реализации «дорожной карты»", None),
    ],
    "box_pskov_2024": [
        ("1.1", PSKOV_1, "Анализ результатов ВПР и ОГЭ в ШНОР", "февраль 2024 г."),
        ("1.2", PSKOV_1, "Анкетирование руководителей и педагогов ШНОР", "март 2024 г."),
        ("1.3", PSKOV_1, "Мониторинг посещаемости занятий обучающимися", "ежеквартально"),
        ("2.1", PSKOV_2, "Курсы повышения квалификации для учителей ШНОР", "апрель – май 2024 г."),
        ("2.2", PSKOV_2, "Методические дни на базе школ-партнёров", "октябрь 2024 г."),
        ("2.3", PSKOV_2, "Подведение итогов реализации плана мероприятий", "до 25.12.2024"),
    ],
    "cells_omsk_2023": [
        ("1", OMSK_1, "Утверждение состава муниципальной рабочей группы", "до 01.04.2023"),
        ("2", OMSK_1, "Утверждение планов повышения качества образования в МБОУ с низкими результатами",
         "апрель 2023 г."),
        ("3", OMSK_1, "Проведение совещания с руководителями МБОУ по итогам оценочных процедур", "май 2023 г."),
        ("4", OMSK_2, "Организация консультаций для учителей по подготовке обучающихся к итоговой аттестации",
         "сентябрь – ноябрь 2023 г."),
        ("5", OMSK_2, "Проведение открытых уроков в МБОУ", "октябрь 2023 г."),
        ("6", OMSK_2, "Обобщение результатов работы за 2023 год", "декабрь 2023 г."),
    ],
    "cells_tula_2022": [
        ("1.1", TULA_1, "Проведение анализа результатов государственной итоговой аттестации в ОО с НОР",
         "октябрь 2022 г."),
        ("1.2", TULA_1, "Выявление профессиональных дефицитов учителей ОО с НОР", "ноябрь – декабрь 2022 г."),
        ("1.3", TULA_1, "Составление рейтинга ОО с НОР по итогам мониторинга", "до 30.12.2022"),
        ("2.1", TULA_2, "Организация сетевого взаимодействия ОО с НОР со школами-партнёрами",
         "в течение учебного года"),
        ("2.2", TULA_2, "Проведение методических семинаров для заместителей директоров по учебной работе",
         "февраль 2023 г."),
        ("2.3", TULA_2, "Подготовка итогового отчёта о реализации «дорожной карты»", "июнь 2023 г."),
    ],
}

# multi-line cells as the export wrote them, one per order
RESPONSIBLE = {
    "box_kaluga_2023": (0, ["Министерство образования и науки Калужской области"]),
    "box_pskov_2024": (1, ["Комитет по образованию Псковской области"]),
    "cells_omsk_2023": (3, ["Бюджетное учреждение города Омска «Информационно-методический центр»"]),
    "cells_tula_2022": (3, ["Руководители школ", "Муниципальные органы управления образованием"]),
}


def activity_view(order) -> list[tuple]:
    return [(a.number, a.section, a.text, a.deadline.raw) for a in order.activities]


@pytest.fixture(scope="module")
def from_text():
    return {name: extract(FORMS / f"{name}.txt") for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_text_export_gives_the_written_activities(name, from_text):
    order = from_text[name]
    assert activity_view(order) == EXPECTED[name]
    seq, bodies = RESPONSIBLE[name]
    assert [r.raw for r in order.activities[seq].responsible] == bodies


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rendered_docx_gives_the_same_activities(name, from_text):
    text_order, docx_order = from_text[name], extract(FORMS / f"{name}.docx")
    assert [a.model_dump(exclude={"source"}) for a in docx_order.activities] == \
        [a.model_dump(exclude={"source"}) for a in text_order.activities]
    assert docx_order.order == text_order.order and docx_order.plan == text_order.plan


# ---------------------------------------------------------------------------
# Exports as converters write them: cell-per-line variants, rows whose cell separators were
# lost, a text that ends inside the table, plain-ASCII stand-ins ("N", '"', "-")
# ---------------------------------------------------------------------------

KOSTROMA_1 = "Раздел 1. Организационная работа"
KOSTROMA_2 = "Раздел 2. Методическая поддержка"
KOSTROMA_DEPT = "Департамент образования и науки Костромской области"
VOLOGDA_1 = "Аналитическая деятельность"
VOLOGDA_2 = "Методическая деятельность"
LIPETSK_1 = "1. Организационные мероприятия"
LIPETSK_2 = "2. Работа с педагогическими кадрами"
KIROV_1 = "Организационное направление"
KIROV_2 = "Содержательное направление"
KIROV_MIN = "Министерство образования Кировской области"
KIROV_IRO = "Институт развития образования Кировской области"

# (number, section, text, deadline as written, responsible as written) of every activity
CONVERTER_EXPORTS = {
    # every cell line ends with " |", rows end with a line of pipes, a header cell over two
    # lines, "N п/п", straight quotes, "-" for dashes
    "cells_kostroma_2023": [
        ("1", KOSTROMA_1, "Формирование перечня ШНОР по итогам оценочных процедур 2022 года",
         "январь - февраль 2023 г.", [KOSTROMA_DEPT]),
        ("2", KOSTROMA_1, "Назначение кураторов ШНОР из числа руководителей эффективных школ", "март 2023 г.",
         [KOSTROMA_DEPT]),
        ("3", KOSTROMA_1, 'Разработка программ повышения качества образования ("программ перехода в эффективный '
         'режим")', "до 15.04.2023", ["Руководители ШНОР"]),
        ("4", KOSTROMA_2, "Проведение семинаров для учителей математики и русского языка ШНОР",
         "апрель - май 2023 г.", ['ОГБОУ ДПО "Костромской областной институт развития образования"']),
        ("5", KOSTROMA_2, "Организация стажировок педагогов ШНОР на базе школ-партнеров", "в течение года",
         ["Кураторы ШНОР"]),
        ("6", KOSTROMA_2, 'Подготовка итогового отчета о реализации "дорожной карты"', "декабрь 2023 г.",
         [KOSTROMA_DEPT]),
    ],
    # rows end with a blank line, header cells over two lines, the text ends inside a row
    # (its cut-off last row is no activity)
    "cells_vologda_2024": [
        ("1", VOLOGDA_1, "Анализ результатов ВПР и ОГЭ в общеобразовательных организациях округа",
         "февраль 2024 г.", ["Управление образования"]),
        ("2", VOLOGDA_1, "Выявление профессиональных дефицитов педагогов школ с низкими результатами",
         "март – апрель 2024 г.", ["Районный методический кабинет"]),
        ("3", VOLOGDA_1, "Мониторинг посещаемости учебных занятий", "ежеквартально",
         ["Руководители общеобразовательных организаций"]),
        ("4", VOLOGDA_2, "Проведение методических дней на базе школ-партнеров", "по графику",
         ["Районный методический кабинет"]),
        ("5", VOLOGDA_2, "Организация консультаций для учителей по подготовке обучающихся к государственной "
         "итоговой аттестации", "до 30.04.2024",
         ["Управление образования", "Руководители общеобразовательных организаций"]),
    ],
    # one line a row, numbered headings over numbered rows, the text ends inside a row
    # (its cut-off last row is no activity)
    "flat_lipetsk_2023": [
        ("1.1", LIPETSK_1, "Утверждение состава муниципальной рабочей группы по повышению качества образования",
         "сентябрь 2023", ["Управление образования"]),
        ("1.2", LIPETSK_1, "Проведение совещания с руководителями ОО по итогам ГИА-2023", "до 30.09.2023",
         ["Управление образования", 'МКУ "ИМЦ"']),
        ("1.3", LIPETSK_1, "Разработка школьных программ повышения качества образования", "октябрь - ноябрь 2023",
         ["руководители ОО"]),
        ("2.1", LIPETSK_2, "Проведение семинара для учителей математики", "октябрь 2023", ['МКУ "ИМЦ"']),
        ("2.2", LIPETSK_2, "Организация курсов повышения квалификации педагогов", "в течение учебного года",
         ['МКУ "ИМЦ"', "руководители ОО"]),
        ("2.3", LIPETSK_2, "Мониторинг профессиональных затруднений учителей", "I квартал 2024", ['МКУ "ИМЦ"']),
        ("2.4", LIPETSK_2, "Проведение открытых уроков в ОО", "ежегодно", ["ОО"]),
    ],
    # runs of spaces between cells (one row with a single space before its bodies), a blank
    # line after every row, the responsible column before the deadline, unnumbered headings
    "flat_spaced_kirov_2022": [
        ("1", KIROV_1, "Утверждение перечня ШНОР на 2022/2023 учебный год", "октябрь 2022 г.", [KIROV_MIN]),
        ("2", KIROV_1, "Закрепление кураторов за ШНОР", "до 31.10.2022", [KIROV_IRO]),
        ("3", KIROV_1, "Проведение диагностики управленческих команд ШНОР", "ноябрь - декабрь 2022 г.", [KIROV_IRO]),
        ("4", KIROV_2, "Проведение вебинаров для учителей ШНОР по вопросам оценивания", "ежемесячно", [KIROV_IRO]),
        ("5", KIROV_2, "Посещение уроков кураторами", "в течение учебного года", ["Кураторы ШНОР"]),
        ("6", KIROV_2, "Итоговая конференция по результатам реализации плана", "май 2023 г.", [KIROV_MIN]),
    ],
}
# the cut-off last row of an export the text ends inside, as the parser keeps it (the last
# row of the last table, which is marked truncated); row assembly leaves such a row out of
# the activities and flags table_truncated
CUT_OFF_ROW = {
    "cells_kostroma_2023": None,
    "cells_vologda_2024": ["6", "Подготовка отчета о ходе реализации «дорожной карты» для"],
    "flat_lipetsk_2023": ["2.5.", "Подготовка аналитической справки о", "", ""],
    "flat_spaced_kirov_2022": None,
}


@pytest.mark.parametrize("name", sorted(CONVERTER_EXPORTS))
def test_converter_export_gives_the_written_activities(name):
    order = extract(FORMS / f"{name}.txt")
    assert [(a.number, a.section, a.text, a.deadline.raw, [r.raw for r in a.responsible])
            for a in order.activities] == CONVERTER_EXPORTS[name]
    assert ("table_truncated" in {f.code for f in order.flags}) == (CUT_OFF_ROW[name] is not None)


@pytest.mark.parametrize("name", sorted(CONVERTER_EXPORTS))
def test_converter_export_says_whether_it_ends_inside_the_table(name):
    tables = parse(FORMS / f"{name}.txt").tables
    cut_off = CUT_OFF_ROW[name]
    assert [t.truncated for t in tables] == [False] * (len(tables) - 1) + [cut_off is not None]
    if cut_off is not None:
        assert tables[-1].rows[-1].texts == cut_off


def rows_of(text: str) -> list[list[str]]:
    (table,) = parse_text(text, Path("x.txt"), "txt").tables
    return [r.texts for r in table.rows]


CELL_HEADER = "№ |\nМероприятие |\nСрок |\nОтветственный |\n"


@pytest.mark.parametrize("export, rows", [
    # a row ends with a line of as many pipes as the table has columns
    ("№ |\nМероприятие |\nСрок |\nОтветственный |\n||||\n1 |\nАнализ |\nмай |\nОтдел |\n||||\n"
     "Раздел 2 |\n||||\n2 |\nОтчёт |\nиюнь |\nОО |\n||||\n",
     [["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Анализ", "май", "Отдел"], ["Раздел 2"],
      ["2", "Отчёт", "июнь", "ОО"]]),
    # a row ends with a blank line; a short row spans to the edge
    (CELL_HEADER + "\n1 |\nАнализ |\nмай |\nОтдел |\n\nРаздел 2 |\n\n2 |\nОтчёт |\n\n",
     [["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Анализ", "май", "Отдел"], ["Раздел 2"],
      ["2", "Отчёт"]]),
    # a cell over several lines, only the last ending with "|"; a header cell over two lines
    ("№\nп/п |\nМероприятие |\nСрок\nисполнения |\nОтветственный |\n1 |\nАнализ результатов\nВПР |\nмай |\n"
     "Отдел образования\nМКУ ИМЦ |\n",
     [["№\nп/п", "Мероприятие", "Срок\nисполнения", "Ответственный"],
      ["1", "Анализ результатов\nВПР", "май", "Отдел образования\nМКУ ИМЦ"]]),
    # header cells on lines of their own, closed by a line of as many pipes
    ("№\nМероприятие\nСрок\nОтветственный\n||||\n1 |\nАнализ |\nмай |\nОтдел |\n||||\n",
     [["№", "Мероприятие", "Срок", "Ответственный"], ["1", "Анализ", "май", "Отдел"]]),
    # plain-ASCII "NN" for "№" stays the number cell; a lone heading before a row number
    ("NN |\nМероприятие |\nСрок |\nОтветственный |\nОрганизационный раздел ||||\n1 |\nАнализ |\nмай - июнь |\n"
     'МКУ "ИМЦ" |\n',
     [["NN", "Мероприятие", "Срок", "Ответственный"], ["Организационный раздел"],
      ["1", "Анализ", "май - июнь", 'МКУ "ИМЦ"']]),
])
def test_cell_per_line_variants(export, rows):
    assert rows_of(export) == rows


FLAT_HEADER = "№ п/п Наименование мероприятия Срок исполнения Ответственный"
BODIES_FIRST = "N Мероприятие Ответственные исполнители Сроки"
NO_BODIES = "Мероприятие Срок"
WITH_RESULT = "N Мероприятие Ответственные исполнители Срок исполнения Форма отчетности"


# the rules that split a flattened row (named in extractor/parsers/text.py), with examples
@pytest.mark.parametrize("header, line, rule, cells", [
    (FLAT_HEADER, "1. Проведение семинара для учителей октябрь 2023 Отдел образования", "deadline_then_bodies",
     {"number": "1.", "text": "Проведение семинара для учителей", "deadline": "октябрь 2023",
      "responsible": "Отдел образования"}),
    (FLAT_HEADER, '1.2. Совещание с руководителями ОО по итогам ГИА-2023 до 30.09.2023 Управление образования, '
                  'МКУ "ИМЦ"', "deadline_then_bodies",
     {"number": "1.2.", "text": "Совещание с руководителями ОО по итогам ГИА-2023", "deadline": "до 30.09.2023",
      "responsible": 'Управление образования, МКУ "ИМЦ"'}),
    (FLAT_HEADER, "3 Разработка программ в течение учебного года руководители ОО", "deadline_then_bodies",
     {"number": "3", "text": "Разработка программ", "deadline": "в течение учебного года",
      "responsible": "руководители ОО"}),
    (FLAT_HEADER, "4 Проведение открытых уроков ежегодно ОО", "deadline_then_bodies",
     {"number": "4", "text": "Проведение открытых уроков", "deadline": "ежегодно", "responsible": "ОО"}),
    (FLAT_HEADER, ' 5 Мониторинг затруднений учителей I квартал 2024 МКУ "ИМЦ"', "deadline_then_bodies",
     {"number": "5", "text": "Мониторинг затруднений учителей", "deadline": "I квартал 2024",
      "responsible": 'МКУ "ИМЦ"'}),
    (FLAT_HEADER, "6 Анализ результатов ВПР за 2022 год май - июнь 2023 г. Комитет по образованию",
     "deadline_then_bodies",
     {"number": "6", "text": "Анализ результатов ВПР за 2022 год", "deadline": "май - июнь 2023 г.",
      "responsible": "Комитет по образованию"}),
    (FLAT_HEADER, "7 Формирование банка заданий 2023-2024 уч. год ОО", "deadline_then_bodies",
     {"number": "7", "text": "Формирование банка заданий", "deadline": "2023-2024 уч. год", "responsible": "ОО"}),
    (FLAT_HEADER, "8 Семинары по плану работы по графику МКУ ИМЦ", "deadline_then_bodies",
     {"number": "8", "text": "Семинары по плану работы", "deadline": "по графику", "responsible": "МКУ ИМЦ"}),
    (FLAT_HEADER, "9   Проведение семинара   октябрь 2023   Отдел образования", "spaced_cells",
     {"number": "9", "text": "Проведение семинара", "deadline": "октябрь 2023", "responsible": "Отдел образования"}),
    (FLAT_HEADER, '10 Итоговое совещание по результатам реализации "дорожной карты" Управление образования',
     "bodies_only",
     {"number": "10", "text": 'Итоговое совещание по результатам реализации "дорожной карты"',
      "responsible": "Управление образования"}),
    (FLAT_HEADER, "11 Проведение итогового", "text_only", {"number": "11", "text": "Проведение итогового"}),
    (BODIES_FIRST, "1 Посещение уроков Кураторы ШНОР в течение года", "bodies_then_deadline",
     {"number": "1", "text": "Посещение уроков", "responsible": "Кураторы ШНОР", "deadline": "в течение года"}),
    (BODIES_FIRST, "2 Посещение уроков кураторами ноябрь – декабрь 2022 г.", "bodies_then_deadline",
     {"number": "2", "text": "Посещение уроков кураторами", "responsible": "", "deadline": "ноябрь – декабрь 2022 г."}),
    (WITH_RESULT, "2. Формирование перечня школ Министерство образования РД, ЦОИ до 1 ноября 2024 г. Приказ министерства",
     "bodies_deadline_tail",
     {"number": "2.", "text": "Формирование перечня школ", "responsible": "Министерство образования РД, ЦОИ",
      "deadline": "до 1 ноября 2024 г.", "result": "Приказ министерства"}),
    (WITH_RESULT, "3. Анализ результатов ЦОИ, ГБУ ДПО ДИРО сентябрь 2024 г. Аналитическая справка",
     "bodies_deadline_tail",
     {"number": "3.", "text": "Анализ результатов", "responsible": "ЦОИ, ГБУ ДПО ДИРО",
      "deadline": "сентябрь 2024 г.", "result": "Аналитическая справка"}),
    (NO_BODIES, "Анкетирование педагогов март 2023", "deadline_then_bodies",
     {"text": "Анкетирование педагогов", "deadline": "март 2023", "responsible": ""}),
])
def test_flattened_row_rules(header, line, rule, cells):
    split = split_flat_row(line, flat_header_columns(header))
    assert (split.rule, split.cells) == (rule, cells)


@pytest.mark.parametrize("line, roles", [
    ("№ п/п Наименование мероприятия Срок исполнения Ответственный", ["number", "text", "deadline", "responsible"]),
    ("N   Мероприятие   Сроки   Исполнители", ["number", "text", "deadline", "responsible"]),
    ("NN Мероприятия Ответственные", ["number", "text", "responsible"]),
    ("No Содержание работы Дата проведения", ["number", "text", "deadline"]),
    ("N Мероприятие Ответственные исполнители Срок исполнения Форма отчетности",
     ["number", "text", "responsible", "deadline", "result"]),  # results last, after the deadline
    ("Мероприятие Срок Ответственный Примечание", None),  # a column vocabulary cannot tell apart
    ("Мероприятие Показатель реализации Срок", None),
    ("Сроки и ответственные", None),  # no activity column
    ("Утвердить мероприятия в срок", None),  # prose
])
def test_flattened_header_lines(line, roles):
    columns = flat_header_columns(line)
    assert (None if columns is None else [c.role for c in columns]) == roles


def test_flattened_table_keeps_the_ascii_number_header_and_stops_at_the_text_after_it():
    text = ("План мероприятий\n\nNN Мероприятие Срок Ответственный\nI. Анализ\n1. Анализ ВПР май 2023 Отдел "
            "образования\n2. Семинар для учителей\nматематики октябрь 2023 МКУ ИМЦ\n\nНачальник отдела\n\n"
            "И.И. Петров\n")
    doc = parse_text(text, Path("x.txt"), "txt")
    (table,) = doc.tables
    assert [r.texts for r in table.rows] == [
        ["NN", "Мероприятие", "Срок", "Ответственный"], ["I. Анализ"],
        ["1.", "Анализ ВПР", "май 2023", "Отдел образования"],
        ["2.", "Семинар для учителей математики", "октябрь 2023", "МКУ ИМЦ"],
    ]
    assert [p.text for p in doc.paragraphs] == ["План мероприятий", "Начальник отдела", "И.И. Петров"]
    assert not table.truncated


def test_flattened_rows_without_a_number_column():
    text = "Мероприятие Срок Ответственный\nАнкетирование педагогов март 2023 Отдел образования\n" \
           "Подведение итогов декабрь 2023 руководители ОО\n"
    assert rows_of(text)[1:] == [["Анкетирование педагогов", "март 2023", "Отдел образования"],
                                 ["Подведение итогов", "декабрь 2023", "руководители ОО"]]


def test_prose_with_header_words_is_no_flattened_table():
    text = "1. Утвердить мероприятия в срок до 01.09.2023.\n2. Контроль оставляю за собой.\n"
    assert parse_text(text, Path("x.txt"), "txt").tables == []


PIPE_TABLE = "| № | Мероприятие | Срок |\n|---|---|---|\n| 1 | Анализ | май 2023 |\n"


@pytest.mark.parametrize("export, truncated, last_row", [
    (PIPE_TABLE + "| 2 | Проведение итог", True, ["2", "Проведение итог"]),
    (PIPE_TABLE, False, ["1", "Анализ", "май 2023"]),
    ("+---+---+---+\n| 1 | Анализ | май |\n+---+---+---+\n| 2 | Проведение\n", True, ["2", "Проведение"]),
    ("+---+---+---+\n| 1 | Анализ | май |\n+---+---+---+\n", False, ["1", "Анализ", "май"]),
    ("№\tМероприятие\tСрок\n1\tАнализ\tмай\n2\tПроведение итог\n", True, ["2", "Проведение итог"]),
    ("№\tМероприятие\tСрок\n1\tАнализ\tмай\n2\tПроведение итог\n\nДиректор\n", False, ["2", "Проведение итог"]),
    (CELL_HEADER + "1 |\nАнализ |\nмай |\nОтдел |\n2 |\nПроведение ито-\n", True, ["2", "Проведение ито-"]),
    (CELL_HEADER + "1 |\nАнализ |\nмай |\nОтдел |\n2 |\nОтчёт |\n", True, ["2", "Отчёт"]),
    (CELL_HEADER + "1 |\nАнализ |\nмай |\nОтдел |\n", False, ["1", "Анализ", "май", "Отдел"]),
    (FLAT_HEADER + "\n1. Анализ ВПР май 2023 Отдел образования\n2. Проведение итогового\n", True,
     ["2.", "Проведение итогового", "", ""]),
    (FLAT_HEADER + "\n1. Анализ ВПР май 2023 Отдел образования\n", False,
     ["1.", "Анализ ВПР", "май 2023", "Отдел образования"]),
])
def test_a_text_that_ends_inside_its_table_says_so(export, truncated, last_row):
    (table,) = parse_text(export, Path("x.txt"), "txt").tables
    assert table.truncated is truncated
    assert table.rows[-1].texts == last_row


@pytest.mark.parametrize("export, rows", [
    # a 100 kB row line in each form is read whole (bench/text_long_lines.py times them)
    (FLAT_HEADER + "\n1. " + "Проведение семинара " * 5000 + "октябрь 2023 Отдел образования\n", 2),
    (FLAT_HEADER + "\n1. Анализ " + "в до с по " * 10000 + "Отдел\n", 2),
    (CELL_HEADER + "1 |\n" + "слово " * 17000 + "|\n", 2),
])
def test_long_lines_are_read(export, rows):
    (table,) = parse_text(export, Path("x.txt"), "txt").tables
    assert len(table.rows) == rows and len(export) > 100_000


def test_flattened_rows_under_a_header_that_names_its_columns_one_a_line():
    text = ("Приложение\n\n№ п/п\nНаименование мероприятия\nСрок исполнения\nОтветственный\n"
            "1. Анализ ВПР май 2023 Отдел образования\n2. Семинар по графику МКУ ИМЦ\n")
    assert rows_of(text) == [["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный"],
                             ["1.", "Анализ ВПР", "май 2023", "Отдел образования"],
                             ["2.", "Семинар", "по графику", "МКУ ИМЦ"]]
