"""Why the extraction came out as it did, as data: the "explain" view.

Takes an input file (or a parsed Document); gives an :class:`Explanation`: for every roadmap
table, how its header cells were mapped to fields (with the match score) and, for every body
row, the cells as read and the named assembly rule that placed it (heading, start of an
activity, continuation, …), plus the activities the rows made, each with the body resolver's
rules for its responsible cell. The CLI only prints it.

Runs the stages of :func:`extractor.pipeline.extract` that decide which row went where and
which bodies a cell names (parse, locate, assemble, definitions, bodies); deadlines, targets
and checks are not explained here.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from .assemble import DraftActivity, RowDecision, assemble
from .document import Document
from .errors import NoRoadmapError
from .locate import Roadmap, header_role, locate_roadmaps
from .metadata import definition_texts, definitions
from .normalizers.bodies import BodyResolver, TraceStep
from .parsers import parse_file


@dataclass
class ColumnExplanation:
    """One mapped header cell."""

    first_col: int  # grid columns first_col … last_col
    last_col: int
    header: str  # the header cell as printed
    field: str  # the contract field it fills
    score: float  # rapidfuzz match score against the best synonym (0-100)


@dataclass
class RowExplanation:
    """One body row and the rule that placed it."""

    row: int  # index as in the contract's source.rows (a heading paragraph repeats the row above)
    page: int | None
    cells: list[str]  # the non-empty cells as read
    rule: str  # the name of the assembly rule (extractor.assemble.ROW_RULES)
    action: str  # heading, start, join or below
    detail: str  # the decision in words


@dataclass
class ActivityExplanation:
    """An activity the rows made, with the rows it was read from."""

    number: str | None
    section: str | None
    rows: list[int]
    text: str
    deadline: str
    responsible: str
    # the body resolver's rules for the responsible cell, in order: "rule: what it did"
    body_rules: list[str] = field(default_factory=list)


@dataclass
class TableExplanation:
    index: int  # roadmap table index, as in source.table
    chunks: int  # tables or page pieces joined into this roadmap
    columns: list[ColumnExplanation]
    rows: list[RowExplanation]
    activities: list[ActivityExplanation]


@dataclass
class Explanation:
    file: str
    format: str
    tables: list[TableExplanation]

    def as_dict(self) -> dict:
        return asdict(self)


def explain(path: str | Path, *, password: str | None = None) -> Explanation:
    """The explanation of one input file. Raises the errors :func:`extract` raises
    (:class:`~extractor.errors.InputError`, :class:`~extractor.errors.NoRoadmapError`)."""
    path = Path(path)
    return explain_document(parse_file(path, password=password), path)


def explain_document(document: Document, path: Path) -> Explanation:
    roadmaps = locate_roadmaps(document)
    if not roadmaps:
        raise NoRoadmapError(path, "no roadmap table: no table has a header naming an activity "
                                   "column and a deadline or responsible column")
    assembled = []
    for roadmap in roadmaps:
        trace: list[RowDecision] = []
        assembled.append((roadmap, assemble(roadmap, trace=trace), trace))
    drafts = [d for _, ds, _ in assembled for d in ds]
    # the bodies are read against the document's own definitions, as the pipeline reads them
    resolver = BodyResolver({d.short: d.full for d in definitions(definition_texts(document, roadmaps, drafts))})
    return Explanation(path.name, document.format,
                       [explain_roadmap(r, ds, trace, resolver) for r, ds, trace in assembled])


def body_rules(draft: DraftActivity, resolver: BodyResolver) -> list[str]:
    if not draft.field("responsible"):
        return []
    steps: list[TraceStep] = []
    resolver.resolve(draft.field_lines("responsible"), trace=steps)
    return [f"{step.rule}: {step.detail}" for step in steps]


def explain_roadmap(roadmap: Roadmap, drafts: list[DraftActivity], trace: list[RowDecision],
                    resolver: BodyResolver) -> TableExplanation:
    columns = [ColumnExplanation(c.col, c.col + c.span - 1, c.header, c.role, round(header_role(c.header)[1], 1))
               for c in roadmap.columns.columns]
    rows = []
    for rr, decision in zip(roadmap.rows, trace):  # one decision per row, in row order
        rows.append(RowExplanation(decision.row, rr.page, [t for t in rr.row.texts if t.strip()],
                                   decision.rule, decision.action, decision.detail))
    activities = [ActivityExplanation(d.number, d.section, list(d.rows), d.field("text"), d.field("deadline"),
                                      d.field("responsible"), body_rules(d, resolver)) for d in drafts]
    return TableExplanation(roadmap.index, roadmap.chunks, columns, rows, activities)


def draw_pages(path: str | Path, out_dir: str | Path, password: str | None = None,
               document: Document | None = None) -> list[Path]:
    """Each page of ``path`` drawn as a PNG in ``out_dir`` with the table grid, the cells, the
    words OCR read and the rows each activity came from (:mod:`extractor.debug_image`;
    OpenCV is imported only here); ``document``: the file already parsed."""
    from .debug_image import draw_pages as draw

    return draw(path, out_dir, password=password, document=document)


def explain_and_draw(path: str | Path, out_dir: str | Path, *,
                     password: str | None = None) -> tuple[Explanation, list[Path]]:
    """:func:`explain` and :func:`draw_pages` over one reading of the file (a scan's text
    layers and OCR once)."""
    path = Path(path)
    document = parse_file(path, password=password)
    return explain_document(document, path), draw_pages(path, out_dir, password, document)
