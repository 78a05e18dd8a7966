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
  row, as does a blank line (exports that write each row as a paragraph). A run of pipes
  after a cell's own pipe counts the other cells of the row; one on a line of its own
  counts them all. A column-number row "1 2 3 … n" right after the header cells gives the
  width (the cells before it are the header rows: two of them when one group cell spans
  the trailing sub-headings), else the width is the count of header cells before the first
  row number or row end. In a table with a number column, a lone heading cell followed by
  a row number is a section row;
- flattened rows: a roadmap whose cell separators were lost, one row a line of text after
  a header line that names the columns (number, activity, deadline, responsible). The
  cells are told apart by the words of deadlines and of responsible bodies, by the named
  rules of the "Flattened rows" section below; runs of spaces, where the export kept them,
  are the cells.

Plain-ASCII stand-ins are read as what they stand for: "N", "NN", "No" as "№" (the cell
keeps what the export wrote), straight quotes and "-" for dashes need nothing of their own.

In box tables and cell-per-line exports a row with fewer cells than the table has columns
spans its last cell to the right edge, as the document drew it (section rows, short rows).
Like tab tables they mark no header rows, except the header cells before a column-number
row; table location finds a header by its words. A cell's lines are joined as the other
parsers join them (:func:`extractor.normalizers.text.join_lines`): with "\\n", hyphenation
at line ends undone, the words of the whole export telling "учеб-/ного" from
"учебно-/методического".

A blank line inside a tab, pipe or box table is where the export had a page break: the rows
after it start a new :class:`Table` chunk, and table location joins the chunks of one
roadmap. Text exports have no pages, so every block is on one page numbered None.

A table that the text ends inside (the document was cut off in the middle of a row: a cell
with no closing pipe, a row short of cells or with no rule under it, a flattened row with
neither deadline nor bodies) is kept with the rows read and marked ``truncated``; whether
its last row is an activity is row assembly's decision.
"""
from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Union

import charset_normalizer

from ..document import Block, Cell, Document, Page, Paragraph, Row, Table
from ..errors import InputError
from ..normalizers.body_tokens import load_lexicon
from ..normalizers.lexicon import (
    DEADLINE_WORDS, MONTH_BY_FORM, USER_ABBREVIATIONS_ENV, USER_SYNONYMS_ENV, header_synonyms, normalize_header,
)
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
    flat_header_max_words: int = 16  # a longer line is no flattened table's header line
    flat_header_max_lines: int = 6  # a header naming its columns one a line has no more lines
    flat_heading_max_chars: int = 150  # a longer unnumbered line ends a flattened table
    flat_text_min_words: int = 2  # bodies found without a deadline start after this many text words
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
_NUMBER_COLUMN_HEADER = re.compile(r"^(?:N|№|NN|No\.?)(?:\s|$)|п/п")
# a line that goes on from the line above: it opens in lower case ("п/п |")
_CONTINUES_LINE_ABOVE = re.compile(r"^[а-яё]")


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
    unruled_last_row = bool(row_lines)  # no rule closed it: the text may end inside it
    close_row()
    if not rows:
        return None
    n_cols = max(len(r) for r in rows)
    return Table([row_spanning_to_edge(r, n_cols) for r in rows], n_cols, truncated=unruled_last_row)


# ---------------------------------------------------------------------------
# Cell-per-line exports
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowEnd:
    """A run of pipes, or a blank line, that ends a row. ``pipes`` leaves out the pipe that
    ended a cell on the same line, so after a full row the cell's pipe and these count the
    row's cells; a run on a line of its own (``own_line``) counts them alone. A blank line
    has no pipes (``pipes`` 0)."""

    pipes: int
    own_line: bool = False

    def counts(self, cells: int) -> bool:
        """Whether this run of pipes counts ``cells`` cells before it (a blank line counts any)."""
        return not self.pipes or cells == self.pipes + (0 if self.own_line else 1)


CellToken = Union[str, RowEnd]  # a cell's text, or a row end


def cell_tokens(lines: list[str], vocabulary: Vocabulary) -> tuple[list[CellToken], bool]:
    """Lines -> cells and row ends, and whether the lines end inside a cell (its last lines
    have no closing pipe: the text was cut off). "text |" ends a cell; lines without a
    trailing pipe are lines of the cell that the next pipe ends; a lone "|" ends such a cell
    (or is an empty cell); further pipes in the run end the row, except that a line of n
    pipes under n lines without any makes each of them a cell. An empty line (a blank
    line of the export, see :func:`join_cell_export_groups`) ends the cell and the row."""
    tokens: list[CellToken] = []
    pending: list[str] = []
    for line in lines:
        if not line.strip():
            if pending:
                tokens.append(join_cell_lines(pending, vocabulary))
                pending = []
            tokens.append(RowEnd(0, own_line=True))
            continue
        split = split_trailing_pipes(line.strip())
        if split is None:
            pending.append(line.strip())
            continue
        text, pipes = split[0].strip(), split[1]
        if not text and 1 < pipes == len(pending):
            # a line of n pipes under n lines without any: one cell a line ("№" / "Мероприятие"
            # / "Срок" / "Ответственный" / "||||"), and the row ends
            tokens.extend(join_cell_lines([cell], vocabulary) for cell in pending)
            tokens.append(RowEnd(pipes, own_line=True))
            pending = []
            continue
        ends_cell = bool(text or pending or pipes == 1)
        if ends_cell:
            tokens.append(join_cell_lines(pending + [text], vocabulary))
            pending = []
            pipes -= 1
        if pipes:
            tokens.append(RowEnd(pipes, own_line=not ends_cell))
    if pending:
        tokens.append(join_cell_lines(pending, vocabulary))
    return tokens, bool(pending)


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
    closed a section heading written after the header ("1. Организационное обеспечение |"),
    which is no header cell; after a cell that names a column it is the export's fixed row end."""
    count = 0
    last = ""
    for token in tokens:
        if isinstance(token, RowEnd):
            if token.counts(count) or header_phrase_columns(last.strip()) is not None:
                return count  # a column's name: an export may end every row with a fixed run of pipes
            return max(count - 1, 1)
        if count >= 2 and is_row_number(token):
            return count
        count += 1
        last = token
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
    closes a row early, and so does, with a number column, a row number after a lone heading.
    The table is ``truncated`` when its lines end inside a cell or inside a row that no row
    end closed and that has fewer cells than the table has columns."""
    tokens, cut_in_cell = cell_tokens(lines, vocabulary)
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
    row_left_open = bool(current)
    close_row()
    if not rows:
        return None
    return Table(rows, grid_width(rows), truncated=cut_in_cell or row_left_open)


def split_cell_export(lines: list[str], settings: TextSettings = SETTINGS) -> tuple[list[str], list[str]] | None:
    """A text block that holds a cell-per-line table -> (the text lines above it, its lines)."""
    cell_lines = [i for i, line in enumerate(lines) if line.strip().endswith("|")]
    if len(cell_lines) < settings.cell_export_min_lines:
        return None
    start = first = cell_lines[0]
    header_pipes = lines[first].count("|")
    if line_kind(lines[first]) == "pipes" and 1 < header_pipes <= first:
        # a line of n pipes closes the n header cells written on the lines above it
        start = first - header_pipes
    elif line_kind(lines[first]) == "pipes" or _CONTINUES_LINE_ABOVE.match(lines[first].strip()):
        # a lone "|" ends a first cell written on the short lines above it ("№" / "п/п"),
        # and so does a line that reads as the end of such a cell ("№" / "п/п |")
        while (start > 0 and first - start < settings.first_cell_max_lines
               and len(lines[start - 1].strip()) <= settings.first_cell_line_max_chars):
            start -= 1
    return lines[:start], lines[start:]


# ---------------------------------------------------------------------------
# Flattened rows: a roadmap whose cell separators were lost
# ---------------------------------------------------------------------------
#
# A converter that drops a table's cell separators writes each row as one line of text
# ("1.1. Проведение семинара для учителей октябрь 2023 Отдел образования"), sometimes with
# runs of spaces where the cells were. Such rows are read only after a line that names a
# roadmap's columns (the header synonyms), and only when the columns besides the number
# and the activity are the deadline and the responsible: those two are told apart from the
# activity text by their vocabulary. The rules, by name, in the order they are tried on a
# row line (see :func:`split_flat_row`):
#
#   spaced_cells         the line splits at runs of spaces into exactly the columns left
#                        after the row number: those are the cells
#   deadline_then_bodies (deadline column before the responsible one) the last deadline
#                        phrase that is followed by the start of a body, or ends the line
#   bodies_then_deadline (responsible before deadline) a deadline phrase that ends the
#                        line; the bodies start at the first body word before it
#   bodies_only          no deadline phrase: the bodies start at a capitalised body word
#                        (or legal form) after the first words of the text
#   text_only            neither: the whole line is the activity text (a row the end of
#                        the document cut off, or a section heading)
#
# A deadline phrase is a run of deadline words (month names, dates, years, quarters,
# "в течение года", "ежегодно", "до …", "по графику") that holds at least one word that is
# a deadline by itself (an anchor); a body starts at a body head, people word or post of
# data/body_words.tsv, a legal form, or an abbreviation.

# a year ("2023", "2023г", "2023-2024", "2023/2024гг") or a date ("01.10.2023", "01.10.23г")
_YEAR_OR_DATE = re.compile(r"^(?:\d{4}(?:[/-]\d{2,4})?|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}))(?:г|гг)?$")
_DAY_OR_INDEX = re.compile(r"^\d{1,2}$")  # "15 октября", "1 квартал"
_DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_SPLIT = re.compile("[%s]" % _DASH_CHARS)
_WORD_EDGE_MARKS = ".,;:()«»\"'„“”!?"
_SPACED_GAP = re.compile(r"\s{2,}")
_TOKEN = re.compile(r"\S+")
_CYRILLIC_CAPS = re.compile(r"^[А-ЯЁ]{2,}$")
# a flattened row's number: "1", "1.", "1.1.", "IV." (not a date or a year that opens a line)
_FLAT_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\.?$")
# plain-ASCII stand-ins for "№" in number-column headers
_ASCII_NUMBER_SIGNS = frozenset({"n", "nn", "no"})
# words that never end a deadline phrase: the phrase goes on after them or they belong to
# the next cell ("октябрь – ноябрь", "в течение года и …")
_DEADLINE_JOINTS = frozenset({"и", "а", "или", "по", "до", "с", "со", "в", "во", "на", "к", "не", "-"})


@dataclass(frozen=True)
class FlatVocabulary:
    """The words that tell a flattened row's cells apart, read from the data files."""

    anchors: frozenset[str]  # a deadline by itself: months, quarters, "ежегодно", "течение"
    leads: frozenset[str]  # may open a deadline phrase before its anchor: "до", "в", "с"
    links: frozenset[str]  # may stand inside one: "года", "учебного", "реализации"
    header_phrases: dict[tuple[str, ...], str]  # header words (normalised) -> column role
    body_groups: frozenset[str]  # people words that open a body in any case: "руководители"
    body_heads: frozenset[str]  # heads, organisation nouns and posts: open one with a capital
    legal_forms: frozenset[str]  # "мку", "мбоу": open one written in capitals
    year_marks: frozenset[str]  # "год", "года", "г": after them a month starts a new phrase


def flat_vocabulary() -> FlatVocabulary:
    """The words flattened rows are cut by, with the user's abbreviations and header words."""
    return _flat_vocabulary(os.environ.get(USER_ABBREVIATIONS_ENV), os.environ.get(USER_SYNONYMS_ENV))


@lru_cache(maxsize=4)
def _flat_vocabulary(_abbreviations: str | None, _synonyms: str | None) -> FlatVocabulary:
    words = DEADLINE_WORDS

    def words_of(*names: str) -> set[str]:
        return {w for name in names for phrase in words.get(name, ()) for w in phrase.split()}

    function_words = words_of("function_word", "filler", "range_from", "range_to")
    prepositions = words_of("function_word") or function_words  # "в", "на" before a period word
    year_marks = words_of("year_word", "year_abbreviation")
    anchors = set(MONTH_BY_FORM) | words_of("quarter_word", "half_word", "school_term")
    leads: set[str] = words_of("roman", "range_from")
    links: set[str] = function_words | year_marks | words_of(
        "academic_word", "period_object", "whole_object", "recurrence_times", "recurrence_unit")
    for name in ("recurrence", "whole_period", "during", "by_schedule", "by_marker"):
        for phrase in words.get(name, ()):
            first, *rest = phrase.split()
            if not rest:  # "ежегодно", "постоянно" are deadlines; "до", "к" open one
                (leads if name == "by_marker" else anchors).add(first)
                continue
            leads.add(first)
            links.update(rest)
            # the word that makes a phrase a deadline: "каждый год", "в течение …", "весь период",
            # "по графику"; a marker phrase ("не позднее") still needs its date, "в соответствии с"
            # its document
            if name in ("recurrence", "whole_period", "during"):
                anchors.add(next((w for w in phrase.split() if w not in prepositions), rest[-1]))
            elif name == "by_schedule" and len(rest[-1]) > 2:
                anchors.add(rest[-1])
    anchors -= year_marks  # "по итогам года" is no deadline; "2023 года" is one by its number
    lexicon = load_lexicon()
    return FlatVocabulary(
        anchors=frozenset(anchors), leads=frozenset(leads - anchors), links=frozenset(links - anchors - leads),
        header_phrases={tuple(synonym.split()): role for role, synonym in header_synonyms()},
        body_groups=lexicon.groups, body_heads=lexicon.heads | lexicon.org_nouns | lexicon.positions,
        legal_forms=lexicon.org_forms, year_marks=frozenset(year_marks),
    )


def bare_word(token: str) -> str:
    return token.strip(_WORD_EDGE_MARKS)


def deadline_word_kind(token: str, vocabulary: FlatVocabulary) -> str | None:
    """"anchor", "lead", "link" or None: what a word is to a deadline phrase. A word with
    dashes ("сентябрь-ноябрь", "2023-2024") is an anchor when all its parts are deadline words."""
    word = bare_word(token).lower().replace("ё", "е")
    if not word.strip(_DASH_CHARS):  # a dash between two dates, or a comma
        return "link" if token.strip(_DASH_CHARS + ",") == "" else None
    if _YEAR_OR_DATE.match(word):
        return "anchor"
    parts = [p for p in _DASH_SPLIT.split(word) if p]
    if len(parts) > 1:
        kinds = [deadline_word_kind(p, vocabulary) for p in parts]
        return "anchor" if None not in kinds and "anchor" in kinds else None
    if word in vocabulary.anchors or word.rstrip(".") in MONTH_BY_FORM:
        return "anchor"
    if word in vocabulary.leads or _DAY_OR_INDEX.match(word):
        return "lead"
    if word in vocabulary.links:
        return "link"
    return None


def starts_new_phrase(tokens: list[str], k: int, vocabulary: FlatVocabulary) -> bool:
    """Whether a month or a day at ``k`` opens a deadline of its own after a year that ended
    the words before it ("Анализ ВПР за 2022 год | май 2023")."""
    before, word = bare_word(tokens[k - 1]).lower(), bare_word(tokens[k]).lower()
    year_ended = before in vocabulary.year_marks or (bool(_YEAR_OR_DATE.match(before)) and before.endswith("г"))
    return year_ended and (word.rstrip(".") in MONTH_BY_FORM or bool(_DAY_OR_INDEX.match(word)))


def deadline_phrases(tokens: list[str], vocabulary: FlatVocabulary) -> list[tuple[int, int]]:
    """[start, end) token spans of the deadline phrases of a line: runs of deadline words that
    open with a lead or an anchor, hold an anchor and end on no joint word; a month after a
    year word opens a new run."""
    kinds = [deadline_word_kind(t, vocabulary) for t in tokens]
    spans = []
    i = 0
    while i < len(tokens):
        if kinds[i] not in ("anchor", "lead"):
            i += 1
            continue
        run_end = i + 1
        while run_end < len(tokens) and kinds[run_end] is not None \
                and not starts_new_phrase(tokens, run_end, vocabulary):
            run_end += 1
        anchors = [k for k in range(i, run_end) if kinds[k] == "anchor"]
        if not anchors:
            i = run_end  # no part of a run without an anchor is a deadline
            continue
        end = run_end
        while end - 1 > anchors[-1] and (kinds[end - 1] == "lead" or not bare_word(tokens[end - 1])
                                         or bare_word(tokens[end - 1]).lower() in _DEADLINE_JOINTS):
            end -= 1
        spans.append((i, end))
        i = end
    return spans


def opens_bodies(token: str, vocabulary: FlatVocabulary, *, any_abbreviation: bool) -> bool:
    """Whether a responsible cell may start with this word: a body head, people word or post
    written with a capital ("Отдел", "Руководители"), a people word in lower case
    ("руководители"), a legal form ("МКУ"), or — where a deadline has just ended the text —
    any abbreviation ("ОО", "ИМЦ")."""
    word = bare_word(token)
    lower = word.casefold().replace("ё", "е")
    if _CYRILLIC_CAPS.match(word):
        return any_abbreviation or lower in vocabulary.legal_forms
    if lower in vocabulary.body_groups:
        return True
    return word[:1].isupper() and lower in vocabulary.body_heads


_LISTED_ABBREVIATION = re.compile(r"^[А-ЯЁ]{2,}[А-ЯЁа-яё]*,$")


@dataclass(frozen=True)
class FlatColumn:
    role: str  # "number", "text", "deadline" or "responsible"
    header: str  # as the export wrote it


def header_word_key(token: str) -> str:
    key = normalize_header(token)
    return "№" if key in _ASCII_NUMBER_SIGNS else key


def header_phrase_columns(line: str, settings: TextSettings = SETTINGS) -> list[FlatColumn] | None:
    """The columns a line names when every word of it is part of a header synonym, else None."""
    if "\t" in line or "|" in line:
        return None
    tokens = line.split()
    if not 1 <= len(tokens) <= settings.flat_header_max_words:
        return None
    phrases = flat_vocabulary().header_phrases
    longest = max(len(p) for p in phrases)
    keys = [header_word_key(t) for t in tokens]
    columns: list[FlatColumn] = []
    i = 0
    while i < len(tokens):
        if not keys[i]:  # a dash or stray mark between headers
            i += 1
            continue
        n = next((n for n in range(min(longest, len(tokens) - i), 0, -1) if tuple(keys[i:i + n]) in phrases), 0)
        if not n:
            return None
        columns.append(FlatColumn(phrases[tuple(keys[i:i + n])], " ".join(tokens[i:i + n])))
        i += n
    return columns or None


FLAT_ROLES = frozenset({"number", "text", "deadline", "responsible"})
FLAT_TAIL_ROLES = frozenset({"indicator", "result"})


def flat_tail_role(roles: list[str]) -> str | None:
    """The role of a last column of indicators or results that a flattened row can still
    be cut from: after the responsible column and a deadline column (the deadline's phrase
    ends the bodies before it and starts the tail after it)."""
    if len(roles) >= 4 and roles[-1] in FLAT_TAIL_ROLES and roles[-2] == "deadline" and "responsible" in roles[:-2]:
        return roles[-1]
    return None


def names_flat_roadmap(columns: list[FlatColumn]) -> bool:
    """An activity column and a deadline or responsible column, no column twice and none that
    vocabulary cannot tell apart (indicators, results), but for a last one after the bodies
    and the deadline (see :func:`flat_tail_role`)."""
    roles = [c.role for c in columns]
    known = roles[:-1] if flat_tail_role(roles) else roles
    return ("text" in roles and bool({"deadline", "responsible"} & set(roles)) and len(set(roles)) == len(roles)
            and set(known) <= FLAT_ROLES)


def flat_header_columns(line: str, settings: TextSettings = SETTINGS) -> list[FlatColumn] | None:
    """The columns a line names when it is a flattened roadmap's header line."""
    columns = header_phrase_columns(line, settings)
    return columns if columns and len(columns) > 1 and names_flat_roadmap(columns) else None


def flat_header_at(lines: list[str], i: int, settings: TextSettings = SETTINGS
                   ) -> tuple[list[FlatColumn], int] | None:
    """The columns of a flattened roadmap's header at ``lines[i]`` and the index of the line
    after it: one line naming the columns, or the columns named one by one on the lines
    down from it ("№ п/п" / "Мероприятие" / "Срок" / "Ответственный")."""
    if line_kind(lines[i]) != "text":
        return None
    columns = flat_header_columns(lines[i].strip(), settings)
    if columns:
        return columns, i + 1
    stacked: list[FlatColumn] = []
    k = i
    while k < len(lines) and k - i < settings.flat_header_max_lines and line_kind(lines[k]) == "text":
        named = header_phrase_columns(lines[k].strip(), settings)
        if not named:
            break
        stacked += named
        k += 1
    return (stacked, k) if len(stacked) > 1 and names_flat_roadmap(stacked) else None


@dataclass(frozen=True)
class FlatRow:
    """A row line split into its cells by role, and the rule that split it."""

    cells: dict[str, str]
    rule: str

    def has(self, *roles: str) -> bool:
        return any(self.cells.get(r) for r in roles)


def _span_text(line: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The line's text from token ``start`` to token ``end`` (exclusive), as written."""
    if start >= end:
        return ""
    return line[spans[start][0]:spans[end - 1][1]].strip()


def split_flat_row(line: str, columns: list[FlatColumn], settings: TextSettings = SETTINGS) -> FlatRow:
    """One row line -> its cells by the rules named above :class:`FlatVocabulary`."""
    roles = [c.role for c in columns]
    spans = [m.span() for m in _TOKEN.finditer(line)]
    tokens = [line[a:b] for a, b in spans]
    cells: dict[str, str] = {}
    first = 0
    if "number" in roles and tokens and _FLAT_ROW_NUMBER.match(tokens[0]):
        cells["number"] = tokens[0]
        first = 1
    rest = line[spans[first][0]:] if first < len(spans) else ""
    pieces = [p for p in _SPACED_GAP.split(rest.strip()) if p]
    value_roles = [r for r in roles if r != "number"]
    if len(pieces) == len(value_roles) > 1:
        cells.update(zip(value_roles, pieces))
        return FlatRow(cells, "spaced_cells")
    vocabulary = flat_vocabulary()
    phrases = [(a, b) for a, b in deadline_phrases(tokens, vocabulary) if a > first]
    text_min = first + settings.flat_text_min_words

    def bodies_start(lo: int, hi: int) -> int | None:
        """Where bodies start in tokens [lo, hi) when no deadline ends the text before them;
        abbreviations listed right before the first body that opens one belong to the bodies
        ("ЦОИ, ГБУ ДПО ДИРО")."""
        k = next((k for k in range(max(lo, text_min), hi)
                  if opens_bodies(tokens[k], vocabulary, any_abbreviation=False)), None)
        while k is not None and k - 1 >= text_min and _LISTED_ABBREVIATION.match(tokens[k - 1]):
            k -= 1
        return k

    tail = flat_tail_role(roles)
    if tail is not None:
        # text, bodies, deadline, tail: the first deadline phrase after bodies
        for a, b in phrases:
            k = bodies_start(first, a)
            if k is not None:
                cells.update(text=_span_text(line, spans, first, k), responsible=_span_text(line, spans, k, a),
                             deadline=_span_text(line, spans, a, b))
                cells[tail] = _span_text(line, spans, b, len(tokens))
                return FlatRow(cells, "bodies_deadline_tail")
    deadline_first = "deadline" in roles and ("responsible" not in roles or roles.index("deadline") < roles.index("responsible"))
    if "deadline" in roles and phrases:
        if deadline_first:
            for a, b in reversed(phrases):
                if b == len(tokens) or ("responsible" in roles and opens_bodies(tokens[b], vocabulary, any_abbreviation=True)):
                    cells.update(text=_span_text(line, spans, first, a), deadline=_span_text(line, spans, a, b),
                                 responsible=_span_text(line, spans, b, len(tokens)))
                    return FlatRow(cells, "deadline_then_bodies")
        elif phrases[-1][1] == len(tokens):
            a, b = phrases[-1]
            k = bodies_start(first, a) if "responsible" in roles else None
            cells.update(text=_span_text(line, spans, first, a if k is None else k),
                         responsible="" if k is None else _span_text(line, spans, k, a),
                         deadline=_span_text(line, spans, a, b))
            return FlatRow(cells, "bodies_then_deadline")
    k = bodies_start(first, len(tokens)) if "responsible" in roles else None
    if k is not None:
        cells.update(text=_span_text(line, spans, first, k), responsible=_span_text(line, spans, k, len(tokens)))
        return FlatRow(cells, "bodies_only")
    cells["text"] = _span_text(line, spans, first, len(tokens))
    return FlatRow(cells, "text_only")


def opens_subsection(number: str, next_number: str | None) -> bool:
    """Whether a row numbered ``number`` heads the rows numbered under it ("1." over "1.1.")."""
    if not next_number:
        return False
    head, sub = number.rstrip(".").split("."), next_number.rstrip(".").split(".")
    return len(sub) > len(head) and sub[:len(head)] == head


def next_content_line(lines: list[str], i: int) -> str:
    """The first non-blank line after ``lines[i]``, stripped ("" at the end of the text)."""
    for k in range(i + 1, len(lines)):
        if lines[k].strip():
            return lines[k].strip()
    return ""


def flat_table(lines: list[str], start: int, columns: list[FlatColumn],
               settings: TextSettings = SETTINGS) -> tuple[Table, int]:
    """The flattened table whose rows start at ``lines[start]`` under a header naming
    ``columns``, and the index of the first line after it. Its rows are the lines after the header, blank lines between them
    skipped: with a number column, lines that open with a row number (a line in lower case
    goes on from the row above); without one, lines with a deadline or bodies. A short line
    right before a row is a section heading, and so is a numbered row with neither deadline
    nor bodies that is not the last; any other line ends the table. The table is
    ``truncated`` when the text ends after a last row that has neither deadline nor bodies."""
    numbered = columns[0].role == "number"
    width = len(columns)

    def is_row_line(line: str) -> bool:
        if numbered:
            return bool(_FLAT_ROW_NUMBER.match(line.split()[0]))
        return split_flat_row(line, columns, settings).rule != "text_only"

    entries: list[tuple[bool, list[str]]] = []  # (is a row, its lines) in order
    end = i = start
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if line_kind(lines[i]) != "text" or flat_header_at(lines, i, settings):
            break
        if is_row_line(line):
            entries.append((True, [line]))
        elif entries and entries[-1][0] and _CONTINUES_LINE_ABOVE.match(line):
            entries[-1][1].append(line)
        else:
            following = next_content_line(lines, i)
            if len(line) > settings.flat_heading_max_chars or not following or "\t" in following \
                    or "|" in following or not is_row_line(following):
                break
            entries.append((False, [line]))
        end = i = i + 1
    rows = [Row([Cell(c.header, k) for k, c in enumerate(columns)], is_header=True)]
    truncated = False
    for k, (is_row, parts) in enumerate(entries):
        line = collapse_ws(" ".join(parts))
        split = split_flat_row(line, columns, settings) if is_row else None
        last = k == len(entries) - 1
        if split is None or (not split.has("deadline", "responsible") and not last):
            rows.append(row_spanning_to_edge([line], width))
            continue
        rows.append(Row([Cell(split.cells.get(c.role, ""), col) for col, c in enumerate(columns)]))
        truncated = last and not split.has("deadline", "responsible")
    at_text_end = not next_content_line(lines, end - 1)
    return Table(rows, width, truncated=truncated and at_text_end), end


def flat_segments(text: str, settings: TextSettings = SETTINGS) -> Iterator[Union[str, Table]]:
    """The export's text with every flattened roadmap taken out as a :class:`Table`: pieces of
    text (to be read line group by line group) and tables, in order."""
    lines = text.split("\n")
    i = done = 0
    while i < len(lines):
        header = flat_header_at(lines, i, settings)
        if header:
            columns, rows_start = header
            table, end = flat_table(lines, rows_start, columns, settings)
            if len(table.rows) > 1:
                yield "\n".join(lines[done:i])
                yield table
                i = done = end
                continue
        i += 1
    yield "\n".join(lines[done:])


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
        if not rows:
            return []
        table = Table.from_texts(rows)
        table.truncated = len(rows[-1]) < table.n_cols  # a last row short of cells may be cut off
        return [table]
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


def continues_cell_export(lines: list[str], settings: TextSettings = SETTINGS) -> bool:
    """Whether a text group goes on with cells: one of its first lines ends a cell."""
    return any(line.strip().endswith("|") for line in lines[:settings.first_cell_max_lines])


def join_cell_export_groups(groups: list[tuple[str, list[str]]], settings: TextSettings = SETTINGS
                            ) -> list[tuple[str, list[str]]]:
    """Exports that end each row of a cell-per-line table with a blank line: a text group
    that goes on with cells after a group ending in a cell is joined to it, an empty line
    (a row end, see :func:`cell_tokens`) between them."""
    joined: list[tuple[str, list[str]]] = []
    for kind, lines in groups:
        if (joined and kind == "text" and joined[-1][0] == "text" and joined[-1][1][-1].strip().endswith("|")
                and continues_cell_export(lines, settings)):
            joined[-1] = ("text", joined[-1][1] + [""] + lines)
        else:
            joined.append((kind, lines))
    return joined


def close_cut_pipe_row(text: str) -> tuple[str, bool]:
    """A text that ends inside a row of a pipe or box table ("| 7 | Проведение итог", no
    closing pipe) -> the text with that row closed, and whether it was."""
    lines = text.rstrip().split("\n")
    last = lines[-1].strip()
    if len(lines) < 2 or not last.startswith("|") or line_kind(last) != "text" \
            or line_kind(lines[-2]) not in ("pipe", "separator", "rule"):
        return text, False
    lines[-1] = lines[-1].rstrip() + " |"
    return "\n".join(lines) + "\n", True


def parse_text(text: str, path: Path, fmt: str) -> Document:
    """The export's blocks in order. Only the last block can be a table the text ends inside:
    a table followed by more text was not cut off, whatever its last row looks like."""
    vocabulary = Vocabulary()
    vocabulary.add_lines(text.split("\n"))
    blocks: list[Block] = []
    segments = list(flat_segments(text))
    for k, segment in enumerate(segments):
        if isinstance(segment, Table):
            blocks.append(segment)
            continue
        cut_row = False
        if k == len(segments) - 1:
            segment, cut_row = close_cut_pipe_row(segment)
        groups = join_cell_export_groups(list(line_groups(segment)))
        blocks.extend(b for kind, lines in groups for b in group_blocks(kind, lines, vocabulary))
        if cut_row and isinstance(blocks[-1], Table):
            blocks[-1].truncated = True
    for block in blocks[:-1]:
        if isinstance(block, Table):
            block.truncated = False
    return Document(str(path), fmt, [Page(None, blocks)], page_count=None)


def parse(path: Path) -> Document:
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    return parse_text(read_text(path), path, fmt)
