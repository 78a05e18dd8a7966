"""Numeric targets of an activity: "не менее 70%", "в 2021 году – 68", "68 школьных программ".

:func:`find_targets` gives every target of one text in reading order;
:func:`targets_for_activity` picks the fields to read: the indicator and result columns when the
row has either, else the activity text (a table without such columns states its targets in
the text: "Достижение показателя «Не менее 70% учителей …»").

The rules, tried in this order on each number:

- ``comparator``: "не менее 5 программ" (>=), "не более 10%" (<=), "до 20 человек" (<=),
  "свыше 3" (>), "менее 5%" (<); the number may be written as a word ("не менее двух
  совещаний" -> 2);
- ``year_value``: "в 2021 году – 68" -> value 68, year 2021, comparator "=";
- ``count``: a bare number with "%" or with the noun it counts: "30%", "68 школ", "17 МОУО",
  "2 семинара" (comparator "="). Not a target: years, dates, ranges ("5-9 классов"), numbers
  after "№" or "п.", enumerations ("1.", "2)"), grades, durations and frequencies ("16 ч.",
  "1 раз в квартал").

``unit`` is "%" for percentages, else the counted noun with the adjectives that stand right
before it ("68 школьных программ" -> "школьных программ"); adjectives joined by "и" stay in
``text`` but not in the unit ("68 педагогических и управленческих команд" -> "команд"). A rate
shorter than a year after the noun ("в месяц") belongs to ``text``. ``value`` is an int when integral.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import MONTH_WORDS

__all__ = ["FoundTarget", "find_targets", "targets_for_activity"]


@dataclass
class FoundTarget:
    text: str
    value: int | float
    unit: str | None
    comparator: str | None  # ">=", "<=", ">", "<", "=" or None
    year: int | None


COMPARATORS = {  # phrase (lower case, single spaces) -> comparator; longest phrases first
    "не менее чем": ">=", "не менее": ">=", "не меньше": ">=", "не ниже": ">=", "не реже": ">=",
    "не более чем": "<=", "не более": "<=", "не больше": "<=", "не выше": "<=", "не чаще": "<=",
    "не свыше": "<=", "до": "<=", "более чем": ">", "более": ">", "больше": ">", "свыше": ">",
    "менее": "<", "меньше": "<",
}
NUMBER_WORDS = {
    "один": 1, "одного": 1, "одна": 1, "одной": 1, "одно": 1,
    "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4,
    "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
    "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
    "двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30, "сто": 100, "ста": 100,
}
# Words after a number that make it a year or a day of a date, never a target.
YEAR_OR_DATE_AFTER = re.compile(
    r"\s*(?:год|году|года|г\.|гг|" + MONTH_WORDS + ")",
    re.I,
)
# Words after a bare number that make it a grade, a duration, a frequency or a part of the
# school or calendar year, not a count ("9 классов", "16 ч.", "1 раз в квартал", "за 1
# полугодие", "2 четверть"); after a comparator they are targets ("не менее 36 часов").
NOT_A_COUNT_AFTER = re.compile(
    r"\s*(?:лет\b|класс|час|ч\.|ч\b|мин|раз[а]?\b|полугоди|квартал|четверт|триместр|семестр)", re.I)
# What before a number makes it a reference, not a target: "№ 5", "п. 3", "пункт 2".
REFERENCE_BEFORE = re.compile(
    r"(?:№|N|п\.|пп\.|ст\.|стр\.|гл\.|пункт[а-я]*|стать[а-я]+|приложени[а-я]+|раздел[а-я]*|глав[а-я]+|от)\s*$",
    re.I,
)
# A rate shorter than a year changes what the number counts and joins the target's text
# ("не менее 2 новостей в месяц"); "в год" is the plan's own reporting period and does not
# ("не менее двух совещаний в год" -> "не менее двух совещаний").
RATE = re.compile(r"\s+(?:в|за)\s+(?:месяц|неделю|день|квартал|полугодие|четверть)\b", re.I)
STOP_WORDS = frozenset(
    "и или а но в во на по для с со из от до к у о об при за под над без через как что не их".split()
)
_NUMBER = r"\d+(?:[.,]\d+)?"
_ADJECTIVE_BEFORE_NOUN = re.compile(r"(?:ых|их)$")  # after a numeral adjectives stand in genitive plural
_NEXT_WORD = re.compile(r" (?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)")
_WHITESPACE = re.compile(r"\s+")

_COMPARATOR_RE = re.compile(
    r"(?<![\w])(?P<cmp>" + "|".join(p.replace(" ", r"\s+") for p in COMPARATORS) + r")\s+"
    r"(?P<num>" + _NUMBER + r"|" + "|".join(NUMBER_WORDS) + r")(?![\w]|[.,/]\d|\s*[-–—]\s*\d)",
    re.I,
)
_YEAR_VALUE_RE = re.compile(
    r"(?<![\w])(?P<lead>(?:в|на|за)\s+)?(?P<year>(?:19|20)\d\d)\s*(?:году|год|г\.?)\s*[-–—:]\s*"
    r"(?P<num>" + _NUMBER + r")(?![\w]|[.,/]\d)",
    re.I,
)
_BARE_NUMBER_RE = re.compile(r"(?<![\w.,/№–—-])(?P<num>" + _NUMBER + r")(?![\w]|[.,/]\d|[-–—]\d)")


def targets_for_activity(text: str | None, indicator: str | None, result: str | None) -> list[FoundTarget]:
    """Targets of one activity: from its indicator and result when it has either, else from its text."""
    fields = [f for f in (indicator, result) if f and f.strip()] or [text or ""]
    return [t for field in fields for t in find_targets(field)]


def find_targets(text: str) -> list[FoundTarget]:
    """Every numeric target in ``text``, in reading order."""
    text = _WHITESPACE.sub(" ", text or "").strip()
    found: list[tuple[int, FoundTarget]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(start: int, end: int, target: FoundTarget) -> None:
        taken.append((start, end))
        found.append((start, target))

    for m in _COMPARATOR_RE.finditer(text):
        value = _value(m.group("num"))
        if _is_year_or_date(text, m.end("num"), value):
            continue
        unit, end = _unit(text, m.end("num"))
        add(m.start(), end, FoundTarget(text[m.start():end], value, unit,
                                        COMPARATORS[_WHITESPACE.sub(" ", m.group("cmp").lower())], None))
    for m in _YEAR_VALUE_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        unit, end = _unit(text, m.end("num"))
        add(m.start(), end, FoundTarget(text[m.start():end], _value(m.group("num")), unit, "=",
                                        int(m.group("year"))))
    for m in _BARE_NUMBER_RE.finditer(text):
        if not free(m.start(), m.end()) or not _may_count(text, m.start(), m.end()):
            continue
        value = _value(m.group("num"))
        unit, end = _unit(text, m.end())
        if unit is None or (unit != "%" and (isinstance(value, float) or _is_year_or_date(text, m.end(), value))):
            continue
        add(m.start(), end, FoundTarget(text[m.start():end], value, unit, "=", None))
    return [t for _, t in sorted(found, key=lambda pair: pair[0])]


def _value(number: str) -> int | float:
    word = number.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    value = float(number.replace(",", "."))
    return int(value) if value.is_integer() else value


def _is_year_or_date(text: str, end: int, value: int | float) -> bool:
    """Whether the number ending at ``end`` is a year ("2021", "2021 г.") or a day ("20 августа")."""
    after = text[end:]
    if after.lstrip().startswith("%"):
        return False
    return (isinstance(value, int) and 1900 <= value <= 2100) or bool(YEAR_OR_DATE_AFTER.match(after))


def _may_count(text: str, start: int, end: int) -> bool:
    """Whether the bare number at ``text[start:end]`` may be a count (not a reference, range,
    enumeration, grade, duration or frequency)."""
    before, after = text[:start], text[end:]
    if REFERENCE_BEFORE.search(before) or re.search(r"\d\s*[-–—]\s*$", before):
        return False
    if re.match(r"\s*[-–—]\s*\d", after) or re.match(r"[.)](?:\s|$)", after):
        return False  # "5 - 9", "1.", "2)"
    return not NOT_A_COUNT_AFTER.match(after)


def _is_adjective(word: str) -> bool:
    return not word.isupper() and bool(_ADJECTIVE_BEFORE_NOUN.search(word.lower()))


def _unit(text: str, pos: int) -> tuple[str | None, int]:
    """The unit after a number ending at ``pos`` and where the target's text ends."""
    after = text[pos:]
    percent = re.match(r"\s*(?:%|процент[а-я]*)", after, re.I)
    if percent:
        return "%", pos + percent.end()
    words: list[re.Match] = []
    cursor = pos
    while m := _NEXT_WORD.match(text, cursor):
        word = m.group("word")
        if word.lower() == "и" and words and _is_adjective(words[-1].group("word")):
            words.append(m)  # "педагогических и управленческих команд"
        elif word.lower() in STOP_WORDS:
            break
        else:
            words.append(m)
            if not _is_adjective(word):
                break  # the noun
        cursor = m.end()
    if not words or _is_adjective(words[-1].group("word")) or words[-1].group("word").lower() == "и":
        return None, pos  # adjectives without their noun
    noun = words[-1]
    coordinated = any(w.group("word").lower() == "и" for w in words)
    unit = noun.group("word") if coordinated else text[words[0].start("word"):noun.end()]
    end = noun.end()
    rate = RATE.match(text, end)
    if rate:
        end = rate.end()
    return unit, end
