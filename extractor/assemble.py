"""Roadmap rows -> draft activities, by an ordered list of named rules.

Takes a located :class:`~extractor.locate.Roadmap`; gives :class:`DraftActivity` objects in
reading order, each with its section, printed number, raw field texts and the rows it was
read from, and (on request) one :class:`RowDecision` per row naming the rule that placed it.
Nothing here knows the file format.

The steps, in order:

1. Map cells to fields by the header's grid columns (:func:`map_row`). A row whose
   activity text the export split over two cells, shifting the others, is put back: with
   more cells than the header has columns, around its deadline cell or, without one, by
   joining the extra cells to the text (:func:`realign_overfull`); with as many cells, when
   the deadline column holds words and a cell right of it the date (:func:`realign_shifted`);
   with one cell fewer, when the cell where the deadline and responsible columns meet holds a
   deadline phrase and bodies, the export lost the separator between them (:func:`realign_short`).
2. Fill vertical merges: a deadline, responsible or result cell merged down over several
   activities is theirs each (:func:`fill_vertical_merges`).
3. Restore dropped cells: a row whose responsible column is empty while the cell before it
   reads as bodies (an export that dropped an empty cell) has that cell moved back
   (:func:`restore_dropped_cells`).
4. Decide whether the table is numbered: enough rows carry a printed number.
5. Find OCR repeat blocks: in unnumbered tables, rows that repeat growing beginnings of the
   next full row (:func:`collapse_ocr_repeats`).
6. Give each row, top to bottom, the decision of the first rule in :data:`ROW_RULES` that
   applies. A decision is one of: the row is a section heading, starts an activity, joins
   the activity above, or goes with the activity below.
7. Carry the decisions out: headings nest into the section path ("1. …" / "1.1. …", joined
   with " / "), rows that go below wait for the next activity and fill only its empty fields.
8. A table the document ends inside (nothing but page furniture after it): a last activity
   that stops mid-phrase (a comma, a dash, a preposition or conjunction last) without the
   deadline and responsible that nearly all others have was cut off by the end; it is left out and its rows listed in ``Roadmap.cut_off_rows`` (flag
   ``table_truncated``); its rows' decisions become ``cut-off last row: …``.

The row rules (step 6), in the order they are tried:

- ``section heading: paragraph between table parts``: a heading paragraph (numbered, bold
  or centred) printed between two parts of the table (see ``locate``).
- ``ocr repeat block``: a row of an OCR repeat block goes with its full row below.
- ``section heading: merged cell``: one cell merged across the table is a heading.
- ``section heading: lone cell``: a row whose only filled cell is the number column, or the
  activity column of an unnumbered table, or an activity cell opening with "1."/"I.", or a
  labelled title in the table's first column (a deadline-first table), and reads as a
  heading (capitalised, no trailing comma, no date).
- ``section heading: cut into pieces``: a numbered heading an OCR export cut into short
  pieces across the columns.
- ``section heading: numbered heading row``: a Roman label ("I.") in the number column, or
  an arabic one whose next numbered row lies below it ("2." over "2.1."), beside a title,
  every other cell empty.
- ``section heading: lone activity cell``: in a numbered table, a capitalised title alone
  in the activity column, under a row that does not stop mid-phrase, not first after a
  page break and not opening with an abbreviation (those are rests of page-split rows).
- ``numbered: number starts an activity``: in a numbered table a printed number opens one.
- ``continuation: page break split the row``: in a numbered table a row without a number
  continues the activity above.
- ``no text: deadline for the row below``: a row with a deadline but no activity text
  (or with nothing above it) goes with the activity below.
- ``no text: cells for the row above``: a row without activity text but with other words
  adds them to the activity above.
- ``no text: bullets for the row below``: a row of bullets or stray marks goes below.
- ``first row of a section``: the first row after the header or a heading opens an activity.
- ``continuation: page break split the cells``: in an unnumbered table, the first row after a
  page break whose deadline opens with a genitive month after a deadline ending in a day, or
  whose result or indicator opens in lower case after one above, is the rest of the row above.
- ``deadline starts an activity``: a row with its own deadline and text opens one, unless…
- ``continuation: lower-case text``: …its text continues the row above (lower-case start)
  and the activity above is still open.
- ``cut-off start: deadline below``: after a complete activity, a lower-case row whose
  deadline comes in the rows below opens an activity whose first words OCR cut off.
- ``continuation: no deadline``: any other row continues the activity above.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from rapidfuzz import fuzz

from .document import Cell
from .locate import ColumnMap, Roadmap, RoadmapRow, row_number_value
from .normalizers.dates import deadline_likeness
from .normalizers.body_rules import PERSON
from .normalizers.lexicon import MONTH_BY_GENITIVE
from .normalizers.repair import mend_roman_labels, repair_broken_words
from .normalizers.text import collapse_ws, join_lines, join_parts
from .parsers.text import deadline_phrases, flat_vocabulary, opens_bodies  # the words flattened rows are cut by


@dataclass(frozen=True)
class AssembleSettings:
    """Thresholds of row assembly, each a named setting."""

    repeat_min_chars: int = 20  # a shorter fragment is never taken for an OCR repeat
    repeat_min_score: float = 92.0  # rapidfuzz partial_ratio for "contained in the next row"
    repeat_window: int = 8  # how many rows ahead an OCR repeat may find its full row
    heading_max_chars: int = 250  # a longer row is content, never a section heading
    heading_piece_max_chars: int = 40  # pieces of a cut heading are this short at most
    heading_piece_max_date_likeness: float = 0.5  # pieces this date-like are a deadline, no heading
    deadline_anchor_min: float = 0.5  # how date-like a cell must be to anchor a broken row
    drifted_body_min_known: float = 0.8  # share of a drifted cell's words the table uses for bodies
    drifted_body_max_date_likeness: float = 0.3  # a drifted cell this date-like is a deadline, no body
    shifted_deadline_max_date_likeness: float = 0.2  # a deadline cell this word-like was shifted there
    numbered_rows_divisor: int = 3  # numbered table: at least one in N rows with text has a number
    cut_off_min_complete_share: float = 0.8  # share of the other activities with deadline and responsible


SETTINGS = AssembleSettings()

FIELDS = ("number", "text", "deadline", "responsible", "indicator", "result")

_SECTION_LABEL = re.compile(r"^\s*(?:(?P<arabic>\d{1,2}(?:[.,]\d{1,2})*)[.,]?|(?P<roman>[IVXLC]{1,6})\.)\s*(?=[А-ЯЁA-Z«\"])")
_CAPITAL_START = re.compile(r"^[А-ЯЁA-Z]")  # a heading never opens with a quotation
_CONTINUATION_START = re.compile(r"^(?:[а-яёa-z]|[-–—•·/,;:)]|\(\s*[а-яё])")
_CLOSED_END = re.compile(r"[.!?]\s*[»\"]?\s*$")
_LETTER = re.compile(r"[А-Яа-яЁёA-Za-z]")
_ROMAN_LABEL = re.compile(r"^[IVXLC]{1,6}\.?$")
# a text that stops mid-phrase: a comma or dash, or a preposition or conjunction last
_HANGING_END = re.compile(r"(?:[,;:(\-–—]|\b(?:в|во|и|или|на|по|для|с|со|к|о|об|от|из|за|при|до|а|но|как|"
                          r"также|между|через|без|над|под|их|его|её|ее))\s*$", re.IGNORECASE)
_LETTER_OR_DIGIT = re.compile(r"[А-Яа-яЁёA-Za-z0-9]")

def date_likeness(text: str) -> float:
    """Share of the cell's characters that are date words, dates and years (0…1), as the deadline
    grammar's tokens read them: used only to find the deadline among drifted cells."""
    return deadline_likeness(text)



@dataclass
class LogicalRow:
    source: RoadmapRow
    fields: dict[str, str]
    spanning: bool  # one cell merged across the table
    pieces: list[str]  # non-empty cell texts in order, for headings
    lines: dict[str, str] = field(default_factory=dict)  # fields with their cells' line breaks kept

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

    def field_lines(self, name: str) -> str:
        """The field with the line breaks of its cells kept, each part of a split row on lines
        of its own: where a cell's lines break tells the body resolver where bodies end."""
        kept: list[str] = []
        for part in self.parts[name]:
            if collapse_ws(part) and (not kept or collapse_ws(kept[-1]) != collapse_ws(part)):
                kept.append(part)
        return join_lines("\n".join(kept).split("\n"))

    @property
    def continued(self) -> bool:
        return len(self.rows) > 1


def cell_text(cell: Cell) -> str:
    return collapse_ws(join_lines(cell.text.split("\n")))


def cell_lines(cell: Cell) -> str:
    """The cell's text with its line breaks kept, each line's spaces collapsed."""
    return "\n".join(collapse_ws(line) for line in join_lines(cell.text.split("\n")).split("\n"))


# ---------------------------------------------------------------------------
# Steps 1-2: cells -> fields
# ---------------------------------------------------------------------------


def map_row(rr: RoadmapRow, cmap: ColumnMap, settings: AssembleSettings = SETTINGS) -> LogicalRow:
    """Cells -> fields by the header's grid columns, with broken rows mapped back."""
    cells = [c for c in rr.row.cells]
    texts = [cell_text(c) for c in cells]
    pieces = [t for t in texts if t]
    width = cmap.width
    spanning = len(pieces) == 1 and any(c.col_span >= max(width, 2) and cell_text(c) for c in cells)
    beyond = any(c.col >= width and cell_text(c) for c in cells)
    lines: dict[str, str] = {}
    if beyond:
        fields = realign_overfull(texts, cmap, settings)
    else:
        parts: dict[str, list[str]] = {}
        line_parts: dict[str, list[str]] = {}
        for cell, text in zip(cells, texts):
            role = cmap.role_at(cell.col)
            if role and text:
                parts.setdefault(role, []).append(text)
                line_parts.setdefault(role, []).append(cell_lines(cell))
        fields = {k: join_parts(v) for k, v in parts.items()}
        lines = {k: "\n".join(v) for k, v in line_parts.items()}
        if all(c.col == i and c.col_span == 1 for i, c in enumerate(cells)):
            shifted = realign_shifted(texts, cmap, settings) or realign_short(texts, cmap)
            if shifted is not None:
                fields, lines = shifted, {}  # the cells' line breaks belong to the unshifted reading
    return LogicalRow(rr, fields, spanning, pieces, lines)


def _map_around(texts: list[str], roles: list[str], anchor: int, extra: int) -> dict[str, str]:
    """Fields of a row whose deadline stands in cell ``anchor``, ``extra`` cells right of its
    column: the extra cells before it are pieces of the activity text (or, when the text is
    not left of the deadline, of the field left of it); cells after it fill the fields after
    the deadline, the last field taking any surplus."""
    d = roles.index("deadline")
    split = roles.index("text") if "text" in roles[:d] else max(d - 1, 0)
    parts: dict[str, list[str]] = {}
    for i, text in enumerate(texts):
        if i <= split:
            role = roles[i]
        elif i <= split + extra and i < anchor:
            role = roles[split]
        elif i < anchor:
            role = roles[i - extra]
        elif i == anchor:
            role = "deadline"
        else:
            role = roles[min(d + (i - anchor), len(roles) - 1)]
        if text:
            parts.setdefault(role, []).append(text)
    return {k: join_parts(v) for k, v in parts.items()}


def realign_overfull(texts: list[str], cmap: ColumnMap, settings: AssembleSettings) -> dict[str, str]:
    """A row with more cells than header columns: the export split a cell (mostly the
    activity text) in two and shifted the cells after it. The deadline cell anchors the
    mapping; without a date-like cell the extra cells are taken for pieces of the text."""
    roles = [c.role for c in sorted(cmap.columns, key=lambda c: c.col)]
    extra = len(texts) - len(roles)
    if "deadline" in roles:
        d = roles.index("deadline")
        candidates = range(d, min(d + extra, len(texts) - 1) + 1)
        scored = [(date_likeness(texts[i]), i) for i in candidates]
        best, anchor = max(scored, key=lambda x: (x[0], -x[1]))
        if best >= settings.deadline_anchor_min:
            return _map_around(texts, roles, anchor, anchor - d)
    if "text" in roles:
        t = roles.index("text")
        shifted = roles[: t + 1] + [roles[t]] * extra + roles[t + 1:]
    else:
        shifted = roles + [roles[-1]] * extra
    parts: dict[str, list[str]] = {}
    for role, text in zip(shifted, texts):
        if text:
            parts.setdefault(role, []).append(text)
    return {k: join_parts(v) for k, v in parts.items()}


def realign_shifted(texts: list[str], cmap: ColumnMap, settings: AssembleSettings) -> dict[str, str] | None:
    """A row with as many cells as header columns whose deadline column holds words while a
    cell right of it holds the date: the export split the activity text over two cells and
    dropped an empty cell at the end. None when the row reads straight."""
    roles = [c.role for c in sorted(cmap.columns, key=lambda c: c.col)]
    if len(texts) != len(roles) or "deadline" not in roles or "text" not in roles[: roles.index("deadline")]:
        return None
    d = roles.index("deadline")
    if not texts[d] or date_likeness(texts[d]) >= settings.shifted_deadline_max_date_likeness:
        return None
    later = [i for i in range(d + 1, len(texts)) if date_likeness(texts[i]) >= settings.deadline_anchor_min]
    if not later or any(not texts[i] for i in range(roles.index("text"), later[0])):
        return None
    return _map_around(texts, roles, later[0], later[0] - d)


# a row number glued to the activity text it opens ("6 Проведение …", "2.1. Анализ …")
_NUMBER_GLUED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*\.?)\s+([А-ЯЁ«\"].*)$", re.S)
_PERSON_START = re.compile("^" + PERSON)


def realign_short(texts: list[str], cmap: ColumnMap) -> dict[str, str] | None:
    """A row one cell short of the header (or with its last cell empty) whose first cell holds
    the row number and the activity text ("6 Проведение семинара"): they are cut apart. Or one
    whose deadline and responsible columns stand side by side, and whose cell where the first
    of them should be reads as both: a deadline phrase and bodies ("сентябрь-октябрь Петрова
    А.А., …", "МАУ ИМЦ январь - март 2025"). The export lost the separator between them; the
    cell is cut there and the cells after it move one column right. None when the row reads
    straight."""
    roles = [c.role for c in sorted(cmap.columns, key=lambda c: c.col)]
    texts = list(texts)
    while len(texts) >= len(roles) and not texts[-1]:
        texts.pop()  # a rendering that kept the row's width has an empty last cell
    if len(texts) != len(roles) - 1:
        return None
    # (a heading "1. Кадры" alone in the number column has no other cells)
    glued = _NUMBER_GLUED.match(texts[0]) if texts and roles[0] == "number" and any(texts[1:]) else None
    if glued:  # the number and the activity text lost their separator ("6 Проведение …")
        cells = [glued.group(1), glued.group(2)] + texts[1:]
        return {role: text for role, text in zip(roles, cells) if text}
    if "deadline" not in roles or "responsible" not in roles:
        return None
    d, r = roles.index("deadline"), roles.index("responsible")
    at = min(d, r)  # the cell that holds both
    if abs(d - r) != 1 or not texts[at] or any(not texts[i] for i in range(at + 1, len(texts))):
        return None
    tokens = texts[at].split()
    vocabulary = flat_vocabulary()
    phrases = deadline_phrases(tokens, vocabulary)
    if d < r:  # the deadline opens the cell, the bodies follow it
        # after the deadline phrase any word for bodies opens them, in lower case too ("… г. управление образования")
        cut = next((b for a, b in phrases if a == 0 and b < len(tokens) and (
            opens_bodies(tokens[b], vocabulary, any_abbreviation=True) or tokens[b].lower() in vocabulary.body_heads
            or _PERSON_START.match(" ".join(tokens[b:b + 2])))), None)
    else:  # the bodies open it, the deadline ends it
        a, b = phrases[-1] if phrases else (0, 0)
        cut = a if b == len(tokens) and 0 < a and opens_bodies(tokens[0], vocabulary, any_abbreviation=True) else None
    if cut is None:
        return None
    cells = texts[:at] + [" ".join(tokens[:cut]), " ".join(tokens[cut:])] + texts[at + 1:]
    return {role: text for role, text in zip(roles, cells) if text}


# fields a cell merged down over several activities gives to each of them ("one deadline,
# one responsible for items 3-5"); a text or number cell merged down is one activity's
_SHARED_FIELDS = ("deadline", "responsible", "indicator", "result")


def fill_vertical_merges(rows: list[LogicalRow], cmap: ColumnMap) -> None:
    """A cell merged down over the rows below it (given once, on its top row) fills the same
    field of each row it covers that opens an activity of its own (has its own text) and
    leaves that field empty; continuation rows of a split activity get nothing."""
    for i, row in enumerate(rows):
        for cell in row.source.row.cells:
            role = cmap.role_at(cell.col)
            if cell.row_span <= 1 or role not in _SHARED_FIELDS or not row.get(role):
                continue
            for below in rows[i + 1:i + cell.row_span]:
                if below.source.chunk != row.source.chunk or not below.get("text") or below.get(role):
                    continue
                below.fields[role] = row.fields[role]
                if role in row.lines:
                    below.lines[role] = row.lines[role]


def restore_dropped_cells(rows: list[LogicalRow], cmap: ColumnMap, settings: AssembleSettings = SETTINGS) -> None:
    """Rows whose responsible column is empty while the column left of it holds words that
    this table uses only for bodies: an export dropped an empty cell and the row drifted
    left. The vocabulary is the table's own responsible cells."""
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
        if known >= settings.drifted_body_min_known and \
                date_likeness(row.get(left)) < settings.drifted_body_max_date_likeness:
            row.fields["responsible"] = row.fields.pop(left)


def _words(text: str) -> list[str]:
    return re.findall(r"[а-яёa-z]+", text.lower())


def is_numbered(rows: list[LogicalRow], cmap: ColumnMap, settings: AssembleSettings = SETTINGS) -> bool:
    """Step 3: the table has a number column and enough of its rows carry a printed number
    (a number column left empty, or used for headings only, is not numbering)."""
    with_text = len([r for r in rows if r.get("text")])
    return cmap.has("number") and sum(
        bool(row_number_value(r.get("number"))) for r in rows
    ) >= max(1, with_text // settings.numbered_rows_divisor)


# ---------------------------------------------------------------------------
# Step 4: OCR repeat blocks
# ---------------------------------------------------------------------------


def printed_number(text: str) -> str | None:
    """The number as printed without its trailing dot, or the bracket of "1)"."""
    text = collapse_ws(text)
    text = (text[:-1] if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*\s*\)", text) else text.rstrip(".")).strip()
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
# Step 5: row rules
# ---------------------------------------------------------------------------

HEADING, START, JOIN, BELOW, DROP = "heading", "start", "join", "below", "drop"  # what a decision does
CUT_OFF_RULE = "cut-off last row: the document ends inside it"


@dataclass(frozen=True)
class RowDecision:
    """What one rule decided for one row: ``action`` is one of HEADING, START, JOIN, BELOW, DROP."""

    row: int  # the row's index in the roadmap (source.rows)
    rule: str
    action: str
    detail: str  # the decision in words, with the activity or section it concerns


@dataclass
class Verdict:
    action: str
    detail: str
    heading: str | None = None


@dataclass
class Context:
    """What the rules see besides the row itself: the table, the row's place, and the
    activity being built above it."""

    rows: list[LogicalRow]
    pos: int
    cmap: ColumnMap
    numbered: bool
    repeats: dict[int, int]
    current: DraftActivity | None  # the open activity above (None after a heading)
    count: int  # activities so far
    settings: AssembleSettings

    @property
    def next_seq(self) -> int:
        return self.count + 1


def _heading_candidate(row: LogicalRow, ctx: Context) -> str | None:
    """The row's text when it may be a heading at all: short, not opened by an item number."""
    if not row.pieces:
        return None
    text = collapse_ws(" ".join(row.pieces))
    if len(text) > ctx.settings.heading_max_chars or row_number_value(row.pieces[0]):
        return None
    return text


def _heading(text: str) -> Verdict:
    return Verdict(HEADING, "section heading", text)


def heading_paragraph(row: LogicalRow, ctx: Context) -> Verdict | None:
    """A heading printed as a paragraph between two parts of the table heads the rows after it."""
    return _heading(row.pieces[0]) if row.source.paragraph and row.pieces else None


def ocr_repeat_block(row: LogicalRow, ctx: Context) -> Verdict | None:
    """An OCR export repeated growing beginnings of one cell as rows of their own."""
    if ctx.pos in ctx.repeats:
        return Verdict(BELOW, f"repeats the start of row {ctx.rows[ctx.repeats[ctx.pos]].index}: goes with it")
    return None


def heading_merged_cell(row: LogicalRow, ctx: Context) -> Verdict | None:
    """Exports write a section heading as one cell merged across the table."""
    text = _heading_candidate(row, ctx)
    return _heading(text) if text is not None and row.spanning else None


def heading_lone_cell(row: LogicalRow, ctx: Context) -> Verdict | None:
    """A heading often fills one cell only: the number column, or the activity column."""
    text = _heading_candidate(row, ctx)
    if text is None or len(row.pieces) != 1:
        return None
    first = row.pieces[0]
    # the number column of a numbered table, the activity column of an unnumbered one, or
    # any activity cell that opens with a section label ("1.", "I."); and it reads as a
    # title: capitalised after its label, not a clause cut at a comma
    numbered_columns = ctx.cmap.has("number")
    lone_in_first_column = numbered_columns and row.get("number") == first
    lone_text = row.get("text") == first and not numbered_columns
    lone_numbered_heading = row.get("text") == first and bool(_SECTION_LABEL.match(first))
    # a labelled title alone in the table's first column, whatever that column holds ("1.1.
    # Нормативная база" in the deadline column of a table that opens with the deadline)
    first_role = min(ctx.cmap.columns, key=lambda c: c.col).role if ctx.cmap.columns else None
    lone_labelled_first = first_role is not None and row.get(first_role) == first and bool(
        _SECTION_LABEL.match(first)) and date_likeness(first) < ctx.settings.heading_piece_max_date_likeness
    if (lone_in_first_column or lone_text or lone_numbered_heading or lone_labelled_first) and _CAPITAL_START.match(
        _SECTION_LABEL.sub("", first) or first
    ) and not first.rstrip().endswith(","):
        return _heading(text)
    return None


def heading_cut_into_pieces(row: LogicalRow, ctx: Context) -> Verdict | None:
    """An OCR export cut a numbered heading into short word pieces across the columns."""
    text = _heading_candidate(row, ctx)
    if text is None or len(row.pieces) < 2:
        return None
    first, rest = row.pieces[0], row.pieces[1:]
    if _SECTION_LABEL.match(first) and all(
        len(p) <= ctx.settings.heading_piece_max_chars and not re.search(r"\d", p) for p in rest
    ) and date_likeness(" ".join(rest)) < ctx.settings.heading_piece_max_date_likeness:
        return _heading(text)
    return None


def heading_numbered_row(row: LogicalRow, ctx: Context) -> Verdict | None:
    """A section label in the number column ("I.", or "2." over items "2.1") with a title beside it."""
    number, text = row.get("number"), row.get("text")
    if not (number and text) or set(row.fields) - {"number", "text"} or len(row.pieces) != 2:
        return None
    if len(text) > ctx.settings.heading_max_chars or not _CAPITAL_START.match(text) or text.endswith(","):
        return None
    if _ROMAN_LABEL.match(number):
        return _heading(f"{number} {text}")
    label = row_number_value(number)
    following = next((v for r in ctx.rows[ctx.pos + 1:] if (v := row_number_value(r.get("number")))), None)
    if label and following and len(following) > len(label) and following[: len(label)] == label:
        return _heading(f"{number} {text}")
    return None


def _after_page_break(row: LogicalRow, ctx: Context) -> bool:
    """The row above came from another page or another part of the table."""
    above = ctx.rows[ctx.pos - 1].source if ctx.pos else None
    return above is not None and (above.chunk, above.page) != (row.source.chunk, row.source.page)


def heading_lone_text_in_numbered_table(row: LogicalRow, ctx: Context) -> Verdict | None:
    """An unnumbered title alone in the activity column of a numbered table, under a finished row."""
    text = _heading_candidate(row, ctx)
    if text is None or not ctx.numbered or set(row.fields) != {"text"} or len(row.pieces) != 1:
        return None
    if not _CAPITAL_START.match(text) or text.endswith((",", ";", ":", "-", "–")):
        return None
    if ctx.current is not None and _HANGING_END.search(ctx.current.field("text")):
        return None  # the row above stops mid-phrase: this is its rest after a page break
    if _after_page_break(row, ctx):
        return None  # first row after a page break: more likely the rest of the row above
    if re.match(r"^[А-ЯЁA-Z]{2,}\b", text):
        return None  # opens with an abbreviation, as the rest of a body's name does
    return _heading(text)


def numbered_number_starts(row: LogicalRow, ctx: Context) -> Verdict | None:
    """In a numbered table the printed number is what opens an activity."""
    if ctx.numbered and (row_number_value(row.get("number")) or ctx.current is None):
        return Verdict(START, f"number «{row.get('number')}» starts activity {ctx.next_seq}")
    return None


def numbered_page_split(row: LogicalRow, ctx: Context) -> Verdict | None:
    """In a numbered table a row without a number is the rest of a row a page break split."""
    if ctx.numbered:
        return Verdict(JOIN, f"no number: continues activity {ctx.count} (row split by a page break)")
    return None


def _deadline_like(row: LogicalRow, ctx: Context) -> bool:
    deadline = row.get("deadline")
    return bool(deadline) and date_likeness(deadline) >= ctx.settings.deadline_anchor_min


def no_text_deadline_below(row: LogicalRow, ctx: Context) -> Verdict | None:
    """OCR prints a deadline line above the text it belongs to; or nothing above takes it."""
    if not has_own_text(row.get("text")) and (_deadline_like(row, ctx) or not ctx.current):
        return Verdict(BELOW, "no activity text: goes with the activity below")
    return None


def no_text_cells_above(row: LogicalRow, ctx: Context) -> Verdict | None:
    """Words in other columns only (a responsible or result line) finish the row above."""
    if not has_own_text(row.get("text")) and has_own_text(" ".join(row.fields.values())):
        return Verdict(JOIN, f"no activity text: adds its cells to activity {ctx.count}")
    return None


def no_text_bullets_below(row: LogicalRow, ctx: Context) -> Verdict | None:
    """List bullets and stray marks printed before the text they mark."""
    if not has_own_text(row.get("text")):
        return Verdict(BELOW, "only bullets or marks: goes with the activity below")
    return None


def first_row_of_section(row: LogicalRow, ctx: Context) -> Verdict | None:
    """Nothing is open above (the header or a heading): the row opens an activity."""
    if ctx.current is None:
        return Verdict(START, f"first row after a heading or the header: starts activity {ctx.next_seq}")
    return None


def lower_case_continuation(row: LogicalRow, ctx: Context) -> Verdict | None:
    """Lower-case text continues the sentence of an activity still open above it."""
    if not row.get("deadline"):
        return None
    second_deadline = bool(ctx.current.parts["deadline"]) and _deadline_like(row, ctx)
    if is_continuation_text(row.get("text")) and not closed(ctx.current) and not second_deadline:
        return Verdict(JOIN, f"text continues the row above (lower-case start): joins activity {ctx.count}")
    return None


def page_split_cells(row: LogicalRow, ctx: Context) -> Verdict | None:
    """The first row after a page break whose cells go on from the row above is its rest."""
    # unnumbered tables: a deadline that opens with a month in the genitive after one that ends
    # in a day ("20–21" / "ноября 2025 г."), a result or indicator that opens in lower case
    # after one above ("Количество" / "участников ярмарки …")
    if ctx.numbered or ctx.current is None or not _after_page_break(row, ctx):
        return None
    deadline, deadline_above = row.get("deadline"), ctx.current.field("deadline")
    first_word = deadline.split()[0].lower() if deadline else ""
    split_date = bool(re.search(r"\d\s*$", deadline_above)) and first_word in MONTH_BY_GENITIVE
    split_result = any(row.get(f)[:1].islower() and ctx.current.field(f) for f in ("result", "indicator"))
    if split_date or split_result:
        return Verdict(JOIN, f"first row after a page break continues the cells of activity {ctx.count}")
    return None


def deadline_starts(row: LogicalRow, ctx: Context) -> Verdict | None:
    """In an unnumbered table a row with its own text and deadline is an activity."""
    if row.get("deadline"):
        return Verdict(START, f"has a deadline (and its own text, or the activity above has one): "
                              f"starts activity {ctx.next_seq}")
    return None


def cut_off_start(row: LogicalRow, ctx: Context) -> Verdict | None:
    """OCR cut an activity's first words: lower-case rows that bring a deadline after a closed one."""
    if is_continuation_text(row.get("text")) and closed(ctx.current) and deadline_follows(ctx.rows, ctx.pos):
        return Verdict(START, f"after a complete activity, its deadline in the rows below: starts activity "
                              f"{ctx.next_seq} (first words cut off)")
    return None


def no_deadline_continues(row: LogicalRow, ctx: Context) -> Verdict | None:
    """Text without a deadline in an unnumbered table is the next line of the row above."""
    return Verdict(JOIN, f"no deadline: continues activity {ctx.count}")


Rule = Callable[[LogicalRow, Context], "Verdict | None"]

ROW_RULES: tuple[tuple[str, Rule], ...] = (
    ("section heading: paragraph between table parts", heading_paragraph),
    ("ocr repeat block", ocr_repeat_block),
    ("section heading: merged cell", heading_merged_cell),
    ("section heading: lone cell", heading_lone_cell),
    ("section heading: cut into pieces", heading_cut_into_pieces),
    ("section heading: numbered heading row", heading_numbered_row),
    ("section heading: lone activity cell", heading_lone_text_in_numbered_table),
    ("numbered: number starts an activity", numbered_number_starts),
    ("continuation: page break split the row", numbered_page_split),
    ("no text: deadline for the row below", no_text_deadline_below),
    ("no text: cells for the row above", no_text_cells_above),
    ("no text: bullets for the row below", no_text_bullets_below),
    ("first row of a section", first_row_of_section),
    ("continuation: lower-case text", lower_case_continuation),
    ("continuation: page break split the cells", page_split_cells),
    ("deadline starts an activity", deadline_starts),
    ("cut-off start: deadline below", cut_off_start),
    ("continuation: no deadline", no_deadline_continues),
)


def decide(row: LogicalRow, ctx: Context) -> tuple[str, Verdict]:
    """The first rule that applies to the row, and its verdict."""
    for name, rule in ROW_RULES:
        verdict = rule(row, ctx)
        if verdict is not None:
            return name, verdict
    raise AssertionError("the last rule applies to every row")


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


# ---------------------------------------------------------------------------
# Step 6: decisions -> activities
# ---------------------------------------------------------------------------


def assemble(roadmap: Roadmap, settings: AssembleSettings = SETTINGS,
             trace: list[RowDecision] | None = None) -> list[DraftActivity]:
    """Draft activities of one roadmap. ``trace``, when given, receives the decision of
    every row: which rule put it where (``roadmap explain`` shows them)."""
    cmap = roadmap.columns
    rows = [map_row(rr, cmap, settings) for rr in roadmap.rows]
    fill_vertical_merges(rows, cmap)
    restore_dropped_cells(rows, cmap, settings)
    numbered = is_numbered(rows, cmap, settings)
    repeats = {} if numbered else collapse_ocr_repeats(rows, settings)

    activities: list[DraftActivity] = []
    path: list[Heading] = []
    current: DraftActivity | None = None
    pending: list[LogicalRow] = []  # rows that go with the activity below them

    for pos, row in enumerate(rows):
        ctx = Context(rows, pos, cmap, numbered, repeats, current, len(activities), settings)
        name, verdict = decide(row, ctx)
        detail = verdict.detail
        if verdict.action == HEADING:
            path = nest(path, Heading.read(repair_broken_words(verdict.heading)))
            detail = f"heading; section is now «{_section(path)}»"
            current = None
        elif verdict.action == START:
            number = printed_number(row.get("number")) if numbered else None
            current = DraftActivity(number, _section(path), list(path), page=row.source.page,
                                    table=roadmap.index)
            activities.append(current)
            current.rows.extend(fragment.index for fragment in pending)
            add(current, row)
            for fragment in pending:
                fill_empty(current, fragment)
            pending = []
        elif verdict.action == JOIN:
            add(current, row)
        else:
            pending.append(row)
        if trace is not None:
            trace.append(RowDecision(row.index, name, verdict.action, detail))
    if pending and current is not None:
        for fragment in pending:
            current.rows.append(fragment.index)
            fill_empty(current, fragment)
        current.rows.sort()
    mend_roman_sections(activities)
    if roadmap.ends_document and is_cut_off(activities, cmap, settings):
        last = activities.pop()
        roadmap.cut_off_rows = list(last.rows)
        if trace is not None:
            detail = "the document ends inside this row: no activity (flag table_truncated)"
            trace[:] = [RowDecision(d.row, CUT_OFF_RULE, DROP, detail) if d.row in last.rows and d.action != HEADING
                        else d for d in trace]
    return activities


def is_cut_off(activities: list[DraftActivity], cmap: ColumnMap, settings: AssembleSettings = SETTINGS) -> bool:
    """Step 7, for a table the document ends inside: its last activity stops mid-phrase and
    lacks every field the table's other activities nearly all fill (deadline, responsible),
    so the end cut it off. A last row that reads complete ("Итоговое совещание") is kept."""
    needed = [name for name in ("deadline", "responsible") if cmap.has(name)]
    if len(activities) < 2 or not needed or any(activities[-1].parts[name] for name in needed):
        return False
    if not _HANGING_END.search(activities[-1].field("text")):
        return False
    others = activities[:-1]
    complete = sum(all(a.parts[name] for name in needed) for a in others)
    return complete >= settings.cut_off_min_complete_share * len(others)


def mend_roman_sections(activities: list[DraftActivity]) -> None:
    """Top-level section labels OCR read as look-alikes of Roman numerals ("П.", "Ш.", "ГУ.")
    are written as the numerals they are (:func:`mend_roman_labels`)."""
    tops: list[str] = []
    for a in activities:
        if a.headings and a.headings[0].text not in tops:
            tops.append(a.headings[0].text)
    mended = mend_roman_labels(tops)
    if not mended:
        return
    for a in activities:
        if a.headings and a.headings[0].text in mended:
            a.headings = [Heading(mended[a.headings[0].text], None, True), *a.headings[1:]]
            a.section = _section(a.headings)


def _section(path: list[Heading]) -> str | None:
    return " / ".join(h.text for h in path) if path else None


def add(activity: DraftActivity, row: LogicalRow) -> None:
    activity.rows.append(row.index)
    for name, value in row.fields.items():
        if name != "number" and has_content(value):
            activity.parts[name].append(row.lines.get(name, value))


def fill_empty(activity: DraftActivity, row: LogicalRow) -> None:
    """A fragment row that went with the activity below it fills only fields left empty."""
    for name, value in row.fields.items():
        if name != "number" and has_content(value) and not activity.parts[name]:
            activity.parts[name].append(row.lines.get(name, value))
