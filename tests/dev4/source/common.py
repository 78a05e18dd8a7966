"""Builds one order of the second held-out set from its hand-written annotation module.

Takes a module that holds the order's text before and after the roadmap table, the table's
columns and rows, and for every row the reading a person gave it (deadline periods, bodies,
targets, flags). Gives the text export ``order.txt`` (the table written in the export form the
module names) and the gold JSON in the contract of ``docs/contract.md``.

Nothing here reads a deadline or splits a cell: periods, bodies and flag codes are written by
hand in the modules; this file only lays them out, numbers the table rows (``source.rows``),
fills ``full_name`` from the document's own definitions or ``abbreviations.tsv``, writes flag
messages, and cross-checks the hand-set flags against the hand-set periods (``check``).
"""
from __future__ import annotations

import calendar
import json
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TSV = HERE / "abbreviations.tsv"


def _common_abbreviations() -> dict[str, str]:
    out = {}
    for line in TSV.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        short, full = line.split("\t")[:2]
        out[short] = full
    return out


COMMON = _common_abbreviations()

# ---------------------------------------------------------------- period shorthands


def _iso(y: int, m: int, d: int) -> str:
    return date(y, m, d).isoformat()


def _last(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def D(y, m, d):
    return {"start": _iso(y, m, d), "end": _iso(y, m, d)}


def DR(y1, m1, d1, y2, m2, d2):
    return {"start": _iso(y1, m1, d1), "end": _iso(y2, m2, d2)}


def BY(y, m, d):
    return {"start": None, "end": _iso(y, m, d)}


def M(y, m):
    return {"start": _iso(y, m, 1), "end": _iso(y, m, _last(y, m))}


def MR(y1, m1, y2, m2):
    return {"start": _iso(y1, m1, 1), "end": _iso(y2, m2, _last(y2, m2))}


def Y(y):
    return {"start": _iso(y, 1, 1), "end": _iso(y, 12, 31)}


def YR(y1, y2):
    return {"start": _iso(y1, 1, 1), "end": _iso(y2, 12, 31)}


def Q(y, q):
    return MR(y, 3 * q - 2, y, 3 * q)


def QR(y1, q1, y2, q2):
    return MR(y1, 3 * q1 - 2, y2, 3 * q2)


def H(y, h):
    return MR(y, 1, y, 6) if h == 1 else MR(y, 7, y, 12)


def AY(y):
    return {"start": _iso(y, 9, 1), "end": _iso(y + 1, 8, 31)}


def P(start: str, end: str):
    return {"start": start, "end": end}


def clip(periods, plan):
    """Recurrence units intersected with the plan period (dates.md, "More rules")."""
    out = []
    for p in periods:
        s, e = max(p["start"], plan["start"]), min(p["end"], plan["end"])
        if s <= e:
            out.append({"start": s, "end": e})
    return out


def months_of(plan):
    y, m = int(plan["start"][:4]), int(plan["start"][5:7])
    out = []
    while _iso(y, m, 1) <= plan["end"]:
        out.append(M(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return clip(out, plan)


def quarters_of(plan):
    y0, y1 = int(plan["start"][:4]), int(plan["end"][:4])
    return clip([Q(y, q) for y in range(y0, y1 + 1) for q in (1, 2, 3, 4)], plan)


ACADEMIC = ("academic_year", "inferred")


def halves_of(plan):
    """Half-years of the plan: of an academic year its halves Sep–Dec and Jan–Aug."""
    y0, y1 = int(plan["start"][:4]), int(plan["end"][:4])
    if plan["kind"] in ACADEMIC:
        return [MR(y0, 9, y0, 12), MR(y1, 1, y1, 8)]
    return clip([H(y, h) for y in range(y0, y1 + 1) for h in (1, 2)], plan)


def years_of(plan):
    """Years of the plan: an academic-year plan is its own one year."""
    if plan["kind"] in ACADEMIC:
        return [P(plan["start"], plan["end"])]
    y0, y1 = int(plan["start"][:4]), int(plan["end"][:4])
    return clip([Y(y) for y in range(y0, y1 + 1)], plan)


# ---------------------------------------------------------------- annotations


@dataclass
class DL:
    kind: str | None
    periods: list = field(default_factory=list)
    recurrence: str | None = None
    note: str | None = None


@dataclass
class Body:
    raw: str
    name: str | None = None  # defaults to raw without a closing dot
    role: str | None = None
    full_name: str | None = "auto"


@dataclass
class Row:
    """One table row. kind: 'act' (an activity, or its first row), 'cont' (a row that
    continues the activity above), 'section' (a heading), 'heading_cells' (a heading
    written across the cells of an activity row)."""

    kind: str
    cells: dict
    gold: dict = field(default_factory=dict)
    render: list | None = None  # the cells as the export wrote them, when they differ


def Para(text: str, level: int = 1) -> Row:
    """A heading written as a paragraph between two parts of the table (not a table row)."""
    return Row("para", {"text": text}, {"level": level})


def S(text: str, level: int = 1, col: str | None = None, **cells) -> Row:
    """A heading row. Alone it fills the first cell (a wide row in box tables); with col
    ("text") it is the only filled cell of that column; with cells (number="2.") it is
    written across the activity columns."""
    if col:
        return Row("section", {col: text, "_col": col}, {"level": level})
    return Row("section", {"text": text, **cells}, {"level": level})


def b(*pieces: str) -> list:
    """Bodies of a responsible cell, one per piece: a piece with initials is a person with a
    post (named by the person), any other is a body named as written."""
    return [person(p) if re.search(r"[А-ЯЁ]\.\s?[А-ЯЁ]\.", p) else Body(p) for p in pieces]


def person(raw: str) -> "Body":
    """A person written with a post: one body named by the person alone."""
    m = re.search(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+", raw)
    assert m, raw
    return Body(raw, m.group(0))


def A(cells: dict, dl: DL | None, bodies=None, **gold) -> Row:
    gold = dict(gold)
    gold["dl"] = dl
    gold["bodies"] = bodies
    return Row("act", cells, gold)


def act(number, text, deadline, resp, dl, bodies=None, indicator="", result="", target="",
        other="", **gold) -> Row:
    """An activity row by its usual cells; gold keywords: flags, targets, unsure, section,
    number_gold, text_gold, indicator_gold, result_gold."""
    cells = {"number": number, "text": text, "deadline": deadline, "resp": resp,
             "indicator": indicator, "result": result, "target": target, "other": other}
    return A(cells, dl, bodies, **gold)


def C(cells: dict) -> Row:
    return Row("cont", cells)


@dataclass
class Order:
    name: str
    head: str
    tail: str
    columns: list  # [(header text, field)]; fields: number text deadline resp indicator result target other
    rows: list
    order: dict
    plan_title: str | None
    period: dict
    abbreviations: list  # [(short, full)] as defined in the document, in order
    fmt: str = "tab"  # tab | pipe | box | cells (one cell per line, "|" ends a cell)
    box_widths: list | None = None
    plan_unsure: list | None = None
    order_unsure: list | None = None
    doc_flags: list = field(default_factory=list)  # (code, message)
    cut_last_row: bool = False  # the export ends inside the last row (it is written as given)
    provenance: list = field(default_factory=list)
    ocr: bool = False


def _text(s: str) -> str:
    s = re.sub(r"<br\s*/?>", " ", s)
    return " ".join(s.split())


# ---------------------------------------------------------------- text export


def _row_cells(r: Row, fields: list) -> tuple[str, list]:
    if r.render is not None:
        return r.kind, list(r.render)
    if r.kind == "para":
        return "para", [r.cells["text"]]
    if r.kind == "section" and "_col" in r.cells:
        return "section", [r.cells["text"] if f == r.cells["_col"] else "" for f in fields]
    if r.kind == "section" and set(r.cells) == {"text"}:
        return "section_wide", [r.cells["text"]] + [""] * (len(fields) - 1)
    return r.kind, [r.cells.get(f, "") for f in fields]


def render_table(o: Order) -> str:
    fields = [f for _, f in o.columns]
    header = [h for h, _ in o.columns]
    lines_rows = [_row_cells(r, fields) for r in o.rows]
    if o.fmt == "tab":
        out = ["\t".join(header)]
        for kind, cells in lines_rows:
            if kind == "para":
                out.append("\n" + cells[0] + "\n")
                continue
            out.append("\t".join(c.replace("\n", " ") for c in cells))
        return "\n".join(out)
    if o.fmt == "pipe":
        out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        for kind, cells in lines_rows:
            if kind == "para":
                out.append("\n" + cells[0] + "\n")
                continue
            if kind == "section_wide":
                cells = cells[:1]
            out.append("| " + " | ".join(c.replace("\n", "<br>") for c in cells) + " |")
        return "\n".join(out)
    if o.fmt == "cells":
        end = "|" * (len(fields) - 1)
        out = []
        for kind, cells in [("header", header)] + lines_rows:
            if kind == "section_wide":
                cells = cells[:1]
            for c in cells:
                parts = c.split("\n")
                if len(parts) == 1:
                    out.append(f"{c} |" if c else "|")
                else:
                    out.extend(parts + ["|"])
            out.append(end)
        return "\n".join(out)
    if o.fmt == "box":
        widths = o.box_widths
        rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        out = [rule]
        inner = sum(widths) + 3 * (len(widths) - 1)
        for kind, cells in [("header", header)] + lines_rows:
            if kind == "section_wide":
                for line in textwrap.wrap(cells[0], inner, break_long_words=False, break_on_hyphens=False):
                    out.append("| " + line.ljust(inner) + " |")
                out.append(rule)
                continue
            wrapped = [
                sum((textwrap.wrap(part, w, break_long_words=False, break_on_hyphens=False) or [""]
                     for part in c.split("\n")), [])
                for c, w in zip(cells, widths)
            ]
            height = max(len(x) for x in wrapped)
            for i in range(height):
                out.append("|" + "|".join(" " + (x[i] if i < len(x) else "").ljust(w) + " "
                                          for x, w in zip(wrapped, widths)) + "|")
            out.append(rule)
        return "\n".join(out)
    raise ValueError(o.fmt)


def order_txt(o: Order) -> str:
    parts = []
    if o.provenance:
        parts.append("\n".join(o.provenance))
    parts.append(o.head.strip("\n"))
    table = render_table(o)
    if o.cut_last_row:
        table = table.rstrip("\t\n |")
        assert not o.tail.strip(), "a cut export has no text after the table"
    parts.append(table)
    if o.tail.strip():
        parts.append(o.tail.strip("\n"))
    text = "\n\n".join(parts)
    return text if o.cut_last_row else text + "\n"


# ---------------------------------------------------------------- gold


def _body_full(name: str, defs: dict) -> str | None:
    if name in defs:
        return defs[name]
    return COMMON.get(name)


def _name_as_written(raw: str) -> str:
    """The piece as written, without a sentence's closing dot (an initial's dot stays)."""
    s = raw.strip()
    if s.endswith(".") and not re.search(r"(?:^|[\s.])[А-ЯЁA-Z]\.$", s):
        s = s[:-1]
    return s


CODES = {"date_outside_plan_period", "range_inverted", "deadline_before_order", "year_missing",
         "deadline_missing", "deadline_unparsed", "responsible_missing", "abbreviation_variant",
         "abbreviation_undefined", "order_number_mismatch", "numbering_gap", "numbering_duplicate",
         "ocr_suspect", "row_continued", "table_truncated"}


def _flag(code, seq, msg):
    assert code in CODES, code
    sev = "info" if code == "row_continued" else "warning"
    return {"code": code, "severity": sev, "activity_seq": seq, "message": msg}


def _message(code, a, o: Order, arg):
    raw = a["deadline"]["raw"]
    pl = o.period
    if arg:
        return arg
    if code == "deadline_before_order":
        end = max(p["end"] for p in a["deadline"]["periods"] if p["end"])
        return f"Срок «{raw}» заканчивается {end}, раньше даты приказа {o.order['date']}"
    if code == "date_outside_plan_period":
        return f"«{raw}» лежит вне периода плана {pl['start']}…{pl['end']}"
    if code == "range_inverted":
        return f"Диапазон «{raw}» заканчивается раньше, чем начинается"
    if code == "year_missing":
        return f"В сроке «{raw}» не указан год; год взят из периода плана"
    if code == "deadline_unparsed":
        return f"Срок «{raw}» не распознан"
    if code == "deadline_missing":
        return "Графа срока пуста"
    if code == "responsible_missing":
        return "Графа ответственных пуста"
    raise ValueError(f"{code} needs a message")


def build_gold(o: Order) -> dict:
    defs = dict(o.abbreviations)
    fields = [f for _, f in o.columns]
    activities = []
    row_index = 0
    section_path: list[tuple[int, str]] = []  # (level, heading)
    current = None
    for r in o.rows:
        if not any(v.strip() for v in r.cells.values()):
            raise ValueError("empty row")
        if r.kind == "para":
            heading = _text(r.cells["text"])
            level = r.gold["level"]
            section_path = [(l, h) for l, h in section_path if l < level] + [(level, heading)]
            continue
        row_index += 1
        if o.cut_last_row and r is o.rows[-1]:
            break  # the cut last row is no activity (table_truncated)
        if r.kind == "section":
            heading = _text(" ".join(r.cells[f] for f in fields if r.cells.get(f)))
            level = r.gold["level"]
            section_path = [(l, h) for l, h in section_path if l < level] + [(level, heading)]
            continue
        if r.kind == "cont":
            assert current is not None
            for f, v in r.cells.items():
                if f in ("text", "indicator", "result") and v:
                    current["_parts"][f].append(v)
                if f == "resp" and v:
                    current["_parts"]["resp"].append(v)
            current["source"]["rows"].append(row_index)
            continue
        g = r.gold
        c = r.cells
        number = c.get("number", "").strip().rstrip(".") or None
        if "number_gold" in g:
            number = g["number_gold"]
        dl: DL | None = g["dl"]
        raw_dl = _text(c.get("deadline", "")) or None
        if dl is None:
            deadline = {"raw": raw_dl, "kind": None, "periods": [], "recurrence": None, "note": None}
        else:
            deadline = {"raw": raw_dl, "kind": dl.kind, "periods": dl.periods, "recurrence": dl.recurrence, "note": dl.note}
        bodies = g["bodies"]
        resp_cell = c.get("resp", "")
        if bodies is None:
            assert not re.search(r"[А-ЯЁ]\.\s?[А-ЯЁ]\.", resp_cell), f"persons need explicit bodies: {resp_cell}"
            bodies = [Body(p.strip()) for p in re.split(r"\n|<br>|,\s*|;\s*", resp_cell) if p.strip()]
        resp = []
        for b in bodies:
            name = b.name if b.name is not None else _name_as_written(b.raw)
            full = _body_full(name, defs) if b.full_name == "auto" else b.full_name
            resp.append({"raw": b.raw, "name": name, "full_name": full, "role": b.role})
        act = {
            "seq": len(activities) + 1,
            "number": number,
            "section": g.get("section", " / ".join(h for _, h in section_path) or None),
            "text": None,
            "deadline": deadline,
            "responsible": resp,
            "indicator": None,
            "result": None,
            "targets": g.get("targets", []),
            "source": {"page": None, "table": 1, "rows": [row_index]},
            "flags": [],
            "_parts": {"text": [c.get("text", "")], "indicator": [c.get("indicator", "")],
                       "result": [c.get("result", "")], "resp": []},
            "_gold": g,
        }
        activities.append(act)
        current = act
    top_flags = []
    for a in activities:
        parts = a.pop("_parts")
        g = a.pop("_gold")
        a["text"] = g.get("text_gold") or _text(" ".join(p for p in parts["text"] if p))
        ind = _text(" ".join(p for p in parts["indicator"] if p)) or None
        res = _text(" ".join(p for p in parts["result"] if p)) or None
        a["indicator"] = g.get("indicator_gold", ind)
        a["result"] = g.get("result_gold", res)
        codes = list(g.get("flags", []))
        if len(a["source"]["rows"]) > 1 and not any((x if isinstance(x, str) else x[0]) == "row_continued" for x in codes):
            codes.append(("row_continued", "Строка таблицы продолжена в следующей строке (строки "
                          + " и ".join(str(x) for x in a["source"]["rows"]) + ")"))
        for x in codes:
            code, arg = (x, None) if isinstance(x, str) else x
            a["flags"].append(_flag(code, a["seq"], _message(code, a, o, arg)))
        top_flags.extend(a["flags"])
        if g.get("unsure"):
            a["_unsure"] = list(g["unsure"])
    for code, msg in o.doc_flags:
        top_flags.append(_flag(code, None, msg))
    plan = {"title": o.plan_title, "period": o.period}
    if o.plan_unsure:
        plan["_unsure"] = o.plan_unsure
    order = dict(o.order)
    if o.order_unsure:
        order["_unsure"] = o.order_unsure
    return {
        "schema_version": "1.1",
        "source": {"file": "order.txt", "sha256": None, "format": "txt", "pages": None, "ocr": o.ocr,
                   "ocr_engine": None, "ocr_data": None},
        "order": order,
        "plan": plan,
        "abbreviations": [{"short": s, "full": f} for s, f in o.abbreviations],
        "activities": activities,
        "flags": top_flags,
    }


# ---------------------------------------------------------------- cross-check


def check(o: Order, gold: dict) -> list[str]:
    """Hand-set flags against hand-set periods: what a careful second reader would ask."""
    problems = []
    odate = o.order["date"]
    ps, pe = o.period["start"], o.period["end"]
    for a in gold["activities"]:
        codes = {f["code"] for f in a["flags"]}
        dl = a["deadline"]
        per = dl["periods"]
        rec = dl["recurrence"]
        outside = any((p["start"] and (p["start"] < ps or p["start"] > pe)) or (p["end"] and (p["end"] > pe or p["end"] < ps)) for p in per)
        if outside != ("date_outside_plan_period" in codes):
            problems.append(f"{a['seq']}: outside={outside} flags={codes} {dl['raw']}")
        ends = [p["end"] for p in per if p["end"]]
        before = bool(ends) and max(ends) < odate and dl["kind"] != "recurring"
        if before != ("deadline_before_order" in codes):
            problems.append(f"{a['seq']}: before_order={before} flags={codes} {dl['raw']}")
        inverted = any(p["start"] and p["end"] and p["start"] > p["end"] for p in per)
        if inverted != ("range_inverted" in codes):
            problems.append(f"{a['seq']}: inverted={inverted} flags={codes}")
        if (dl["kind"] == "unparsed") != ("deadline_unparsed" in codes):
            problems.append(f"{a['seq']}: unparsed mismatch")
        if (dl["raw"] is None) != ("deadline_missing" in codes):
            problems.append(f"{a['seq']}: deadline missing mismatch")
        if (not a["responsible"]) != ("responsible_missing" in codes):
            problems.append(f"{a['seq']}: responsible missing mismatch")
        if dl["kind"] in ("by_schedule", "unparsed") and per:
            problems.append(f"{a['seq']}: {dl['kind']} with periods")
        for p in per:
            for k in ("start", "end"):
                if p[k]:
                    date.fromisoformat(p[k])
        if dl["kind"] == "whole_period" and per != [{"start": ps, "end": pe}]:
            problems.append(f"{a['seq']}: whole_period != plan")
    return problems


def write(o: Order, root: Path) -> dict:
    folder = root / "orders" / o.name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "order.txt").write_text(order_txt(o), encoding="utf-8")
    gold = build_gold(o)
    problems = check(o, gold)
    for p in problems:
        print(f"{o.name}: CHECK {p}")
    (root / "gold").mkdir(exist_ok=True)
    (root / "gold" / f"{o.name}.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return gold


def T(text, value, unit=None, comparator="=", year=None):
    """A numeric target as the cell writes it."""
    return {"text": text, "value": value, "unit": unit, "comparator": comparator, "year": year}


def UND(short: str) -> tuple:
    return ("abbreviation_undefined", f"«{short}» не определено ни в приказе, ни в словаре")


def VAR(written: str, defined: str) -> tuple:
    return ("abbreviation_variant", f"«{written}» отличается от определённого сокращения «{defined}»")


def WP(plan) -> DL:
    return DL("whole_period", [P(plan["start"], plan["end"])])
