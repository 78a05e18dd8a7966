"""``extract(path) -> Order``: the one path every caller takes.

parse (by format) -> locate the roadmap -> assemble activities -> read metadata ->
normalize deadlines, bodies and targets -> checks -> the contract's Order.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import checks
from .assemble import DraftActivity, assemble
from .document import Document
from .errors import NoRoadmapError
from .locate import first_table, locate_roadmaps, row_number_value
from .metadata import OrderMetadata, definition_texts, definitions, read_order
from .model import (
    Abbreviation, Activity, Deadline, Order, OrderInfo, Period, Plan, PlanPeriod, Responsible,
    RowSource, Source, Target,
)
from .normalizers.bodies import BodyResolver
from .normalizers.dates import infer_plan_period, parse_deadline, parse_plan_period
from .normalizers.targets import targets_for_activity
from .parsers import parse_file

if TYPE_CHECKING:
    from .parsers.scan import OcrPage


def extract(path: str | Path, *, password: str | None = None,
            ocr_pages: dict[int, OcrPage] | None = None,
            progress: Callable[[int, int], None] | None = None, defer_ocr: bool = False) -> Order:
    """``ocr_pages``: pages of a scan a worker pool has read already (0-based index ->
    :func:`extractor.parsers.ocr_unit`'s result); the other pages that need OCR are read here,
    one after the other, unless ``defer_ocr`` (then :class:`extractor.parsers.PagesNeedOcr`
    names them). ``progress(done, total)`` is called after each page read by OCR."""
    path = Path(path)
    document = parse_file(path, password=password, ocr_pages=ocr_pages, progress=progress, defer_ocr=defer_ocr)
    return extract_document(document, path)


def extract_document(document: Document, path: Path) -> Order:
    roadmaps = locate_roadmaps(document)
    if not roadmaps:
        raise NoRoadmapError(path, "no roadmap table: no table has a header naming an activity "
                                   "column and a deadline or responsible column")
    drafts = [a for r in roadmaps for a in assemble(r)]
    if not drafts:
        raise NoRoadmapError(path, "the roadmap table has a header but no activity rows")
    meta = read_order(document, first_table(document, roadmaps[0]))
    defs = definitions(definition_texts(document, roadmaps, drafts))
    plan = _plan(meta, drafts)
    plan_start = plan.period.start if plan.period else None
    plan_end = plan.period.end if plan.period else None
    plan_kind = plan.period.kind if plan.period else None
    if plan_kind == "inferred":
        plan_kind = "academic_year"  # an inferred period is the academic year holding most deadlines

    resolver = BodyResolver({d.short: d.full for d in defs})
    activities: list[Activity] = []
    all_flags = []
    for seq, draft in enumerate(drafts, start=1):
        raw_deadline = draft.field("deadline")
        parsed = parse_deadline(raw_deadline, plan_start=plan_start, plan_end=plan_end,
                                plan_kind=plan_kind, order_date=meta.date)
        raw_responsible = draft.field("responsible")
        bodies, body_findings = resolver.resolve(draft.field_lines("responsible")) if raw_responsible else ([], [])
        text, indicator, result = draft.field("text"), draft.field("indicator"), draft.field("result")
        targets = targets_for_activity(text, indicator or None, result or None)
        flags = checks.activity_flags(
            checks.ActivityFindings(seq, raw_deadline, parsed.periods, list(parsed.flags),
                                    raw_responsible, draft.field("text"), body_findings, draft.rows,
                                    ocr_doubts(document, draft)),
            plan_start, plan_end, meta.date)
        all_flags.extend(flags)
        activities.append(Activity(
            seq=seq, number=draft.number, section=draft.section, text=text,
            deadline=Deadline(raw=raw_deadline or None, kind=parsed.kind,
                              periods=[Period(start=p.start, end=p.end) for p in parsed.periods],
                              recurrence=parsed.recurrence, note=parsed.note),
            responsible=[Responsible(raw=b.raw, name=b.name, full_name=b.full_name, role=b.role) for b in bodies],
            indicator=indicator or None, result=result or None,
            targets=[Target(text=t.text, value=t.value, unit=t.unit, comparator=t.comparator, year=t.year)
                     for t in targets],
            source=RowSource(page=draft.page, table=draft.table, rows=draft.rows),
            flags=flags,
        ))
    for run in numbering_runs(activities, drafts):
        numbering = checks.numbering_flags(run, "мероприятий")
        all_flags.extend(numbering)
        for flag in numbering:  # each activity lists its own flags as well
            activities[flag.activity_seq - 1].flags.append(flag)
    all_flags.extend(checks.numbering_flags(section_numbers(drafts), "разделов"))
    all_flags.extend(checks.order_number_flags(meta.number, meta.number_mentions))
    all_flags.extend(checks.table_truncated_flags([(r.index, r.cut_off_rows) for r in roadmaps]))
    return Order(
        source=_source(document, path),
        order=OrderInfo(kind=meta.kind, number=meta.number, date=meta.date, issuer=meta.issuer,
                        region=meta.region, place=meta.place, title=meta.title, signatory=meta.signatory),
        plan=plan,
        abbreviations=[Abbreviation(short=d.short, full=d.full) for d in defs],
        activities=activities,
        flags=all_flags,
    )


def ocr_doubts(document: Document, draft: DraftActivity) -> list[tuple[str, str, float]]:
    """What OCR read doubtfully in an activity's cells (scans only): the words the parser
    listed for the activity's pages that stand, as written, in its fields."""
    if not document.ocr_doubtful or draft.page is None:
        return []
    words = set()
    for name in ("number", "text", "deadline", "responsible", "indicator", "result"):
        words.update(draft.field(name).split())
    doubts: dict[tuple[str, str], float] = {}
    for page in (draft.page, draft.page + 1):
        for read, written, confidence in document.ocr_doubtful.get(page, []):
            if written in words:
                doubts[(read, written)] = min(confidence, doubts.get((read, written), 100.0))
    return [(read, written, c) for (read, written), c in doubts.items()]


def activity_numbers(activities: list[Activity]) -> list[tuple[str, tuple[int, ...], int]]:
    out = []
    for a in activities:
        value = row_number_value(a.number or "")
        if value:
            out.append((a.number, value, a.seq))
    return out


def numbering_runs(activities: list[Activity], drafts: list[DraftActivity]) -> list[list[tuple[str, tuple[int, ...], int]]]:
    """The activity numbers cut into the runs that are numbered on their own: a section
    whose items start again at 1 ("I. …" 1, 2, 3; "II. …" 1, 2) begins a new run. The first
    item of a numbered section ("3.1" under "3. …") starts a run too: a skip there is the
    sections' own gap, flagged once among the sections."""
    runs: list[list[tuple[str, tuple[int, ...], int]]] = [[]]
    previous_section = None
    for entry in activity_numbers(activities):
        _, value, seq = entry
        draft = drafts[seq - 1]
        label = draft.headings[-1].label if draft.headings else None
        new_section = bool(runs[-1]) and draft.section != previous_section
        restarts = all(x == 1 for x in value[-1:]) and (
            len(value) == 1 or (label is not None and value[:-1] == label))
        if new_section and restarts:
            runs.append([])
        runs[-1].append(entry)
        previous_section = draft.section
    return [run for run in runs if run]


def section_numbers(drafts: list[DraftActivity]) -> list[tuple[str, tuple[int, ...], None]]:
    """The numbered section headings in the order they first head an activity."""
    seen: dict[str, tuple[int, ...]] = {}
    for draft in drafts:
        for heading in draft.headings:
            if heading.label and heading.text not in seen:
                seen[heading.text] = heading.label
    return [(text, label, None) for text, label in seen.items()]


def _plan(meta: OrderMetadata, drafts: list[DraftActivity]) -> Plan:
    for title in (meta.plan_title, meta.title):
        found = parse_plan_period(title) if title else None
        if found is not None:
            return Plan(title=meta.plan_title, period=PlanPeriod(raw=found.raw, kind=found.kind,
                                                                 start=found.start, end=found.end))
    inferred = infer_plan_period([parse_deadline(d.field("deadline")) for d in drafts])
    period = PlanPeriod(raw=None, kind="inferred", start=inferred[0], end=inferred[1]) if inferred else None
    return Plan(title=meta.plan_title, period=period)


def _source(document: Document, path: Path) -> Source:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Source(file=path.name, sha256=digest, format=document.format,
                  pages=document.page_count, ocr=document.ocr,
                  ocr_engine=document.ocr_engine, ocr_data=document.ocr_data)
