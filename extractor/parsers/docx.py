"""DOCX -> Document, with python-docx.

Body paragraphs and tables are read in document order. Table cells are placed on the
table's grid: ``w:gridSpan`` gives a cell's column span, ``w:vMerge`` a vertical merge
(kept once, on its top row, with ``row_span``), ``w:tblHeader`` marks header rows. A cell's
paragraphs and line breaks become "\\n"-separated lines. DOCX has no fixed pages, so
every block is on one page numbered None.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..document import Cell, Document, Page, Paragraph, Row, Table
from ..errors import InputError
from ..normalizers.text import collapse_ws

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

_ALIGN = {"center": "center", "right": "right", "both": "justify", "left": "left", "start": "left",
          "end": "right", "distribute": "justify"}


def paragraph_text(p) -> str:
    """The paragraph's text with w:br as "\\n" (python-docx renders breaks so)."""
    lines = [collapse_ws(x) for x in p.text.split("\n")]
    return "\n".join(x for x in lines if x)


def paragraph_bold(p) -> bool:
    runs = [r for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def paragraph_align(p) -> str | None:
    jc = p._p.find(qn("w:pPr") + "/" + qn("w:jc"))
    if jc is None:
        return None
    return _ALIGN.get(jc.get(qn("w:val")))


def read_cell_text(tc) -> str:
    lines = []
    for p in tc.iter(qn("w:p")):
        text = paragraph_text(DocxParagraph(p, None))
        if text:
            lines.append(text)
    return "\n".join(lines)


def read_table(tbl) -> Table:
    rows: list[Row] = []
    origin_by_col: dict[int, Cell] = {}  # top cell of an open vertical merge, by grid column
    n_cols = 0
    for tr in tbl.findall(qn("w:tr")):
        tr_pr = tr.find(qn("w:trPr"))
        header = tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        grid_before = 0
        if tr_pr is not None:
            gb = tr_pr.find(qn("w:gridBefore"))
            if gb is not None:
                grid_before = int(gb.get(qn("w:val"), "0"))
        col = grid_before
        cells: list[Cell] = []
        for tc in tr.findall(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            span, vmerge = 1, None
            if tc_pr is not None:
                gs = tc_pr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = int(gs.get(qn("w:val"), "1"))
                vm = tc_pr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val"), "continue")
            if vmerge == "continue" and col in origin_by_col:
                origin_by_col[col].row_span += 1
            else:
                cell = Cell(read_cell_text(tc), col, col_span=span)
                cells.append(cell)
                if vmerge == "restart":
                    origin_by_col[col] = cell
                else:
                    origin_by_col.pop(col, None)
            col += span
        n_cols = max(n_cols, col)
        rows.append(Row(cells, is_header=header))
    return Table(rows, n_cols)


@dataclass(frozen=True)
class DocxSettings:
    """Limits on a DOCX package, checked on the ZIP's directory before anything is inflated."""

    max_members: int = 5_000
    max_uncompressed_bytes: int = 500 * 1024 * 1024  # all members together, as declared
    max_ratio: float = 200.0  # declared size over compressed size of one member (XML packs ~10:1)
    ratio_min_bytes: int = 1024 * 1024  # smaller members are not ratio-checked: tiny files pack oddly


SETTINGS = DocxSettings()


def check_package(path: Path, settings: DocxSettings = SETTINGS) -> None:
    """Refuse a zip bomb before python-docx opens it. Python's zipfile inflates a member no
    further than its declared size, so the declared sizes bound what reading can cost."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise InputError(path, "not a DOCX file (not a ZIP package)", kind="corrupt") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}", kind="unreadable") from None
    if len(members) > settings.max_members:
        raise InputError(path, f"DOCX package refused: {len(members)} parts, the limit is {settings.max_members}",
                         kind="too_large")
    total = sum(m.file_size for m in members)
    if total > settings.max_uncompressed_bytes:
        raise InputError(path, f"DOCX package refused as a zip bomb: it declares {total / 2**20:.0f} MiB "
                               f"unpacked, the limit is {settings.max_uncompressed_bytes / 2**20:.0f} MiB",
                         kind="too_large")
    for m in members:
        if m.file_size >= settings.ratio_min_bytes and m.file_size > settings.max_ratio * max(m.compress_size, 1):
            raise InputError(path, f"DOCX package refused as a zip bomb: {m.filename} unpacks "
                                   f"{m.file_size / max(m.compress_size, 1):.0f} times its packed size "
                                   f"(the limit is {settings.max_ratio:.0f})", kind="too_large")


def parse(path: Path) -> Document:
    check_package(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise InputError(path, f"cannot open DOCX: {type(exc).__name__}: {exc}", kind="corrupt") from None
    blocks: list = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            p = DocxParagraph(child, document)
            text = paragraph_text(p)
            if text:
                blocks.append(Paragraph(text, bold=paragraph_bold(p), align=paragraph_align(p)))
        elif child.tag == qn("w:tbl"):
            table = read_table(child)
            if table.rows:
                blocks.append(table)
    return Document(str(path), "docx", [Page(None, blocks)], page_count=None)
