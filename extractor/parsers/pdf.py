"""PDF with a text layer -> Document, with pdfplumber.

Takes a PDF path (and the password of an encrypted one); gives a :class:`Document` with one
:class:`Page` per PDF page, holding paragraphs and tables from top to bottom. A table cut by
page breaks is one :class:`Table` per page; joining its rows is row assembly's job.

Each page is read once (one pdfminer pass; its cache is released right after):

1. A page whose text runs sideways (content drawn turned, or a /Rotate the text does not
   follow) is read again turned, so that its text is upright.
2. Ruled tables: pdfplumber's table finder on the drawn rules. The column grid is the
   distinct x of the cells' vertical edges, the row grid the distinct tops of the cells, so
   a cell over several grid columns or rows gets ``col_span`` / ``row_span`` > 1. Each char
   goes to the cell under its centre; a cell's chars become lines.
3. The other chars become text lines, cut into segments where a wide gap holds no space
   char (tabs, table columns, side-by-side blocks).

Then, over the whole document (plain data, no PDF objects):

4. Page furniture is dropped: page numbers and running headers/footers (short lines at the
   top or bottom of pages, repeated on many of them) and e-signature stamps ("Документ
   подписан электронной подписью" and its certificate lines, or a ruled box holding them).
5. Between ruled tables, lines whose segments keep vertical white gutters over several
   lines are a borderless table (3+ columns) or two text columns read left then right
   (2 columns); the rest is grouped into paragraphs by vertical gaps, first-line indents
   and changes of weight, size or centring.
6. A table's leading bold rows are its header; on the next pages a table that starts with
   the same rows repeats that header, and those rows are marked as header too.
7. Lines are joined with "\\n", hyphenation at line ends undone; the document's own words
   and the Russian dictionary tell "учеб-/ного" from "учебно-/методического"
   (:func:`extractor.normalizers.text.join_lines`).

Every threshold is a field of :class:`PdfSettings`; ``logging`` at DEBUG level says what
was dropped as furniture and which rows were taken for headers.
"""
from __future__ import annotations

import logging
import math
import re
import statistics
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSEOF
from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.exceptions import PdfminerException

from ..document import Block, Cell, Document, Page, Paragraph, Row, Table
from ..errors import InputError
from ..normalizers.text import LINE_END_HYPHEN, Vocabulary, collapse_ws, join_lines
from ..normalizers.lexicon import is_known_word
from .borderless import SETTINGS as BORDERLESS_SETTINGS, BorderlessSettings, BorderlessTable, find_table

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfSettings:
    """Thresholds of PDF reading. Sizes marked "em" are multiples of the font size."""

    # pdfplumber TableFinder settings for ruled tables (drawn lines and rectangle edges)
    table_settings: dict = field(default_factory=lambda: {
        "vertical_strategy": "lines", "horizontal_strategy": "lines",
        "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3,
    })
    grid_tolerance: float = 2.0  # pt: cell edges this close are one grid line
    line_band: float = 0.5  # em: chars whose vertical centres are this close share a line
    word_gap: float = 0.2  # em: a gap this wide between chars is a space even without a space char
    gutter_gap: float = 0.9  # em: a gap this wide, not filled by a space char, cuts a line into segments
    duplicate_overlap: float = 0.5  # pt: the same glyph drawn again this close is one char (fake bold)
    bold_share: float = 0.9  # share of a segment's letters in a bold font for it to be bold
    paragraph_gap: float = 0.3  # em over the document's usual line gap that starts a new paragraph
    line_gap_min_share: float = 0.1  # share of all line gaps a gap value needs to be "usual"
    line_gap_min_count: int = 10  # fewer gaps between lines outside tables: measure cell lines
    default_line_gap: float = 0.15  # em, single spacing, when there is nothing to measure
    indent: float = 0.8  # em: a line starting this much right of the one above starts a paragraph
    max_indent: float = 5.0  # em: the widest first-line indent looked for
    indent_tolerance: float = 1.0  # pt: a line starting this close to the usual indent is indented
    left_edge_tolerance: float = 0.3  # em: lines of one paragraph start this close to each other
    size_change: float = 1.0  # pt: a change of font size this large starts a paragraph
    align_tolerance: float = 3.0  # pt: how far from an edge still counts as at it
    centre_tolerance: float = 0.01  # share of the text box width a centred line may be off centre
    table_padding_allowance: float = 12.0  # pt: text lines this much narrower than the tables
    #                                       still span the text box (tables stick out by a padding)
    borderless: BorderlessSettings = BORDERLESS_SETTINGS  # tables without rules (parsers/borderless.py)
    gutter_min_width: float = 0.6  # em: a white gutter between two text columns is at least this wide
    region_max_gap: float = 2.0  # em: a two-column block ends at a larger gap
    columns_min_lines: int = 2  # lines with text in both columns of a two-column block
    columns_min_width: float = 5.0  # em: each column of a two-column block is at least this wide
    header_max_rows: int = 3  # leading bold rows taken for a table's header at most
    furniture_band: float = 0.12  # share of the page height at top and bottom where furniture sits
    furniture_max_lines: int = 2  # lines at each end of a page that may be furniture
    furniture_max_chars: int = 120
    running_min_pages: int = 2  # a running header/footer repeats on at least this many pages
    running_min_share: float = 0.5  # ... and on at least this share of the pages with text
    stamp_max_lines: int = 8  # certificate lines that may follow a stamp's first line
    # a page's text layer is taken for garbage, and the page read by OCR, when ...
    unmapped_glyph_share: float = 0.1  # ... this share of its glyphs have no Unicode map
    garbage_min_words: int = 20  # (the word tests below need at least this many words)
    known_word_share: float = 0.5  # ... fewer of its Cyrillic words of 4+ letters are Russian words
    letter_share: float = 0.4  # ... fewer of its glyphs are letters


SETTINGS = PdfSettings()

BOLD_FONT = re.compile(r"bold|black|heavy", re.IGNORECASE)
PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^(?:стр(?:аница)?\.?\s*)?\d{1,4}\s*(?:из|/)\s*\d{1,4}$"
    r"|^стр(?:аница)?\.?\s*\d{1,4}$",
    re.IGNORECASE,
)
STAMP_START = re.compile(
    r"документ\s+подписан\s+(?:усиленной\s+(?:квалифицированной\s+)?)?электронной\s+подписью"
    r"|подписано\s+электронной\s+подписью|сведения\s+о\s+сертификате\s+эп",
    re.IGNORECASE,
)
STAMP_FIELD = re.compile(
    r"^(?:сертификат|серийный\s+номер|владелец|кому\s+выдан|кем\s+выдан|выдан|действителен"
    r"|срок\s+действия|дата\s+подписания|подписант)\b",
    re.IGNORECASE,
)
DIGITS = re.compile(r"\d+")
WHITESPACE = re.compile(r"\s+")
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")
# a heading's own label: "1.", "1.2.", "II." before its title
HEADING_LABEL = re.compile(r"^\s*(?:\d{1,2}\.(?:\d{1,2}\.?)*|[IVXLC]{1,6}\.)\s")
CYRILLIC_WORD = re.compile(r"(?<![^\W\d_])[А-Яа-яЁё]{4,}(?![^\W\d_])")


# ---------------------------------------------------------------------------
# What a page gives: plain data, no PDF objects
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Segment:
    """Part of a text line between wide gaps."""

    x0: float
    x1: float
    text: str
    bold: bool


@dataclass(slots=True)
class Line:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    segments: list[Segment]
    upright: bool = True
    ends_with_space: bool = False  # the PDF drew a space at the break: it fell between words
    second_word_x0: float | None = None  # where a hanging paragraph's next lines start ("1." ⇥ text)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.segments)


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    row_span: int
    col_span: int
    x0: float  # the cell's rules, to put it on a grid shared with the table's other pages
    x1: float
    lines: list[Line] = field(default_factory=list)
    chars: list[dict] = field(default_factory=list)

    @property
    def bold(self) -> bool:
        return bool(self.lines) and all(line.bold for line in self.lines)


@dataclass
class RuledTable:
    x0: float
    top: float
    x1: float
    bottom: float
    n_cols: int
    cells: list[GridCell]
    xs: list[float]  # grid column lines
    ys: list[float]  # grid row lines


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[Line]  # upright text outside ruled tables, top to bottom
    tables: list[RuledTable]
    has_text: bool


# ---------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------


def parse(path: str | Path, *, password: str | None = None, settings: PdfSettings = SETTINGS,
          ocr_pages: dict | None = None, progress=None, defer_ocr: bool = False) -> Document:
    """The PDF as a Document. Pages without a usable text layer (none, or garbage: see
    :func:`text_layer_unusable`) are read by OCR (:mod:`extractor.parsers.scan`), or taken from
    ``ocr_pages`` (0-based page index -> OcrPage) where a worker pool has read them already;
    ``progress(done, total)`` is called after each OCR page; ``defer_ocr``: see
    :func:`extractor.parsers.parse_file`."""
    path = Path(path)
    layouts, need_ocr, unusable = read_text_layers(path, password, settings)
    missing = [index for index in need_ocr if index not in (ocr_pages or {})]
    if defer_ocr and missing:
        from . import PagesNeedOcr
        raise PagesNeedOcr(missing)
    if not need_ocr:
        return Document(str(path), "pdf", assemble_pages(layouts, settings), page_count=len(layouts), ocr=False)
    from . import scan  # OCR libraries are imported only when a page needs them

    read, doubts = [], []
    for done, index in enumerate(need_ocr, start=1):
        page = (ocr_pages or {}).get(index) or scan.pdf_page_ocr(path, index, password)
        read.append(page)
        layouts[index], page_doubts = scan.page_layout(page)
        doubts += page_doubts
        if progress:
            progress(done, len(need_ocr))
    if not any(layout.has_text for layout in layouts):
        if unusable:  # a text layer there was, but of glyphs that decode to nothing
            raise InputError(path, f"damaged PDF: {next(iter(unusable.values()))}, and OCR of the pages "
                                   "finds no text either", kind="damaged")
        raise InputError(path, "no text found on the scanned pages by OCR", kind="ocr_empty")
    fmt = "scan" if len(need_ocr) == len(layouts) else "pdf"
    return scan.document_from_layouts(path, fmt, layouts, read, doubts)


def ocr_page_indices(path: str | Path, password: str | None = None, settings: PdfSettings = SETTINGS) -> list[int]:
    """0-based indices of the pages that need OCR (no text layer, or an unusable one)."""
    return read_text_layers(Path(path), password, settings)[1]


def read_text_layers(path: Path, password: str | None,
                     settings: PdfSettings) -> tuple[list[PageLayout | None], list[int], dict[int, str]]:
    """Each page's layout from its text layer (None for a page that needs OCR), the 0-based
    indices of the pages that need OCR, and why for those that have a text layer. An image-only PDF is told apart from its
    resource dictionaries alone, without reading a content stream."""
    check_file(path)
    pdf = open_pdf(path, password)
    with pdf:
        try:
            plumber_pages = pdf.pages
        except Exception as exc:
            raise InputError(path, f"corrupt PDF: page tree unreadable: {describe(exc)}") from None
        if not plumber_pages:
            raise InputError(path, "PDF has no pages")
        layouts: list[PageLayout | None] = []
        need_ocr: list[int] = []
        unusable: dict[int, str] = {}
        for index, page in enumerate(plumber_pages):
            try:
                has_fonts = page_has_fonts(page.page_obj)
            except Exception:  # a broken resource dictionary: reading the page will say what is wrong
                has_fonts = True
            if not has_fonts:
                page.close()
                layouts.append(None)
                need_ocr.append(index)
                continue
            try:
                layout = read_page(page, settings)
            except Exception as exc:
                raise InputError(path, f"corrupt PDF: page {page.page_number}: {describe(exc)}") from None
            reason = text_layer_unusable(layout, settings)
            if reason:
                layouts.append(None)
                need_ocr.append(index)
                unusable[index] = reason
            else:
                layouts.append(layout)
    if len(need_ocr) < len(layouts):  # a text PDF with pages read by OCR: worth a word to the user
        for index in need_ocr:
            log.warning("%s: page %d is read by OCR: %s", path, index + 1, unusable.get(index, "no text layer"))
    return layouts, need_ocr, unusable


def layout_texts(layout: PageLayout) -> list[str]:
    texts = [line.text for line in layout.lines]
    texts += [line.text for table in layout.tables for cell in table.cells for line in cell.lines]
    return texts


def text_layer_unusable(layout: PageLayout, settings: PdfSettings = SETTINGS) -> str | None:
    """Why a page's text layer cannot be used (then the page is read by OCR), or None.

    No glyphs at all; glyphs without a Unicode map (pdfminer writes "(cid:N)" for them, or
    U+FFFD, or private-use code points); or a poor OCR layer, whose words are mostly no
    Russian words."""
    if not layout.has_text:
        return "no text layer"
    text = "\n".join(layout_texts(layout))
    unmapped = len(UNMAPPED_GLYPH.findall(text))
    visible = len(WHITESPACE.sub("", text)) - sum(len(m) - 1 for m in UNMAPPED_GLYPH.findall(text))
    if visible and unmapped / visible >= settings.unmapped_glyph_share:
        return f"{unmapped} of {visible} glyphs have no Unicode map"
    words = [w for w in CYRILLIC_WORD.findall(text)]
    if len(words) >= settings.garbage_min_words:
        known = sum(1 for w in words if is_known_word(w.lower()))
        if known / len(words) < settings.known_word_share:
            return f"a poor text layer: {known} of {len(words)} words are Russian words"
    letters = sum(ch.isalpha() for ch in text)
    if visible >= settings.garbage_min_words * 5 and letters / visible < settings.letter_share:
        return f"a garbled text layer: {letters} letters among {visible} glyphs"
    return None


def open_pdf(path: Path, password: str | None) -> pdfplumber.PDF:
    """Open without a password first: ``--password`` is tried only on a file that needs one,
    so a batch's password never turns an unencrypted file's problem into a password error."""
    attempts = [""] + ([password] if password else [])
    for attempt in attempts:
        try:
            return pdfplumber.open(path, password=attempt)
        except PdfminerException as exc:
            cause = exc.args[0] if exc.args else exc
            if isinstance(cause, PDFPasswordIncorrect) and attempt != attempts[-1]:
                continue
            if isinstance(cause, PDFPasswordIncorrect) and attempt:
                raise InputError(path, "encrypted PDF: the password given with --password is wrong",
                                 kind="wrong_password") from None
            kind = "encrypted" if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) else "corrupt"
            raise InputError(path, open_error_reason(cause), kind=kind) from None
        except Exception as exc:  # pdfminer raises many kinds for a broken file
            raise InputError(path, f"corrupt PDF: {describe(exc)}", kind="corrupt") from None
    raise AssertionError("unreachable: the last attempt returns or raises")


def check_file(path: Path) -> None:
    """Cheap checks on the bytes, so that an obviously bad file gets a clear reason."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - 2048))
            tail = f.read()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}", kind="unreadable") from None
    if size == 0:
        raise InputError(path, "empty file (0 bytes)", kind="empty")
    if b"%PDF-" not in head:
        raise InputError(path, "not a PDF (no %PDF header)", kind="corrupt")
    if b"%%EOF" not in tail:
        raise InputError(path, "truncated PDF (no %%EOF marker at the end)", kind="corrupt")


def open_error_reason(exc: BaseException) -> str:
    if isinstance(exc, PDFPasswordIncorrect):
        return "encrypted PDF: pass --password"
    if isinstance(exc, PDFEncryptionError):
        return f"encrypted PDF: unsupported encryption ({describe(exc)})"
    return f"corrupt PDF: {describe(exc)}"


def describe(exc: BaseException, max_chars: int = 120) -> str:
    """One short line naming what pdfminer choked on."""
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    if isinstance(exc, PSEOF):
        return "unexpected end of data (truncated?)"
    text = collapse_ws(str(exc))
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def page_has_fonts(page_obj: Any, depth: int = 4) -> bool:
    """Whether a page (or a form it draws) declares fonts: text can only be drawn with one.
    Reads resource dictionaries only, no content stream, so a scan is told apart cheaply."""
    return resources_have_fonts(resolve1(page_obj.attrs.get("Resources")), depth)


def resources_have_fonts(resources: Any, depth: int) -> bool:
    resources = resolve1(resources)
    if not isinstance(resources, dict):
        return False
    if resolve1(resources.get("Font")):
        return True
    if depth <= 0:
        return False
    xobjects = resolve1(resources.get("XObject"))
    if not isinstance(xobjects, dict):
        return False
    for ref in xobjects.values():
        xobj = resolve1(ref)
        attrs = getattr(xobj, "attrs", None)
        if attrs and getattr(resolve1(attrs.get("Subtype")), "name", None) == "Form":
            if resources_have_fonts(attrs.get("Resources"), depth - 1):
                return True
    return False


# ---------------------------------------------------------------------------
# Reading one page
# ---------------------------------------------------------------------------


def read_page(page: PlumberPage, settings: PdfSettings) -> PageLayout:
    """One page -> plain data; the page's parsed objects are released before returning."""
    try:
        chars = page.chars
        turn, glyphs = text_turn(chars)
        if turn:
            log.debug("page %d: text runs at %d degrees; read turned", page.page_number, turn)
            page.close()
            page = turned_page(page, turn)
            chars = page.chars
        tables = find_ruled_tables(page, settings)
        outside = assign_chars(chars, tables)
        for table in tables:
            for cell in table.cells:
                cell.lines = chars_to_lines(cell.chars, settings)
                cell.chars = []
        lines = []
        for line in chars_to_lines(outside, settings):
            if line.upright:
                lines.append(line)
            else:  # a margin note or registration stamp printed sideways
                log.debug("page %d: sideways text outside tables dropped: %r", page.page_number, line.text)
        return PageLayout(page.page_number, float(page.width), float(page.height), lines, tables,
                          has_text=glyphs > 0)
    finally:
        page.close()


def char_direction(ch: dict) -> int:
    """Direction of the text a char belongs to, in degrees counter-clockwise: 0 upright."""
    a, b = ch["matrix"][0], ch["matrix"][1]
    if b == 0 and a > 0:
        return 0
    return round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90


def text_turn(chars: list[dict]) -> tuple[int, int]:
    """How many degrees the page must turn for most of its text to be upright (0 if it is),
    and how many glyphs (chars other than spaces) it has."""
    directions = Counter(char_direction(c) for c in chars if not c["text"].isspace())
    if not directions:
        return 0, 0
    direction, _ = directions.most_common(1)[0]
    return direction, sum(directions.values())


def turned_page(page: PlumberPage, turn: int) -> PlumberPage:
    """The same page read with its /Rotate changed so that text at ``turn`` degrees is upright."""
    obj = page.page_obj
    rotate = (page.rotation + turn) % 360  # /Rotate turns the page clockwise
    obj.attrs = dict(obj.attrs)
    obj.attrs["Rotate"] = rotate
    obj.rotate = rotate
    return PlumberPage(page.pdf, obj, page.page_number, page.initial_doctop)


def cluster_values(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted distinct values, those within ``tolerance`` of the previous one merged."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def nearest_index(grid: list[float], value: float) -> int:
    i = bisect_right(grid, value)
    if i == 0:
        return 0
    if i == len(grid) or value - grid[i - 1] <= grid[i] - value:
        return i - 1
    return i


def find_ruled_tables(page: PlumberPage, settings: PdfSettings) -> list[RuledTable]:
    tables = []
    for found in page.find_tables(settings.table_settings):
        boxes = found.cells
        if not boxes:
            continue
        xs = cluster_values((v for b in boxes for v in (b[0], b[2])), settings.grid_tolerance)
        ys = cluster_values([b[1] for b in boxes] + [max(b[3] for b in boxes)], settings.grid_tolerance)
        if len(xs) < 2 or len(ys) < 2:
            continue
        cells = []
        for x0, top, x1, bottom in boxes:
            c0, c1 = nearest_index(xs, x0), nearest_index(xs, x1)
            r0, r1 = nearest_index(ys, top), nearest_index(ys, bottom)
            if c1 > c0 and r1 > r0:
                cells.append(GridCell(r0, c0, r1 - r0, c1 - c0, x0, x1))
        x0, top, x1, bottom = found.bbox
        tables.append(RuledTable(x0, top, x1, bottom, len(xs) - 1, cells, xs, ys))
    return tables


def assign_chars(chars: list[dict], tables: list[RuledTable]) -> list[dict]:
    """Put each char in the table cell under its centre; return the chars outside tables."""
    slots: list[dict[tuple[int, int], GridCell]] = []
    for table in tables:
        slot = {}
        for cell in table.cells:
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    slot[(r, c)] = cell
        slots.append(slot)
    outside = []
    for ch in chars:
        xc = (ch["x0"] + ch["x1"]) / 2
        yc = (ch["top"] + ch["bottom"]) / 2
        for table, slot in zip(tables, slots):
            if table.x0 <= xc <= table.x1 and table.top <= yc <= table.bottom:
                c = min(max(bisect_right(table.xs, xc) - 1, 0), table.n_cols - 1)
                r = min(max(bisect_right(table.ys, yc) - 1, 0), len(table.ys) - 2)
                cell = slot.get((r, c))
                if cell is None:  # a slot no cell covers (a rule missing): a cell of its own
                    cell = slot[(r, c)] = GridCell(r, c, 1, 1, table.xs[c], table.xs[c + 1])
                    table.cells.append(cell)
                cell.chars.append(ch)
                break
        else:
            outside.append(ch)
    return outside


def reading_frame(ch: dict, direction: int) -> tuple[float, float, float]:
    """(start, end) along the text's direction and the centre across it (growing from one
    line to the next), for a char of text running at ``direction`` degrees (not 0: upright
    chars are framed by their x and top as they are)."""
    if direction == 90:  # bottom to top; lines follow left to right
        return -ch["bottom"], -ch["top"], (ch["x0"] + ch["x1"]) / 2
    if direction == 270:  # top to bottom; lines follow right to left
        return ch["top"], ch["bottom"], -(ch["x0"] + ch["x1"]) / 2
    return -ch["x1"], -ch["x0"], -(ch["top"] + ch["bottom"]) / 2


@lru_cache(maxsize=1024)
def is_bold_font(fontname: str) -> bool:
    return BOLD_FONT.search(fontname) is not None


def chars_to_lines(chars: list[dict], settings: PdfSettings) -> list[Line]:
    """Chars -> text lines: upright ones top to bottom, then any running in other directions."""
    by_direction: dict[int, list[tuple[float, float, float, dict]]] = {0: []}
    upright = by_direction[0]
    for ch in chars:
        direction = char_direction(ch)
        if direction == 0:
            upright.append(((ch["top"] + ch["bottom"]) / 2, ch["x0"], ch["x1"], ch))
        else:
            u0, u1, v = reading_frame(ch, direction)
            by_direction.setdefault(direction, []).append((v, u0, u1, ch))
    lines: list[Line] = []
    for direction in sorted(by_direction):
        framed = sorted(by_direction[direction], key=lambda t: t[0])
        group: list[tuple[float, float, float, dict]] = []
        ref_v = ref_size = 0.0
        for item in framed:
            size = item[3]["size"] or 1.0
            if group and item[0] - ref_v <= settings.line_band * max(size, ref_size):
                group.append(item)
                continue
            if group:
                line = build_line(group, direction, settings)
                if line:
                    lines.append(line)
            group, ref_v, ref_size = [item], item[0], size
        if group:
            line = build_line(group, direction, settings)
            if line:
                lines.append(line)
    return lines


def build_line(group: list[tuple[float, float, float, dict]], direction: int,
               settings: PdfSettings) -> Line | None:
    items = sorted(group, key=lambda t: t[1])
    sizes = [it[3]["size"] for it in items if not it[3]["text"].isspace()]
    if not sizes:
        return None
    size = statistics.median(sizes)
    segments: list[Segment] = []
    text: list[str] = []
    seg_x0 = seg_x1 = 0.0
    bold = letters = 0
    prev_end: float | None = None
    prev_char: dict | None = None
    space_pending = False
    second_word_x0: float | None = None

    def close_segment() -> None:
        if text:
            segments.append(Segment(seg_x0, seg_x1, "".join(text).strip(), bold >= settings.bold_share * letters))

    for _, u0, u1, ch in items:
        t = ch["text"]
        if t.isspace():
            if prev_end is not None:
                # a space ends where it was drawn: a wide gap after it is still a gutter
                # (a cell's line ending "№ " leaves its space before the next column)
                space_pending, prev_end = True, max(prev_end, u1)
            continue
        if (prev_char is not None and t == prev_char["text"]
                and abs(ch["x0"] - prev_char["x0"]) <= settings.duplicate_overlap
                and abs(ch["top"] - prev_char["top"]) <= settings.duplicate_overlap):
            continue  # the same glyph drawn twice over itself
        if prev_end is not None:
            gap = u0 - prev_end
            if gap >= settings.gutter_gap * size:
                close_segment()
                text, bold, letters = [], 0, 0
                seg_x0 = ch["x0"]
                second_word_x0 = ch["x0"] if second_word_x0 is None else second_word_x0
            elif space_pending or gap > settings.word_gap * size:
                text.append(" ")
                second_word_x0 = ch["x0"] if second_word_x0 is None else second_word_x0
        else:
            seg_x0 = ch["x0"]
        text.append(t)
        seg_x1 = max(seg_x1, ch["x1"]) if text[:-1] else ch["x1"]
        if t.isalnum() or not letters:  # weight is judged on letters: "**Итоги**:" is bold
            letters += 1
            bold += is_bold_font(ch["fontname"])
        prev_end, prev_char, space_pending = u1, ch, False
    close_segment()
    if not segments:
        return None
    glyphs = [it[3] for it in items if not it[3]["text"].isspace()]
    return Line(
        top=min(c["top"] for c in glyphs), bottom=max(c["bottom"] for c in glyphs),
        x0=min(c["x0"] for c in glyphs), x1=max(c["x1"] for c in glyphs),
        size=size, segments=segments, upright=direction == 0,
        ends_with_space=items[-1][3]["text"].isspace(), second_word_x0=second_word_x0,
    )


# ---------------------------------------------------------------------------
# The whole document: furniture, regions, paragraphs, tables, headers
# ---------------------------------------------------------------------------


def assemble_pages(layouts: list[PageLayout], settings: PdfSettings = SETTINGS) -> list[Page]:
    drop_furniture(layouts, settings)
    share_grids_across_pages(layouts, settings)
    vocabulary = Vocabulary()
    for layout in layouts:
        # the columns of a line are read apart: a hyphen may end a column, not the line
        vocabulary.add_lines(seg.text for line in layout.lines for seg in line.segments)
        for table in layout.tables:
            for cell in table.cells:
                vocabulary.add_lines(line.text for line in cell.lines)
    line_gap = usual_line_gap(layouts, settings)
    boxes = text_boxes(layouts, settings)
    indent = usual_first_line_indent(layouts, boxes, settings)
    pages = []
    carry: dict[str, Any] = {}
    for layout, box in zip(layouts, boxes):
        reader = PageReader(layout, box, line_gap, indent, vocabulary, settings, carry)
        pages.append(Page(layout.number, reader.blocks()))
    mark_repeated_headers(pages, settings)
    return pages


def drop_furniture(layouts: list[PageLayout], settings: PdfSettings) -> None:
    """Drop page numbers, running headers/footers and e-signature stamps, in place."""
    candidates = [edge_lines(layout, settings) for layout in layouts]
    with_text = sum(1 for layout in layouts if layout.has_text)
    repeats = Counter(key for page_lines in candidates for key in {furniture_key(line) for line in page_lines})
    needed = max(settings.running_min_pages, settings.running_min_share * with_text)
    for layout, page_lines in zip(layouts, candidates):
        dropped = {
            id(line) for line in page_lines
            if PAGE_NUMBER.match(line.text) or repeats[furniture_key(line)] >= needed
        }
        for line in layout.lines:
            if id(line) in dropped:
                log.debug("page %d: page furniture dropped: %r", layout.number, line.text)
        layout.lines = drop_stamps([line for line in layout.lines if id(line) not in dropped],
                                   settings, layout.number)
        kept_tables = []
        for table in layout.tables:
            texts = [line.text for cell in table.cells for line in cell.lines]
            if texts and all(STAMP_START.search(t) or STAMP_FIELD.match(t) for t in texts):
                log.debug("page %d: signature stamp box dropped: %r", layout.number, " / ".join(texts))
                continue
            for cell in table.cells:
                cell.lines = drop_stamps(cell.lines, settings, layout.number)
            kept_tables.append(table)
        layout.tables = kept_tables


def edge_lines(layout: PageLayout, settings: PdfSettings) -> list[Line]:
    """The short non-bold lines at the very top and bottom of a page, outside its tables."""
    band = settings.furniture_band * layout.height
    first_table = min((t.top for t in layout.tables), default=math.inf)
    last_table = max((t.bottom for t in layout.tables), default=-math.inf)

    def plausible(line: Line) -> bool:
        return len(line.text) <= settings.furniture_max_chars and not line.bold

    out: dict[int, Line] = {}
    for line in layout.lines[: settings.furniture_max_lines]:
        if line.bottom > band or line.bottom > first_table:
            break
        if plausible(line):
            out[id(line)] = line
    for line in reversed(layout.lines[-settings.furniture_max_lines:]):
        if line.top < layout.height - band or line.top < last_table or id(line) in out:
            break
        if plausible(line):
            out[id(line)] = line
    return list(out.values())


def furniture_key(line: Line) -> str:
    return DIGITS.sub("#", collapse_ws(line.text).lower())


def drop_stamps(lines: list[Line], settings: PdfSettings, page: int) -> list[Line]:
    """Lines without e-signature stamps: a stamp's first segment ("Документ подписан
    электронной подписью") and the certificate segments under it (same columns) go; a
    line keeps its other segments (a signature beside the stamp)."""
    out: list[Line] = []
    stamp: tuple[float, float] | None = None  # x range of the stamp being dropped
    stamp_lines = 0
    for line in lines:
        kept = []
        for seg in line.segments:
            if STAMP_START.search(seg.text):
                stamp, stamp_lines = (seg.x0, seg.x1), 0
            elif not (stamp and STAMP_FIELD.match(seg.text) and seg.x0 < stamp[1] and seg.x1 > stamp[0]):
                kept.append(seg)
                continue
            log.debug("page %d: signature stamp dropped: %r", page, seg.text)
        if stamp is not None:
            stamp_lines += 1
            if stamp_lines > settings.stamp_max_lines or len(kept) == len(line.segments):
                stamp = None
        if len(kept) == len(line.segments):
            out.append(line)
        elif kept:
            out.append(Line(line.top, line.bottom, kept[0].x0, kept[-1].x1, line.size, kept,
                            ends_with_space=line.ends_with_space))
    return out


def share_grids_across_pages(layouts: list[PageLayout], settings: PdfSettings) -> None:
    """A table that ends one page and starts the next with the same outer rules is one
    table: its chunks get one column grid, the union of their vertical rules, so that a
    page whose rows merge some columns (no rule drawn there) keeps the same column numbers."""
    tol = 2 * settings.grid_tolerance

    def opens_page(layout: PageLayout, table: RuledTable) -> bool:
        return not any(line.bottom <= table.top for line in layout.lines)

    def ends_page(layout: PageLayout, table: RuledTable) -> bool:
        return not any(line.top >= table.bottom for line in layout.lines)

    chain: list[RuledTable] = []  # chunks of the table running over page ends so far
    for layout in layouts:
        tables = list(layout.tables)
        if (chain and tables and opens_page(layout, tables[0])
                and abs(tables[0].x0 - chain[-1].x0) <= tol and abs(tables[0].x1 - chain[-1].x1) <= tol):
            chain.append(tables.pop(0))
        else:
            regrid(chain, settings)
            chain = []
        if tables:  # another table starts on this page: the running one ended above it
            regrid(chain, settings)
            chain = [tables[-1]]
        if chain and not ends_page(layout, chain[-1]):
            regrid(chain, settings)
            chain = []
    regrid(chain, settings)


def regrid(chunks: list[RuledTable], settings: PdfSettings) -> None:
    if len(chunks) < 2:
        return
    xs = cluster_values((x for t in chunks for x in t.xs), settings.grid_tolerance)
    if all(len(t.xs) == len(xs) for t in chunks):
        return
    for table in chunks:
        for cell in table.cells:
            c0, c1 = nearest_index(xs, cell.x0), nearest_index(xs, cell.x1)
            cell.col, cell.col_span = c0, max(1, c1 - c0)
        table.n_cols = len(xs) - 1
        table.xs = xs


def usual_line_gap(layouts: list[PageLayout], settings: PdfSettings = SETTINGS) -> float:
    """The gap between the lines of a paragraph, in em: the smallest gap that is common
    among consecutive lines (a document of one-line paragraphs has more paragraph gaps
    than line gaps, so the commonest gap would not do). Cell lines stand in for a
    document with hardly any text outside tables."""
    gaps: Counter[float] = Counter()

    def count(lines: list[Line]) -> None:
        for a, b in zip(lines, lines[1:]):
            if abs(a.size - b.size) < settings.size_change:
                gap = (b.top - a.bottom) / a.size
                if -0.5 < gap < 1.5:
                    gaps[round(gap * 20) / 20] += 1

    for layout in layouts:
        count(layout.lines)
    if sum(gaps.values()) < settings.line_gap_min_count:
        for layout in layouts:
            for table in layout.tables:
                for cell in table.cells:
                    count(cell.lines)
    total = sum(gaps.values())
    common = [gap for gap, n in gaps.items() if n >= max(2, settings.line_gap_min_share * total)]
    return min(common) if common else settings.default_line_gap


def text_boxes(layouts: list[PageLayout], settings: PdfSettings) -> list[tuple[float, float]]:
    """The text box (left and right margin) of each page, measured over all pages of the
    same shape: from the text lines where they span the page, else with the tables too
    (Word and LibreOffice set table rules a cell padding outside the margins)."""
    lines_box: dict[tuple[int, int], tuple[float, float]] = {}
    tables_box: dict[tuple[int, int], tuple[float, float]] = {}

    def widen(boxes: dict, shape: tuple[int, int], x0: float, x1: float) -> None:
        old = boxes.get(shape)
        boxes[shape] = (x0, x1) if old is None else (min(old[0], x0), max(old[1], x1))

    for layout in layouts:
        shape = (round(layout.width), round(layout.height))
        for line in layout.lines:
            widen(lines_box, shape, line.x0, line.x1)
        for table in layout.tables:
            widen(tables_box, shape, table.x0, table.x1)
    out = []
    for layout in layouts:
        shape = (round(layout.width), round(layout.height))
        lines, tables = lines_box.get(shape), tables_box.get(shape)
        if lines and (not tables or lines[1] - lines[0] >= tables[1] - tables[0] - settings.table_padding_allowance):
            box = lines
        elif lines and tables:
            box = (min(lines[0], tables[0]), max(lines[1], tables[1]))
        else:
            box = lines or tables or (0.0, layout.width)
        out.append(box)
    return out


def usual_first_line_indent(layouts: list[PageLayout], boxes: list[tuple[float, float]],
                            settings: PdfSettings) -> float | None:
    """The document's first-line indent (pt from the left margin): the commonest offset
    of lines that reach the right margin but start a little right of the left one."""
    offsets: Counter[float] = Counter()
    tol = settings.align_tolerance
    for layout, (left, right) in zip(layouts, boxes):
        for line in layout.lines:
            offset = line.x0 - left
            if right - line.x1 <= tol and 0.5 * line.size < offset < settings.max_indent * line.size:
                offsets[round(offset * 2) / 2] += 1
    if not offsets:
        return None
    offset, n = offsets.most_common(1)[0]
    return float(offset) if n >= 2 else None


class PageReader:
    """One page's lines and ruled tables -> blocks in reading order."""

    def __init__(self, layout: PageLayout, box: tuple[float, float], line_gap: float,
                 indent: float | None, vocabulary: Vocabulary, settings: PdfSettings,
                 carry: dict[str, Any] | None = None):
        self.layout = layout
        # what one page leaves the next: the gutters of its last table without rules
        self.carry = carry if carry is not None else {}
        self.box = box
        self.line_gap = line_gap
        self.indent = indent
        self.vocabulary = vocabulary
        self.settings = settings

    def blocks(self) -> list[Block]:
        items: list[tuple[float, int, Any]] = [(line.top, 1, line) for line in self.layout.lines]
        items += [(table.top, 0, table) for table in self.layout.tables]
        items.sort(key=lambda t: (t[0], t[1]))
        blocks: list[Block] = []
        run: list[Line] = []
        for _, _, item in items:
            if isinstance(item, RuledTable):
                blocks.extend(self.read_run(run))
                run = []
                table = self.ruled_table(item)
                if table.rows:
                    blocks.append(table)
            else:
                run.append(item)
        blocks.extend(self.read_run(run))
        return blocks

    # -- ruled tables ------------------------------------------------------

    def ruled_table(self, ruled: RuledTable) -> Table:
        page = self.layout.number
        by_row: dict[int, list[GridCell]] = {}
        for cell in ruled.cells:
            by_row.setdefault(cell.row, []).append(cell)
        rows = []
        for r in sorted(by_row):
            cells = sorted(by_row[r], key=lambda c: c.col)
            rows.append(Row(
                [Cell(self.join(cell.lines), cell.col, cell.col_span, cell.row_span) for cell in cells],
                page=page, bbox=(ruled.xs[0], ruled.ys[r], ruled.xs[-1], ruled.ys[min(r + 1, len(ruled.ys) - 1)]),
            ))
        for k, r in enumerate(sorted(by_row)[: min(self.settings.header_max_rows, len(rows) - 1)]):
            filled = [c for c in by_row[r] if c.lines]
            if len(rows[k].cells) < 2 or not filled or not all(c.bold for c in filled):
                break
            rows[k].is_header = True
        mark_column_number_row(rows)
        return Table(rows, ruled.n_cols, page)

    def join(self, lines: list[Line]) -> str:
        return join_visual_lines(lines, self.vocabulary)

    # -- lines between ruled tables -----------------------------------------

    def read_run(self, lines: list[Line]) -> list[Block]:
        """Lines between two ruled tables -> borderless tables and paragraphs."""
        blocks: list[Block] = []
        pending: list[Line] = []
        i = 0
        while i < len(lines):
            if len(lines[i].segments) >= 2:
                found = find_table(lines, i, self.line_gap, self.settings.borderless, floor=i - len(pending),
                                   known_gutters=self.carry.get("gutters", ()))
                if found is not None:
                    self.carry["gutters"] = found.gutters
                    taken = i - found.start  # lines above that the table claims back
                    blocks.extend(self.paragraphs(pending[:len(pending) - taken]))
                    pending = []
                    blocks.append(self.borderless_table(lines, found))
                    i = found.end
                    continue
                end, gutters = self.grow_region(lines, i)
                region = lines[i:end]
                multi = sum(1 for line in region if len(line.segments) >= 2)
                if len(gutters) == 1 and multi >= self.settings.columns_min_lines:
                    left, right = split_columns(region, (gutters[0][0] + gutters[0][1]) / 2)
                    min_width = self.settings.columns_min_width * lines[i].size
                    # list numbers before a tab ("1." ⇥ text) make no column of their own
                    if all(max(line.x1 - line.x0 for line in col) >= min_width for col in (left, right)):
                        blocks.extend(self.paragraphs(pending))
                        pending = []
                        blocks.extend(self.paragraphs(left))
                        blocks.extend(self.paragraphs(right))
                        i = end
                        continue
            pending.append(lines[i])
            i += 1
        blocks.extend(self.paragraphs(pending))
        return blocks

    def grow_region(self, lines: list[Line], start: int) -> tuple[int, list[tuple[float, float]]]:
        """From a line with several segments, the lines below that keep its white gutters:
        (end index, gutters as (x0, x1))."""
        first = lines[start]
        min_width = self.settings.gutter_min_width * first.size
        gutters = [(a.x1, b.x0) for a, b in zip(first.segments, first.segments[1:]) if b.x0 - a.x1 >= min_width]
        end = start + 1
        while gutters and end < len(lines):
            line, above = lines[end], lines[end - 1]
            if line.top - above.bottom > self.settings.region_max_gap * line.size:
                break
            narrowed = []
            for g0, g1 in gutters:
                for seg in line.segments:
                    if seg.x0 < g1 and seg.x1 > g0:  # text in the gutter: what is left of it
                        if seg.x0 - g0 >= g1 - seg.x1:
                            g1 = min(g1, seg.x0)
                        else:
                            g0 = max(g0, seg.x1)
                narrowed.append((g0, g1))
            if any(g1 - g0 < min_width for g0, g1 in narrowed):
                break
            gutters = narrowed
            end += 1
        return end, gutters

    def borderless_table(self, lines: list[Line], found: BorderlessTable) -> Table:
        page = self.layout.number
        rows = []
        for row in found.rows:
            cells = []
            for col in range(found.n_cols):
                pieces = row.cells.get(col)
                if row.heading and col > 0:
                    break
                # the line's trailing space belongs to its last segment only
                cell_lines = [Line(lines[k].top, lines[k].bottom, segs[0].x0, segs[-1].x1, lines[k].size, segs,
                                   ends_with_space=lines[k].ends_with_space and segs[-1] is lines[k].segments[-1])
                              for k, segs in pieces or ()]
                span = found.n_cols if row.heading else 1
                cells.append(Cell(join_visual_lines(cell_lines, self.vocabulary), col, span))
            row_lines = [lines[k] for pieces in row.cells.values() for k, _ in pieces]
            bbox = (min(line.x0 for line in row_lines), min(line.top for line in row_lines),
                    max(line.x1 for line in row_lines), max(line.bottom for line in row_lines))
            rows.append(Row(cells, is_header=row.header, page=page, bbox=bbox))
        mark_column_number_row(rows)
        log.debug("page %d: borderless table of %d columns, %d rows", page, found.n_cols, len(rows))
        return Table(rows, found.n_cols, page)

    # -- paragraphs -------------------------------------------------------------

    def paragraphs(self, lines: list[Line]) -> list[Paragraph]:
        out: list[Paragraph] = []
        group: list[Line] = []
        for line in lines:
            if group and self.starts_paragraph(group, line):
                out.append(self.paragraph(group))
                group = []
            group.append(line)
        if group:
            out.append(self.paragraph(group))
        return out

    def edge_gaps(self, line: Line) -> tuple[float, float]:
        return line.x0 - self.box[0], self.box[1] - line.x1

    def centred(self, line: Line) -> bool:
        """Centred in the page's text box. The box comes partly from table rules, which
        Word and LibreOffice set a cell padding outside the margins, hence a relative
        tolerance."""
        left, right = self.edge_gaps(line)
        s = self.settings
        if self.indent is not None and abs(left - self.indent) <= s.indent_tolerance:
            return False  # starts at the paragraph indent: a short first line, not a centred one
        tol = max(s.align_tolerance, s.centre_tolerance * (self.box[1] - self.box[0]))
        return abs(left - right) / 2 <= tol and min(left, right) > line.size

    def full_width(self, line: Line) -> bool:
        """A line that fills the text box says nothing about its paragraph's alignment."""
        left, right = self.edge_gaps(line)
        return left <= line.size and right <= line.size

    def flush_right(self, line: Line) -> bool:
        left, right = self.edge_gaps(line)
        return right <= self.settings.align_tolerance < left

    def starts_paragraph(self, group: list[Line], line: Line) -> bool:
        """Whether ``line`` starts a new paragraph after the lines of ``group``."""
        s = self.settings
        above = group[-1]
        gap = (line.top - above.bottom) / max(above.size, 1.0)
        if gap > self.line_gap + s.paragraph_gap:
            return True
        if above.bold != line.bold or abs(above.size - line.size) > s.size_change:
            return True
        if self.centred(above) != self.centred(line) and not (self.full_width(above) or self.full_width(line)):
            return True
        if self.centred(line) and above.bold and HEADING_LABEL.match(line.text):
            return True  # a centred heading under another: "1. …" / "1.1. …"
        if self.centred(line) or (self.flush_right(above) and self.flush_right(line)):
            return False
        if len(group) >= 2:
            # lines after a paragraph's first share its left edge: one that does not
            # is the next paragraph (an indented first line, or the next list item)
            return abs(line.x0 - above.x0) > max(s.align_tolerance, s.left_edge_tolerance * line.size)
        hanging = above.second_word_x0 is not None and abs(line.x0 - above.second_word_x0) <= s.align_tolerance
        return line.x0 - above.x0 > s.indent * line.size and not hanging  # "1." ⇥ text / text

    def paragraph(self, lines: list[Line]) -> Paragraph:
        return Paragraph(self.join(lines), bold=all(line.bold for line in lines),
                         align=self.alignment(lines), page=self.layout.number)

    def alignment(self, lines: list[Line]) -> str | None:
        tol = self.settings.align_tolerance
        shaped = [line for line in lines if not self.full_width(line)]
        if not shaped and len(lines) == 1:
            return None  # one line across the whole text box: any alignment draws it so
        if shaped and all(self.centred(line) for line in shaped):
            return "center"
        gaps = [self.edge_gaps(line) for line in lines]
        if (len(lines) >= 2 and all(right <= tol for _, right in gaps[:-1])
                and all(left <= tol for left, _ in gaps[1:])):
            return "justify"  # the first line may be indented, the last one short
        if all(right <= tol for _, right in gaps) and any(left > tol for left, _ in gaps):
            return "right"
        return "left"


def join_visual_lines(lines: list[Line], vocabulary: Vocabulary | None) -> str:
    """Lines -> text joined with "\\n", hyphenation undone. A line that the PDF ends with a
    space broke between words: a hyphen there ("15.03.2022- 20.05.2021") is no wrapped
    word, so that break is written as the space it was, for no later join to glue it."""
    text = ""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line.text)
        if line.ends_with_space:
            text = join_chunk(text, join_lines(chunk, vocabulary))
            chunk = []
    return join_chunk(text, join_lines(chunk, vocabulary))


def join_chunk(text: str, more: str) -> str:
    if not text or not more:
        return text or more
    return f"{text} {more}" if LINE_END_HYPHEN.search(text) else f"{text}\n{more}"


def split_columns(region: list[Line], split: float) -> tuple[list[Line], list[Line]]:
    """A two-column block -> the lines of its left column, then those of its right one."""
    left: list[Line] = []
    right: list[Line] = []
    for line in region:
        lsegs = [s for s in line.segments if (s.x0 + s.x1) / 2 < split]
        rsegs = [s for s in line.segments if (s.x0 + s.x1) / 2 >= split]
        for segs, out in ((lsegs, left), (rsegs, right)):
            if segs:
                out.append(Line(line.top, line.bottom, segs[0].x0, segs[-1].x1, line.size, segs))
    return left, right


def is_column_number_row(row: Row) -> bool:
    texts = [collapse_ws(c.text) for c in row.cells if c.text.strip()]
    return len(texts) >= 3 and texts == [str(i) for i in range(1, len(texts) + 1)]


def mark_column_number_row(rows: list[Row]) -> None:
    """A "1 2 3 …" row right under the header is part of it."""
    k = next((i for i, row in enumerate(rows) if not row.is_header), len(rows))
    if 0 < k < len(rows) and is_column_number_row(rows[k]):
        rows[k].is_header = True


def row_key(row: Row) -> tuple:
    return tuple((c.col, c.col_span, collapse_ws(c.text)) for c in row.cells)


def mark_repeated_headers(pages: list[Page], settings: PdfSettings = SETTINGS) -> None:
    """A table that opens a page (after nothing but short lines) with the rows its table
    opened with on an earlier page repeats that header: those rows are header rows, in
    both chunks."""
    running: Table | None = None  # first chunk of the table still open at the last page end
    for page in pages:
        tables = [(k, b) for k, b in enumerate(page.blocks) if isinstance(b, Table)]
        continued = False
        if tables and running is not None:
            k, chunk = tables[0]
            if chunk.n_cols == running.n_cols and all(is_short_line(b, settings) for b in page.blocks[:k]):
                mark_repeat(chunk, running)
                continued = True
        if not tables:
            running = None
            continue
        k, last = tables[-1]
        if not all(is_short_line(b, settings) for b in page.blocks[k + 1:]):
            running = None
        elif not (continued and len(tables) == 1):
            running = last


def is_short_line(block: Block, settings: PdfSettings) -> bool:
    return (isinstance(block, Paragraph) and "\n" not in block.text
            and len(block.text) <= settings.furniture_max_chars)


def mark_repeat(chunk: Table, first: Table) -> None:
    same = 0
    for mine, theirs in zip(chunk.rows, first.rows):
        if mine.is_empty() or row_key(mine) != row_key(theirs):
            break
        same += 1
    for row in chunk.rows[:same] + first.rows[:same]:
        if not row.is_header:
            log.debug("page %s: repeated header row %r", row.page, row.texts)
        row.is_header = True
    if same:
        mark_column_number_row(chunk.rows)
