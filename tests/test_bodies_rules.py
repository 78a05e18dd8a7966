"""Each rule of extractor/normalizers/body_rules.py on the cells it is written for.

A row: the rule, the cell (after ``before``, cells of the same document read first), the
names of the bodies expected, and the definitions of the document. The rule must show in the
resolver's trace for that cell: it made the cut, kept the piece whole, read the token or
named the body. Every rule of every list has at least one row.
"""
from __future__ import annotations

import dataclasses

import pytest

from extractor.normalizers import body_rules
from extractor.normalizers.bodies import BodyResolver, TraceStep
from extractor.normalizers.body_tokens import load_lexicon

TVER = {"МО ТО": "Министерство образования Тверской области", "ГБУ ДПО ТОИУУ": "институт усовершенствования учителей"}

# (rule, cell, expected names, definitions, cells read before)
EXAMPLES = [
    # 0. token reading
    ("latin_known_body", "PMK", ["РМК"], {}, []),
    ("latin_noise", "Управление образования T", ["Управление образования"], {}, []),
    ("mixed_scripts", "MOУO", ["МОУО"], {}, []),
    # 1a. line breaks
    ("line_ends_open", "муниципальное бюджетное\nобщеобразовательное учреждение",
     ["муниципальное бюджетное общеобразовательное учреждение"], {}, []),
    ("line_ends_open", "руководители\nОО", ["руководители ОО"], {}, []),
    ("line_ends_open", "ГБУ ДПО\nТОИУУ", ["ГБУ ДПО ТОИУУ"], TVER, []),
    ("line_ends_open", "Отдел образования администрации\nМР «Северный район»",
     ["Отдел образования администрации МР «Северный район»"], {}, []),
    ("abbreviation_run_wraps", "МО ТО ГБУ ТО\nЦОКО МОУО", ["МО ТО", "ГБУ ТО ЦОКО", "МОУО"], TVER, []),
    ("line_ends_open", "Северный областной институт развития образования Северной области Северный\nобластной центр",
     ["Северный областной институт развития образования Северной области Северный областной центр"], {}, []),
    ("line_ends_open", "ОО, в которых обучающиеся показали\nнизкие результаты",
     ["ОО, в которых обучающиеся показали низкие результаты"], {}, []),
    ("lower_case_body_on_next_line", "управление образования\nметодический кабинет",
     ["управление образования", "методический кабинет"], {}, []),
    ("lower_case_body_on_next_line", "Министерство образования Северной области\nотдел образования района",
     ["Министерство образования Северной области", "отдел образования района"], {}, []),
    ("next_line_lower_case", "Управление\nобразования", ["Управление образования"], {}, []),
    ("next_line_lower_case", "Комитет по образованию\nадминистрации района", ["Комитет по образованию администрации района"],
     {}, []),
    ("next_line_lower_case", "Центр\nоценки качества образования", ["Центр оценки качества образования"], {}, []),
    ("group_on_next_line", "Управление образования\nруководители ОО", ["Управление образования",
                                                                          "руководители ОО"], {}, []),
    ("next_line_starts_body", "Отдел образования\nМетодический кабинет", ["Отдел образования",
                                                                           "Методический кабинет"], {}, []),
    ("person_after_post", "Заместитель директора по УВР\nСмирнова О.В.", ["Смирнова О.В."], {}, []),
    ("person_surname_first", "Зам. директора по УВР Иванова И.И.", ["Иванова И.И."], {}, []),
    ("person_surname_first", "социальный педагог Иванова О.В.", ["Иванова О.В."], {}, []),
    ("person_surname_first", "Областной центр Иванова И.И.", ["Областной центр", "Иванова И.И."], {}, []),
    ("person_after_post", "Руководитель ШМО\nИванова И.И., Петрова А.А.", ["Иванова И.И.", "Петрова А.А."], {}, []),
    ("next_line_starts_body", "Методисты ИМЦ\nИванова И.И.", ["Методисты ИМЦ", "Иванова И.И."], {}, []),
    ("next_line_starts_body", "Кураторы ШНОР\nТОИПКРО", ["Кураторы ШНОР", "ТОИПКРО"], {}, []),
    ("next_line_starts_body", "РМК\nПетрова А.А., методист", ["РМК", "Петрова А.А."], {}, []),
    ("next_line_starts_body", "Отдел образования\nЦентр оценки качества образования",
     ["Отдел образования", "Центр оценки качества образования"], {}, []),
    ("next_line_continues", "Государственное бюджетное учреждение дополнительного образования\nТверской области",
     ["Государственное бюджетное учреждение дополнительного образования Тверской области"], {}, []),
    ("next_line_continues", "Министерство образования\nРоссийской Федерации",
     ["Министерство образования Российской Федерации"], {}, []),
    # 1. separators
    ("semicolon", "Отдел образования; руководители ОО", ["Отдел образования", "руководители ОО"], {}, []),
    ("comma", "РМК, ОУ", ["РМК", "ОУ"], {}, []),
    ("comma_before_clause", "ОО, имеющие низкие результаты", ["ОО, имеющие низкие результаты"], {}, []),
    ("comma_before_clause", "ОО, в которых работают молодые педагоги", ["ОО, в которых работают молодые педагоги"],
     {}, []),
    ("comma_in_a_list_of_fields", "Департамент образования, науки и молодежной политики",
     ["Департамент образования, науки и молодежной политики"], {}, []),
    ("comma_before_a_post", "Петрова А.А., заместитель начальника управления", ["Петрова А.А."], {}, []),
    ("comma_before_a_post", "Петрова А.А., методист, Иванов И.И., заместитель директора",
     ["Петрова А.А.", "Иванов И.И."], {}, []),
    ("comma_before_a_post", "директор школы Иванов И.И., заместитель директора Петрова А.А.",
     ["Иванов И.И.", "Петрова А.А."], {}, []),
    ("comma_before_a_post", "Иванова И.И., методист РМК. Петрова С.А.", ["Иванова И.И.", "Петрова С.А."], {}, []),
    ("comma_between_modifiers", "учителя 5-х, 6-х классов", ["учителя 5-х, 6-х классов"], {}, []),
    ("comma_between_modifiers", "учителя русского, родного языка", ["учителя русского, родного языка"], {}, []),
    ("comma_between_kinds_of_one_whose", "руководители ОО, ДОО", ["руководители ОО, ДОО"], {}, []),
    ("comma_between_kinds_of_one_whose", "руководители ОУ, ДОУ; РМК", ["руководители ОУ, ДОУ", "РМК"], {}, []),
    ("comma", "руководители ОО, МОУО", ["руководители ОО", "МОУО"], {}, []),
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
    ("person_initials_first", "Петрова С.А. Заместитель начальника управления Иванова И.И.",
     ["Петрова С.А.", "Иванова И.И."], {}, []),
    ("person_surname_first", "Комитет по образованию Петрова А.А.", ["Комитет по образованию", "Петрова А.А."], {}, []),
    ("person_surname_first", "Управление образования Сидорова Мария Ивановна",
     ["Управление образования", "Сидорова Мария Ивановна"], {}, []),
    ("post_before_another_person", "директор школы Иванов И.И. педагог-наставник Смирнова Е.А.",
     ["Иванов И.И.", "Смирнова Е.А."], {}, []),
    ("abbreviation_in_a_run", "МО ТО МОУО", ["МО ТО", "МОУО"], TVER, []),
    ("abbreviation_after_abbreviation", "руководители ОО МОУО", ["руководители ОО", "МОУО"], {}, []),
    ("abbreviation_after_abbreviation", "кураторы ШНОР ТО", ["кураторы ШНОР ТО"], {}, []),
    ("abbreviation_after_abbreviation", "руководитель МОУ СОШ № 1", ["руководитель МОУ СОШ № 1"], {}, []),
    ("body_after_complete_name", "МКУ «Методический центр» руководители ОО",
     ["МКУ «Методический центр»", "руководители ОО"], {}, []),
    ("body_after_complete_name", "МБОУ «Школа № 5» управление образования", ["МБОУ «Школа № 5»", "управление образования"], {}, []),
    ("body_after_complete_name", "консультант отдела Гребенникова И.А. органы местного самоуправления",
     ["Гребенникова И.А.", "органы местного самоуправления"], {}, []),
    ("comma_between_modifiers", "воспитатели старших, подготовительных групп",
     ["воспитатели старших, подготовительных групп"], {}, []),
    ("named_abbreviation_after_known_one", "ЦСТВ\nЦЗН Кунгурского городского округа", ["ЦСТВ", "ЦЗН Кунгурского городского округа"],
     {"ЦСТВ": "центр содействия трудоустройству выпускников"}, []),
    ("post_of_the_next_person", "отдел общего образования директор КОИРО Белов А.С.",
     ["отдел общего образования", "Белов А.С."], {}, []),
    ("named_abbreviation_after_known_one", "ИМЦ ГАУ ДПО РС(Я) «ИРОиПК»", ["ИМЦ", "ГАУ ДПО РС(Я) «ИРОиПК»"],
     {"ИМЦ": "информационно-методический центр"}, []),
    ("group_after_people_phrase", "Островская Г.А., директор лицея руководители проектов",
     ["Островская Г.А.", "руководители проектов"], {}, []),
    ("name_after_legal_form_and_region", "ГАОУ ТО ДПО «ТОГИРРО»", ["ГАОУ ТО ДПО «ТОГИРРО»"], {}, []),
    ("legal_form_after_named_body", "министерство ТОГБУ «Центр спорта»", ["министерство", "ТОГБУ «Центр спорта»"],
     {}, []),
    ("group_after_people_phrase", "учителя 9-х, 11-х классов руководители ШМО",
     ["учителя 9-х, 11-х классов", "руководители ШМО"], {}, []),
    ("group_after_people_phrase", "учителя 5-х, 6-х классов учителя 7-9 классов",
     ["учителя 5-х, 6-х классов", "учителя 7-9 классов"], {}, []),
    ("body_after_complete_name", "педагог-наставник Гришина Е.М. молодые специалисты",
     ["Гришина Е.М.", "молодые специалисты"], {}, []),
    ("person_surname_first", "заместитель директора по НМР Лысенко В.Г. Островская Г.А., директор лицея",
     ["Лысенко В.Г.", "Островская Г.А."], {}, []),
    ("comma_between_subjects", "учителя обществознания, математики", ["учителя обществознания, математики"], {}, []),
    ("comma_between_subjects", "учителя истории, обществознания; методисты", ["учителя истории, обществознания", "методисты"], {}, []),
    ("post_after_person", "Смирнова О.Н.,\nведущий специалист Отдела образования", ["Смирнова О.Н."], {}, []),
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
    ("capital_adjective_before_plural", "Руководители ОО Молодые педагоги",
     ["Руководители ОО", "Молодые педагоги"], {}, []),
    ("capital_adjective_before_plural", "Министерство образования Тверской области",
     ["Министерство образования Тверской области"], {}, []),
    ("lower_case_body_after_abbreviation", "МОУО кураторы", ["МОУО", "кураторы"], {}, []),
    ("lower_case_body_after_abbreviation", "ГАУ ДПО «ИРО» органы управления образованием",
     ["ГАУ ДПО «ИРО»", "органы управления образованием"], {}, []),
    ("people_after_organisation", "Отдел образования директора ОО", ["Отдел образования", "директора ОО"], {}, []),
    ("people_after_organisation", "Комитет по образованию руководители ОО", ["Комитет по образованию",
                                                                              "руководители ОО"], {}, []),
    ("group_after_group", "кураторы руководители", ["кураторы", "руководители"], {}, []),
    ("abbreviation_of_whose", "Руководители ОО; ответственные за организацию ГИА",
     ["Руководители ОО", "ответственные за организацию ГИА"], {}, []),
    ("comma_before_clause", "ОО, подведомственные министерству", ["ОО, подведомственные министерству"], {}, []),
    ("abbreviation_after_known_name", "министерство РИРО", ["министерство", "РИРО"],
     {"министерство": "министерство образования Рязанской области", "РИРО": "институт развития образования"}, []),
    ("lower_case_head_after_name", "руководители общеобразовательных организаций органы местного самоуправления",
     ["руководители общеобразовательных организаций", "органы местного самоуправления"], {}, []),
    ("lower_case_head_after_name", "ППк Лицея классные руководители", ["ППк Лицея", "классные руководители"], {}, []),
    ("variant_of_defined", "МУ «Методический центр» (координатор)", ["МКУ «Методический центр»"],
     {"МКУ «Методический центр»": "Муниципальному казенному учреждению «Методический центр»"}, []),
    ("variant_of_defined", "ГАОУ ДПО ТО «ИПК и ППРО ТО»", ["ГОУ ДПО ТО «ИПК и ППРО ТО»"],
     {"ГОУ ДПО ТО «ИПК и ППРО ТО»": "институт повышения квалификации"}, []),
    ("dash_before_another_post", "Морозов Д.В.,\nзаместитель министра\n– директор\nдепартамента\nруководители ОО",
     ["Морозов Д.В.", "руководители ОО"], {}, []),
    ("group_on_next_line", "Гусева Л.М., главный специалист\nруководители ОО", ["Гусева Л.М.", "руководители ОО"],
     {}, []),
    ("lower_case_body_on_next_line", "руководители общеобразовательных организаций\nорганы местного самоуправления",
     ["руководители общеобразовательных организаций", "органы местного самоуправления"], {}, []),
    ("role_in_parentheses", "ИРО (по заявкам)", ["ИРО"], {}, []),
    ("as_written", "ГОБУ ДО «Центр дополнительного образования»", ["ГОБУ ДО «Центр дополнительного образования»"],
     {}, []),
    ("people_in_parentheses", "Управление образования (Иванова И.И.), МКУ ИМЦ (Петров П.П.)",
     ["Управление образования", "МКУ ИМЦ"], {}, []),
    ("capital_people_word", "Методист Консультанты ЦНППМ", ["Методист", "Консультанты ЦНППМ"], {}, []),
    ("capital_people_word", "Методист Педагог-организатор", ["Методист", "Педагог-организатор"], {}, []),
    ("group_after_group", "Директор Заместители директора", ["Директор", "Заместители директора"], {}, []),
    ("capital_adjective_before_plural", "Педагог-психолог Социальный педагог",
     ["Педагог-психолог", "Социальный педагог"], {}, []),
    # 3. runs of abbreviations
    ("known_name", "ГБУ ДПО ТОИУУ МОУО", ["ГБУ ДПО ТОИУУ", "МОУО"], TVER, []),
    ("known_name", "ОО ТО МОУО", ["ОО ТО", "МОУО"], {}, []),
    ("name_after_legal_form_and_region", "ГАУ ДПО ЯО ИРО", ["ГАУ ДПО ЯО ИРО"], {}, []),
    ("name_after_legal_form_and_region", "ГАУ ДПО ЯО ИРО МОУО", ["ГАУ ДПО ЯО ИРО", "МОУО"], {}, []),
    ("name_after_legal_form_and_region", "МО ТО ГБУ ТО ЦОКО", ["МО ТО", "ГБУ ТО ЦОКО"], TVER, []),
    ("unknown_body_start", "ГБУ ТО ЦОКО МБОУ СОШ № 1", ["ГБУ ТО ЦОКО", "МБОУ СОШ № 1"], {}, []),
    ("known_name", "ГБУ ТО ЦОКО ИРО", ["ГБУ ТО ЦОКО", "ИРО"], {}, []),
    # 4. qualifiers
    ("definition_in_parentheses", "Региональный центр обработки информации (далее – РЦОИ)", ["РЦОИ"], {}, []),
    ("abbreviation_in_parentheses", "Региональный центр обработки информации (РЦОИ)", ["РЦОИ"], {}, []),
    ("role_in_parentheses", "ОМСУ (по согласованию)", ["ОМСУ"], {}, []),
    # 5. naming
    ("person_named", "педагог-наставник Смирнова Е.А.", ["Смирнова Е.А."], {}, []),
    ("person_named", "директор школы Иванов И.И.", ["Иванов И.И."], {}, []),
    ("person_named", "педагог-психолог Сидорова Мария Ивановна", ["Сидорова Мария Ивановна"], {}, []),
    ("person_named", "Мария Ивановна Сидорова, методист", ["Мария Ивановна Сидорова"], {}, []),
    ("defined_by_document", "МО ТО", ["МО ТО"], TVER, []),
    ("in_dictionary", "РМК", ["РМК"], {}, []),
    ("in_dictionary", "ЦОКО", ["ЦОКО"], {}, []),
    ("in_dictionary", "ЦПМПК", ["ЦПМПК"], {"ТПМПК": "территориальная психолого-медико-педагогическая комиссия"}, []),
    ("seen_before", "кураторы ШНОР", ["Кураторы ШНОР"], {}, ["Кураторы ШНОР"]),
    ("variant_of_defined", "ГБОУ ДПО ТОИУУ", ["ГБУ ДПО ТОИУУ"], TVER, []),
    ("variant_of_defined", "ТОИУУ", ["ГБУ ДПО ТОИУУ"], TVER, []),
    ("variant_of_defined", "МУ «ИМЦ»", ["МКУ «ИМЦ»"], {"МКУ «ИМЦ»": "информационно-методический центр"}, []),
    ("variant_of_defined", "МКУ ИМЦ", ["МУ ИМЦ"], {"МУ ИМЦ": "информационно-методический центр"}, []),
    ("variant_of_defined", "ЦОКО", ["ГБУ ТО ЦОКО"], {"ГБУ ТО ЦОКО": "центр оценки качества образования"}, []),
    ("variant_of_defined", "ГБОУ ТО ЦОКО", ["ГБУ ТО ЦОКО"], {"ГБУ ТО ЦОКО": "центр оценки качества образования"}, []),
    ("variant_of_defined", "ИРО", ["ГАУ ДПО ЯО ИРО"], {"ГАУ ДПО ЯО ИРО": "институт развития образования"}, []),
    ("variant_of_defined", "ДЮСШ", ["МБУ ДО ДЮСШ"], {"МБУ ДО ДЮСШ": "детско-юношеская спортивная школа"}, []),
    ("misspelt_definition", "ГБУ ДПО ТОИУ", ["ГБУ ДПО ТОИУУ"], TVER, []),
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
    "LINE_BREAK_RULES": body_rules.LINE_BREAK_RULES,
    "SEPARATOR_RULES": body_rules.SEPARATOR_RULES,
    "SPLIT_RULES": body_rules.SPLIT_RULES,
    "RUN_RULES": body_rules.RUN_RULES,
    "QUALIFIER_RULES": body_rules.QUALIFIER_RULES,
    "NAMING_RULES": body_rules.NAMING_RULES,
}


def test_legal_form_variant_of_a_dictionary_name():
    """A dictionary name written with another legal form, one known only from the dictionary
    ("ГКНУ" written out as "государственное казённое научное учреждение")."""
    words = load_lexicon()
    dictionary = {**words.dictionary, "ГАУ ЦОКО": "центр оценки качества образования",
                  "ГКНУ": "государственное казённое научное учреждение"}
    resolver = BodyResolver({}, lexicon=dataclasses.replace(words, dictionary=dictionary))
    trace: list[TraceStep] = []
    bodies, findings = resolver.resolve("ГКНУ ЦОКО", trace=trace)
    assert [b.name for b in bodies] == ["ГАУ ЦОКО"]
    assert [(f.code, f.detail) for f in findings] == [
        ("abbreviation_variant", {"written": "ГКНУ ЦОКО", "defined": "ГАУ ЦОКО"})
    ]
    assert "variant_of_dictionary" in {step.rule for step in trace}


# rules whose example needs more than a row of EXAMPLES, with the test that holds it
TESTED_APART = {"variant_of_dictionary": test_legal_form_variant_of_a_dictionary_name}


@pytest.mark.parametrize("list_name", sorted(RULE_LISTS))
def test_every_rule_has_an_example_and_a_reason(list_name):
    examples = {row[0] for row in EXAMPLES} | set(TESTED_APART)
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
