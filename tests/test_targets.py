"""Numeric targets: the targets of every gold activity (activities with "targets" in
``_unsure`` skipped), then the kinds of target other orders state."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.normalizers.targets import FoundTarget, find_targets, targets_for_activity

GOLD = Path(__file__).resolve().parents[1] / "gold"


def gold_activities():
    for path in sorted(GOLD.glob("*.json")):
        for activity in json.loads(path.read_text(encoding="utf-8"))["activities"]:
            if "targets" not in (activity.get("_unsure") or []):
                yield pytest.param(activity, id=f"{path.stem}-{activity['seq']}")


GOLD_ACTIVITIES = list(gold_activities())


@pytest.mark.parametrize("activity", GOLD_ACTIVITIES)
def test_gold_targets(activity):
    found = targets_for_activity(activity["text"], activity["indicator"], activity["result"])
    assert [vars(t) for t in found] == activity["targets"]


def test_gold_targets_exact_rate():
    activities = [p.values[0] for p in GOLD_ACTIVITIES]
    found = [[vars(t) for t in targets_for_activity(a["text"], a["indicator"], a["result"])] for a in activities]
    exact = sum(f == a["targets"] for f, a in zip(found, activities))
    wanted = [t for a in activities for t in a["targets"]]
    matched = sum(t in f for f, a in zip(found, activities) for t in a["targets"])
    print(f"targets exact: {exact}/{len(activities)} activities, {matched}/{len(wanted)} gold targets")
    assert matched / len(wanted) >= 0.95 and exact / len(activities) >= 0.95


# (text, [(text, value, unit, comparator, year)])
CASES = [
    ("Реализовано не менее 75% муниципальных программ", [("не менее 75%", 75, "%", ">=", None)]),
    ("Доля выпускников, сдавших ЕГЭ, не менее 95 %", [("не менее 95 %", 95, "%", ">=", None)]),
    ("не более 10% обучающихся", [("не более 10%", 10, "%", "<=", None)]),
    ("до 20 человек в группе", [("до 20 человек", 20, "человек", "<=", None)]),
    ("свыше 3 мероприятий", [("свыше 3 мероприятий", 3, "мероприятий", ">", None)]),
    ("средний балл не ниже 4,5 балла", [("не ниже 4,5 балла", 4.5, "балла", ">=", None)]),
    ("не менее 90 процентов педагогов", [("не менее 90 процентов", 90, "%", ">=", None)]),
    ("не менее 36 часов", [("не менее 36 часов", 36, "часов", ">=", None)]),
    ("не реже 1 раза в квартал", [("не реже 1 раза в квартал", 1, "раза", ">=", None)]),
    ("Проведение не менее трёх семинаров", [("не менее трёх семинаров", 3, "семинаров", ">=", None)]),
    ("в 2021 году – 68; в 2022 году – 66", [("в 2021 году – 68", 68, None, "=", 2021),
                                            ("в 2022 году – 66", 66, None, "=", 2022)]),
    ("в 2021 году - 68 %", [("в 2021 году - 68 %", 68, "%", "=", 2021)]),
    ("Охват 100% ОО", [("100%", 100, "%", "=", None)]),
    ("Проведено 4 методических десанта", [("4 методических десанта", 4, "методических десанта", "=", None)]),
    ("Проведено 3 выездных проектных сессии",
     [("3 выездных проектных сессии", 3, "выездных проектных сессии", "=", None)]),
    ("Согласование программ (6 Программ)", [("6 Программ", 6, "Программ", "=", None)]),
    ("Размещено не менее 2 новостей в месяц на сайтах", [("не менее 2 новостей в месяц", 2, "новостей", ">=", None)]),
    ("Проведение не менее двух совещаний в год", [("не менее двух совещаний", 2, "совещаний", ">=", None)]),
    # not targets
    ("до 01.12.2021", []),
    ("до 20 августа 2020", []),
    ("до 2023 года", []),
    ("на 2021-2024 годы", []),
    ("в 2021/2022 учебном году", []),
    ("Анализ результатов ГИА-2023", []),
    ("письмо от 30.03.2020 №01-121/13-01", []),
    ("приказ № 1147", []),
    ("КПК (объем 16 ч.)", []),
    ("учеников 5-9 классов", []),
    ("в 9 классах", []),
    ("1 раз в квартал", []),
    ("Обобщение опыта за 1 полугодие учебного года", []),
    ("итоги 2 четверти", []),
    ("1. Провести семинар", []),
    ("в двух направлениях", []),
    ("не менее 50-60%", []),
    ("", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_find_targets(text, expected):
    assert [(t.text, t.value, t.unit, t.comparator, t.year) for t in find_targets(text)] == expected


def test_values_are_int_when_integral():
    (target,) = find_targets("не менее 70,0%")
    assert target.value == 70 and isinstance(target.value, int)


def test_indicator_and_result_before_text():
    text = "Организация и проведение 4 методических десантов"
    assert targets_for_activity(text, "Проведены десанты", None) == []
    assert targets_for_activity(text, None, "Проведено 4 десанта") == [
        FoundTarget("4 десанта", 4, "десанта", "=", None)
    ]
    assert targets_for_activity(text, None, None) == [
        FoundTarget("4 методических десантов", 4, "методических десантов", "=", None)
    ]
