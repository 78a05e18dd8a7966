"""Responsible cells to bodies: every responsible cell of the five gold orders, then cells
of the kinds other regions write.

The gold cells are the order.txt text of each activity's responsible cell; where the export
split one cell (a page break, drifted extra cells, an OCR row) its parts are joined with "\n",
as the document model joins the lines of a cell. Expected values are the gold files'
``responsible`` lists and their abbreviation_* flags, plus the ocr_suspect flags whose message
is about the responsible cell. Activities with "responsible" in ``_unsure`` are skipped.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from extractor.assemble import assemble
from extractor.locate import locate_roadmaps
from extractor.normalizers.bodies import Body, BodyResolver
from extractor.normalizers.body_tokens import load_lexicon, parse_dictionary
from extractor.parsers import parse_file
from extractor.normalizers.repair import read_latin_as_cyrillic

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "gold"
CORPUS = ROOT / "corpus"
RESPONSIBLE_CODES = ("abbreviation_variant", "abbreviation_undefined")

# (document, activity seq, responsible cell as in order.txt)
GOLD_CELLS = [
    ('000_tver_2021', 1, 'Государственное бюджетное учреждение Тверской области «Центр оценки качества образования» (далее - ГБУ ТО ЦОКО)'),
    ('000_tver_2021', 2, 'ГБУ ТО ЦОКО'),
    ('000_tver_2021', 3, 'Министерство образования Тверской области (далее – МО ТО) Государственное бюджетное образовательное учреждение дополнительного профессионального образования\nТверской области Тверской областной институт усовершенствования учителей (далее – ГБУ ДПО ТОИУУ) ГБУ ТО ЦОКО'),
    ('000_tver_2021', 4, 'МО ТО ГБУ ТО ЦОКО ГБОУ ДПО ТОИУУ МОУО'),
    ('000_tver_2021', 5, 'ГБОУ ДПО ТОИУУ'),
    ('000_tver_2021', 6, 'МОУО'),
    ('000_tver_2021', 7, 'МОУО'),
    ('000_tver_2021', 8, 'МОУО Школы, показавшие низкие образовательные результаты в 2021/2022 учебном году'),
    ('000_tver_2021', 9, 'МО ТО ГБУ ТО ЦОКО МОУО'),
    ('000_tver_2021', 10, 'МО ТО ГБУ ТО ЦОКО'),
    ('000_tver_2021', 11, 'МО ТО ГБУ ТО ЦОКО ГБОУ ДПО ТОИУУ'),
    ('000_tver_2021', 12, 'ГБОУ ДПО ТОИУУ'),
    ('000_tver_2021', 13, 'ГБОУ ДПО ТОИУУ ГБУ ТО ЦОКО'),
    ('000_tver_2021', 14, 'ГБУ ТО ЦОКО'),
    ('000_tver_2021', 15, 'ГБУ ТО ЦОКО'),
    ('000_tver_2021', 16, 'МО ТО ГБУ ТО ЦОКО ГБОУ ДПО ТОИУУ'),
    ('000_tver_2021', 17, 'МО ТО'),
    ('001_molchanovo_2020', 1, 'Муниципальные органы управления образованием'),
    ('001_molchanovo_2020', 2, 'Муниципальные органы управления образованием'),
    ('001_molchanovo_2020', 3, 'Муниципальные органы управления образованием'),
    ('001_molchanovo_2020', 4, 'Муниципальные органы управления образованием Образовательные организации с низкими образовательными результатами ТОИПКРО'),
    ('001_molchanovo_2020', 5, 'Образовательные организации с низкими результатами\nМуниципальные органы управления образованием'),
    ('001_molchanovo_2020', 6, 'Муниципальные органы управления образованием'),
    ('001_molchanovo_2020', 7, 'Муниципальные органы управления образованием Образовательные организации с низкими результатами'),
    ('001_molchanovo_2020', 8, 'Муниципальные органы управления образованием (утверждение) Региональная рабочая группа (согласование)'),
    ('001_molchanovo_2020', 9, 'Муниципальные органы управления образованием Образовательные организации с низкими результатами'),
    ('001_molchanovo_2020', 10, 'Муниципальные органы управления образованием Образовательные организации с низкими результатами'),
    ('001_molchanovo_2020', 11, 'ТОИПКРО\nОбразовательные организации с низкими образовательными результатами, а также организации, функционирующие в сложных социально-экономических условиях'),
    ('001_molchanovo_2020', 12, 'Муниципальные органы управления образованием\nМуниципальные органы управления образованием'),
    ('001_molchanovo_2020', 13, 'Муниципальные органы управления образованием\nМуниципальные органы управления образованием'),
    ('001_molchanovo_2020', 14, 'Муниципальные органы управления образованием\nМуниципальные органы управления образованием'),
    ('001_molchanovo_2020', 15, 'Муниципальные органы управления образованием\nМуниципальные органы управления образованием'),
    ('001_molchanovo_2020', 16, 'Муниципальные органы управления образованием\nМуниципальные органы управления образованием'),
    ('001_molchanovo_2020', 17, 'Муниципальные органы управления образованием\nМуниципальные органы управления образованием'),
    ('001_molchanovo_2020', 18, 'Муниципальные органы управления образованием\nМуниципальные органы управления образованием'),
    ('001_molchanovo_2020', 19, 'Муниципальные органы управления образованием\nМуниципальные органы управления образованием'),
    ('002_spirovo_2022', 1, 'Управление образования'),
    ('002_spirovo_2022', 2, 'Управление образования'),
    ('002_spirovo_2022', 3, 'Управление образования'),
    ('002_spirovo_2022', 4, 'ОУ'),
    ('002_spirovo_2022', 5, 'Управление образования'),
    ('002_spirovo_2022', 6, 'T\nУправление образования, руководители ОУ'),
    ('002_spirovo_2022', 7, 'ОУ'),
    ('002_spirovo_2022', 8, 'Управление образования, ОУ'),
    ('002_spirovo_2022', 9, 'РМК, ОУ'),
    ('002_spirovo_2022', 10, 'Управление образования. руководители ОУ'),
    ('002_spirovo_2022', 11, 'РМК'),
    ('002_spirovo_2022', 12, 'PMK, OY'),
    ('002_spirovo_2022', 13, 'ОУ'),
    ('002_spirovo_2022', 14, 'В рамках работы муниципальных методических объединений.'),
    ('002_spirovo_2022', 15, 'РМК'),
    ('002_spirovo_2022', 16, 'ОУ'),
    ('002_spirovo_2022', 17, 'Управление образования. руководители ОУ'),
    ('002_spirovo_2022', 18, 'Управление образования. ОУ'),
    ('002_spirovo_2022', 19, 'Управление образования'),
    ('002_spirovo_2022', 20, 'Управление образования. ОУ'),
    ('002_spirovo_2022', 21, 'ОУ'),
    ('002_spirovo_2022', 22, 'Управление\nобразования. ОУ'),
    ('002_spirovo_2022', 23, 'PMO, IIIMO'),
    ('002_spirovo_2022', 24, 'Управление\nобразования'),
    ('002_spirovo_2022', 25, 'Управление образования'),
    ('002_spirovo_2022', 26, 'Управление\nобразования'),
    ('002_spirovo_2022', 27, 'Управление\nобразования, ОУ'),
    ('002_spirovo_2022', 28, 'Управление\nобразования'),
    ('002_spirovo_2022', 29, 'Управление\nобразования\nDNAIC'),
    ('002_spirovo_2022', 30, 'PMK'),
    ('003_saratov_2020', 1, 'Министерство образования Саратовской области (далее – министерство образования)'),
    ('003_saratov_2020', 2, 'Министерство образования'),
    ('003_saratov_2020', 3, 'Министерство образования, ГАУ СО «РЦОКО», ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 4, 'Министерство образования'),
    ('003_saratov_2020', 5, 'Министерство образования'),
    ('003_saratov_2020', 6, 'Органы управления образованием'),
    ('003_saratov_2020', 7, 'Органы управления образованием, муниципальные координаторы'),
    ('003_saratov_2020', 8, 'Общеобразовательные организации'),
    ('003_saratov_2020', 9, 'Министерство образования, ГАУ СО «РЦОКО», органы управления образованием'),
    ('003_saratov_2020', 10, 'Министерство образования'),
    ('003_saratov_2020', 11, 'Министерство образования'),
    ('003_saratov_2020', 12, 'Министерство образования'),
    ('003_saratov_2020', 13, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 14, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 15, 'ГАУ ДПО «СОИРО», органы управления образованием, общеобразовательные организации'),
    ('003_saratov_2020', 16, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 17, 'Министерство образования,\nГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 18, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 19, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 20, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 21, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 22, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 23, 'Министерство образования, ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 24, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 25, 'ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 26, 'ГАУ ДПО «СОИРО», органы управления образованием, общеобразовательные организации'),
    ('003_saratov_2020', 27, 'Министерство образования, ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 28, 'Министерство образования, ГАУ ДПО «СОИРО», органы управления образованием'),
    ('003_saratov_2020', 29, 'Министерство образования, ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 30, 'Органы управления образованием'),
    ('003_saratov_2020', 31, 'Министерство образования, ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 32, 'Министерство образования, ГАУ ДПО «СОИРО»'),
    ('003_saratov_2020', 33, 'Министерство\nобразования, ГАУ ДПО «СОИРО»'),
    ('004_tomsk_2023', 1, 'ДОО ТО, ТОИПКРО'),
    ('004_tomsk_2023', 2, 'ТОИПКРО'),
    ('004_tomsk_2023', 3, 'ТОИПКРО'),
    ('004_tomsk_2023', 4, 'ТОИПКРО'),
    ('004_tomsk_2023', 5, 'ТОИПКРО, ДОО ТО'),
    ('004_tomsk_2023', 6, 'ТОИПКРО'),
    ('004_tomsk_2023', 7, 'ТОИПКРО'),
    ('004_tomsk_2023', 8, 'ТОИПКРО'),
    ('004_tomsk_2023', 9, 'Кураторы ШНОР'),
    ('004_tomsk_2023', 10, 'ДОО ТО, ТОИПКРО, МОУО'),
    ('004_tomsk_2023', 11, 'МОУО, кураторы, руководители ОО'),
    ('004_tomsk_2023', 12, 'ТОИПКРО, ДОО ТО'),
    ('004_tomsk_2023', 13, 'ТОИПКРО, МОУО, кураторы, руководители ОО'),
    ('004_tomsk_2023', 14, 'МОУО'),
    ('004_tomsk_2023', 15, 'ТОИПКРО, кураторы, руководители ШНОР'),
    ('004_tomsk_2023', 16, 'ТОИПКРО'),
    ('004_tomsk_2023', 17, 'ТОИПКРО'),
    ('004_tomsk_2023', 18, 'МОУО, кураторы'),
    ('004_tomsk_2023', 19, 'ТОИПКРО'),
    ('004_tomsk_2023', 20, 'ТОИПКРО, ДОО ТО'),
    ('004_tomsk_2023', 21, 'ТОИПКРО'),
    ('004_tomsk_2023', 22, 'МОУО, кураторы'),
    ('004_tomsk_2023', 23, 'ТОИПКРО'),
    ('004_tomsk_2023', 24, 'ТОИПКРО'),
    ('004_tomsk_2023', 25, 'ТОИПКРО'),
    ('004_tomsk_2023', 26, 'ТОИПКРО'),
    ('004_tomsk_2023', 27, 'ТОИПКРО'),
    ('004_tomsk_2023', 28, 'ТОИПКРО,\nкураторы'),
    ('004_tomsk_2023', 29, 'МОУО, кураторы'),
    ('004_tomsk_2023', 30, 'ТОИПКРО, МОУО, кураторы ШНОР'),
    ('004_tomsk_2023', 31, 'ТОИПКРО'),
    ('004_tomsk_2023', 32, 'ТОИПКРО, МОУО'),
    ('004_tomsk_2023', 33, 'ТОИПКРО, МОУО'),
    ('004_tomsk_2023', 34, 'Кураторы ШНОР, ТОИПКРО'),
    ('004_tomsk_2023', 35, 'ТОИПКРО'),
]


@lru_cache(maxsize=None)
def gold(document: str) -> dict:
    return json.loads((GOLD / f"{document}.json").read_text(encoding="utf-8"))


def definitions(document: str) -> dict[str, str]:
    return {a["short"]: a["full"] for a in gold(document)["abbreviations"]}


@lru_cache(maxsize=None)
def resolved(document: str) -> dict[int, tuple]:
    """Every cell of one document through one resolver, in reading order."""
    resolver = BodyResolver(definitions(document))
    return {seq: resolver.resolve(cell) for doc, seq, cell in GOLD_CELLS if doc == document}


def gold_activity(document: str, seq: int) -> dict:
    return next(a for a in gold(document)["activities"] if a["seq"] == seq)


def expected_codes(activity: dict) -> set[str]:
    codes = {f["code"] for f in activity["flags"] if f["code"] in RESPONSIBLE_CODES}
    if any(f["code"] == "ocr_suspect" and "тветствен" in f["message"] for f in activity["flags"]):
        codes.add("ocr_suspect")
    return codes


def sure(document: str, seq: int) -> bool:
    return "responsible" not in (gold_activity(document, seq).get("_unsure") or [])


SURE_CELLS = [(d, s, c) for d, s, c in GOLD_CELLS if sure(d, s)]


@lru_cache(maxsize=None)
def assembled_cells(document: str) -> list[str]:
    """The responsible cell of each activity as the pipeline assembles it from order.txt."""
    parsed = parse_file(CORPUS / document / "order.txt")
    return [draft.field("responsible") for r in locate_roadmaps(parsed) for draft in assemble(r)]


@pytest.mark.parametrize("document", sorted({d for d, _, _ in GOLD_CELLS}))
def test_gold_responsible_from_the_assembled_cells(document):
    """The same cells as the pipeline reads them give the gold too."""
    cells = assembled_cells(document)
    activities = gold(document)["activities"]
    assert len(cells) == len(activities)
    resolver = BodyResolver(definitions(document))
    for cell, activity in zip(cells, activities):
        bodies, findings = resolver.resolve(cell)
        if sure(document, activity["seq"]):
            assert [vars(b) for b in bodies] == activity["responsible"], cell
            assert {f.code for f in findings} == expected_codes(activity), cell


@pytest.mark.parametrize("document,seq,cell", SURE_CELLS)
def test_gold_responsible(document, seq, cell):
    bodies, _ = resolved(document)[seq]
    assert [vars(b) for b in bodies] == gold_activity(document, seq)["responsible"]


@pytest.mark.parametrize("document,seq,cell", SURE_CELLS)
def test_gold_responsible_flags(document, seq, cell):
    _, findings = resolved(document)[seq]
    assert {f.code for f in findings} == expected_codes(gold_activity(document, seq))


@pytest.mark.parametrize("document,seq,cell", GOLD_CELLS)
def test_line_breaks_and_spaces_cut_alike(document, seq, cell):
    """The parts of a page-split row, joined by a line break, cut as if joined by a space."""
    with_breaks = BodyResolver(definitions(document)).resolve(cell)
    with_spaces = BodyResolver(definitions(document)).resolve(cell.replace("\n", " "))
    assert [b.name for b in with_breaks[0]] == [b.name for b in with_spaces[0]]


def test_gold_responsible_f1():
    tp = fp = fn = 0
    for document, seq, _ in SURE_CELLS:
        got = {b.name for b in resolved(document)[seq][0]}
        want = {r["name"] for r in gold_activity(document, seq)["responsible"]}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    f1 = 2 * tp / (2 * tp + fp + fn)
    print(f"responsible F1 over gold: {f1:.3f} (tp={tp} fp={fp} fn={fn})")
    assert f1 >= 0.97


def test_gold_details():
    """The findings say what was compared, for the flag message."""
    _, findings = resolved("000_tver_2021")[4]
    assert [(f.code, f.detail) for f in findings] == [
        ("abbreviation_variant", {"written": "ГБОУ ДПО ТОИУУ", "defined": "ГБУ ДПО ТОИУУ"})
    ]
    _, findings = resolved("004_tomsk_2023")[10]
    assert [(f.code, f.detail) for f in findings] == [
        ("abbreviation_undefined", {"written": "ДОО ТО", "abbreviations": ["ДОО ТО"]})
    ]
    _, findings = resolved("002_spirovo_2022")[23]
    assert [(f.code, f.detail) for f in findings] == [
        ("ocr_suspect", {"written": "PMO", "read_as": "РМО"}),
        ("ocr_suspect", {"written": "IIIMO", "read_as": "ШМО"}),
    ]
    _, findings = resolved("002_spirovo_2022")[6]
    assert [(f.code, f.detail) for f in findings] == [("ocr_suspect", {"written": "T", "dropped": True})]


# ---------------------------------------------------------------------------- other regions

# (cell, [(name, role)], finding codes) with a document that defines nothing
OTHER_CELLS = [
    ("Отдел образования администрации района (по согласованию)",
     [("Отдел образования администрации района", "по согласованию")], set()),
    ("МБОУ СОШ № 1, МБОУ СОШ № 2", [("МБОУ СОШ № 1", None), ("МБОУ СОШ № 2", None)], set()),
    ("МБОУ СОШ № 1 МБОУ СОШ № 2", [("МБОУ СОШ № 1", None), ("МБОУ СОШ № 2", None)], set()),
    ("Управление образования; руководители ОО", [("Управление образования", None), ("руководители ОО", None)], set()),
    ("ЦНППМ и РМО", [("ЦНППМ", None), ("РМО", None)], set()),
    ("MOУO, OO", [("МОУО", None), ("ОО", None)], {"ocr_suspect"}),
    ("pуководители OO", [("руководители ОО", None)], {"ocr_suspect"}),
    ("Министерство образования и науки Республики Бурятия",
     [("Министерство образования и науки Республики Бурятия", None)], set()),
    ("Департамент образования, науки и молодежной политики Воронежской области",
     [("Департамент образования, науки и молодежной политики Воронежской области", None)], set()),
    ("Управление образования Снаткова Н.Н.", [("Управление образования", None), ("Снаткова Н.Н.", None)], set()),
    ("Иванова Н.В., Петрова С.А.", [("Иванова Н.В.", None), ("Петрова С.А.", None)], set()),
    ("Иванова И.И., методист РМК", [("Иванова И.И.", None)], set()),
    ("Заместитель начальника управления образования Иванова И.И.", [("Иванова И.И.", None)], set()),
    ("МКУ «Управление образования» ОО", [("МКУ «Управление образования»", None), ("ОО", None)], set()),
    ("Директор школы, заместитель директора по УВР",
     [("Директор школы", None), ("заместитель директора по УВР", None)], set()),
    ("Зам. директора по УВР, учителя", [("Зам. директора по УВР", None), ("учителя", None)], set()),
    ("МОУО\nОО", [("МОУО", None), ("ОО", None)], set()),
    ("МОУО кураторы руководители ОО", [("МОУО", None), ("кураторы", None), ("руководители ОО", None)], set()),
    ("Муниципальные координаторы, руководители ОО, педагоги-психологи",
     [("Муниципальные координаторы", None), ("руководители ОО", None), ("педагоги-психологи", None)], set()),
    ("Руководители ОО и педагоги", [("Руководители ОО", None), ("педагоги", None)], set()),
    ("Учителя математики и русского языка", [("Учителя математики и русского языка", None)], set()),
    ("Заместители директоров по УВР", [("Заместители директоров по УВР", None)], set()),
    ("Администрация ОО, классные руководители", [("Администрация ОО", None), ("классные руководители", None)], set()),
    ("ШМО учителей начальных классов", [("ШМО учителей начальных классов", None)], set()),
    ("Руководитель ШМО", [("Руководитель ШМО", None)], set()),
    ("МОУО совместно с ОО", [("МОУО", None), ("ОО", None)], set()),
    ("ОМСУ (по согласованию)", [("ОМСУ", "по согласованию")], set()),
    ("Управление образования, ОУ (по согласованию)",
     [("Управление образования", None), ("ОУ", "по согласованию")], set()),
    ("ОО (руководители, педагоги)", [("ОО (руководители, педагоги)", None)], set()),
    ("ИРО, ЦОКО", [("ИРО", None), ("ЦОКО", None)], set()),  # kinds the dictionary knows
    ("ИРО, КИРО", [("ИРО", None), ("КИРО", None)], {"abbreviation_undefined"}),
    ("ГАУ ДПО ЯО ИРО", [("ГАУ ДПО ЯО ИРО", None)], {"abbreviation_undefined"}),  # ЯО: a region
    ("ГАУ ДПО ЯО ИРО, МОУО", [("ГАУ ДПО ЯО ИРО", None), ("МОУО", None)], {"abbreviation_undefined"}),
    ("ГБУ ТО ЦОКО МОУО", [("ГБУ ТО ЦОКО", None), ("МОУО", None)], {"abbreviation_undefined"}),
    ("МБУ ДО ЦМИТ", [("МБУ ДО ЦМИТ", None)], set()),
    ("ГБУ ТО ЦОКО Министерство образования Тверской области",
     [("ГБУ ТО ЦОКО", None), ("Министерство образования Тверской области", None)], {"abbreviation_undefined"}),
    ("Комитет по образованию администрации города Образовательные учреждения",
     [("Комитет по образованию администрации города", None), ("Образовательные учреждения", None)], set()),
    ("Министерство образования Красноярского края Краевой институт повышения квалификации",
     [("Министерство образования Красноярского края", None), ("Краевой институт повышения квалификации", None)],
     set()),
    ("ОМСУ, осуществляющие управление в сфере образования",
     [("ОМСУ, осуществляющие управление в сфере образования", None)], set()),
    ("- МОУО - ОО", [("МОУО", None), ("ОО", None)], set()),
    ("1. МОУО 2. ОО", [("МОУО", None), ("ОО", None)], set()),
    ("1) Управление образования; 2) ОО", [("Управление образования", None), ("ОО", None)], set()),
    ("Иванов И.И. – начальник управления образования", [("Иванов И.И.", None)], set()),
    ("ГИА, OY DNAIC", [("ГИА", None), ("ОУ", None)], {"ocr_suspect"}),
    ("Отдел образования администрации МР «Молчановский район»",
     [("Отдел образования администрации МР «Молчановский район»", None)], {"abbreviation_undefined"}),
    ("Управление образования МКУ «ИМЦ»", [("Управление образования", None), ("МКУ «ИМЦ»", None)],
     {"abbreviation_undefined"}),
    ("МБОУ СОШ им. А.С. Пушкина", [("МБОУ СОШ им. А.С. Пушкина", None)], set()),
    ("Руководители ОО, ответственные за ВСОКО", [("Руководители ОО", None), ("ответственные за ВСОКО", None)], set()),
    ("Заместители руководителей ОО по УВР, учителя-предметники",
     [("Заместители руководителей ОО по УВР", None), ("учителя-предметники", None)], set()),
    ("ОО, в которых обучающиеся показали низкие результаты",
     [("ОО, в которых обучающиеся показали низкие результаты", None)], set()),
    ("МОУО (по согласованию), ОО (по согласованию)", [("МОУО", "по согласованию"), ("ОО", "по согласованию")], set()),
    ("Региональный центр обработки информации (РЦОИ)", [("РЦОИ", None)], set()),
    ("Областной центр обработки информации (ОЦОИ)", [("ОЦОИ", None)], {"abbreviation_undefined"}),
    ("ОО ТО", [("ОО ТО", None)], {"abbreviation_undefined"}),
]


@pytest.mark.parametrize("cell,expected,codes", OTHER_CELLS)
def test_other_regions(cell, expected, codes):
    bodies, findings = BodyResolver({}).resolve(cell)
    assert [(b.name, b.role) for b in bodies] == expected
    assert {f.code for f in findings} == codes


def test_dictionary_full_names_as_written_there():
    bodies, _ = BodyResolver({}).resolve("РМК, ЦНППМ, руководители ОО")
    assert [(b.name, b.full_name) for b in bodies] == [
        ("РМК", "районный методический кабинет"),
        ("ЦНППМ", "центр непрерывного повышения профессионального мастерства педагогических работников"),
        ("руководители ОО", None),
    ]


def test_document_definition_wins_over_dictionary():
    resolver = BodyResolver({"МОУО": "муниципальных органов управления образованием"})
    bodies, _ = resolver.resolve("МОУО")
    assert bodies == [Body("МОУО", "МОУО", "муниципальных органов управления образованием", None)]


def test_inline_definition_and_abbreviation_in_parentheses():
    resolver = BodyResolver({})
    bodies, _ = resolver.resolve(
        "Центр непрерывного повышения профессионального мастерства педагогических работников (ЦНППМ)"
    )
    assert [(b.name, b.full_name) for b in bodies] == [
        ("ЦНППМ", "Центр непрерывного повышения профессионального мастерства педагогических работников")
    ]
    later, _ = resolver.resolve("Центр непрерывного повышения профессионального мастерства педагогических работников")
    assert [b.name for b in later] == ["ЦНППМ"]


def test_written_out_form_of_a_definition_takes_its_abbreviation():
    resolver = BodyResolver({"МО ТО": "Министерство образования Тверской области"})
    bodies, findings = resolver.resolve("Министерство образования Тверской области, МОУО")
    assert [(b.raw, b.name) for b in bodies] == [
        ("Министерство образования Тверской области", "МО ТО"), ("МОУО", "МОУО")
    ]
    assert findings == []


def test_named_as_first_written_case_aside():
    resolver = BodyResolver({})
    resolver.resolve("Кураторы ШНОР")
    bodies, findings = resolver.resolve("МОУО, кураторы ШНОР, кураторы")
    assert [(b.raw, b.name) for b in bodies] == [
        ("МОУО", "МОУО"), ("кураторы ШНОР", "Кураторы ШНОР"), ("кураторы", "кураторы")
    ]
    assert findings == []


@pytest.mark.parametrize("written,defined", [
    ("ГБОУ ДПО ТОИУУ", "ГБУ ДПО ТОИУУ"),
    ("ГАУ ДПО СОИРО", "ГАУ ДПО «СОИРО»"),
    ("СОИРО", "ГАУ ДПО «СОИРО»"),
])
def test_variants_of_a_defined_abbreviation(written, defined):
    resolver = BodyResolver({defined: "…"})
    for _ in range(2):  # flagged each time it is written so
        bodies, findings = resolver.resolve(written)
        assert [b.name for b in bodies] == [defined]
        assert [(f.code, f.detail) for f in findings] == [
            ("abbreviation_variant", {"written": written, "defined": defined})
        ]


# (the order's definitions, the cell, names, findings): the order's own body of a kind the
# dictionary knows wins over the dictionary, written short, with another legal form or with
# a Latin look-alike; a kind one letter off a defined one stays itself
COKO = {"ГБУ ТО ЦОКО": "государственное бюджетное учреждение Тверской области «Центр оценки качества образования»",
        "МО ТО": "Министерство образования Тверской области"}
DEFINED_OVER_DICTIONARY = [
    (COKO, "ЦОКО", ["ГБУ ТО ЦОКО"], [("abbreviation_variant", {"written": "ЦОКО", "defined": "ГБУ ТО ЦОКО"})]),
    (COKO, "ЦОКO", ["ГБУ ТО ЦОКО"], [("abbreviation_variant", {"written": "ЦОКО", "defined": "ГБУ ТО ЦОКО"}),
                                    ("ocr_suspect", {"written": "ЦОКO", "read_as": "ЦОКО"})]),
    (COKO, "ГБОУ ТО ЦОКО", ["ГБУ ТО ЦОКО"],
     [("abbreviation_variant", {"written": "ГБОУ ТО ЦОКО", "defined": "ГБУ ТО ЦОКО"})]),
    (COKO, "МО ТО ЦОКО МОУО", ["МО ТО", "ГБУ ТО ЦОКО", "МОУО"],
     [("abbreviation_variant", {"written": "ЦОКО", "defined": "ГБУ ТО ЦОКО"})]),
    (COKO, "МО ТО ГБОУ ТО ЦОКО", ["МО ТО", "ГБУ ТО ЦОКО"],
     [("abbreviation_variant", {"written": "ГБОУ ТО ЦОКО", "defined": "ГБУ ТО ЦОКО"})]),
    (COKO, "МО ТО ГБУ ТО ЦОКО, ИРО", ["МО ТО", "ГБУ ТО ЦОКО", "ИРО"], []),
    ({"ГАУ ДПО ЯО ИРО": "институт развития образования"}, "ГАУ ДПО ЯО ИРО, ИРО", ["ГАУ ДПО ЯО ИРО"],
     [("abbreviation_variant", {"written": "ИРО", "defined": "ГАУ ДПО ЯО ИРО"})]),
    ({"ГАУ ДПО ЯО ИРО": "институт развития образования"}, "ГБУ ДПО ЯО ИРО", ["ГАУ ДПО ЯО ИРО"],
     [("abbreviation_variant", {"written": "ГБУ ДПО ЯО ИРО", "defined": "ГАУ ДПО ЯО ИРО"})]),
    ({"ОКУ РЦОКО": "областное казённое учреждение «Региональный центр оценки качества образования»"},
     "РЦОКО", ["ОКУ РЦОКО"], [("abbreviation_variant", {"written": "РЦОКО", "defined": "ОКУ РЦОКО"})]),
    ({"МБУ ДО ДЮСШ": "детско-юношеская спортивная школа"}, "ДЮСШ, ЦДТ", ["МБУ ДО ДЮСШ", "ЦДТ"],
     [("abbreviation_variant", {"written": "ДЮСШ", "defined": "МБУ ДО ДЮСШ"})]),
    ({"МКУ ЦНППМ": "центр непрерывного повышения профессионального мастерства"}, "ЦНППМ", ["МКУ ЦНППМ"],
     [("abbreviation_variant", {"written": "ЦНППМ", "defined": "МКУ ЦНППМ"})]),
    ({"МБУ ПМПК": "психолого-медико-педагогическая комиссия"}, "МКУ ПМПК", ["МБУ ПМПК"],
     [("abbreviation_variant", {"written": "МКУ ПМПК", "defined": "МБУ ПМПК"})]),
    ({"ТПМПК": "территориальная психолого-медико-педагогическая комиссия"}, "ЦПМПК, ТПМПК", ["ЦПМПК", "ТПМПК"], []),
    ({"руководители ОО": "руководители общеобразовательных организаций"}, "ОО", ["ОО"], []),
    ({"МКУ УО": "муниципальное казённое учреждение «Управление образования»"}, "УО", ["МКУ УО"],
     [("abbreviation_variant", {"written": "УО", "defined": "МКУ УО"})]),
    ({"МУ «ИМЦ»": "муниципальное учреждение «Информационно-методический центр»"}, "МКУ «ИМЦ»", ["МУ «ИМЦ»"],
     [("abbreviation_variant", {"written": "МКУ «ИМЦ»", "defined": "МУ «ИМЦ»"})]),
    ({"МКУ ИМЦ": "муниципальное казённое учреждение «Информационно-методический центр»"}, "МО ТО МУ ИМЦ",
     ["МО ТО", "МКУ ИМЦ"], [("abbreviation_variant", {"written": "МУ ИМЦ", "defined": "МКУ ИМЦ"}),
                           ("abbreviation_undefined", {"written": "МО ТО", "abbreviations": ["МО ТО"]})]),
]


@pytest.mark.parametrize("definitions,cell,names,findings", DEFINED_OVER_DICTIONARY)
def test_definitions_win_over_the_dictionary(definitions, cell, names, findings):
    bodies, found = BodyResolver(definitions).resolve(cell)
    assert [b.name for b in bodies] == names
    assert [(f.code, f.detail) for f in found] == findings


def test_a_kind_written_short_needs_one_defined_body_of_it():
    """Two defined bodies end in ЦОКО: "ЦОКО" alone names neither and is the dictionary's kind."""
    resolver = BodyResolver({"ГБУ ТО ЦОКО": "…", "МКУ ЦОКО": "…"})
    bodies, findings = resolver.resolve("ЦОКО")
    assert [(b.name, b.full_name) for b in bodies] == [("ЦОКО", "центр оценки качества образования")]
    assert findings == []


@pytest.mark.parametrize("written", ["МОУО", "ГБУ ТО", "ОО ТО"])
def test_near_but_different_abbreviations_stay_apart(written):
    bodies, findings = BodyResolver({"МО ТО": "Министерство образования Тверской области"}).resolve(written)
    assert [b.name for b in bodies] == [written]
    assert "abbreviation_variant" not in {f.code for f in findings}


def test_case_of_a_defined_name_is_no_variant():
    resolver = BodyResolver({"министерство образования": "Министерство образования Саратовской области"})
    bodies, findings = resolver.resolve("Министерство образования, ГАУ СО «РЦОКО»")
    assert [b.name for b in bodies] == ["министерство образования", "ГАУ СО «РЦОКО»"]
    assert [f.code for f in findings] == ["abbreviation_undefined"]


def test_one_undefined_finding_per_cell():
    _, findings = BodyResolver({}).resolve("ДОО ТО, ТОИПКРО, руководители ДОО ТО")
    assert [(f.code, f.detail) for f in findings] == [
        ("abbreviation_undefined", {"written": "ДОО ТО, ТОИПКРО", "abbreviations": ["ДОО ТО", "ТОИПКРО"]})
    ]


def test_empty_cell():
    assert BodyResolver({}).resolve("  ") == ([], [])


@pytest.mark.parametrize("word,read", [
    ("PMK", "РМК"), ("OY", "ОУ"), ("IIIMO", "ШМО"), ("MOУO", "МОУО"), ("DNAIC", None),
])
def test_latin_look_alikes(word, read):
    assert read_latin_as_cyrillic(word) == read


# ---------------------------------------------------------------------------- people

# (cell, the people it names) – also the table bench/bodies_ner.py measures natasha's NER on
PEOPLE_CELLS = [
    ("Петрова А.А., заместитель начальника управления", ["Петрова А.А."]),
    ("директор школы Иванов И.И.", ["Иванов И.И."]),
    ("педагог-наставник Смирнова Е.А.", ["Смирнова Е.А."]),
    ("директор школы Иванов И.И., заместитель директора Петрова А.А.", ["Иванов И.И.", "Петрова А.А."]),
    ("Петрова А.А., заместитель начальника управления, Иванов И.И., методист МКУ «ИМЦ»",
     ["Петрова А.А.", "Иванов И.И."]),
    ("Комитет по образованию Петрова А.А.", ["Петрова А.А."]),
    ("Отдел образования И.И. Иванова", ["И.И. Иванова"]),
    ("Заместитель министра образования и науки Северной области Кузнецова Т.В.", ["Кузнецова Т.В."]),
    ("Иванов И.И. – начальник управления образования", ["Иванов И.И."]),
    ("РМК\nПетрова А.А., методист", ["Петрова А.А."]),
    ("педагог-психолог Сидорова Мария Ивановна", ["Сидорова Мария Ивановна"]),
    ("Орлов Павел Сергеевич, директор, Козлова Ольга Петровна, заместитель директора по УВР",
     ["Орлов Павел Сергеевич", "Козлова Ольга Петровна"]),
    ("Мария Ивановна Сидорова, методист", ["Мария Ивановна Сидорова"]),
    ("директор школы Иванов И.И. педагог-наставник Смирнова Е.А.", ["Иванов И.И.", "Смирнова Е.А."]),
    ("Иванова Н.В., Петрова С.А.", ["Иванова Н.В.", "Петрова С.А."]),
    ("ответственный – Лебедев К.Н. (по согласованию)", ["Лебедев К.Н."]),
    ("Начальник отдела Белова Г.С.; главный специалист Юдина О.А.", ["Белова Г.С.", "Юдина О.А."]),
    ("МБОУ СОШ им. А.С. Пушкина", []),
    ("МБОУ СОШ № 3 имени героя Советского Союза А.П. Маресьева", []),
    ("Школа имени Марии Ивановны Сидоровой", []),
    ("Управление образования, руководители ОО", []),
    ("Министерство образования Тверской области", []),
    ("Кураторы ШНОР, ТОИПКРО", []),
    ("учителя 5-х, 6-х классов", []),
    ("Отдел образования директора ОО", []),
]


def people_named(cell: str) -> list[str]:
    """The people the resolver names in a cell: the bodies the person rule named."""
    trace: list = []
    bodies, _ = BodyResolver({}).resolve(cell, trace=trace)
    people = {step.detail.rsplit(" -> ", 1)[1][1:-len("' (person)")] for step in trace if step.rule == "person_named"}
    return [b.name for b in bodies if b.name in people]


@pytest.mark.parametrize("cell,people", PEOPLE_CELLS)
def test_people(cell, people):
    assert people_named(cell) == people


@pytest.mark.parametrize("text,dictionary", [
    ("# comment\nОО\tобщеобразовательная организация\n", {"ОО": "общеобразовательная организация"}),
    ("ОО\tобщеобразовательная организация\t273-ФЗ ст. 2\nМКУ\tмуниципальное казённое учреждение\tcommon use\n",
     {"ОО": "общеобразовательная организация", "МКУ": "муниципальное казённое учреждение"}),
])
def test_dictionary_rows_read_two_columns(text, dictionary):
    assert parse_dictionary(text) == dictionary


def test_shipped_dictionary_reads():
    assert load_lexicon().dictionary["МОУО"] == "муниципальный орган управления образованием"
