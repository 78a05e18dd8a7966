"""Compare extractions with a gold set, field by field.

Takes a gold folder (``<name>.json`` in the contract) and a prediction folder (what
``extract`` wrote: ``<name>.<ext>.json``, or ``<name>/<file>.json`` for a corpus of folders;
the batch's own ``summary.json`` is not a prediction) and
gives, per predicted document and overall: activity precision / recall / F1 after a
one-to-one alignment of activities by fuzzy text match; the accuracy of each field over the
aligned pairs; responsible F1 over body names; flag precision / recall per code; and the
order metadata that matched. A field a gold activity lists in ``_unsure`` is not scored.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from .batch import RUN_FILES
from .normalizers.text import collapse_ws

ALIGN_MIN_SCORE = 60.0  # rapidfuzz ratio below which two activities are never paired
FIELDS = ("text", "number", "section", "deadline_raw", "deadline_periods", "responsible", "indicator")
ORDER_FIELDS = ("kind", "number", "date", "issuer", "region", "place", "title", "signatory")
INFO_FLAGS = {"row_continued"}


@dataclass
class Counts:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.total += 1

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def merge(self, other: "PRF") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": _round(self.precision),
                "recall": _round(self.recall), "f1": _round(self.f1)}


@dataclass
class ActivityPair:
    """A gold activity and the extracted one aligned with it, for the QA report."""

    gold: dict
    pred: dict
    differing: list[str]  # scored FIELDS whose values differ
    unsure: list[str]  # FIELDS the gold leaves unscored


@dataclass
class Report:
    name: str
    activities: PRF = field(default_factory=PRF)
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    responsible: PRF = field(default_factory=PRF)
    flags: dict[str, PRF] = field(default_factory=dict)
    order: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in ORDER_FIELDS})
    plan_period: Counts = field(default_factory=Counts)
    # the rows behind the figures, kept per document (not merged into an overall report)
    pairs: list[ActivityPair] = field(default_factory=list)
    unmatched_gold: list[dict] = field(default_factory=list)
    unmatched_pred: list[dict] = field(default_factory=list)
    gold_order: dict = field(default_factory=dict)
    pred_order: dict = field(default_factory=dict)

    def merge(self, other: "Report") -> None:
        self.activities.merge(other.activities)
        self.responsible.merge(other.responsible)
        for k, c in other.fields.items():
            self.fields[k].correct += c.correct
            self.fields[k].total += c.total
        for k, c in other.order.items():
            self.order[k].correct += c.correct
            self.order[k].total += c.total
        self.plan_period.correct += other.plan_period.correct
        self.plan_period.total += other.plan_period.total
        for code, prf in other.flags.items():
            self.flags.setdefault(code, PRF()).merge(prf)

    def flag_totals(self, include_info: bool = False) -> PRF:
        total = PRF()
        for code, prf in self.flags.items():
            if include_info or code not in INFO_FLAGS:
                total.merge(prf)
        return total

    def as_dict(self) -> dict:
        flags_all = self.flag_totals()
        return {
            "document": self.name,
            "activities": self.activities.as_dict(),
            "fields": {k: {"correct": c.correct, "total": c.total, "accuracy": _round(c.accuracy)}
                       for k, c in self.fields.items()},
            "responsible": self.responsible.as_dict(),
            "flags": {code: prf.as_dict() for code, prf in sorted(self.flags.items())},
            "flags_overall": flags_all.as_dict(),
            "order": {k: {"correct": c.correct, "total": c.total} for k, c in self.order.items()},
            "plan_period": {"correct": self.plan_period.correct, "total": self.plan_period.total},
        }


def _round(x: float | None) -> float | None:
    return round(x, 4) if x is not None else None


def align(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) by text similarity, best pairs first;
    ties broken by reading order so that repeated texts pair in sequence."""
    scored = []
    for gi, g in enumerate(gold):
        gt = collapse_ws(g.get("text") or "")
        for pi, p in enumerate(pred):
            score = fuzz.ratio(gt, collapse_ws(p.get("text") or ""))
            if score >= ALIGN_MIN_SCORE:
                scored.append((-score, abs(gi - pi), gi, pi))
    scored.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, _, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _periods(deadline: dict | None) -> list:
    return [(p.get("start"), p.get("end")) for p in (deadline or {}).get("periods") or []]


def _names(activity: dict) -> set[str]:
    return {collapse_ws(r.get("name") or "") for r in activity.get("responsible") or []}


def _norm(value) -> str | None:
    return collapse_ws(value) if isinstance(value, str) and value.strip() else None


def field_of(check: str) -> str:
    """The activity field a check scores, as gold ``_unsure`` lists name it."""
    return "deadline" if check.startswith("deadline") else check


def field_checks(g: dict, p: dict) -> dict[str, bool]:
    """For each of FIELDS: does the extracted activity ``p`` agree with the gold ``g``?"""
    return {
        "text": _norm(g.get("text")) == _norm(p.get("text")),
        "number": g.get("number") == p.get("number"),
        "section": _norm(g.get("section")) == _norm(p.get("section")),
        "deadline_raw": _norm((g.get("deadline") or {}).get("raw")) == _norm((p.get("deadline") or {}).get("raw")),
        "deadline_periods": _periods(g.get("deadline")) == _periods(p.get("deadline")),
        "responsible": _names(g) == _names(p),
        "indicator": _norm(g.get("indicator")) == _norm(p.get("indicator")),
    }


def compare(gold: dict, pred: dict, name: str) -> Report:
    report = Report(name)
    ga, pa = gold.get("activities") or [], pred.get("activities") or []
    pairs = align(ga, pa)
    report.activities = PRF(tp=len(pairs), fp=len(pa) - len(pairs), fn=len(ga) - len(pairs))
    gold_seq_of_pred = {pa[pi]["seq"]: ga[gi]["seq"] for gi, pi in pairs}
    for gi, pi in pairs:
        g, p = ga[gi], pa[pi]
        unsure = set(g.get("_unsure") or [])
        checks = field_checks(g, p)
        for key, ok in checks.items():
            if field_of(key) not in unsure:
                report.fields[key].add(ok)
        if "responsible" not in unsure:
            gn, pn = _names(g), _names(p)
            report.responsible.merge(PRF(tp=len(gn & pn), fp=len(pn - gn), fn=len(gn - pn)))
        report.pairs.append(ActivityPair(
            g, p, differing=[k for k, ok in checks.items() if not ok and field_of(k) not in unsure],
            unsure=[k for k in checks if field_of(k) in unsure]))
    paired_g, paired_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    report.unmatched_gold = [a for i, a in enumerate(ga) if i not in paired_g]
    report.unmatched_pred = [a for i, a in enumerate(pa) if i not in paired_p]
    report.gold_order, report.pred_order = gold.get("order") or {}, pred.get("order") or {}
    # flags: activity flags keyed by the gold activity they belong to
    gold_flags = {(f.get("activity_seq"), f["code"]) for f in gold.get("flags") or []}
    pred_flags = set()
    for f in pred.get("flags") or []:
        seq = f.get("activity_seq")
        pred_flags.add((gold_seq_of_pred.get(seq, f"unmatched:{seq}") if seq is not None else None, f["code"]))
    for code in sorted({c for _, c in gold_flags | pred_flags}):
        g = {k for k in gold_flags if k[1] == code}
        p = {k for k in pred_flags if k[1] == code}
        report.flags[code] = PRF(tp=len(g & p), fp=len(p - g), fn=len(g - p))
    go, po = gold.get("order") or {}, pred.get("order") or {}
    for key in ORDER_FIELDS:
        report.order[key].add(go.get(key) == po.get(key))
    gp, pp = (gold.get("plan") or {}).get("period"), (pred.get("plan") or {}).get("period")
    if "period" not in set((gold.get("plan") or {}).get("_unsure") or []):
        same = (gp or {}).get("start") == (pp or {}).get("start") and (gp or {}).get("end") == (pp or {}).get("end")
        report.plan_period.add(same)
    return report


def gold_name_for(pred_file: Path, pred_dir: Path, gold_names: set[str]) -> str | None:
    """The gold document a prediction belongs to: its top folder or its own stem."""
    rel = pred_file.relative_to(pred_dir)
    candidates = [rel.parts[0]] if len(rel.parts) > 1 else []
    candidates.append(pred_file.name.split(".")[0])
    return next((c for c in candidates if c in gold_names), None)


def evaluate_dirs(gold_dir: Path, pred_dir: Path) -> tuple[list[Report], Report, list[str]]:
    """Reports per prediction file, the overall report, and predictions without gold."""
    gold = {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(gold_dir.glob("*.json"))}
    reports, unmatched = [], []
    overall = Report("overall")
    for pred_file in sorted(pred_dir.rglob("*.json")):
        if pred_file.parent == pred_dir and pred_file.name in RUN_FILES:
            continue  # the batch's own summary, not a prediction
        name = gold_name_for(pred_file, pred_dir, set(gold))
        if name is None:
            unmatched.append(str(pred_file))
            continue
        report = compare(gold[name], json.loads(pred_file.read_text("utf-8")),
                         str(pred_file.relative_to(pred_dir)))
        reports.append(report)
        overall.merge(report)
    return reports, overall, unmatched
