"""Text exports (.txt, .md) -> Document.

The forms read are those in which orders reach us as text:

- paragraphs separated by blank lines, ``**bold**`` marking bold text (it may span lines);
- tables as tab-separated lines, one row a line;
- markdown pipe tables, with ``|---|`` separator rows (the row above one is a header row),
  empty header rows that markdown needs and the document never had, and inline HTML in
  cells (``<p>``, ``<br>``, ``<ul><li>``).

A blank line inside a table is where the export had a page break: the rows after it start
a new :class:`Table` chunk, and table location joins the chunks of one roadmap. Text
exports have no pages, so every block is on one page numbered None.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..document import Cell, Document, Page, Paragraph, Row, Table
from ..errors import InputError
from ..normalizers.text import collapse_ws, html_cell_lines, strip_markdown_emphasis

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?$")
# a row of dashes only ("---\t--\t--"): a markdown artefact, not content
_DASH_CELL = re.compile(r"^[-–—:=\s]*$")


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputError(path, "binary file, not a text export")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes every byte but 0x98
        raise InputError(path, "text is neither UTF-8 nor Windows-1251")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_kind(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return "blank"
    if "\t" in line:
        return "tab"
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) >= 2:
        return "separator" if _PIPE_SEPARATOR.match(stripped) else "pipe"
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


def paragraph_from_lines(lines: list[str]) -> Paragraph | None:
    joined = "\n".join(line.strip() for line in lines)
    bold = joined.startswith("**") and joined.endswith("**") and len(joined) > 4
    text = "\n".join(x for x in (collapse_ws(line) for line in strip_markdown_emphasis(joined).split("\n")) if x)
    return Paragraph(text, bold=bold) if text else None


def parse_text(text: str, path: Path, fmt: str) -> Document:
    blocks: list = []
    group: list[str] = []
    group_kind: str | None = None

    def flush() -> None:
        nonlocal group, group_kind
        if group_kind == "text":
            p = paragraph_from_lines(group)
            if p:
                blocks.append(p)
        elif group_kind == "tab":
            rows = tab_rows(group)
            if rows:
                blocks.append(Table.from_texts(rows))
        elif group_kind == "pipe":
            rows, headers = pipe_rows(group)
            if rows:
                blocks.append(Table.from_texts(rows, header_rows=headers))
        group, group_kind = [], None

    for line in text.split("\n"):
        kind = line_kind(line)
        if kind == "blank":
            flush()
            continue
        kind = "pipe" if kind == "separator" else kind
        if kind != group_kind:
            flush()
            group_kind = kind
        group.append(line)
    flush()
    return Document(str(path), fmt, [Page(None, blocks)], page_count=None)


def parse(path: Path) -> Document:
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    return parse_text(read_text(path), path, fmt)
