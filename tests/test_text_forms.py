"""Orders exported as ASCII box tables and as cell-per-line text, end to end.

``tests/data/text_forms/<name>.txt`` are small orders written for these tests; the
``<name>.docx`` beside each was rendered from it by ``tools/render_corpus.py``, so
both must give the same activities.
"""
from pathlib import Path

import pytest

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
