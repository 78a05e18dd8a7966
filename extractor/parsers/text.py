"""Text exports (.txt, .md) -> Document.

The forms read are those in which orders reach us as text:

- paragraphs separated by blank lines, ``**bold**`` marking bold text (it may span lines);
- tables as tab-separated lines, one row a line;
- markdown pipe tables, with ``|---|`` separator rows (the row above one is a header row),
  empty header rows that markdown needs and the document never had, and inline HTML in
  cells (``<p>``, ``<br>``, ``<ul><li>``);
- ASCII box tables: ``|``-delimited lines between rule lines (``+----+----+``,
  ``|----+----|``, or rules opening with ``/`` or ``\\``; once a table has such a rule,
  ``|----|----|`` and ``|====|====|`` lines are rules too). A row is every line between two
  rules; the pieces of one column over those lines are the lines of its cell;
- cell-per-line exports: each cell on its own line(s) ending with ``|``; a lone ``|`` ends
  a cell written on the lines above it, and a run of pipes (``||||``, ``| |||``) ends a
  row. A column-number row "1 2 3 … n" right after the header cells gives the width
  (the cells before it are the header rows: two of them when one group cell spans the
  trailing sub-headings), else the width is the count of header cells before the first
  row number or row end. In a table with a number column, a lone heading cell followed by
  a row number is a section row.

In box tables and cell-per-line exports a row with fewer cells than the table has columns
spans its last cell to the right edge, as the document drew it (section rows, short rows).
Like tab tables they mark no header rows, except the header cells before a column-number
row; table location finds a header by its words. A cell's lines are joined as the other
parsers join them (:func:`extractor.normalizers.text.join_lines`): with "\\n", hyphenation
at line ends undone, the words of the whole export telling "учеб-/ного" from
"учебно-/методического".

A blank line inside a table is where the export had a page break: the rows after it start
a new :class:`Table` chunk, and table location joins the chunks of one roadmap. Text
exports have no pages, so every block is on one page numbered None.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

import charset_normalizer

from ..document import Block, Cell, Document, Page, Paragraph, Row, Table
from ..errors import InputError
from ..normalizers.text import Vocabulary, collapse_ws, html_cell_lines, join_lines, strip_markdown_emphasis


@dataclass(frozen=True)
class TextSettings:
    """Thresholds of reading the cell-per-line form; each a named setting so QA can tune it."""

    cell_export_min_lines: int = 4  # a text block with fewer lines ending in "|" holds no table
    first_cell_max_lines: int = 3  # lines above a leading lone "|" taken as the first header cell
    first_cell_line_max_chars: int = 15  # ... each at most this long ("№", "п/п")
    column_number_scan_cells: int = 40  # how far into the cells a "1 2 3 … n" row may start
    column_number_min_count: int = 3  # a shorter run of "1 2 …" is no column-number row
    subheading_max_chars: int = 12  # a two-level header's sub-headings ("2021", "Всего") are short
    # encodings charset-normalizer may name for a file without BOM that is not UTF-8
    encodings: tuple[str, ...] = ("ascii", "utf_8", "cp1251", "koi8_r")


SETTINGS = TextSettings()

# Every line test below is linear in the line's length: a regex that can retry a run of
# dashes or pipes from each of its positions ("^[-…]*[-][-…]*$", "^(.*?)(\\s*\\|)+$") takes
# minutes on a 100 kB line of dashes or of " |" pairs, and one odd export would stall a batch.
# a cell of a markdown separator row ("---", ":--:")
_SEPARATOR_CELL = re.compile(r"\s*:?-+:?\s*")
# a row of dashes only ("---\t--\t--"): a markdown artefact, not content
_DASH_CELL = re.compile(r"^[-–—:=\s]*$")
# a rule line is drawn with these characters only, at least one of them a dash or "="
_RULE_CHARS = frozenset("-–—=:+|/\\ \t")
_RULE_STROKES = frozenset("-–—=")
_ROW_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*|[IVXLC]+)\.?$")
_NUMBER_COLUMN_HEADER = re.compile(r"^(?:N|№|NN)(?:\s|$)|п/п")


# A byte-order mark names its encoding; UTF-32's marks begin with UTF-16's, so they come first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_text(path: Path, settings: TextSettings = SETTINGS) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}", kind="unreadable") from None
    return decode_text(data, path, settings).replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, path: Path, settings: TextSettings = SETTINGS) -> str:
    """The text of an export: a byte-order mark decides, then strict UTF-8 (which other
    encodings of Russian text never pass), then charset-normalizer's detection, which tells
    CP1251 from KOI8-R by the letters' frequencies. Anything else is not read."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"damaged text: its {encoding} byte-order mark is followed by "
                                       f"bytes that are not {encoding} (at byte {exc.start})",
                                 kind="encoding") from None
    if b"\x00" in data:
        raise InputError(path, "binary data, not a text export (NUL bytes without a UTF-16 byte-order mark)",
                         kind="unsupported")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(path, "binary data, not text in any encoding", kind="unsupported")
    if best.encoding not in settings.encodings:
        raise InputError(path, f"text in an encoding that is not read ({best.encoding}); exports are read "
                               "in UTF-8, UTF-16 with a byte-order mark, CP1251 or KOI8-R", kind="encoding")
    return str(best)


def is_rule_line(stripped: str) -> bool:
    chars = set(stripped)
    return len(stripped) >= 3 and chars <= _RULE_CHARS and bool(chars & _RULE_STROKES)


def is_separator_row(stripped: str) -> bool:
    """A markdown ``|---|:--:|`` row: every cell between the pipes dashes, colons at most."""
    body = stripped[1:] if stripped.startswith("|") else stripped
    body = body[:-1] if body.endswith("|") else body
    return bool(body) and all(_SEPARATOR_CELL.fullmatch(cell) for cell in body.split("|"))


def split_trailing_pipes(stripped: str) -> tuple[str, int] | None:
    """A cell-per-line line -> (its text, the count of pipes in the run that ends it), or
    None when the line does not end with a pipe. The run is the longest tail of pipes and
    spaces, found by one scan from the end."""
    if not stripped.endswith("|"):
        return None
    start = len(stripped)
    while start > 0 and (stripped[start - 1] == "|" or stripped[start - 1].isspace()):
        start -= 1
    return stripped[:start], stripped.count("|", start)


def line_kind(line: str) -> str:
    """blank, tab (a tab-separated row), separator (markdown ``|---|``), rule (a box table's
    ``+----+`` or ``/----\\`` rule), pipe (a ``|``-delimited row), pipes (nothing but pipes:
    an empty markdown row or a cell-per-line row end) or text."""
    stripped = line.strip()
    if not stripped:
        return "blank"
    if "\t" in line:
        return "tab"
    if set(stripped) == {"|"}:
        return "pipes"
    if stripped.startswith("|") and stripped.endswith("|") and is_separator_row(stripped):
        return "separator"
    if is_rule_line(stripped) and ("+" in stripped or stripped[0] in "/\\"):
        return "rule"
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) >= 2:
        return "pipe"
    return "text"


def split_pipe_row(line: str) -> list[str]:
    s = line.strip().replace("\\|", "\x00")
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") else s
    return [c.replace("\x00", "|") for c in s.split("|")]


def clean_cell(raw: str) -> str:
    return strip_markdown_emphasis(html_cell_lines(raw))


def tab_rows(lines: list[str]) -> list[list[str]]:
    rows = []
    for line in lines:
        cells = [clean_cell(c) for c in line.split("\t")]
        if all(_DASH_CELL.match(c) for c in cells):
            continue  # empty row or a row of dashes
        rows.append(cells)
    return rows


def pipe_rows(lines: list[str]) -> tuple[list[list[str]], int]:
    """Rows of one markdown table chunk and how many of them lead as header rows."""
    rows: list[list[str]] = []
    header_rows = 0
    for i, line in enumerate(lines):
        if line_kind(line) == "separator":
            continue
        cells = [clean_cell(c) for c in split_pipe_row(line)]
        if all(not c.strip() for c in cells):
            continue  # the empty header row markdown needs before a separator
        followed_by_separator = i + 1 < len(lines) and line_kind(lines[i + 1]) == "separator"
        if followed_by_separator and header_rows == len(rows):
            header_rows += 1
        rows.append(cells)
    return rows, header_rows


def join_cell_lines(lines: list[str], vocabulary: Vocabulary) -> str:
    return join_lines([clean_cell(line) for line in lines], vocabulary)


def grid_width(rows: list[Row]) -> int:
    return max((c.col + c.col_span for r in rows for c in r.cells), default=0)


def row_spanning_to_edge(texts: list[str], n_cols: int, *, is_header: bool = False) -> Row:
    """A row of a box or cell-per-line table: a short row's last cell spans to the right edge."""
    cells = [Cell(t, i) for i, t in enumerate(texts)]
    if cells:
        cells[-1].col_span = max(1, n_cols - len(cells) + 1)
    return Row(cells, is_header=is_header)


# ---------------------------------------------------------------------------
# ASCII box tables
# ---------------------------------------------------------------------------


def box_cells(row_lines: list[list[str]], vocabulary: Vocabulary) -> list[str]:
    """One box row's text lines, each split on "|" -> its cell texts, column by column."""
    width = max(len(pieces) for pieces in row_lines)
    return [
        join_cell_lines([pieces[i] for pieces in row_lines if i < len(pieces)], vocabulary)
        for i in range(width)
    ]


def box_table(lines: list[str], vocabulary: Vocabulary) -> Table | None:
    """One chunk of a box table: a row is the lines between two rule lines."""
    rows: list[list[str]] = []
    row_lines: list[list[str]] = []

    def close_row() -> None:
        if row_lines:
            cells = box_cells(row_lines, vocabulary)
            if any(cells):
                rows.append(cells)
            row_lines.clear()

    for line in lines:
        if is_rule_line(line.strip()):
            close_row()
        else:
            row_lines.append(split_pipe_row(line))
    close_row()
    if not rows:
        return None
    n_cols = max(len(r) for r in rows)
    return Table([row_spanning_to_edge(r, n_cols) for r in rows], n_cols)


# ---------------------------------------------------------------------------
# Cell-per-line exports
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowEnd:
    """A run of pipes that ends a row; ``pipes`` leaves out the pipe that ended a cell on
    the same line, so after a full row the cell's pipe and these count the row's cells."""

    pipes: int


CellToken = Union[str, RowEnd]  # a cell's text, or a row end


def cell_tokens(lines: list[str], vocabulary: Vocabulary) -> list[CellToken]:
    """Lines -> cells and row ends. "text |" ends a cell; lines without a trailing pipe are
    lines of the cell that the next pipe ends; a lone "|" ends such a cell (or is an empty
    cell); further pipes in the run end the row."""
    tokens: list[CellToken] = []
    pending: list[str] = []
    for line in lines:
        split = split_trailing_pipes(line.strip())
        if split is None:
            pending.append(line.strip())
            continue
        text, pipes = split[0].strip(), split[1]
        if text or pending or pipes == 1:
            tokens.append(join_cell_lines(pending + [text], vocabulary))
            pending = []
            pipes -= 1
        if pipes:
            tokens.append(RowEnd(pipes))
    if pending:
        tokens.append(join_cell_lines(pending, vocabulary))
    return tokens


def is_row_number(text: str) -> bool:
    return bool(_ROW_NUMBER.match(text.strip()))


def column_number_run(cells: list[str], settings: TextSettings = SETTINGS) -> tuple[int, int]:
    """Where a "1 2 3 … n" column-number row starts among the first cells, and n (0 if none)."""
    for start in range(min(len(cells), settings.column_number_scan_cells)):
        n = 0
        while start + n < len(cells) and cells[start + n].strip() == str(n + 1):
            n += 1
        if n >= settings.column_number_min_count:
            return start, n
    return 0, 0


def width_from_header_cells(tokens: list[CellToken]) -> int:
    """Columns of a cell-per-line table without a column-number row: the cells before the
    first row number or row end. A row end whose pipes do not count the cells before it
    closed a section heading written after the header, which is no header cell."""
    count = 0
    for token in tokens:
        if isinstance(token, RowEnd):
            return count if count == token.pipes + 1 else max(count - 1, 1)
        if count >= 2 and is_row_number(token):
            return count
        count += 1
    return max(count, 1)


def header_rows_over(cells: list[str], width: int, settings: TextSettings = SETTINGS) -> list[Row]:
    """The header cells before a column-number row as header rows. One cell more than there
    are columns is a two-level header: a group cell ("В том числе по годам") over the
    trailing short sub-headings, the cells before it spanning both rows."""
    subheadings = 0
    while subheadings < len(cells) - 1 and len(cells[-1 - subheadings]) <= settings.subheading_max_chars:
        subheadings += 1
    group = len(cells) - subheadings - 1  # index of the group cell
    if len(cells) != width + 1 or subheadings < 2 or group < 1:
        return [row_spanning_to_edge(cells, width, is_header=True)] if cells else []
    upper = [Cell(t, i, row_span=2) for i, t in enumerate(cells[:group])]
    upper.append(Cell(cells[group], group, col_span=subheadings))
    lower = [Cell(t, group + i) for i, t in enumerate(cells[group + 1:])]
    return [Row(upper, is_header=True), Row(lower, is_header=True)]


def header_over_column_numbers(tokens: list[CellToken], settings: TextSettings = SETTINGS
                               ) -> tuple[list[Row], int, list[CellToken]]:
    """When a "1 2 3 … n" row follows the first cells: the header rows (those cells, then the
    number row), n, and the tokens after the number row; else ([], 0, tokens)."""
    cell_at = [i for i, t in enumerate(tokens) if isinstance(t, str)]
    cells = [tokens[i] for i in cell_at]
    numbers_at, width = column_number_run(cells, settings)
    if not width:
        return [], 0, tokens
    numbers = cells[numbers_at:numbers_at + width]
    rows = header_rows_over(cells[:numbers_at], width, settings)
    rows.append(Row([Cell(t, i) for i, t in enumerate(numbers)], is_header=True))
    return rows, width, tokens[cell_at[numbers_at + width - 1] + 1:]


def opens_number_column(first_cell: str) -> bool:
    """Whether a table's first cell heads a number column ("№", "№ п/п", empty) or is a number."""
    text = first_cell.strip()
    return not text or bool(_NUMBER_COLUMN_HEADER.search(text)) or is_row_number(text)


def cell_export_table(lines: list[str], vocabulary: Vocabulary, settings: TextSettings = SETTINGS) -> Table | None:
    """One chunk of a cell-per-line table: cells fill rows of the table's width; a row end
    closes a row early, and so does, with a number column, a row number after a lone heading."""
    tokens = cell_tokens(lines, vocabulary)
    first_cell = next((t for t in tokens if isinstance(t, str)), None)
    if first_cell is None:
        return None
    rows, width, body = header_over_column_numbers(tokens, settings)
    width = width or width_from_header_cells(tokens)
    numbered = opens_number_column(first_cell)
    current: list[str] = []

    def close_row() -> None:
        if current:
            rows.append(row_spanning_to_edge(current, width))
            current.clear()

    for token in body:
        if isinstance(token, RowEnd):
            close_row()
            continue
        lone_heading = bool(rows) and len(current) == 1 and not is_row_number(current[0])
        if numbered and lone_heading and is_row_number(token):
            close_row()
        current.append(token)
        if len(current) == width:
            close_row()
    close_row()
    return Table(rows, grid_width(rows)) if rows else None


def split_cell_export(lines: list[str], settings: TextSettings = SETTINGS) -> tuple[list[str], list[str]] | None:
    """A text block that holds a cell-per-line table -> (the text lines above it, its lines)."""
    cell_lines = [i for i, line in enumerate(lines) if line.strip().endswith("|")]
    if len(cell_lines) < settings.cell_export_min_lines:
        return None
    start = first = cell_lines[0]
    if line_kind(lines[first]) == "pipes":
        # a lone "|" ends a first cell written on the short lines above it ("№" / "п/п")
        while (start > 0 and first - start < settings.first_cell_max_lines
               and len(lines[start - 1].strip()) <= settings.first_cell_line_max_chars):
            start -= 1
    return lines[:start], lines[start:]


# ---------------------------------------------------------------------------
# Paragraphs and the whole export
# ---------------------------------------------------------------------------


def paragraph_from_lines(lines: list[str]) -> Paragraph | None:
    joined = "\n".join(line.strip() for line in lines)
    bold = joined.startswith("**") and joined.endswith("**") and len(joined) > 4
    text = "\n".join(x for x in (collapse_ws(line) for line in strip_markdown_emphasis(joined).split("\n")) if x)
    return Paragraph(text, bold=bold) if text else None


_GROUP_OF_KIND = {"text": "text", "pipes": "text", "tab": "tab",
                  "pipe": "pipe", "separator": "pipe", "rule": "pipe"}


def line_groups(text: str) -> Iterator[tuple[str, list[str]]]:
    """Runs of non-blank lines of one kind: ("text" | "tab" | "pipe", lines). A line of
    pipes alone is an empty row inside a markdown table, elsewhere a cell-per-line row end."""
    group: list[str] = []
    group_kind: str | None = None
    for line in text.split("\n"):
        kind = line_kind(line)
        if kind == "blank":
            if group:
                yield group_kind, group
            group, group_kind = [], None
            continue
        kind = "pipe" if kind == "pipes" and group_kind == "pipe" else _GROUP_OF_KIND[kind]
        if kind != group_kind and group:
            yield group_kind, group
            group = []
        group_kind = kind
        group.append(line)
    if group:
        yield group_kind, group


def group_blocks(kind: str, lines: list[str], vocabulary: Vocabulary) -> list[Block]:
    if kind == "tab":
        rows = tab_rows(lines)
        return [Table.from_texts(rows)] if rows else []
    if kind == "pipe":
        if any(line_kind(line) == "rule" for line in lines):
            table = box_table(lines, vocabulary)
            return [table] if table else []
        rows, headers = pipe_rows(lines)
        return [Table.from_texts(rows, header_rows=headers)] if rows else []
    text_lines, table = lines, None
    split = split_cell_export(lines)
    if split:
        text_lines, table_lines = split
        table = cell_export_table(table_lines, vocabulary)
    paragraph = paragraph_from_lines(text_lines) if text_lines else None
    return [b for b in (paragraph, table) if b]


def parse_text(text: str, path: Path, fmt: str) -> Document:
    vocabulary = Vocabulary()
    vocabulary.add_lines(text.split("\n"))
    blocks = [b for kind, lines in line_groups(text) for b in group_blocks(kind, lines, vocabulary)]
    return Document(str(path), fmt, [Page(None, blocks)], page_count=None)


def parse(path: Path) -> Document:
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    return parse_text(read_text(path), path, fmt)
