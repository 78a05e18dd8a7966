"""HTML -> Document, with lxml: orders as legal and regional portals publish them, and HTML
that word processors save.

1. Decode: a byte-order mark; else UTF-8 when the bytes are valid UTF-8 beyond ASCII; else the
   charset a ``<meta>`` declares; else windows-1251 (the usual encoding of older Russian sites).
2. Drop what is not the document: scripts, styles, forms' controls, ``<nav>``, hidden
   elements, elements whose ARIA role marks site furniture (navigation, banner, footer), and
   ``<header>``/``<footer>``/``<aside>`` that stand outside ``<main>``/``<article>``.
3. Walk the rest in document order. Block elements (p, div, h1-h6, li …) end a paragraph;
   inline text gathers into it with ``<br>`` as "\\n". A paragraph is bold when all its text is
   (b, strong, headings, ``font-weight``); its alignment comes from ``align``, ``text-align``
   or ``<center>`` on the nearest block.
4. A ``<table>`` becomes a Table: cells placed on a grid past the cells that rows above span
   into (``rowspan``), ``colspan`` as column span, rows of ``<thead>`` and rows of ``<th>`` only
   above the first data row as header rows (a ``<th>`` row further down heads a section).
   A cell's paragraphs become its "\\n"-separated lines; a small table nested in a cell gives
   its cells as lines of that cell. A table that holds a larger table (or says
   ``role="presentation"``) lays out the page: its cells are read as content in order.

HTML has no pages: every block is on one page numbered None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml import etree

from ..document import Cell, Document, Page, Paragraph, Row, Table
from ..errors import InputError
from .runs import Runs


@dataclass(frozen=True)
class HtmlSettings:
    skip_tags: frozenset[str] = frozenset({
        "script", "style", "noscript", "template", "nav", "head", "iframe", "svg", "math", "button",
        "select", "textarea", "input", "object", "embed", "canvas", "map", "audio", "video", "img",
    })
    furniture_roles: frozenset[str] = frozenset({"navigation", "banner", "contentinfo", "search",
                                                 "menu", "menubar"})
    # page furniture when outside the main content; inside an article they belong to the text
    furniture_tags: frozenset[str] = frozenset({"header", "footer", "aside"})
    content_tags: frozenset[str] = frozenset({"main", "article"})
    block_tags: frozenset[str] = frozenset({
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "section", "article", "main", "header", "footer", "aside", "address",
        "center", "figure", "figcaption", "hr", "body", "form", "fieldset", "details", "summary",
        "caption", "tr", "td", "th",
    })
    bold_tags: frozenset[str] = frozenset({"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"})
    # a table whose cell holds a table of this many rows or more lays out the page (old sites put
    # menu and content side by side in one): its cells are read as content, not as a grid
    layout_nested_min_rows: int = 3
    layout_roles: frozenset[str] = frozenset({"presentation", "none"})
    max_span: int = 1000  # the HTML limit of colspan; larger values are typos
    meta_scan_bytes: int = 4096  # where a <meta charset> is looked for
    fallback_encoding: str = "windows-1251"


SETTINGS = HtmlSettings()

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)\b", re.I)
_ALIGN_STYLE = re.compile(r"text-align\s*:\s*([a-z-]+)", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ALIGN = {"left": "left", "start": "left", "center": "center", "middle": "center", "right": "right",
          "end": "right", "justify": "justify"}


def detect_encoding(data: bytes, settings: HtmlSettings = SETTINGS) -> str:
    """Bytes that are valid UTF-8 with letters beyond ASCII are UTF-8 whatever a ``<meta>``
    says: saved pages keep stale declarations, and windows-1251 Russian text is practically
    never valid UTF-8. Otherwise the declared charset, else the fallback."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        if not data.isascii():
            return "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[: settings.meta_scan_bytes])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            "".encode(name)
            return name
        except LookupError:
            pass  # an unknown charset name: judge by the bytes
    return "utf-8" if data.isascii() else settings.fallback_encoding


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _is_bold(el, settings: HtmlSettings) -> bool:
    return _tag(el) in settings.bold_tags or bool(_BOLD_STYLE.search(el.get("style") or ""))


def _align(el) -> str | None:
    if _tag(el) == "center":
        return "center"
    found = _ALIGN_STYLE.search(el.get("style") or "")
    value = found.group(1) if found else el.get("align")
    return _ALIGN.get((value or "").strip().lower())


def _span(value: str | None, settings: HtmlSettings) -> int:
    try:
        return max(0, min(int((value or "1").strip()), settings.max_span))
    except ValueError:
        return 1


class _Reader:
    """Blocks of one element's content (the body, or one table cell)."""

    def __init__(self, settings: HtmlSettings):
        self.settings = settings
        self.blocks: list = []
        self.runs = Runs()
        self.align: str | None = None

    def flush(self) -> None:
        text = self.runs.text
        if text:
            self.blocks.append(Paragraph(text, bold=self.runs.bold, align=self.align))
        self.runs = Runs()

    def skipped(self, el) -> bool:
        s = self.settings
        tag = _tag(el)
        if not tag or tag in s.skip_tags or el.get("hidden") is not None:
            return True
        if (el.get("aria-hidden") or "").lower() == "true" or _HIDDEN_STYLE.search(el.get("style") or ""):
            return True
        if (el.get("role") or "").lower() in s.furniture_roles:
            return True
        return tag in s.furniture_tags and not any(_tag(a) in s.content_tags for a in el.iterancestors())

    def read(self, el, bold: bool = False) -> None:
        """``el``'s own text and children; its tail is the caller's."""
        self.runs.add(el.text, bold)
        for child in el:
            if not self.skipped(child):
                self.element(child, bold)
            self.runs.add(child.tail, bold)

    def element(self, el, bold: bool) -> None:
        tag = _tag(el)
        bold = bold or _is_bold(el, self.settings)
        if tag == "br":
            self.runs.line_break()
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag in self.settings.block_tags:
            self.flush()
            outer = self.align
            self.align = _align(el) or outer
            self.read(el, bold)
            self.flush()
            self.align = outer
        else:
            self.read(el, bold)

    def table(self, el) -> None:
        rows: list[tuple[object, bool]] = []  # (tr, is in thead)
        for child in el:
            tag = _tag(child)
            if tag == "caption" and not self.skipped(child):
                self.element(child, False)
            elif tag in ("thead", "tbody", "tfoot"):
                rows.extend((tr, tag == "thead") for tr in child if _tag(tr) == "tr")
            elif tag == "tr":
                rows.append((child, False))
        if is_layout_table(el, rows, self.settings):
            for tr, _ in rows:
                for td in tr:
                    if _tag(td) in ("td", "th") and not self.skipped(td):
                        self.element(td, False)
            return
        table = read_table_rows(rows, self.settings)
        if table.rows:
            self.blocks.append(table)


def is_layout_table(el, rows: list[tuple[object, bool]], settings: HtmlSettings = SETTINGS) -> bool:
    if (el.get("role") or "").lower() in settings.layout_roles:
        return True
    for tr, _ in rows:
        for td in tr:
            for nested in td.iter("table"):
                if sum(1 for _ in nested.iter("tr")) >= settings.layout_nested_min_rows:
                    return True
    return False


def cell_text(td, settings: HtmlSettings) -> str:
    reader = _Reader(settings)
    reader.read(td)
    reader.flush()
    lines = []
    for block in reader.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:  # a nested table: its cells, row by row, as lines of this cell
            lines.extend(c.text for r in block.rows for c in r.cells if c.text)
    return "\n".join(lines)


def read_table_rows(rows: list[tuple[object, bool]], settings: HtmlSettings = SETTINGS) -> Table:
    occupied: set[tuple[int, int]] = set()  # (row, col) slots that a cell above spans into
    out: list[Row] = []
    n_cols = 0
    body_started = False  # a row of <th> after data rows is a section heading, not a header
    for r, (tr, in_head) in enumerate(rows):
        tds = [td for td in tr if _tag(td) in ("td", "th")]
        cells: list[Cell] = []
        col = 0
        for td in tds:
            while (r, col) in occupied:
                col += 1
            col_span = max(1, _span(td.get("colspan"), settings))
            row_span = _span(td.get("rowspan"), settings)
            row_span = len(rows) - r if row_span == 0 else min(row_span, len(rows) - r)
            cells.append(Cell(cell_text(td, settings), col, col_span=col_span, row_span=row_span))
            for below in range(r + 1, r + row_span):
                occupied.update((below, c) for c in range(col, col + col_span))
            col += col_span
        n_cols = max(n_cols, col)
        all_th = bool(tds) and all(_tag(td) == "th" for td in tds)
        header = in_head or (all_th and not body_started)
        body_started = body_started or (bool(tds) and not header)
        out.append(Row(cells, is_header=header))
    return Table(out, n_cols)


def parse_html_bytes(data: bytes, path: str | Path, settings: HtmlSettings = SETTINGS) -> Document:
    encoding = detect_encoding(data, settings)
    try:
        parser = lxml.html.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True)
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(path, f"cannot read HTML: {exc}") from None
    body = root.find("body")
    reader = _Reader(settings)
    reader.read(body if body is not None else root)
    reader.flush()
    return Document(str(path), "html", [Page(None, reader.blocks)], page_count=None)


def parse(path: Path, settings: HtmlSettings = SETTINGS) -> Document:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    return parse_html_bytes(data, path, settings)
