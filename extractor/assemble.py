"""Roadmap rows -> draft activities.

Takes a located :class:`~extractor.locate.Roadmap`; gives :class:`DraftActivity` objects in
reading order, each with its section, printed number, raw field texts and the rows it was
read from. Nothing here knows the file format.

The rules, in the order they apply:

1. Each row's cells are mapped to fields by the header's grid columns. A row with more
   cells than the header has columns (a broken export) is mapped back around its deadline
   cell; a row whose responsible column is empty while the cell before it reads as bodies
   (an export that dropped an empty cell) has that cell moved back.
2. Heading rows become sections: a cell merged across the table, or a lone heading cell
   (numbered "1.", "1.1.", "I." or capitalised), or a numbered heading an OCR export cut into
   short pieces. Numbered headings nest ("1. …" / "1.1. …"), joined with " / ".
3. Rows join into activities. With a number column, a row with a number starts an activity
   and a row without one continues it (a page break split the row). Without numbers, a row
   with a deadline starts one unless its text continues the row above (lower-case start);
   OCR repeats of one cell (rows whose text is contained in the next full row) collapse
   into that row; a row with no text of its own (only list bullets, or only a deadline)
   goes with the activity below it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .document import Cell
from .locate import ColumnMap, Roadmap, RoadmapRow, row_number_value
from .normalizers.repair import repair_broken_words
from .normalizers.text import collapse_ws, join_lines, join_parts


@dataclass(frozen=True)
class AssembleSettings:
    """Thresholds of row assembly, each a named setting."""

    repeat_min_chars: int = 20  # a shorter fragment is never taken for an OCR repeat
    repeat_min_score: float = 92.0  # rapidfuzz partial_ratio for "contained in the next row"
    repeat_window: int = 8  # how many rows ahead an OCR repeat may find its full row
    heading_max_chars: int = 250
    heading_piece_max_chars: int = 40  # pieces of a cut heading are this short at most
    deadline_anchor_min: float = 0.5  # how date-like a cell must be to anchor a broken row
    drifted_body_min_known: float = 0.8  # share of a drifted cell's words the table uses for bodies


SETTINGS = AssembleSettings()

FIELDS = ("number", "text", "deadline", "responsible", "indicator", "result")

_SECTION_LABEL = re.compile(r"^\s*(?:(?P<arabic>\d{1,2}(?:[.,]\d{1,2})*)[.,]?|(?P<roman>[IVXLC]{1,6})\.)\s*(?=[А-ЯЁA-Z«\"])")
_CAPITAL_START = re.compile(r"^[А-ЯЁA-Z]")  # a heading never opens with a quotation
_CONTINUATION_START = re.compile(r"^(?:[а-яёa-z]|[-–—•·/,;:)]|\(\s*[а-яё])")
_CLOSED_END = re.compile(r"[.!?]\s*[»\"]?\s*$")
_LETTER = re.compile(r"[А-Яа-яЁёA-Za-z]")
_LETTER_OR_DIGIT = re.compile(r"[А-Яа-яЁёA-Za-z0-9]")

# What a deadline cell is made of: used only to find the deadline among drifted cells.
_DATE_PARTS = re.compile(
    r"\b(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр|"
    r"квартал|кв\b|полугоди|ежегодн|ежемесячн|ежеквартальн|постоянн|в течение|весь период|"
    r"по графику|по отдельному графику|по мере|до\b|не позднее|в срок|учебн|год|гг?\b|раз в)"
    r"[а-яё]*\.?|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b(?:19|20)\d{2}\b|[-–—/]",
    re.IGNORECASE,
)

def date_likeness(text: str) -> float:
    """Share of the cell's characters that are date words, dates and years (0…1)."""
    text = collapse_ws(text)
    if not text:
        return 0.0
    covered = sum(len(m.group(0)) for m in _DATE_PARTS.finditer(text))
    letters_and_digits = len(re.sub(r"[\s.,;()]", "", text)) or 1
    return min(1.0, covered / letters_and_digits)


@dataclass
class LogicalRow:
    source: RoadmapRow
    fields: dict[str, str]
    spanning: bool  # one cell merged across the table
    pieces: list[str]  # non-empty cell texts in order, for headings

    @property
    def index(self) -> int:
        return self.source.index

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


@dataclass
class DraftActivity:
    number: str | None
    section: str | None
    headings: list["Heading"] = field(default_factory=list)  # the section path, outermost first
    parts: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    rows: list[int] = field(default_factory=list)
    page: int | None = None
    table: int = 1

    def field(self, name: str) -> str:
        return join_parts(self.parts[name])

    @property
    def continued(self) -> bool:
        return len(self.rows) > 1


def cell_text(cell: Cell) -> str:
    return collapse_ws(join_lines(cell.text.split("\n")))


def map_row(rr: RoadmapRow, cmap: ColumnMap, settings: AssembleSettings = SETTINGS) -> LogicalRow:
    """Cells -> fields by the header's grid columns, with broken rows mapped back."""
    cells = [c for c in rr.row.cells]
    texts = [cell_text(c) for c in cells]
    pieces = [t for t in texts if t]
    width = cmap.width
    spanning = len(pieces) == 1 and any(c.col_span >= max(width, 2) and cell_text(c) for c in cells)
    beyond = any(c.col >= width and cell_text(c) for c in cells)
    if beyond:
        fields = realign_overfull(texts, cmap, settings)
    else:
        parts: dict[str, list[str]] = {}
        for cell, text in zip(cells, texts):
            role = cmap.role_at(cell.col)
            if role and text:
                parts.setdefault(role, []).append(text)
        fields = {k: join_parts(v) for k, v in parts.items()}
    return LogicalRow(rr, fields, spanning, pieces)


def realign_overfull(texts: list[str], cmap: ColumnMap, settings: AssembleSettings) -> dict[str, list[str]]:
    """A row with more cells than header columns: the deadline cell anchors the mapping;
    extra cells before it belong to the field left of it, extra cells after it to the last
    field (001: text and responsible each written in two cells)."""
    roles = [c.role for c in sorted(cmap.columns, key=lambda c: c.col)]
    extra = len(texts) - len(roles)
    parts: dict[str, list[str]] = {}
    if "deadline" in roles:
        d = roles.index("deadline")
        candidates = range(d, min(d + extra, len(texts) - 1) + 1)
        scored = [(date_likeness(texts[i]), i) for i in candidates]
        best, anchor = max(scored, key=lambda x: (x[0], -x[1]))
        if best >= settings.deadline_anchor_min:
            for i, text in enumerate(texts):
                if i < d:
                    role = roles[i]
                elif i < anchor:
                    role = roles[d - 1] if d else roles[0]
                elif i == anchor:
                    role = "deadline"
                else:
                    role = roles[min(d + (i - anchor), len(roles) - 1)]
                if text:
                    parts.setdefault(role, []).append(text)
            return {k: join_parts(v) for k, v in parts.items()}
    for i, text in enumerate(texts):
        if text:
            parts.setdefault(roles[min(i, len(roles) - 1)], []).append(text)
    return {k: join_parts(v) for k, v in parts.items()}


def restore_dropped_cells(rows: list["LogicalRow"], cmap: ColumnMap, settings: AssembleSettings) -> None:
    """Rows whose responsible column is empty while the column left of it holds words that
    this table uses only for bodies: an export dropped an empty cell and the row drifted
    left (004 from row 28 on). The vocabulary is the table's own responsible cells."""
    ordered = [c.role for c in sorted(cmap.columns, key=lambda c: c.col)]
    if "responsible" not in ordered or ordered.index("responsible") == 0:
        return
    left = ordered[ordered.index("responsible") - 1]
    if left not in ("indicator", "result"):
        return
    vocabulary = {w for r in rows for w in _words(r.get("responsible"))}
    for row in rows:
        words = _words(row.get(left))
        if row.get("responsible") or not words:
            continue
        known = sum(w in vocabulary for w in words) / len(words)
        if known >= settings.drifted_body_min_known and date_likeness(row.get(left)) < 0.3:
            row.fields["responsible"] = row.fields.pop(left)


def _words(text: str) -> list[str]:
    return re.findall(r"[а-яёa-z]+", text.lower())


# ---------------------------------------------------------------------------
# Headings
# ---------------------------------------------------------------------------


@dataclass
class Heading:
    text: str
    label: tuple[int, ...] | None  # arabic numbering, e.g. (1, 2) for "1.2."
    roman: bool

    @classmethod
    def read(cls, text: str) -> "Heading":
        m = _SECTION_LABEL.match(text)
        if m and m.group("arabic"):
            label = tuple(int(x) for x in re.split(r"[.,]", m.group("arabic")) if x)
            return cls(text, label, False)
        return cls(text, None, bool(m and m.group("roman")))


def heading_text(row: LogicalRow, cmap: ColumnMap, settings: AssembleSettings = SETTINGS) -> str | None:
    """The heading text when the row is a section heading, else None."""
    if not row.pieces:
        return None
    text = collapse_ws(" ".join(row.pieces))
    if len(text) > settings.heading_max_chars or row_number_value(row.pieces[0]):
        return None
    if row.spanning:
        return text
    first = row.pieces[0]
    numbered = cmap.has("number")
    if len(row.pieces) == 1:
        lone_in_first_column = numbered and row.get("number") == first
        lone_text = row.get("text") == first and not numbered
        lone_numbered_heading = row.get("text") == first and bool(_SECTION_LABEL.match(first))
        if (lone_in_first_column or lone_text or lone_numbered_heading) and _CAPITAL_START.match(
            _SECTION_LABEL.sub("", first) or first
        ) and not first.rstrip().endswith(","):
            return text
        return None
    # a numbered heading an OCR export cut into short pieces across the columns
    rest = row.pieces[1:]
    if _SECTION_LABEL.match(first) and all(
        len(p) <= settings.heading_piece_max_chars and not re.search(r"\d", p) for p in rest
    ) and date_likeness(" ".join(rest)) < 0.5:
        return text
    return None


def nest(path: list[Heading], heading: Heading) -> list[Heading]:
    """The section path after a new heading: an arabic-numbered heading keeps the Roman
    heading above it and the arabic headings whose numbers prefix its own ("1." over
    "1.2."); any other heading starts a new path."""
    if heading.label is None:
        return [heading]
    roman = [h for h in path if h.roman]
    parents = [h for h in path if h.label is not None and len(h.label) < len(heading.label)
               and heading.label[: len(h.label)] == h.label]
    return roman + parents + [heading]


# ---------------------------------------------------------------------------
# Rows -> activities
# ---------------------------------------------------------------------------


def printed_number(text: str) -> str | None:
    text = collapse_ws(text).rstrip(".").strip()
    return text or None


def is_continuation_text(text: str) -> bool:
    return bool(_CONTINUATION_START.match(text))


def has_own_text(text: str) -> bool:
    return bool(_LETTER.search(text))


def has_content(text: str) -> bool:
    """Anything but list bullets and stray marks."""
    return bool(_LETTER_OR_DIGIT.search(text))


def collapse_ocr_repeats(rows: list[LogicalRow], settings: AssembleSettings = SETTINGS) -> dict[int, int]:
    """Rows that repeat growing beginnings of one cell (an OCR export of a multi-line cell):
    a run of continuation rows whose texts are all contained in the full row after them.
    Returns {position of a repeat row: position of its full row}."""
    repeats: dict[int, int] = {}
    i = 0
    while i < len(rows):
        text = rows[i].get("text")
        if not (text and is_continuation_text(text) and len(text) >= settings.repeat_min_chars):
            i += 1
            continue
        run_end = i
        while run_end + 1 < len(rows) and is_continuation_text(rows[run_end + 1].get("text") or "x") \
                and rows[run_end + 1].get("text"):
            run_end += 1
        full = run_end + 1
        if full < len(rows) and full - i <= settings.repeat_window and rows[full].get("text"):
            target = rows[full].get("text")
            run = range(i, full)
            if all(len(target) > len(rows[k].get("text"))
                   and fuzz.partial_ratio(rows[k].get("text"), target) >= settings.repeat_min_score
                   for k in run):
                for k in run:
                    repeats[k] = full
                i = full + 1
                continue
        i = run_end + 1
    return repeats


def assemble(roadmap: Roadmap, settings: AssembleSettings = SETTINGS,
             explain: list[tuple[int, str]] | None = None) -> list[DraftActivity]:
    """Draft activities of one roadmap. ``explain``, when given, receives (row index, why)
    for every row: which rule put it where (``roadmap explain`` prints it)."""
    cmap = roadmap.columns

    def why(row: LogicalRow, reason: str) -> None:
        if explain is not None:
            explain.append((row.index, reason))

    rows = [map_row(rr, cmap, settings) for rr in roadmap.rows]
    restore_dropped_cells(rows, cmap, settings)
    numbered = cmap.has("number") and sum(
        bool(row_number_value(r.get("number"))) for r in rows
    ) >= max(1, len([r for r in rows if r.get("text")]) // 3)

    activities: list[DraftActivity] = []
    path: list[Heading] = []
    current: DraftActivity | None = None
    pending: list[LogicalRow] = []  # rows that go with the activity below them
    repeats = {} if numbered else collapse_ocr_repeats(rows, settings)

    def section() -> str | None:
        return " / ".join(h.text for h in path) if path else None

    def start(row: LogicalRow) -> DraftActivity:
        nonlocal current, pending
        number = printed_number(row.get("number")) if numbered else None
        current = DraftActivity(number, section(), list(path), page=row.source.page, table=roadmap.index)
        activities.append(current)
        for fragment in pending:
            current.rows.append(fragment.index)
        add(current, row)
        for fragment in pending:
            fill_empty(current, fragment)
        pending = []
        return current

    for pos, row in enumerate(rows):
        if pos in repeats:
            why(row, f"OCR repeat of row {rows[repeats[pos]].index}: goes with it")
            pending.append(row)
            continue
        heading = heading_text(row, cmap, settings)
        if heading is not None:
            path = nest(path, Heading.read(repair_broken_words(heading)))
            why(row, f"heading; section is now «{section()}»")
            current = None
            continue
        text = row.get("text")
        if numbered:
            if row_number_value(row.get("number")) or current is None:
                why(row, f"number «{row.get('number')}» starts activity {len(activities) + 1}")
                start(row)
            else:
                why(row, f"no number: continues activity {len(activities)} (row split by a page break)")
                add(current, row)
            continue
        deadline = row.get("deadline")
        if not has_own_text(text):
            # bullets only, or a deadline with no activity text: goes with the row below,
            # unless it only adds to the fields of the row above
            if deadline and date_likeness(deadline) >= settings.deadline_anchor_min or not current:
                why(row, "no activity text: goes with the activity below")
                pending.append(row)
            elif has_own_text(" ".join(row.fields.values())):
                why(row, f"no activity text: adds its cells to activity {len(activities)}")
                add(current, row)
            else:
                why(row, "only bullets or marks: goes with the activity below")
                pending.append(row)
            continue
        if current is None:
            why(row, f"first row after a heading or the header: starts activity {len(activities) + 1}")
            start(row)
        elif deadline:
            second_deadline = bool(current.parts["deadline"]) and \
                date_likeness(deadline) >= settings.deadline_anchor_min
            if not is_continuation_text(text) or closed(current) or second_deadline:
                why(row, f"has a deadline (and its own text, or the activity above has one): starts activity "
                         f"{len(activities) + 1}")
                start(row)
            else:
                why(row, f"text continues the row above (lower-case start): joins activity {len(activities)}")
                add(current, row)
        elif is_continuation_text(text) and closed(current) and deadline_follows(rows, pos):
            why(row, f"after a complete activity, its deadline in the rows below: starts activity "
                     f"{len(activities) + 1} (first words cut off)")
            start(row)
        else:
            why(row, f"no deadline: continues activity {len(activities)}")
            add(current, row)
    if pending and current is not None:
        for fragment in pending:
            current.rows.append(fragment.index)
            fill_empty(current, fragment)
        current.rows.sort()
    return activities


def closed(activity: DraftActivity) -> bool:
    """The activity reads complete: it has a deadline and its text ends a sentence."""
    return bool(activity.parts["deadline"]) and bool(_CLOSED_END.search(activity.field("text")))


def deadline_follows(rows: list[LogicalRow], pos: int) -> bool:
    """Whether the continuation rows after ``pos`` bring a deadline before a new activity
    starts: then the row at ``pos`` opens an activity whose first words OCR cut off."""
    for row in rows[pos + 1:]:
        text = row.get("text")
        if not is_continuation_text(text or "x") or not text:
            return False
        if row.get("deadline"):
            return True
    return False


def add(activity: DraftActivity, row: LogicalRow) -> None:
    activity.rows.append(row.index)
    for name, value in row.fields.items():
        if name != "number" and has_content(value):
            activity.parts[name].append(value)


def fill_empty(activity: DraftActivity, row: LogicalRow) -> None:
    """A fragment row that went with the activity below it fills only fields left empty."""
    for name, value in row.fields.items():
        if name != "number" and has_content(value) and not activity.parts[name]:
            activity.parts[name].append(value)
