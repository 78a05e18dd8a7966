"""The QA report: one self-contained HTML page of an evaluation against gold.

Takes the reports of :func:`extractor.evaluate.evaluate_dirs` (per document and overall) and
gives the page as a string: the figures per document and overall, flags per code, then for
each document its order fields and activities with gold and extraction side by side, the
fields that differ highlighted, and the activities that found no partner listed. The page has
no scripts and nothing it loads from elsewhere: inline CSS only, so it can be mailed or kept
as a CI artefact. A checkbox (pure CSS) hides the activities that agree. The same reports
give byte-identical pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape

from .evaluate import FIELDS, ORDER_FIELDS, ActivityPair, Report


@dataclass(frozen=True)
class ReportSettings:
    good: float = 0.95  # a figure at or above this is shown green
    fair: float = 0.80  # at or above this amber, below it red
    title: str = "Roadmap extraction: evaluation against gold"
    min_similarity_to_mark: float = 0.5  # below this two differing values are marked whole


SETTINGS = ReportSettings()

FIELD_LABELS = {
    "number": "№", "section": "section", "text": "text", "deadline_raw": "deadline",
    "deadline_periods": "periods", "responsible": "responsible", "indicator": "indicator",
}
# the order of fields inside an activity card
CARD_FIELDS = ("number", "section", "text", "deadline_raw", "deadline_periods", "responsible", "indicator")

CSS = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:24px;color:#1d232a;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:2px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}
.muted{color:#57606a}.small{font-size:12px}
table{border-collapse:collapse;margin:6px 0 12px}
table.order th:first-child{width:90px}
th,td{border:1px solid #d0d7de;padding:4px 7px;vertical-align:top;text-align:left}
th{background:#f6f8fa;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.good{background:#dafbe1}.fair{background:#fff8c5}.poor{background:#ffebe9}.none{color:#8c959f}
tr.overall td{font-weight:700;border-top:2px solid #57606a}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px}
table.pairs{width:100%;table-layout:fixed}
table.pairs col.seq{width:64px}
table.pairs td{font-size:13px}
.f{display:block;margin:1px 0;padding:1px 4px;border-radius:3px}
.f i{font-style:normal;color:#57606a;font-size:11px;margin-right:6px;text-transform:uppercase}
.f.diff{background:#ffebe9;outline:1px solid #ff818266}
.f b.d{background:#ff8182;color:#000;font-weight:600;border-radius:2px;padding:0 1px}
.f.unsure{color:#8c959f}
tr.differs td.seq{border-left:4px solid #cf222e}
tr.same td.seq{border-left:4px solid #2da44e}
.lost{background:#fff8c5}
#only-diff:checked ~ section tr.same{display:none}
label.toggle{display:inline-block;margin:8px 0;padding:4px 10px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa}
nav.toc a{margin-right:12px;display:inline-block}
table.summary{font-size:12px}table.summary th,table.summary td{padding:3px 5px}
ul.look li{margin:2px 0}
"""


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _grade(x: float | None, settings: ReportSettings) -> str:
    if x is None:
        return "none"
    return "good" if x >= settings.good else "fair" if x >= settings.fair else "poor"


def _figure(x: float | None, settings: ReportSettings, text: str | None = None) -> str:
    return f'<td class="num {_grade(x, settings)}">{text or _fmt(x)}</td>'


def _anchor(index: int) -> str:
    return f"doc-{index}"


def _periods_text(activity: dict) -> str:
    periods = (activity.get("deadline") or {}).get("periods") or []
    return "; ".join(f"{p.get('start') or '…'} – {p.get('end') or '…'}" for p in periods)


def _field_text(activity: dict, key: str) -> str:
    if key == "deadline_raw":
        return (activity.get("deadline") or {}).get("raw") or ""
    if key == "deadline_periods":
        return _periods_text(activity)
    if key == "responsible":
        return "; ".join(r.get("name") or "" for r in activity.get("responsible") or [])
    value = activity.get(key)
    return "" if value is None else str(value)


def marked_difference(a: str, b: str, settings: ReportSettings = SETTINGS) -> tuple[str, str]:
    """``a`` and ``b`` as escaped HTML with the characters that the other lacks marked, so a
    dropped hyphen or a changed digit shows inside a long text."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < settings.min_similarity_to_mark:
        # unrelated values: marking their few shared letters would only be noise
        return (f'<b class="d">{escape(a)}</b>' if a else "", f'<b class="d">{escape(b)}</b>' if b else "")
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<b class=\"d\">{escape(a[i1:i2])}</b>")
        if j2 > j1:
            right.append(f"<b class=\"d\">{escape(b[j1:j2])}</b>")
    return "".join(left), "".join(right)


def _card(activity: dict, differing: list[str], unsure: list[str], other: dict | None = None,
          gold_side: bool = True) -> str:
    lines = []
    for key in CARD_FIELDS:
        text = _field_text(activity, key)
        if not text and key not in differing:
            continue
        cls = "f diff" if key in differing else "f unsure" if key in unsure else "f"
        shown = escape(text)
        if key in differing and other is not None and text:
            theirs = _field_text(other, key)
            shown = marked_difference(text, theirs)[0] if gold_side else marked_difference(theirs, text)[1]
        note = " (not scored)" if key in unsure else ""
        lines.append(f'<span class="{cls}"><i>{FIELD_LABELS[key]}{note}</i>{shown or "∅"}</span>')
    return "".join(lines)


def _pair_row(pair: ActivityPair) -> str:
    cls = "differs" if pair.differing else "same"
    seq = f"{pair.gold.get('seq')}→{pair.pred.get('seq')}"
    return (f'<tr class="{cls}"><td class="seq num">{escape(seq)}</td>'
            f"<td>{_card(pair.gold, pair.differing, pair.unsure, pair.pred, gold_side=True)}</td>"
            f"<td>{_card(pair.pred, pair.differing, pair.unsure, pair.gold, gold_side=False)}</td></tr>")


def _lost_rows(activities: list[dict], title: str) -> str:
    if not activities:
        return ""
    rows = "".join(f'<tr class="lost"><td class="num">{escape(str(a.get("seq")))}</td>'
                   f"<td>{_card(a, [], [])}</td></tr>" for a in activities)
    return (f"<h3>{escape(title)} ({len(activities)})</h3>"
            f'<table class="pairs"><col class="seq"><col><tr><th>seq</th><th>activity</th></tr>{rows}</table>')


def _summary_table(reports: list[Report], overall: Report, settings: ReportSettings) -> str:
    head = ("<tr><th>document</th><th>gold</th><th>extracted</th><th>act P</th><th>act R</th><th>act F1</th>"
            + "".join(f"<th>{FIELD_LABELS[f]}</th>" for f in FIELDS)
            + "<th>resp F1</th><th>flag P</th><th>flag R</th><th>order</th></tr>")
    rows = []
    for index, r in enumerate(reports + [overall]):
        flags = r.flag_totals()
        order_ok = sum(c.correct for c in r.order.values())
        order_total = sum(c.total for c in r.order.values())
        name = (escape(r.name) if r is overall
                else f'<a href="#{_anchor(index)}">{escape(r.name)}</a>')
        gold_n = r.activities.tp + r.activities.fn
        pred_n = r.activities.tp + r.activities.fp
        cells = [f"<td>{name}</td>", f'<td class="num">{gold_n}</td>', f'<td class="num">{pred_n}</td>',
                 _figure(r.activities.precision, settings), _figure(r.activities.recall, settings),
                 _figure(r.activities.f1, settings),
                 *(_figure(r.fields[f].accuracy, settings) for f in FIELDS),
                 _figure(r.responsible.f1, settings), _figure(flags.precision, settings),
                 _figure(flags.recall, settings),
                 _figure(order_ok / order_total if order_total else None, settings, f"{order_ok}/{order_total}")]
        cls = ' class="overall"' if r is overall else ""
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return f'<table class="summary">{head}{"".join(rows)}</table>'


def _flags_table(overall: Report, settings: ReportSettings) -> str:
    rows = "".join(
        f'<tr><td>{escape(code)}</td><td class="num">{prf.tp}</td><td class="num">{prf.fp}</td>'
        f'<td class="num">{prf.fn}</td>{_figure(prf.precision, settings)}{_figure(prf.recall, settings)}</tr>'
        for code, prf in sorted(overall.flags.items()))
    return ("<table><tr><th>flag code</th><th>tp</th><th>fp</th><th>fn</th><th>precision</th><th>recall</th></tr>"
            f"{rows}</table>")


def _order_table(report: Report) -> str:
    rows = []
    for key in ORDER_FIELDS:
        g, p = report.gold_order.get(key), report.pred_order.get(key)
        cls = ' class="f diff"' if g != p else ""
        rows.append(f"<tr><th>{key}</th><td><span{cls}>{escape(str(g)) if g is not None else '∅'}</span></td>"
                    f"<td><span{cls}>{escape(str(p)) if p is not None else '∅'}</span></td></tr>")
    return ('<table class="order"><tr><th>order field</th><th>gold</th><th>extraction</th></tr>'
            f"{''.join(rows)}</table>")


def _document_section(index: int, report: Report, settings: ReportSettings) -> str:
    differing = sum(1 for p in report.pairs if p.differing)
    a = report.activities
    cards = (f'<div class="cards"><div class="card {_grade(a.f1, settings)}"><b>{_fmt(a.f1)}</b>activity F1</div>'
             f'<div class="card"><b>{a.tp}</b>aligned</div>'
             f'<div class="card {"poor" if differing else "good"}"><b>{differing}</b>with differing fields</div>'
             f'<div class="card {"poor" if a.fn else "good"}"><b>{a.fn}</b>gold not extracted</div>'
             f'<div class="card {"poor" if a.fp else "good"}"><b>{a.fp}</b>extracted without gold</div></div>')
    pairs = "".join(_pair_row(p) for p in report.pairs)
    return (f'<section id="{_anchor(index)}"><h2>{escape(report.name)}</h2>{cards}'
            f"{_order_table(report)}"
            f"<h3>Aligned activities ({len(report.pairs)})</h3>"
            '<table class="pairs"><col class="seq"><col><col>'
            f"<tr><th>seq gold→ext</th><th>gold</th><th>extraction</th></tr>{pairs}</table>"
            f"{_lost_rows(report.unmatched_gold, 'Gold activities not extracted')}"
            f"{_lost_rows(report.unmatched_pred, 'Extracted activities without a gold partner')}"
            "</section>")


def _needs_a_look(reports: list[Report]) -> str:
    """The documents where something differs, with what, so a reviewer knows where to go."""
    items = []
    for index, r in enumerate(reports):
        what = []
        differing = sum(1 for p in r.pairs if p.differing)
        if differing:
            fields = sorted({FIELD_LABELS[k] for p in r.pairs for k in p.differing})
            what.append(f"{differing} activit{'y' if differing == 1 else 'ies'} with differing "
                        f"{', '.join(fields)}")
        if r.activities.fn:
            what.append(f"{r.activities.fn} gold not extracted")
        if r.activities.fp:
            what.append(f"{r.activities.fp} extracted without gold")
        wrong_order = [k for k, c in r.order.items() if c.total and c.correct < c.total]
        if wrong_order:
            what.append(f"order {', '.join(wrong_order)}")
        if what:
            items.append(f'<li><a href="#{_anchor(index)}">{escape(r.name)}</a>: {escape("; ".join(what))}</li>')
    if not items:
        return "<p>Every document agrees with its gold in every scored field.</p>"
    return f'<ul class="look">{"".join(items)}</ul>'


def render_html(reports: list[Report], overall: Report, *, unmatched_predictions: list[str] = (),
                settings: ReportSettings = SETTINGS) -> str:
    """The whole page for ``reports`` (per document) and ``overall``."""
    a = overall.activities
    flags = overall.flag_totals()
    headline = (f'<div class="cards"><div class="card {_grade(a.f1, settings)}"><b>{_fmt(a.f1)}</b>activity F1</div>'
                f'<div class="card {_grade(a.precision, settings)}"><b>{_fmt(a.precision)}</b>activity precision</div>'
                f'<div class="card {_grade(a.recall, settings)}"><b>{_fmt(a.recall)}</b>activity recall</div>'
                f'<div class="card {_grade(overall.responsible.f1, settings)}"><b>{_fmt(overall.responsible.f1)}</b>responsible F1</div>'
                f'<div class="card {_grade(flags.f1, settings)}"><b>{_fmt(flags.f1)}</b>flag F1</div>'
                f'<div class="card"><b>{len(reports)}</b>documents</div></div>')
    toc = "".join(f'<a href="#{_anchor(i)}">{escape(r.name)}</a>' for i, r in enumerate(reports))
    unscored = ""
    if unmatched_predictions:
        items = "".join(f"<li>{escape(name)}</li>" for name in unmatched_predictions)
        unscored = f"<h3>Predictions without a gold file (not scored)</h3><ul>{items}</ul>"
    body = (f"<h1>{escape(settings.title)}</h1>"
            '<p class="muted">Activities are aligned one-to-one by fuzzy text match; field figures are the '
            "share of aligned activities whose field equals the gold. Fields the gold marks unsure are not "
            "scored. Flag P/R leave out info flags.</p>"
            f"{headline}<h3>Needs a look</h3>{_needs_a_look(reports)}<h2>Per document</h2>{_summary_table(reports, overall, settings)}"
            f"<h3>Flags per code (overall)</h3>{_flags_table(overall, settings)}{unscored}"
            f'<nav class="toc">{toc}</nav>'
            '<input type="checkbox" id="only-diff"> <label class="toggle" for="only-diff">'
            "show only activities with differing fields</label>"
            + "".join(_document_section(i, r, settings) for i, r in enumerate(reports)))
    return ("<!DOCTYPE html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(settings.title)}</title><style>{CSS}</style></head>"
            f"<body>{body}</body></html>\n")
