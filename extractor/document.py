"""The intermediate document model that every parser fills.

A parser turns one input file into a :class:`Document`: pages, each holding paragraphs and
tables in reading order. Tables are grids of cells with column and row spans; a row knows
whether it is a header row and on which page it was read. Nothing after the parsers knows
which file format a table came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union


@dataclass
class Paragraph:
    """A paragraph of body text; ``text`` may hold "\\n" for line breaks inside it."""

    text: str
    bold: bool = False
    align: str | None = None  # "left", "center", "right", "justify" where the format knows it
    page: int | None = None  # 1-based page, None for formats without pages


@dataclass
class Cell:
    """One cell as the format gives it. ``col`` is the grid column where it starts.

    A cell merged across columns has ``col_span`` > 1. A vertically merged cell is given
    once, on its top row, with ``row_span`` > 1; the rows below it do not repeat it.
    Lines inside a cell (paragraphs, line breaks) are separated by "\\n".
    """

    text: str
    col: int
    col_span: int = 1
    row_span: int = 1


@dataclass
class Row:
    cells: list[Cell]
    is_header: bool = False
    page: int | None = None
    # (x0, top, x1, bottom) in points on its page, where the format has geometry (PDF, scans)
    bbox: tuple[float, float, float, float] | None = None

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def is_empty(self) -> bool:
        return not any(c.text.strip() for c in self.cells)


@dataclass
class Table:
    """A table as read: rows of cells on a grid of ``n_cols`` columns."""

    rows: list[Row]
    n_cols: int
    page: int | None = None  # page of the first row
    # the source ends inside the table: its last row may be cut off (text exports only set it;
    # whether that row is an activity is row assembly's decision)
    truncated: bool = False

    @classmethod
    def from_texts(cls, rows: list[list[str]], *, page: int | None = None,
                   header_rows: int = 0) -> "Table":
        """A table from plain cell texts, one grid column per cell (text exports)."""
        built = [
            Row([Cell(t, i) for i, t in enumerate(r)], is_header=k < header_rows, page=page)
            for k, r in enumerate(rows)
        ]
        return cls(built, max((len(r) for r in rows), default=0), page)


Block = Union[Paragraph, Table]


@dataclass
class Page:
    number: int | None  # 1-based; None for formats without pages (text exports, DOCX)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    """A parsed input file."""

    path: str
    format: str  # "txt", "md", "docx", "pdf", "scan", "image"
    pages: list[Page]
    page_count: int | None = None  # pages of the source where the format has pages
    ocr: bool = False
    # read by OCR only: the engine's version, the identity of its language data, and per page
    # (1-based) the words to flag: (as read, as written into the cells, confidence 0-100) for
    # words read with a confidence under the suspect cut and words the parser mended
    ocr_engine: str | None = None
    ocr_data: str | None = None
    ocr_doubtful: dict[int, list[tuple[str, str, float]]] = field(default_factory=dict)
    # the pages OCR read, as read (0-based page index -> extractor.parsers.scan.OcrPage: words,
    # grids, angle), for drawing them without reading the file again
    ocr_pages: dict = field(default_factory=dict, repr=False, compare=False)

    def blocks(self) -> Iterator[Block]:
        for page in self.pages:
            yield from page.blocks

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks() if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks() if isinstance(b, Table)]
