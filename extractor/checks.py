"""Every flag of the contract, each made in one place, with a message a person understands.

Normalizers report *what* they found as codes and values (a deadline parser says
``range_inverted``; the body resolver says which variant it saw); this module turns those
findings, and the checks that need the whole document (numbering, order number), into
:class:`~extractor.model.Flag` objects with a Russian message naming the values compared.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .locate import numbering_continues
from .model import Flag
from .normalizers.repair import has_mixed_scripts

SEVERITY = {
    "date_outside_plan_period": "warning",
    "range_inverted": "warning",
    "deadline_before_order": "warning",
    "year_missing": "warning",
    "deadline_missing": "warning",
    "deadline_unparsed": "warning",
    "responsible_missing": "warning",
    "abbreviation_variant": "warning",
    "abbreviation_undefined": "warning",
    "order_number_mismatch": "warning",
    "numbering_gap": "warning",
    "numbering_duplicate": "warning",
    "ocr_suspect": "warning",
    "row_continued": "info",
    "table_truncated": "warning",
}
# the order flags of one activity are listed in: deadline, bodies, OCR, row joins
ACTIVITY_FLAG_ORDER = (
    "range_inverted", "year_missing", "date_outside_plan_period", "deadline_before_order",
    "deadline_missing", "deadline_unparsed", "responsible_missing", "abbreviation_variant",
    "abbreviation_undefined", "ocr_suspect", "row_continued",
)


def _fmt(d: dt.date | None) -> str:
    return d.isoformat() if d else "…"


def _span(periods) -> str:
    return ", ".join(f"{_fmt(p.start)}…{_fmt(p.end)}" for p in periods) or "—"


@dataclass
class ActivityFindings:
    """What the pipeline learnt about one activity, as the checks need it."""

    seq: int
    deadline_raw: str
    deadline_periods: list = field(default_factory=list)  # periods with .start/.end dates
    deadline_codes: list[str] = field(default_factory=list)  # codes parse_deadline raised
    responsible_raw: str = ""
    text: str = ""
    body_findings: list = field(default_factory=list)  # objects with .code and .detail
    rows: list[int] = field(default_factory=list)
    ocr_doubts: list = field(default_factory=list)  # scans: (as read, as written, confidence 0-100)


def activity_flags(f: ActivityFindings, plan_start: dt.date | None, plan_end: dt.date | None,
                   order_date: dt.date | None) -> list[Flag]:
    found: list[tuple[str, str]] = []
    raw = f.deadline_raw
    plan = f"{_fmt(plan_start)}…{_fmt(plan_end)}"
    if not raw.strip():
        found.append(("deadline_missing", "Графа срока пуста"))
    for code in f.deadline_codes:
        if code == "range_inverted":
            found.append((code, f"Диапазон «{raw}» заканчивается раньше, чем начинается ({_span(f.deadline_periods)})"))
        elif code == "year_missing":
            found.append((code, f"В сроке «{raw}» не указан год: год взят из периода плана {plan} ({_span(f.deadline_periods)})"))
        elif code == "date_outside_plan_period":
            found.append((code, f"«{raw}» ({_span(f.deadline_periods)}) лежит вне периода плана {plan}"))
        elif code == "deadline_before_order":
            ends = [p.end for p in f.deadline_periods if p.end]
            found.append((code, f"Срок «{raw}» заканчивается {_fmt(min(ends) if ends else None)}, раньше даты приказа {_fmt(order_date)}"))
        elif code == "deadline_unparsed":
            found.append((code, f"Срок «{raw}» не распознан ни одним правилом"))
        elif code == "ocr_suspect":
            found.append((code, f"Срок «{raw}» прочитан с исправлением ошибок распознавания"))
    if not f.responsible_raw.strip():
        found.append(("responsible_missing", "Графа ответственных пуста"))
    for b in f.body_findings:
        detail = getattr(b, "detail", {}) or {}
        if b.code == "abbreviation_variant":
            found.append((b.code, f"«{detail.get('written', '?')}» в графе ответственных отличается от определённого "
                                  f"в документе сокращения «{detail.get('defined', '?')}»"))
        elif b.code == "abbreviation_undefined":
            found.append((b.code, f"Сокращение «{detail.get('written', detail.get('abbreviation', '?'))}» не определено "
                                  f"ни в документе, ни в словаре общих сокращений"))
        elif b.code == "ocr_suspect":
            found.append((b.code, f"В графе ответственных «{detail.get('written', '?')}» — следы распознавания"
                                  + (f" (прочитано как «{detail['read_as']}»)" if detail.get("read_as") else "")))
    for read, written, confidence in f.ocr_doubts:
        found.append(("ocr_suspect", f"Распознано «{read}», записано «{written}»" if read != written
                      else f"«{read}» распознано с уверенностью {confidence:.0f}%"))
    for finding in text_ocr_findings(f.text):
        found.append(("ocr_suspect", f"Текст мероприятия повреждён распознаванием: {finding}"))
    if len(f.rows) > 1:
        found.append(("row_continued", f"Мероприятие собрано из нескольких строк таблицы "
                                       f"(строки {', '.join(map(str, f.rows))})"))
    return _ordered_flags(found, f.seq)


def _ordered_flags(found: list[tuple[str, str]], seq: int | None) -> list[Flag]:
    by_code: dict[str, list[str]] = {}
    for code, message in found:
        by_code.setdefault(code, []).append(message)
    flags = []
    for code in ACTIVITY_FLAG_ORDER:
        if code in by_code:
            # one flag per code and activity; the messages of several findings joined
            flags.append(Flag(code=code, severity=SEVERITY[code], activity_seq=seq,
                              message="; ".join(dict.fromkeys(by_code[code]))))
    return flags


def order_number_flags(number: str | None, mentions: list[tuple[str, str]]) -> list[Flag]:
    """The order's number printed differently in the covering letter or the appendix stamp."""
    others = [(n, where) for n, where in mentions if number and n != number]
    if not others:
        return []
    where = "; ".join(f"«{n}» ({w})" for n, w in dict.fromkeys(others))
    return [Flag(code="order_number_mismatch", severity=SEVERITY["order_number_mismatch"], activity_seq=None,
                 message=f"Номер приказа напечатан по-разному: «{number}» в шапке приказа, {where}; взят номер из шапки")]


def table_truncated_flags(cut_off: list[tuple[int, list[int]]]) -> list[Flag]:
    """The document ends inside a roadmap table: the last row was cut off and left out.
    ``cut_off`` holds (roadmap table index, rows left out) for each such table."""
    return [Flag(code="table_truncated", severity=SEVERITY["table_truncated"], activity_seq=None,
                 message=f"Документ обрывается внутри таблицы {table}: последняя строка "
                         f"(строки {', '.join(map(str, rows))}) не дописана и не взята в мероприятия")
            for table, rows in cut_off if rows]


def numbering_flags(numbered: list[tuple[str, tuple[int, ...], int | None]], what: str) -> list[Flag]:
    """Printed numbers that skip or repeat. ``numbered`` holds (as printed, parsed, activity
    seq or None) in reading order; ``what`` names them in the message ("мероприятий",
    "разделов")."""
    flags: list[Flag] = []
    seen: set[tuple[int, ...]] = set()
    for (prev_text, prev, _), (text, cur, seq) in zip(numbered, numbered[1:]):
        seen.add(prev)
        if cur in seen:
            flags.append(Flag(code="numbering_duplicate", severity=SEVERITY["numbering_duplicate"],
                              activity_seq=seq, message=f"Номер {what} «{text}» повторяется"))
        elif cur > prev and not numbering_continues(prev, cur):
            flags.append(Flag(code="numbering_gap", severity=SEVERITY["numbering_gap"], activity_seq=seq,
                              message=f"Нумерация {what} пропускает номера: после «{prev_text}» идёт «{text}»"))
    return flags


def text_ocr_findings(text: str) -> list[str]:
    """Signs that OCR damaged an activity's text: it opens in lower case (its first letters
    were cut off), a word mixes Latin and Cyrillic letters, or a stray mark stands alone."""
    found = []
    if _LOWER_START.match(text):
        found.append(f"текст начинается с оборванного слова «{text.split()[0]}»")
    mixed = [w for w in _WORD.findall(text) if has_mixed_scripts(w)]
    if mixed:
        found.append("слова из латинских и русских букв: " + ", ".join(f"«{w}»" for w in dict.fromkeys(mixed)))
    stray = _STRAY_MARK.findall(text)
    if stray:
        found.append("лишние знаки " + ", ".join(f"«{m.strip()}»" for m in dict.fromkeys(stray)))
    return found


_LOWER_START = re.compile(r"^[а-яё]")
_WORD = re.compile(r"\w+")
_STRAY_MARK = re.compile(r"(?<=\s)[*¦|•·](?=\s)")
