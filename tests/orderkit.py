"""Shared machinery of the hand-written test-set generators (``tests/unseen/generate.py``,
``tests/dev2/generate.py``): an order is written down as an ``OrderSpec`` (letterhead and
body with ``{{full|short}}`` definitions, the table's columns and rows, a hand-filled deadline
table); ``Builder`` lays the table out as a text export would and writes down the gold it laid
out; ``write_set`` writes ``orders/<name>/order.txt`` and ``gold/<name>.json`` for a list of
orders (and with ``--render`` their DOCX/PDF through ``tools/render_corpus.py``).

The gold conventions are described in the docstring of ``tests/unseen/generate.py``. Besides
them a set may use:

- extra columns the contract has no field for (``Act.ex``: role -> cell), filled per row;
- section rows as lone cells in the activity column (``Sec(..., lone=True)``);
- a printed number repeated (``skip=-1``: ``numbering_duplicate`` on the second);
- numbers printed "1)" (``numbering="paren"``) and items numbered again from 1 under each
  section (``numbering="restart"``);
- empty deadline cells (``deadline_missing``);
- a defined body written in another legal form (``OrderSpec.variants``:
  ``abbreviation_variant``, named by the defined short form);
- document-level flags written by hand (``OrderSpec.doc_flags``).

Flag messages are the builder's (``Builder.continued_message`` …), so a set can keep its own
wording by overriding them. Nothing here runs the extractor.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TSV = PROJECT / "extractor" / "data" / "abbreviations.tsv"
RENDER = PROJECT / "tools" / "render_corpus.py"


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

DEF = re.compile(r"\{\{(.+?)\|(.+?)(?:\|(.))?\}\}", re.S)


def render_markup(s: str) -> str:
    """{{full|short}} -> 'full (далее – short)'; {{full|short|-}} uses that dash."""
    return DEF.sub(lambda m: f"{m.group(1)} (далее {m.group(3) or '–'} {m.group(2)})", s)


def definitions(s: str) -> list[tuple[str, str]]:
    return [(m.group(2), " ".join(m.group(1).split())) for m in DEF.finditer(s)]


def plain(s: str) -> str:
    """Cell source -> text: markup rendered, tags dropped, entities decoded, whitespace collapsed."""
    s = render_markup(s)
    s = re.sub(r"<[^>]+>", " ", s)
    return " ".join(html.unescape(s).split())


def load_tsv() -> dict[str, str]:
    out = {}
    for line in TSV.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        k, v = line.split("\t", 1)
        out[k.strip()] = v.split("\t")[0].strip()  # a third column names the source
    return out


TSV_ABBR = load_tsv()


def _day(tok: str, end: bool) -> dt.date | None:
    if tok == "":
        return None
    parts = [int(p) for p in tok.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)
    if len(parts) == 2:
        y, m = parts
        return dt.date(y, m, calendar.monthrange(y, m)[1] if end else 1)
    return dt.date(*parts)


def period(spec: str, plan: tuple[dt.date, dt.date]) -> tuple[dt.date | None, dt.date | None]:
    if spec == "PLAN":
        return plan
    if "/" in spec:
        a, b = spec.split("/")
        return _day(a, False), _day(b, True)
    return _day(spec, False), _day(spec, True)


def months(first: str, last: str) -> list[str]:
    """['2022-09', '2022-10', …, last] – shorthand for monthly recurrence periods."""
    y, m = map(int, first.split("-"))
    ly, lm = map(int, last.split("-"))
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class DL:
    """One row of an order's hand-filled deadline table."""

    kind: str
    periods: list[str] = field(default_factory=list)
    rec: str | None = None
    note: str | None = None
    flags: tuple[str, ...] = ()  # year_missing, range_inverted, deadline_unparsed


@dataclass
class Act:
    text: str
    dl: str
    resp: list[str]
    ind: str | None = None
    res: str | None = None
    tg: tuple = ()
    us: tuple = ()
    sep: str | None = None
    x: tuple | None = None  # (extra text cell, [extra responsible items]) for 6-cell rows
    skip: int = 0  # numbers skipped before this one (a numbering gap)
    brk: bool = False  # pipe tables: a chunk break (new page) before this row
    ex: dict = field(default_factory=dict)  # extra columns: role -> cell


@dataclass
class Sec:
    title: str
    level: int = 1
    brk: bool = False
    lone: bool = False  # the heading stands in the activity column, the number cell empty


def A(text, dl, resp, ind=None, res=None, **kw) -> Act:
    return Act(text, dl, list(resp), ind, res, **kw)


S = Sec


@dataclass
class OrderSpec:
    name: str
    preamble: str  # everything before the table, with {{full|short}} definitions
    meta: dict  # gold "order" block
    plan_title: str
    plan_period: dict  # raw, kind, start, end (+ _unsure)
    form: str  # 'tab' | 'pipe'
    columns: list[tuple[str, str]]  # (role, header); roles num/text/dl/resp/ind/res
    # 'plain' 1 | 'dot' 1. | 'paren' 1) | 'restart' 1. again under each section |
    # 'sec' <section>.<n> | 'sec.' <section>.<n>. | 'none'
    numbering: str
    deadlines: dict[str, DL]
    rows: list
    sep: str = ", "
    aliases: dict[str, str] = field(default_factory=dict)  # written form -> defined short
    postamble: str = ""
    variants: dict[str, str] = field(default_factory=dict)  # written form -> defined short (flagged)
    doc_flags: list[tuple[str, str]] = field(default_factory=list)  # (code, message) document-level



# ---------------------------------------------------------------------------
# Laying the table out and writing down the gold
# ---------------------------------------------------------------------------

ROLE_NAMES = {"text": "мероприятие", "dl": "срок", "resp": "ответственные", "ind": "показатель", "res": "результат"}
SEC_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.")
NUMBER_SUFFIX = {"plain": "", "dot": ".", "paren": ")", "restart": "."}


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def split_parts(s: str | None) -> tuple[str, str]:
    if not s:
        return "", ""
    if " || " in s:
        a, b = s.split(" || ")
        return a, b
    return s, ""


def split_items(items: list[str]) -> tuple[list[str], list[str]]:
    if "||" in items:
        i = items.index("||")
        return items[:i], items[i + 1:]
    return items, []


def resp_cell(items: list[str], sep: str, form: str) -> str:
    if not items:
        return ""
    if sep in ("<br>", "p"):
        assert form == "pipe", "line breaks inside a cell need a pipe table"
        return "<br>".join(items) if sep == "<br>" else " ".join(f"<p>{i}</p>" for i in items)
    return sep.join(items)


def flag(code: str, seq: int | None, message: str) -> dict:
    return {"code": code, "severity": "info" if code == "row_continued" else "warning",
            "activity_seq": seq, "message": message}


class Builder:
    schema_version = "1.0"

    def __init__(self, o: OrderSpec, rng: random.Random):
        self.o, self.rng = o, rng
        self.plan = (dt.date.fromisoformat(o.plan_period["start"]), dt.date.fromisoformat(o.plan_period["end"]))
        self.order_date = dt.date.fromisoformat(o.meta["date"])
        self.defs: list[tuple[str, str]] = definitions(o.preamble)
        # every definition of the document, table included, so that names used before a
        # definition in a later row still resolve (none of the orders does that)
        for r in o.rows:
            if isinstance(r, Act):
                for s in [r.text, r.ind or "", r.res or "", *r.resp, *(r.x[1] if r.x else []), r.x[0] if r.x else ""]:
                    self.defs += definitions(s)
        self.defmap = dict(self.defs)
        assert len(self.defmap) == len(self.defs), f"{o.name}: a short form is defined twice"
        rendered = render_markup(o.preamble)
        assert rendered.count("(далее") == len(definitions(o.preamble)), f"{o.name}: a definition without markup"
        self.ncols = len(o.columns)
        self.roles = [r for r, _ in o.columns]

    # -- responsible ------------------------------------------------------
    def person(self, item: str) -> tuple[dict, list[str]]:
        raw = plain(item)
        m = DEF.search(item)
        role = None
        base = raw
        rm = re.match(r"^(.*?)\s*\(([^()]*)\)$", raw)
        if rm and not rm.group(2).startswith("далее"):
            base, role = rm.group(1), rm.group(2)
        if m:
            name = m.group(2)
        else:
            name = self.o.aliases.get(base, base)
        undefined = []
        if name in self.o.variants:
            name = self.o.variants[name]
            self._variant = True
        if name in self.defmap:
            full = self.defmap[name]
        elif name in TSV_ABBR:
            full = TSV_ABBR[name]
        else:
            full = None
            for word in re.findall(r"[\wЁё-]+", name):
                if sum(c.isupper() for c in word) >= 2 and word not in TSV_ABBR and word not in self.defmap:
                    undefined.append(word)
        return {"raw": raw, "name": name, "full_name": full, "role": role}, undefined

    # -- table ------------------------------------------------------------
    def build(self) -> tuple[str, dict]:
        o = self.o
        lines: list[str] = []
        headers = [h for _, h in o.columns]
        if o.form == "tab":
            lines.append("\t".join(headers))
        else:
            lines.append("| " + " | ".join(headers) + " |")
            lines.append(self.rule(self.ncols))
        rowidx = 0
        activities: list[dict] = []
        sections: list[str] = []
        counter = 0
        prev_number = None
        rows = o.rows
        for i, item in enumerate(rows):
            if o.form == "pipe" and item.brk:
                lines += self.chunk_break(self.chunk_width(i))
            if isinstance(item, Sec):
                sections = sections[: item.level - 1] + [item.title]
                if o.numbering.startswith("sec") or o.numbering == "restart":
                    counter = 0  # items numbered again under each section
                cells = [""] * self.ncols
                cells[self.roles.index("text") if item.lone else 0] = item.title
                lines.append(self.line(cells))
                rowidx += 1
                continue
            a: Act = item
            # number
            counter += 1 + a.skip
            if o.numbering == "none":
                number = printed = None
            elif o.numbering in NUMBER_SUFFIX:
                number = str(counter)
                printed = number + NUMBER_SUFFIX[o.numbering]
            else:
                prefix = SEC_NUMBER.match(sections[-1]).group(1)
                number = f"{prefix}.{counter}"
                printed = number + ("." if o.numbering == "sec." else "")
            t1, t2 = split_parts(a.text)
            i1, i2 = split_parts(a.ind)
            r1, r2 = split_parts(a.res)
            p1, p2 = split_items(a.resp)
            sep = a.sep or o.sep
            main = {"num": printed or "", "text": t1, "dl": a.dl, "resp": resp_cell(p1, sep, o.form),
                    "ind": i1, "res": r1}
            cont = {"num": "", "text": t2, "dl": "", "resp": resp_cell(p2, sep, o.form), "ind": i2, "res": r2}
            cells = []
            for role in self.roles:
                cells.append(main[role] if role in main else a.ex.get(role, ""))
                if a.x and role == "text":
                    cells.append(a.x[0])
                if a.x and role == "resp":
                    cells.append(resp_cell(a.x[1], sep, o.form))
            lines.append(self.line(cells))
            rowidx += 1
            src_rows = [rowidx]
            split = any(cont[r] for r in ("text", "resp", "ind", "res"))
            if split:
                if o.form == "tab":
                    lines.append("")
                else:
                    lines += self.chunk_break(self.ncols)
                ccells = [cont.get(role, "") for role in self.roles]
                if o.numbering == "none":
                    assert ccells[0] == "" or ccells[0][:1].islower(), f"{o.name}: continuation must not look like a section"
                lines.append(self.line(ccells))
                rowidx += 1
                src_rows.append(rowidx)
            seq = len(activities) + 1
            act_flags: list[dict] = []
            if split:
                what = [ROLE_NAMES[r] for r in ("text", "resp", "ind", "res") if cont[r]]
                act_flags.append(flag("row_continued", seq, self.continued_message(what, src_rows)))
            if a.dl == "":
                deadline = {"raw": None, "kind": "unparsed", "periods": [], "recurrence": None, "note": None}
                act_flags.append(flag("deadline_missing", seq, "Графа срока пуста"))
            else:
                deadline, dl_flags = self.deadline(a.dl, seq)
                act_flags += dl_flags
            responsible, undefined = [], []
            self._variant = False
            for it in p1 + p2 + (a.x[1] if a.x else []):
                entry, und = self.person(it)
                responsible.append(entry)
                undefined += [u for u in und if u not in undefined]
            if self._variant:
                act_flags.append(flag("abbreviation_variant", seq, "вариант определённого сокращения"))
            if undefined:
                act_flags.append(flag("abbreviation_undefined", seq, self.undefined_message(undefined)))
            if not responsible:
                act_flags.append(flag("responsible_missing", seq, "Графа «Ответственные» не заполнена"))
            if a.skip > 0:
                act_flags.append(flag("numbering_gap", seq, self.gap_message(prev_number, number)))
            if a.skip < 0:
                act_flags.append(flag("numbering_duplicate", seq, f"№ {number} повторяется"))
            prev_number = number
            text = " ".join(x for x in (plain(t1), plain(t2)) if x)
            if a.x and a.x[0]:
                text += " " + plain(a.x[0])
            indicator = " ".join(x for x in (plain(i1), plain(i2)) if x) or None
            result = " ".join(x for x in (plain(r1), plain(r2)) if x) or None
            targets = []
            hay = " ".join(x for x in (text, indicator or "", result or ""))
            for ttext, value, unit, comp, year in a.tg:
                assert ttext in hay, f"{o.name} #{seq}: target {ttext!r} not in the row"
                targets.append({"text": ttext, "value": value, "unit": unit, "comparator": comp, "year": year})
            act = {
                "seq": seq, "number": number, "section": " / ".join(sections) if sections else None,
                "text": text, "deadline": deadline, "responsible": responsible,
                "indicator": indicator, "result": result, "targets": targets,
                "source": {"page": None, "table": 1, "rows": src_rows}, "flags": act_flags,
            }
            if a.us:
                act["_unsure"] = list(a.us)
            activities.append(act)
        txt = render_markup(o.preamble).rstrip("\n") + "\n\n" + "\n".join(lines) + "\n" + o.postamble
        gold = self.gold(activities)
        gold["flags"] += [{"code": c, "severity": "warning", "activity_seq": None, "message": m}
                          for c, m in o.doc_flags]
        return txt, gold

    # -- flag messages (a set may keep its own wording) ---------------------
    def continued_message(self, what: list[str], rows: list[int]) -> str:
        return (f"Строка таблицы разорвана переносом страницы: {', '.join(what)} – продолжение в "
                f"следующей строке (строки {rows[0]} и {rows[1]})")

    def undefined_message(self, undefined: list[str]) -> str:
        return ", ".join(f"«{u}»" for u in undefined) + " не определено ни в приказе, ни в словаре"

    def gap_message(self, prev_number: str | None, number: str | None) -> str:
        return f"После № {prev_number} следует № {number}: номер пропущен"

    def line(self, cells: list[str]) -> str:
        cells = [render_markup(c) for c in cells]
        for c in cells:
            assert "\t" not in c and "\n" not in c and "|" not in c, c
        if self.o.form == "tab":
            return "\t".join(cells)
        return "| " + " | ".join(cells) + " |"

    def rule(self, width: int) -> str:
        return "|" + "|".join("-" * self.rng.choice((2, 3, 4, 15, 33)) for _ in range(width)) + "|"

    def chunk_break(self, width: int) -> list[str]:
        return ["", "| " + " | ".join([""] * width) + " |", self.rule(width)]

    def chunk_width(self, start: int) -> int:
        for j in range(start, len(self.o.rows)):
            r = self.o.rows[j]
            if j > start and r.brk:
                break
            if isinstance(r, Act) and r.x:
                return self.ncols + 2
        return self.ncols

    # -- deadlines ----------------------------------------------------------
    def deadline(self, key: str, seq: int) -> tuple[dict, list[dict]]:
        d = self.o.deadlines[key]
        raw = plain(key)
        periods = [period(p, self.plan) for p in d.periods]
        ps, pe = self.plan
        flags = []
        for code in d.flags:
            if code == "year_missing":
                flags.append(flag(code, seq, f"«{raw}» без года: год взят из периода плана {ps}…{pe} ("
                                  + ", ".join((f"{iso(s)}…{iso(e)}" if s else f"по {iso(e)}") for s, e in periods) + ")"))
            elif code == "range_inverted":
                s, e = periods[0]
                flags.append(flag(code, seq, f"Диапазон «{raw}» заканчивается ({e}) раньше, чем начинается ({s})"))
            elif code == "deadline_unparsed":
                flags.append(flag(code, seq, f"Срок «{raw}» не сводится к датам (привязан к событию)"))
        outside = [(s, e) for s, e in periods if any(x is not None and not ps <= x <= pe for x in (s, e))]
        if outside:
            flags.append(flag("date_outside_plan_period", seq,
                f"«{raw}» (" + ", ".join((f"{iso(s)}…{iso(e)}" if s else f"по {iso(e)}") for s, e in outside)
                + f") лежит вне периода плана {ps}…{pe}"))
        if d.kind != "recurring":
            before = [e for _, e in periods if e is not None and e < self.order_date]
            assert not before or len(before) == len(periods), f"{key}: only some periods end before the order"
            if before:
                flags.append(flag("deadline_before_order", seq,
                    f"Срок «{raw}» заканчивается {max(before)}, раньше даты приказа {self.order_date}"))
        return {"raw": raw, "kind": d.kind,
                "periods": [{"start": iso(s), "end": iso(e)} for s, e in periods],
                "recurrence": d.rec, "note": d.note}, flags

    # -- document ---------------------------------------------------------
    def gold(self, activities: list[dict]) -> dict:
        o = self.o
        period_ = {k: o.plan_period[k] for k in ("raw", "kind", "start", "end")}
        plan = {"title": o.plan_title, "period": period_}
        if o.plan_period.get("_unsure"):
            plan["_unsure"] = o.plan_period["_unsure"]
        flags = [f for a in activities for f in a["flags"]]
        return {
            "schema_version": self.schema_version,
            "source": {"file": "order.txt", "sha256": None, "format": "txt", "pages": None, "ocr": False},
            "order": dict(o.meta),
            "plan": plan,
            "abbreviations": [{"short": s, "full": f} for s, f in self.defs],
            "activities": activities,
            "flags": flags,
        }


def check_against_text(name: str, txt: str, gold: dict) -> None:
    """Cross-checks of the gold against the written text (not an extraction: every value
    comes from construction; this only catches slips in the hand-written data)."""
    flat = " ".join(re.sub(r"<[^>]+>", " ", txt).split())
    for key in ("title", "signatory", "number"):
        assert gold["order"][key] in flat, f"{name}: order.{key} not in the text"
    assert gold["plan"]["title"] in " ".join(txt.replace("**", "").split()), f"{name}: plan title not in the text"
    for a in gold["activities"]:
        for part in a["text"].split(" "):
            assert part in flat, (name, a["seq"], part)
        assert a["deadline"]["raw"] in flat, (name, a["seq"])
        for r in a["responsible"]:
            assert r["raw"] in flat, (name, a["seq"], r["raw"])
    table_rows = [l for l in txt.split("\n") if ("\t" in l or l.startswith("|")) and l.strip("|- \t")]
    assert len(table_rows) - 1 == max(a["source"]["rows"][-1] for a in gold["activities"]), f"{name}: row count"


def validate(gold: dict) -> None:
    """The gold against the project's contract (pydantic). A gold written for an earlier
    contract version is checked against the current one under the current version number:
    versions only add fields and flag codes."""
    sys.path.insert(0, str(PROJECT))
    from extractor.model import SCHEMA_VERSION, Order

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k != "_unsure"}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    Order.model_validate({**strip(gold), "schema_version": SCHEMA_VERSION})



def write_set(orders: list[OrderSpec], seed: int, here: Path, builder: type[Builder] = Builder,
              keep_scans: frozenset[str] = frozenset(), argv: list[str] | None = None,
              description: str | None = None) -> int:
    """Write ``here/orders/<name>/order.txt`` and ``here/gold/<name>.json`` for every order
    (command line: ``--render``, ``--only``). Every order gets its own random generator
    seeded with ``seed`` and its name, so that ``--only`` gives the same bytes."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--render", action="store_true",
                    help="also render DOCX/PDF (and the kept scans) with tools/render_corpus.py")
    ap.add_argument("--only", help="only orders whose name contains this")
    args = ap.parse_args(argv)
    gold_dir, orders_dir = here / "gold", here / "orders"
    gold_dir.mkdir(exist_ok=True)
    names = []
    for o in orders:
        txt, gold = builder(o, random.Random(f"{seed}:{o.name}")).build()
        if args.only and args.only not in o.name:
            continue
        checked = json.loads(json.dumps(gold))
        for a in checked["activities"]:  # an empty deadline cell has no raw text to find
            a["deadline"]["raw"] = a["deadline"]["raw"] or ""
        check_against_text(o.name, txt, checked)
        validate(gold)
        folder = orders_dir / o.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "order.txt").write_text(txt, encoding="utf-8")
        (gold_dir / f"{o.name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        names.append(o.name)
        n_flags = {}
        for f in gold["flags"]:
            n_flags[f["code"]] = n_flags.get(f["code"], 0) + 1
        print(f"{o.name}: {len(gold['activities'])} activities, "
              f"{max(a['source']['rows'][-1] for a in gold['activities'])} table rows; flags {n_flags}")
    if args.render:
        render(names, orders_dir, keep_scans)
    return 0


def render(names: list[str], orders_dir: Path, keep_scans: frozenset[str]) -> None:
    """order.txt -> order.docx / order.pdf (and the scans of ``keep_scans``) next to it. The
    simulated scan needs poppler's pdftoppm: without scans to keep, a failure there is let
    pass, since DOCX and PDF are written before it."""
    with tempfile.TemporaryDirectory() as tmp:
        seeds, out = Path(tmp) / "seeds", Path(tmp) / "out"
        seeds.mkdir()
        for n in names:
            shutil.copy(orders_dir / n / "order.txt", seeds / f"{n}.txt")
        subprocess.run([sys.executable, str(RENDER), "--seeds", str(seeds), "--out", str(out)],
                       check=bool(keep_scans))
        for n in names:
            keep = ["order.docx", "order.pdf"] + (["order_scan.pdf", "scan_page1.png"] if n in keep_scans else [])
            for f in keep:
                shutil.copy(out / n / f, orders_dir / n / f)
            assert (out / n / "order.txt").read_bytes() == (orders_dir / n / "order.txt").read_bytes()
