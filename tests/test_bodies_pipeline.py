"""Responsible cells and definitions through the whole pipeline, in txt, DOCX and PDF.

The orders of tests/data/bodies/ were written for these rules: cells with line breaks (in the
PDF also long names wrapped over several lines), people with posts, commas inside one name,
two bodies without a separator, legal forms exchanged, and "(далее – X)" definitions whose
full form is a noun phrase inside a longer sentence. Every format must give the same bodies.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extractor.pipeline import extract

DATA = Path(__file__).parent / "data" / "bodies"
FORMATS = ("txt", "docx", "pdf")

# (order, activity seq, [(name, role)], flag codes of the responsible cell)
RESPONSIBLE = [
    ("201_severny_2024", 1, [("Отдел образования", None), ("Методический кабинет", None)], set()),
    ("201_severny_2024", 2, [("Петрова А.А.", None)], set()),
    ("201_severny_2024", 3, [("Иванов И.И.", None), ("Смирнова Е.А.", None)], set()),
    ("201_severny_2024", 4, [("учителя 5-х, 6-х классов", None)], set()),
    ("201_severny_2024", 5, [("руководители ОО, ДОО", None)], set()),  # ДОО is in the dictionary
    ("201_severny_2024", 6, [("Отдел образования", None), ("директора ОО", None)], set()),
    ("201_severny_2024", 7, [("муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
                              "школа № 3 имени героя Советского Союза А.П. Маресьева»", None)], set()),
    ("201_severny_2024", 8, [("МКУ «ИМЦ»", None), ("руководители ОО", None)], set()),
    ("201_severny_2024", 9, [("МКУ «ИМЦ»", None)], {"abbreviation_variant"}),
    ("201_severny_2024", 10, [("Петрова А.А.", None), ("Иванов И.И.", None)], set()),
    ("201_severny_2024", 11, [("Управление образования администрации Северного района", None),
                              ("руководители ОО", None), ("МОУО", None)], set()),
    ("201_severny_2024", 12, [("муниципальное бюджетное общеобразовательное учреждение «Школа № 5»", None)], set()),
    ("202_severnaya_2023", 1, [("МО СО", None), ("ГАУ ДПО СИРО", None)], set()),
    ("202_severnaya_2023", 2, [("МО СО", None), ("ГАУ ДПО СИРО", None), ("ГБУ СО ЦОКО", None), ("МОУО", None)],
     set()),
    ("202_severnaya_2023", 3, [("Кузнецова Т.В.", None)], set()),
    ("202_severnaya_2023", 4, [("Комитет по образованию администрации Северного муниципального района", None),
                               ("руководители общеобразовательных организаций", None)], set()),
    ("202_severnaya_2023", 5, [("Муниципальные органы управления образованием", "по согласованию")], set()),
    ("202_severnaya_2023", 6, [("ГАУ ДПО СИРО", None)], {"abbreviation_variant"}),
    ("202_severnaya_2023", 7, [("РЦОИ", None)], set()),  # РЦОИ is in the dictionary
    ("202_severnaya_2023", 8, [("учителя русского, родного языка и литературы", None)], set()),
]

DEFINITIONS = {
    "201_severny_2024": [
        ("ШНР", "школ с низкими результатами"),
        ("МКУ «ИМЦ»", "муниципальному казённому учреждению «Информационно-методический центр»"),
        ("рабочая группа", "муниципальную рабочую группу по сопровождению школ"),
        ("оценочные процедуры", "всероссийских проверочных работ и региональных диагностических работ"),
    ],
    "202_severnaya_2023": [
        ("МО СО", "Министерство образования и науки Северной области"),
        ("ГБУ СО ЦОКО", "государственное бюджетное учреждение Северной области «Центр оценки качества образования»"),
        ("мониторинг", "мониторинга качества подготовки обучающихся 4-х и 5-х классов"),
        ("мероприятия повышения квалификации", "курсах повышения квалификации, стажировках и семинарах"),
        ("ГАУ ДПО СИРО", "государственное автономное учреждение дополнительного профессионального образования "
                         "«Северный институт развития образования»"),
    ],
}

RESPONSIBLE_CODES = {"abbreviation_variant", "abbreviation_undefined", "ocr_suspect"}


@lru_cache(maxsize=None)
def extracted(order: str, fmt: str):
    return extract(DATA / order / f"order.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("order,seq,expected,codes", RESPONSIBLE)
def test_responsible(order, seq, expected, codes, fmt):
    activity = extracted(order, fmt).activities[seq - 1]
    assert [(r.name, r.role) for r in activity.responsible] == expected
    assert {f.code for f in activity.flags} & RESPONSIBLE_CODES == codes


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("order", sorted(DEFINITIONS))
def test_definitions(order, fmt):
    assert [(a.short, a.full) for a in extracted(order, fmt).abbreviations] == DEFINITIONS[order]


def test_a_person_keeps_the_post_in_raw():
    (person,) = extracted("201_severny_2024", "pdf").activities[1].responsible
    assert (person.raw, person.name, person.full_name) == (
        "Петрова А.А., заместитель начальника управления", "Петрова А.А.", None)
