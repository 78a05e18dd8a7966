"""Each rule of extractor/normalizers/body_rules.py on the cells it is written for.

A row: the rule, the cell (after ``before``, cells of the same document read first), the
names of the bodies expected, and the definitions of the document. The rule must show in the
resolver's trace for that cell: it made the cut, kept the piece whole, read the token or
named the body. Every rule of every list has at least one row.
"""
from __future__ import annotations

import pytest

from extractor.normalizers import body_rules
from extractor.normalizers.bodies import BodyResolver, TraceStep

TVER = {"МО ТО": "Министерство образования Тверской области", "ГБУ ДПО ТОИУУ": "институт усовершенствования учителей"}

# (rule, cell, expected names, definitions, cells read before)
EXAMPLES = [
    # 0. token reading
    ("latin_known_body", "PMK", ["РМК"], {}, []),
    ("latin_noise", "Управление образования T", ["Управление образования"], {}, []),
    ("mixed_scripts", "MOУO", ["МОУО"], {}, []),
    # 1. separators
    ("semicolon", "Отдел образования; руководители ОО", ["Отдел образования", "руководители ОО"], {}, []),
    ("comma", "РМК, ОУ", ["РМК", "ОУ"], {}, []),
    ("comma", "ОО, имеющие низкие результаты", ["ОО, имеющие низкие результаты"], {}, []),
    ("comma", "ОО, в которых работают молодые педагоги", ["ОО, в которых работают молодые педагоги"], {}, []),
    ("comma", "Департамент образования, науки и молодежной политики",
     ["Департамент образования, науки и молодежной политики"], {}, []),
    ("full_stop", "Отдел образования. ОУ", ["Отдел образования", "ОУ"], {}, []),
    ("full_stop", "Зам. директора по УВР", ["Зам. директора по УВР"], {}, []),
    ("slash", "РМО / ШМО", ["РМО", "ШМО"], {}, []),
    ("slash", "МБОУ СОШ № 12/1", ["МБОУ СОШ № 12/1"], {}, []),
    ("list_dash", "- МОУО - ОО", ["МОУО", "ОО"], {}, []),
    ("list_number", "1. МОУО 2. ОО", ["МОУО", "ОО"], {}, []),
    ("list_number", "1) Отдел образования; 2) РМК", ["Отдел образования", "РМК"], {}, []),
    ("separator_phrase", "МОУО совместно с ОО", ["МОУО", "ОО"], {}, []),
    ("separator_phrase", "РМК при участии ОО", ["РМК", "ОО"], {}, []),
    ("conjunction", "ЦНППМ и РМО", ["ЦНППМ", "РМО"], {}, []),
    ("conjunction", "Учителя истории и обществознания", ["Учителя истории и обществознания"], {}, []),
    # 2. body starts inside a piece
    ("after_closing_parenthesis", "Отдел образования (координация) Методический кабинет (по согласованию)",
     ["Отдел образования", "Методический кабинет"], {}, []),
    ("person_initials_first", "Отдел образования И.И. Иванова", ["Отдел образования", "И.И. Иванова"], {}, []),
    ("person_initials_first", "МБОУ СОШ им. А.С. Пушкина", ["МБОУ СОШ им. А.С. Пушкина"], {}, []),
    ("person_surname_first", "Комитет по образованию Петрова А.А.", ["Комитет по образованию", "Петрова А.А."], {}, []),
    ("abbreviation_in_a_run", "МО ТО МОУО", ["МО ТО", "МОУО"], TVER, []),
    ("abbreviation_after_abbreviation", "руководители ОО МОУО", ["руководители ОО", "МОУО"], {}, []),
    ("abbreviation_after_abbreviation", "кураторы ШНОР ТО", ["кураторы ШНОР ТО"], {}, []),
    ("abbreviation_of_whose", "заместители директоров по УВР", ["заместители директоров по УВР"], {}, []),
    ("abbreviation_of_whose", "методист РМК", ["методист РМК"], {}, []),
    ("territory_abbreviation", "Отдел образования МР «Северный район»", ["Отдел образования МР «Северный район»"],
     {}, []),
    ("legal_form_after_named_body", "Комитет по образованию МБУ «Методический центр»",
     ["Комитет по образованию", "МБУ «Методический центр»"], {}, []),
    ("abbreviation_after_long_name", "Управление образования ОО", ["Управление образования", "ОО"], {}, []),
    ("abbreviation_after_long_name", "Администрация ОО", ["Администрация ОО"], {}, []),
    ("capital_after_preposition", "Комитет по Делам молодежи", ["Комитет по Делам молодежи"], {}, []),
    ("capital_head_word", "Отдел образования администрации района Управление социальной защиты",
     ["Отдел образования администрации района", "Управление социальной защиты"], {}, []),
    ("capital_head_word", "МКУ Управление образования", ["МКУ Управление образования"], {}, []),
    ("capital_adjective_before_plural", "Руководители ОО Школьные координаторы",
     ["Руководители ОО", "Школьные координаторы"], {}, []),
    ("capital_adjective_before_plural", "Министерство образования Тверской области",
     ["Министерство образования Тверской области"], {}, []),
    ("lower_case_body_after_abbreviation", "МОУО кураторы", ["МОУО", "кураторы"], {}, []),
    ("lower_case_body_after_abbreviation", "ГАУ ДПО «ИРО» органы управления образованием",
     ["ГАУ ДПО «ИРО»", "органы управления образованием"], {}, []),
    ("group_after_group", "кураторы руководители", ["кураторы", "руководители"], {}, []),
    # 3. runs of abbreviations
    ("known_name", "ГБУ ДПО ТОИУУ МОУО", ["ГБУ ДПО ТОИУУ", "МОУО"], TVER, []),
    ("known_name", "ОО ТО МОУО", ["ОО ТО", "МОУО"], {}, []),
    ("unknown_body_start", "ГБУ ТО ЦОКО МБОУ СОШ № 1", ["ГБУ ТО ЦОКО", "МБОУ СОШ № 1"], {}, []),
    # 4. qualifiers
    ("definition_in_parentheses", "Региональный центр обработки информации (далее – РЦОИ)", ["РЦОИ"], {}, []),
    ("abbreviation_in_parentheses", "Региональный центр обработки информации (РЦОИ)", ["РЦОИ"], {}, []),
    ("role_in_parentheses", "ОМСУ (по согласованию)", ["ОМСУ"], {}, []),
    # 5. naming
    ("defined_by_document", "МО ТО", ["МО ТО"], TVER, []),
    ("in_dictionary", "РМК", ["РМК"], {}, []),
    ("seen_before", "кураторы ШНОР", ["Кураторы ШНОР"], {}, ["Кураторы ШНОР"]),
    ("variant_of_defined", "ГБОУ ДПО ТОИУУ", ["ГБУ ДПО ТОИУУ"], TVER, []),
    ("variant_of_defined", "ТОИУУ", ["ГБУ ДПО ТОИУУ"], TVER, []),
    ("written_out_definition", "Министерство образования Тверской области", ["МО ТО"], TVER, []),
    ("near_written_out_definition", "Министерство образования Тверской облости", ["МО ТО"], TVER, []),
    ("as_written", "Отдел образования", ["Отдел образования"], {}, []),
]


def traced(cell: str, definitions: dict[str, str], before: list[str]) -> tuple[list[str], list[TraceStep]]:
    resolver = BodyResolver(definitions)
    for earlier in before:
        resolver.resolve(earlier)
    trace: list[TraceStep] = []
    bodies, _ = resolver.resolve(cell, trace=trace)
    return [b.name for b in bodies], trace


@pytest.mark.parametrize("rule,cell,names,definitions,before", EXAMPLES)
def test_rule_example(rule, cell, names, definitions, before):
    got, trace = traced(cell, definitions, before)
    assert got == names
    assert rule in {step.rule for step in trace}, trace


RULE_LISTS = {
    "TOKEN_READING_RULES": body_rules.TOKEN_READING_RULES,
    "SEPARATOR_RULES": body_rules.SEPARATOR_RULES,
    "SPLIT_RULES": body_rules.SPLIT_RULES,
    "RUN_RULES": body_rules.RUN_RULES,
    "QUALIFIER_RULES": body_rules.QUALIFIER_RULES,
    "NAMING_RULES": body_rules.NAMING_RULES,
}


@pytest.mark.parametrize("list_name", sorted(RULE_LISTS))
def test_every_rule_has_an_example_and_a_reason(list_name):
    examples = {row[0] for row in EXAMPLES}
    for rule in RULE_LISTS[list_name]:
        assert rule.__name__ in examples, f"{list_name}: {rule.__name__} has no example"
        assert body_rules.reason(rule.__name__), f"{list_name}: {rule.__name__} says not why"


def test_every_traced_rule_has_a_reason():
    for _, cell, _, definitions, before in EXAMPLES:
        for step in traced(cell, definitions, before)[1]:
            assert body_rules.reason(step.rule), step


def test_trace_of_one_cell_in_order():
    """The trace lists every decision in the order of the steps: tokens read, separators,
    body starts, runs, then each body's qualifiers and name."""
    _, trace = traced("МО ТО МОУО, PMK (по согласованию)", TVER, [])
    assert trace == [
        ("latin_known_body", "'PMK' read as 'РМК'"),
        ("comma", "cut at ','"),
        ("abbreviation_in_a_run", "no cut before 'ТО'"),
        ("abbreviation_in_a_run", "no cut before 'МОУО'"),
        ("known_name", "body from 'МО'"),
        ("known_name", "body from 'МОУО'"),
        ("defined_by_document", "'МО ТО' -> 'МО ТО' (same)"),
        ("in_dictionary", "'МОУО' -> 'МОУО' (same)"),
        ("role_in_parentheses", "'по согласованию'"),
        ("in_dictionary", "'РМК' -> 'РМК' (same)"),
    ]


def test_trace_does_not_change_the_result():
    cells = [cell for _, cell, _, _, _ in EXAMPLES]
    with_trace, without = BodyResolver(TVER), BodyResolver(TVER)
    for cell in cells:
        assert with_trace.resolve(cell, trace=[]) == without.resolve(cell)
