"""Find the roadmap table(s) of a Document and map their columns to fields.

Takes the parsed :class:`~extractor.document.Document`; gives :class:`Roadmap` objects: the
column map read from the header row (fuzzy match of header cells against the synonyms in
``data/header_synonyms.tsv``, any column order) and the body rows of every chunk of that
roadmap, in reading order, numbered as the contract's ``source.rows`` counts them.

Chunks of one roadmap — a table cut by page breaks, or an export that wrote it as several
tables — are joined: a chunk continues the roadmap when it repeats the header, or follows it
with nothing but page furniture in between, or continues its numbering. Repeated header
rows and column-number rows ("1 2 3 4 5") are dropped.

Every body row is also tried as a repeated header, so a header cell's match is computed once
per distinct text (cached) and without regular expressions.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz

from .document import Cell, Document, Paragraph, Row, Table
from .normalizers.lexicon import USER_SYNONYMS_ENV, header_synonyms, normalize_header


@dataclass(frozen=True)
class LocateSettings:
    """Thresholds of table location; each is a named setting so QA can see and tune it."""

    header_min_score: float = 80.0  # rapidfuzz ratio (0-100) for a header cell to name a field
    header_scan_rows: int = 6  # how far into a table the header row may lie
    header_max_cell_chars: int = 80  # a longer cell is content, never a header
    furniture_max_chars: int = 120  # paragraphs this short between chunks do not break a roadmap
    column_number_row_min_cells: int = 3  # "1 2 3" under the header numbers columns; "1 2" may be data
    heading_paragraph_max_chars: int = 250  # a paragraph between table parts this short may be a heading


SETTINGS = LocateSettings()
# a printed activity number: "1", "1.", "1.2.", "1)" (the dot or bracket after it is no part of it)
_ROW_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\s*[.)]?\s*$")


def header_role(text: str, settings: LocateSettings = SETTINGS) -> tuple[str | None, float]:
    """The field a header cell names, and the match score."""
    if len(text) > settings.header_max_cell_chars:
        return None, 0.0
    return _match_header(normalize_header(text), settings, os.environ.get(USER_SYNONYMS_ENV))


@lru_cache(maxsize=8192)
def _match_header(query: str, settings: LocateSettings, user_synonyms: str | None) -> tuple[str | None, float]:
    """Best synonym of a normalized header text, once per distinct text (and user synonym
    file): every body row is tried as a repeated header, and most cells repeat across pages
    and formats."""
    if not query:
        return None, 0.0
    padded = f" {query} "
    best_role, best = None, 0.0
    for role, synonym in header_synonyms():
        score = fuzz.ratio(query, synonym)
        # a header that carries a synonym plus a qualifier ("Сроки (месяц, год)"); the
        # normalized texts hold single spaces only, so a padded substring is a whole-word match
        if score < settings.header_min_score and f" {synonym} " in padded:
            score = max(score, settings.header_min_score + 5 * len(synonym) / max(len(query), 1))
        if score > best:
            best_role, best = role, score
    if best < settings.header_min_score:
        return None, best
    return best_role, best


@dataclass
class Column:
    role: str
    col: int
    span: int
    header: str


@dataclass
class ColumnMap:
    columns: list[Column]
    # grid columns whose header names no field ("Источник финансирования", "Примечание"):
    # they belong to the table, so their cells are left out rather than taken for cells an
    # export split off the field beside them
    ignored: list[int] = field(default_factory=list)

    @property
    def roles(self) -> list[str]:
        return [c.role for c in self.columns]

    @property
    def width(self) -> int:
        return max([c.col + c.span for c in self.columns] + [c + 1 for c in self.ignored], default=0)

    def role_at(self, grid_col: int) -> str | None:
        for c in self.columns:
            if c.col <= grid_col < c.col + c.span:
                return c.role
        return None

    def has(self, role: str) -> bool:
        return role in self.roles


def match_header_row(row: Row, settings: LocateSettings = SETTINGS) -> ColumnMap | None:
    """A ColumnMap when the row is a roadmap header row: it names an activity column and a
    deadline or responsible column, and no field twice."""
    columns: list[Column] = []
    ignored: list[int] = []
    for cell in row.cells:
        if not cell.text.strip():
            continue
        if len(cell.text) > settings.header_max_cell_chars:
            return None  # content, not a header
        role, _ = header_role(cell.text, settings)
        if role is not None:
            columns.append(Column(role, cell.col, cell.col_span, cell.text))
        else:  # an unrecognised short header ("Примечание"): its column is left out
            ignored.extend(range(cell.col, cell.col + cell.col_span))
    roles = [c.role for c in columns]
    if "text" not in roles or not ({"deadline", "responsible"} & set(roles)):
        return None
    # the second of two "result"-like columns is the result, the first the indicator
    if roles.count("indicator") == 2 and "result" not in roles:
        columns[[i for i, r in enumerate(roles) if r == "indicator"][1]].role = "result"
    if roles.count("result") == 2 and "indicator" not in roles:
        columns[roles.index("result")].role = "indicator"
    roles = [c.role for c in columns]
    if len(set(roles)) != len(roles):
        return None
    # a table with one indicator-like column puts it in `indicator`, whatever its header
    if "result" in roles and "indicator" not in roles:
        columns[roles.index("result")].role = "indicator"
    return ColumnMap(columns, ignored)


def is_column_number_row(row: Row, settings: LocateSettings = SETTINGS) -> bool:
    """A row "1 2 3 4 5" that numbers the columns under the header, printed on every page."""
    texts = [c.text.strip() for c in row.cells if c.text.strip()]
    return len(texts) >= settings.column_number_row_min_cells and texts == [str(i) for i in range(1, len(texts) + 1)]


def row_number_value(text: str) -> tuple[int, ...] | None:
    m = _ROW_NUMBER.match(text)
    return tuple(int(x) for x in m.group(1).split(".")) if m else None


@dataclass
class RoadmapRow:
    """A body row of a roadmap, where it was read."""

    row: Row
    index: int  # 1-based among the roadmap's non-empty rows, header rows left out
    page: int | None
    chunk: int  # 0 for the first chunk, then 1, 2 … after each table or page break
    # a heading printed as a paragraph between two parts of the table: one cell merged
    # across the table; it counts as no row (``index`` repeats the row above it)
    paragraph: bool = False


@dataclass
class Roadmap:
    index: int  # 1-based roadmap table index in the document
    columns: ColumnMap
    rows: list[RoadmapRow] = field(default_factory=list)
    chunks: int = 0
    ends_document: bool = False  # nothing but page furniture follows its last row
    cut_off_rows: list[int] = field(default_factory=list)  # set by assemble: a last row the end cut off


def find_header(table: Table, settings: LocateSettings = SETTINGS) -> tuple[int, ColumnMap] | None:
    for i, row in enumerate(table.rows[: settings.header_scan_rows]):
        cmap = match_header_row(row, settings)
        if cmap is not None:
            return i, cmap
    return None


def _first_number(table: Table, cmap: ColumnMap) -> tuple[int, ...] | None:
    if not cmap.has("number"):
        return None
    col = next(c for c in cmap.columns if c.role == "number")
    for row in table.rows:
        for cell in row.cells:
            if cell.col == col.col:
                value = row_number_value(cell.text)
                if value:
                    return value
    return None


def _last_number(roadmap: Roadmap) -> tuple[int, ...] | None:
    if not roadmap.columns.has("number"):
        return None
    col = next(c for c in roadmap.columns.columns if c.role == "number")
    for rr in reversed(roadmap.rows):
        for cell in rr.row.cells:
            if cell.col == col.col:
                value = row_number_value(cell.text)
                if value:
                    return value
    return None


def numbering_continues(prev: tuple[int, ...] | None, nxt: tuple[int, ...] | None) -> bool:
    """Whether ``nxt`` may be the number right after ``prev`` in a hierarchical numbering:
    one level goes up by one, the levels above it stay, and every level below it, however
    many the next item has, starts again at 1 (10 -> 11, 1.3 -> 1.4, 1.3 -> 2, 1.3 -> 2.1,
    1.2.8 -> 2.1.1, 4 -> 5.1.1); or ``nxt`` is the first item below ``prev`` (1 -> 1.1)."""
    if not prev or not nxt:
        return False
    if len(nxt) > len(prev) and nxt[: len(prev)] == prev and all(x == 1 for x in nxt[len(prev):]):
        return True  # "1." then its first item "1.1."
    for cut in range(len(prev), 0, -1):
        bumped = prev[: cut - 1] + (prev[cut - 1] + 1,)
        tail = nxt[len(bumped):]
        if nxt[: len(bumped)] == bumped and all(x == 1 for x in tail):
            return True
    return False


_HEADING_PARAGRAPH = re.compile(
    r"^(?:(?:Раздел|РАЗДЕЛ|Направление|Блок|Глава)\s+(?:\d{1,2}|[IVXLC]{1,6})\b"
    r"|(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,6})\.\s*[А-ЯЁ«\"])"
)
_FURNITURE_WORDS = re.compile(r"продолжение|страниц|стр\.|^\W*\d+\W*$", re.IGNORECASE)


def is_page_furniture(text: str) -> bool:
    """Page numbers and "Продолжение …" lines that pages repeat around a table."""
    return not re.search(r"[А-Яа-яЁёA-Za-z]", text) or bool(_FURNITURE_WORDS.search(" ".join(text.split())))


def is_heading_paragraph(paragraph: Paragraph, settings: LocateSettings = SETTINGS) -> bool:
    """A paragraph between two parts of a roadmap that heads the rows after it: numbered
    ("2. …", "II. …", "Раздел 3 …"), or bold or centred, and not page furniture
    ("Продолжение приложения", page numbers)."""
    text = " ".join(paragraph.text.split())
    if not text or len(text) > settings.heading_paragraph_max_chars or _FURNITURE_WORDS.search(text):
        return False
    if not re.match(r"^[А-ЯЁA-Z0-9«\"]", text) or text.endswith((",", ":", ";")):
        return False
    return bool(_HEADING_PARAGRAPH.match(text)) or paragraph.bold or paragraph.align == "center"


def _add_heading_paragraphs(roadmap: Roadmap, paragraphs: list[Paragraph], settings: LocateSettings) -> None:
    count = roadmap.rows[-1].index if roadmap.rows else 0
    for p in paragraphs:
        if is_heading_paragraph(p, settings):
            row = Row([Cell(" ".join(p.text.split()), 0, col_span=max(roadmap.columns.width, 2))], page=p.page)
            roadmap.rows.append(RoadmapRow(row, count, p.page, roadmap.chunks, paragraph=True))


def on_header_grid(table: Table, cmap: ColumnMap) -> Table:
    """A part of the table without a header, on the grid of the header's part: where the
    header's grid has more columns than the header has cells (a row there that an export split
    widened one column), a part with one grid column per header cell has its cells moved to
    the header's columns."""
    starts = sorted([c.col for c in cmap.columns] + list(cmap.ignored))
    if table.n_cols != len(starts) or cmap.width == len(starts):
        return table
    rows = [replace(row, cells=[replace(c, col=starts[c.col]) for c in row.cells if c.col < len(starts)])
            for row in table.rows]
    return replace(table, rows=rows, n_cols=cmap.width)


def _add_rows(roadmap: Roadmap, table: Table, start: int, header: ColumnMap | None,
              settings: LocateSettings = SETTINGS) -> None:
    count = roadmap.rows[-1].index if roadmap.rows else 0
    for row in table.rows[start:]:
        if row.is_empty() or is_column_number_row(row, settings):
            continue
        if row.is_header or (header is not None and match_header_row(row, settings) is not None):
            continue  # a header row repeated on a new page
        count += 1
        roadmap.rows.append(RoadmapRow(row, count, row.page if row.page is not None else table.page,
                                       roadmap.chunks))
    roadmap.chunks += 1


def locate_roadmaps(document: Document, settings: LocateSettings = SETTINGS) -> list[Roadmap]:
    """Every roadmap table of the document, chunks joined, in reading order."""
    roadmaps: list[Roadmap] = []
    current: Roadmap | None = None
    text_since_table = 0  # characters of substantive paragraphs since the last roadmap chunk
    between: list[Paragraph] = []  # short paragraphs since the last chunk: headings or furniture
    at_end = False  # nothing but page furniture since the last roadmap chunk
    for block in document.blocks():
        if isinstance(block, Paragraph):
            if len(block.text) > settings.furniture_max_chars:
                text_since_table += len(block.text)
            else:
                between.append(block)
            at_end = at_end and is_page_furniture(block.text)
            continue
        since, between = between, []
        at_end = False
        found = find_header(block, settings)
        if found is not None:
            _, cmap = found
            same_columns = current is not None and current.columns.roles == cmap.roles
            restarts = _first_number(block, cmap) == (1,) and _last_number(current) is not None \
                if current is not None else True
            if current is not None and same_columns and not (restarts and text_since_table):
                # the header repeated on a new page; rows above it are that page's headings
                _add_heading_paragraphs(current, since, settings)
                _add_rows(current, block, 0, cmap, settings)
            else:
                current = Roadmap(len(roadmaps) + 1, cmap)
                roadmaps.append(current)
                _add_rows(current, block, 0, cmap, settings)
            text_since_table = 0
            at_end = True
            continue
        if current is None:
            continue
        follows = text_since_table == 0
        if follows or numbering_continues(_last_number(current), _first_number(block, current.columns)):
            _add_heading_paragraphs(current, since if follows else [], settings)
            _add_rows(current, on_header_grid(block, current.columns), 0, current.columns, settings)
            text_since_table = 0
            at_end = True
    if current is not None:
        current.ends_document = at_end
    return roadmaps


def first_table(document: Document, roadmap: Roadmap) -> Table | None:
    """The parsed table that holds the roadmap's first row read from a table (a heading may come
    first from a paragraph printed between the header and the table's next part)."""
    rows = {id(r.row) for r in roadmap.rows}
    return next((b for b in document.blocks() if isinstance(b, Table) and any(id(row) in rows for row in b.rows)),
                None)
