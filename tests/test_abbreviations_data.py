"""The dictionary of common education abbreviations, ``extractor/data/abbreviations.tsv``:
its shape (three columns, one entry a short form, nominative lower-case expansions, a source,
legal forms that also open body names), then what it does for responsible cells, through
:class:`BodyResolver` and through the whole pipeline on two small orders written for this test
(``tests/data/abbrev/order_kolpashevo_2023.txt``, ``order_yaroslavl_region_2024.txt``)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pymorphy3
import pytest

from extractor.normalizers.bodies import BodyResolver, is_abbreviation, load_lexicon
from extractor.pipeline import extract

ORDER = Path(__file__).resolve().parent / "data" / "abbrev" / "order_kolpashevo_2023.txt"
MIN_ENTRIES = 300
GROUP_HEADER = "# --- "
# Expansions that are proper names and so start with a capital letter.
PROPER_NAMES = {
    "РФ", "РАО", "ФИПИ", "ФИОКО", "ФЦТ", "ИСРО", "ФРДО", "ТК РФ", "ГК РФ", "БК РФ",
    "КоАП РФ", "ПДД", "ГТО", "РДДМ", "РДШ", "НТИ",
}
# A source names an act (law, code, order, standard, procedure) or says "common use".
SOURCE = re.compile(r"^common use$|ФЗ|Закон РФ|ГК РФ|БК РФ|Указ|[Пп]риказ|[Рр]аспоряжение|[Пп]остановление"
                    r"|[Пп]орядок|[Пп]оложение|ФГОС|ЕКСД|Целевая модель")
# Ownership words that open the expansion of a legal form ("муниципальное казённое учреждение").
OWNERSHIP = ("государственное", "муниципальное", "федеральное", "областное", "краевое", "частное",
             "негосударственное")
CYRILLIC_CAPITAL = re.compile(r"[А-ЯЁ]")


def dictionary_text() -> str:
    return resources.files("extractor").joinpath("data", "abbreviations.tsv").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def entries() -> list[list[str]]:
    return [line.split("\t") for line in dictionary_text().splitlines() if line.strip() and not line.startswith("#")]


def same_key(short: str) -> str:
    """A short form as the resolver compares it: no case, quotes or ё."""
    return "".join(ch for ch in short if ch not in "«»\"").casefold().replace("ё", "е")


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def nominative_head(full: str) -> str | None:
    """The first word of ``full`` that is not nominative before its head noun, or None when
    every word up to and including the first noun can be nominative."""
    for word in re.findall(r"«|[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", full):
        if word == "«":
            return word  # a quoted name before any noun
        parses = morph().parse(word)
        if all(p.tag.POS == "ADVB" for p in parses[:1]):
            continue  # "социально опасное положение"
        nominative = [p for p in parses if "nomn" in p.tag]
        if not nominative:
            return word
        if any(p.tag.POS == "NOUN" for p in nominative):
            return None
    return full


# ---------------------------------------------------------------------------- shape

def test_enough_entries():
    assert len(entries()) >= MIN_ENTRIES


def test_three_trimmed_columns():
    for row in entries():
        assert len(row) == 3, row
        assert all(cell and cell == cell.strip() and "  " not in cell for cell in row), row


def test_no_short_form_twice():
    keys = [same_key(short) for short, _, _ in entries()]
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_short_forms_are_cyrillic_abbreviations():
    for short, _, _ in entries():
        assert CYRILLIC_CAPITAL.search(short), short
        assert is_abbreviation(short.split()[0].split("-")[0]), short


def test_expansions_in_lower_case_except_proper_names():
    for short, full, _ in entries():
        assert full[0].isupper() == (short in PROPER_NAMES), (short, full)


def test_expansions_are_nominative():
    assert [(short, nominative_head(full)) for short, full, _ in entries() if nominative_head(full)] == []


@pytest.mark.parametrize("full,word", [
    ("муниципальных органов управления образованием", "муниципальных"),
    ("школах с низкими образовательными результатами", "школах"),
    ("государственной итоговой аттестации", "государственной"),
])
def test_nominative_check_rejects_other_cases(full, word):
    assert nominative_head(full) == word


def test_every_entry_names_a_source():
    for short, _, source in entries():
        assert SOURCE.search(source), (short, source)


def test_header_documents_the_columns_and_groups_come_before_entries():
    lines = dictionary_text().splitlines()
    header = lines[:next(i for i, line in enumerate(lines) if line.startswith(GROUP_HEADER))]
    assert all(line.startswith("#") or not line.strip() for line in header)
    for column in ("short", "full", "source"):
        assert any(line.startswith(f"#   {column} ") for line in header), column
    groups = [line for line in lines if line.startswith(GROUP_HEADER)]
    assert len(groups) >= 10


def test_loader_reads_short_and_full_only():
    assert load_lexicon().dictionary == {short: full for short, full, _ in entries()}


def test_legal_forms_open_body_names():
    """A legal form is an org_form of body_words.tsv: it runs on into the name after it and is
    never a body by itself."""
    org_forms = load_lexicon().org_forms
    legal = [short for short, full, _ in entries()
             if full.split()[0] in OWNERSHIP and {"учреждение", "предприятие"} & set(full.split())]
    assert len(legal) >= 50
    assert [short for short in legal if same_key(short) not in org_forms] == []


# ---------------------------------------------------------------------------- resolver

# (cell, [(name, full_name)]) with a document that defines nothing: no abbreviation_undefined
KNOWN_CELLS = [
    ("МБОУ СОШ № 3", [("МБОУ СОШ № 3", None)]),
    ("МКОУ ООШ № 7, МАОУ НОШ № 2", [("МКОУ ООШ № 7", None), ("МАОУ НОШ № 2", None)]),
    ("МБДОУ ДС № 5", [("МБДОУ ДС № 5", None)]),
    ("МАУ ДО ДДТ", [("МАУ ДО ДДТ", None)]),
    ("ГБПОУ «Кузнецкий колледж»", [("ГБПОУ «Кузнецкий колледж»", None)]),
    ("КГБОУ «Школа-интернат № 1»", [("КГБОУ «Школа-интернат № 1»", None)]),
    ("ДОО, УДО", [("ДОО", "дошкольная образовательная организация"),
                  ("УДО", "учреждение дополнительного образования")]),
    ("ПМПК, ППк", [("ПМПК", "психолого-медико-педагогическая комиссия"),
                   ("ППк", "психолого-педагогический консилиум")]),
    ("ТПМПК", [("ТПМПК", "территориальная психолого-медико-педагогическая комиссия")]),
    ("ГЭК", [("ГЭК", "государственная экзаменационная комиссия")]),
    ("КДНиЗП", [("КДНиЗП", "комиссия по делам несовершеннолетних и защите их прав")]),
    ("ШМО, ГМО", [("ШМО", "школьное методическое объединение"), ("ГМО", "городское методическое объединение")]),
    ("ОМСУ, ОИВ", [("ОМСУ", "органы местного самоуправления"),
                   ("ОИВ", "орган исполнительной власти субъекта Российской Федерации, осуществляющий "
                           "государственное управление в сфере образования")]),
    ("ФИПИ", [("ФИПИ", "Федеральный институт педагогических измерений")]),
    ("ЦДТ; ДЮСШ", [("ЦДТ", "центр детского творчества"), ("ДЮСШ", "детско-юношеская спортивная школа")]),
    ("руководители ДОО", [("руководители ДОО", None)]),
    ("заместители директоров по ВР", [("заместители директоров по ВР", None)]),
    ("педагоги ДОУ, учителя ОРКСЭ", [("педагоги ДОУ", None), ("учителя ОРКСЭ", None)]),
    ("ФИС ФРДО", [("ФИС ФРДО", "федеральная информационная система «Федеральный реестр сведений о документах "
                               "об образовании и (или) о квалификации, документах об обучении»")]),
    ("ФГИС «Моя школа»", [("ФГИС «Моя школа»", "федеральная государственная информационная система «Моя школа»")]),
    ("ИРО, ИПК, ИУУ", [("ИРО", "институт развития образования"), ("ИПК", "институт повышения квалификации"),
                       ("ИУУ", "институт усовершенствования учителей")]),
    ("ЦОКО, РЦОКО, РЦОИ", [("ЦОКО", "центр оценки качества образования"),
                           ("РЦОКО", "региональный центр оценки качества образования"),
                           ("РЦОИ", "региональный центр обработки информации")]),
    ("ЦОПП; ЦНППМПР", [("ЦОПП", "центр опережающей профессиональной подготовки"),
                       ("ЦНППМПР", "центр непрерывного повышения профессионального мастерства педагогических "
                                   "работников")]),
    ("ППМС-центр, ЦППМСП", [("ППМС-центр", "центр психолого-педагогической, медицинской и социальной помощи"),
                            ("ЦППМСП", "центр психолого-педагогической, медицинской и социальной помощи")]),
    ("ЦПМСС, ЦССВ", [("ЦПМСС", "центр психолого-медико-социального сопровождения"),
                     ("ЦССВ", "центр содействия семейному воспитанию")]),
    ("МОЦ, ЦМИТ", [("МОЦ", "муниципальный опорный центр дополнительного образования детей"),
                   ("ЦМИТ", "центр молодёжного инновационного творчества")]),
    ("МБУ ДО ЦМИТ", [("МБУ ДО ЦМИТ", None)]),
    ("МБУ «ППМС-центр»", [("МБУ «ППМС-центр»", None)]),
]


@pytest.mark.parametrize("cell,expected", KNOWN_CELLS)
def test_known_abbreviations_are_not_undefined(cell, expected):
    bodies, findings = BodyResolver({}).resolve(cell)
    assert [(b.name, b.full_name) for b in bodies] == expected
    assert findings == []


# (cell, abbreviations reported undefined)
UNDEFINED_CELLS = [
    ("ЖЩЫК", ["ЖЩЫК"]),
    ("ОО, ЗЯКС", ["ЗЯКС"]),
    ("МБОУ ЖЩЫК № 4", ["МБОУ ЖЩЫК"]),
    ("ОГБПОУ «ТПК»", ["ОГБПОУ ТПК"]),
    ("руководители ОО, ГБУ ТО ЦОКО", ["ГБУ ТО ЦОКО"]),  # ТО: a region, never in the dictionary
    ("ГАУ ДПО ЯО ИРО", ["ГАУ ДПО ЯО ИРО"]),
]


@pytest.mark.parametrize("cell,abbreviations", UNDEFINED_CELLS)
def test_unknown_abbreviations_are_undefined(cell, abbreviations):
    _, findings = BodyResolver({}).resolve(cell)
    assert [(f.code, f.detail["abbreviations"]) for f in findings] == [("abbreviation_undefined", abbreviations)]


# (the order's definition, the cell): a known legal form changed in a defined name
VARIANT_CELLS = [
    ("МБУ «ИМЦ»", "МКУ «ИМЦ»"),
    ("ГБПОУ СО ТК", "ГАПОУ СО ТК"),
    ("МБДОУ ЦРР", "МАДОУ ЦРР"),
    ("ОГБУ ДПО ТОИУУ", "ОГАУ ДПО ТОИУУ"),
    ("МУ «ИМЦ»", "МКУ «ИМЦ»"),  # a two-letter legal form counts like any other
    ("МКУ ИМЦ", "МУ ИМЦ"),
    ("ГБУ ТО ЦОКО", "ГБОУ ТО ЦОКО"),  # the order's own body, though ЦОКО is in the dictionary
    ("ГАУ ДПО ЯО ИРО", "ГБУ ДПО ЯО ИРО"),
    ("МБУ ДО ДЮСШ", "МАУ ДО ДЮСШ"),
]


@pytest.mark.parametrize("defined,written", VARIANT_CELLS)
def test_changed_legal_form_is_a_variant(defined, written):
    bodies, findings = BodyResolver({defined: "…"}).resolve(written)
    assert [b.name for b in bodies] == [defined]
    assert [(f.code, f.detail) for f in findings] == [
        ("abbreviation_variant", {"written": written, "defined": defined})
    ]


# ---------------------------------------------------------------------------- pipeline

DEFINED = "the order's own definition"


@lru_cache(maxsize=1)
def extracted_order() -> dict:
    return extract(ORDER).model_dump()


# activity seq -> ([(name, full_name)], responsible flag codes)
ORDER_EXPECTED = {
    1: ([("МБУ «ИМЦ»", DEFINED), ("ШМО", "школьное методическое объединение")], []),
    2: ([("ТПМПК", "территориальная психолого-медико-педагогическая комиссия"),
         ("ППк", "психолого-педагогический консилиум")], []),
    3: ([("МБОУ СОШ № 3", None), ("МКОУ ООШ № 7", None)], []),
    4: ([("МБДОУ ДС № 5", None), ("ДОО", "дошкольная образовательная организация")], []),
    5: ([("ГЭК", "государственная экзаменационная комиссия"), ("ШМО учителей русского языка", None)], []),
    6: ([("КДНиЗП", "комиссия по делам несовершеннолетних и защите их прав"), ("МАУ ДО ДДТ", None)], []),
    7: ([("МБУ «ИМЦ»", DEFINED)], ["abbreviation_variant"]),
    8: ([("ЖЩЫК", None), ("ОО", "общеобразовательная организация")], ["abbreviation_undefined"]),
}
RESPONSIBLE_FLAGS = ("abbreviation_variant", "abbreviation_undefined")


def test_order_has_every_activity():
    assert [a["seq"] for a in extracted_order()["activities"]] == sorted(ORDER_EXPECTED)


@pytest.mark.parametrize("seq", sorted(ORDER_EXPECTED))
def test_order_responsible_and_flags(seq):
    check_activity(extracted_order(), seq, ORDER_EXPECTED[seq])


def check_activity(order: dict, seq: int, expected: tuple[list, list[str]]) -> None:
    definitions = {a["short"]: a["full"] for a in order["abbreviations"]}
    activity = next(a for a in order["activities"] if a["seq"] == seq)
    bodies, codes = expected
    assert [(r["name"], r["full_name"]) for r in activity["responsible"]] == [
        (name, definitions[name] if full is DEFINED else full) for name, full in bodies
    ]
    assert [f["code"] for f in activity["flags"] if f["code"] in RESPONSIBLE_FLAGS] == codes


REGION_ORDER = ORDER.parent / "order_yaroslavl_region_2024.txt"


@lru_cache(maxsize=1)
def extracted_region_order() -> dict:
    return extract(REGION_ORDER).model_dump()


# activity seq -> ([(name, full_name)], responsible flag codes): kinds of regional institutions
# from the dictionary, and the order's own ЦОКО and ИМЦ written otherwise than defined
REGION_ORDER_EXPECTED = {
    1: ([("ГАУ ДПО ЯО ИРО", None), ("МОУО", "муниципальный орган управления образованием")],
        ["abbreviation_undefined"]),  # ЯО, a region code, is in no dictionary
    2: ([("ГБУ ЯО ЦОКО", DEFINED)], ["abbreviation_variant"]),
    3: ([("ГБУ ЯО ЦОКО", DEFINED), ("МУ «ИМЦ»", DEFINED)], ["abbreviation_variant"]),
    4: ([("РЦОИ", "региональный центр обработки информации")], []),
    5: ([("ЦОПП", "центр опережающей профессиональной подготовки"),
         ("ЦМИТ", "центр молодёжного инновационного творчества")], []),
    6: ([("ППМС-центр", "центр психолого-педагогической, медицинской и социальной помощи"),
         ("ПМПК", "психолого-медико-педагогическая комиссия")], []),
}


def test_region_order_has_every_activity():
    assert [a["seq"] for a in extracted_region_order()["activities"]] == sorted(REGION_ORDER_EXPECTED)


@pytest.mark.parametrize("seq", sorted(REGION_ORDER_EXPECTED))
def test_region_order_responsible_and_flags(seq):
    check_activity(extracted_region_order(), seq, REGION_ORDER_EXPECTED[seq])
