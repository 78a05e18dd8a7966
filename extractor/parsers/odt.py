"""ODT (OpenDocument text) -> Document, read natively: the ZIP package's ``content.xml`` with lxml.

1. The package must say it is a text document (``mimetype`` or the manifest's root entry).
2. Styles: automatic styles of ``content.xml`` and named styles of ``styles.xml``, each with
   its parent, bold (``fo:font-weight``) and alignment (``fo:text-align``); a value a style
   does not set comes from its parent.
3. The body in document order: ``text:p`` and ``text:h`` are paragraphs; lists and sections
   are read through. Inside a paragraph ``text:s`` counts spaces, ``text:tab`` is a space,
   ``text:line-break`` a "\\n"; notes, frames and change-tracking records are not the text.
4. ``table:table`` becomes a Table. ODF writes every grid slot: a spanned cell is followed
   by ``table:covered-table-cell`` slots, so a cell's grid column is the count of slots before
   it (``number-columns-repeated`` counting as many); ``number-columns-spanned`` and
   ``number-rows-spanned`` give the spans; rows in ``table:table-header-rows`` are header rows.
   A cell's paragraphs become its "\\n"-separated lines; a nested table gives its cells as lines.

ODT has no fixed pages: every block is on one page numbered None.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..document import Cell, Document, Page, Paragraph, Row, Table
from ..errors import InputError
from .runs import Runs

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
ODT_MIMETYPES = ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template")


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


@dataclass(frozen=True)
class OdtSettings:
    # elements whose text is not the document's running text
    skipped: frozenset[str] = frozenset({
        q("text:note"), q("text:tracked-changes"), q("text:sequence-decls"), q("text:variable-decls"),
        q("office:annotation"), q("office:forms"), q("text:bookmark-start"), q("text:bookmark-end"),
        q("text:soft-page-break"), q("text:table-of-content"), q("text:alphabetical-index"),
    })
    # containers read through as if their content stood in their place
    containers: frozenset[str] = frozenset({
        q("text:list"), q("text:list-item"), q("text:list-header"), q("text:section"),
        q("text:index-body"), q("office:text"),
    })
    max_repeat: int = 1000  # a trailing "rest of the sheet" repeat of empty slots is cut here


SETTINGS = OdtSettings()

_ALIGN = {"start": "left", "left": "left", "center": "center", "end": "right", "right": "right",
          "justify": "justify"}


@dataclass
class _Style:
    parent: str | None
    bold: bool | None
    align: str | None


class Styles:
    """Paragraph and text styles by name, resolving unset values through parents."""

    def __init__(self, *roots) -> None:
        self.by_name: dict[str, _Style] = {}
        for root in roots:
            if root is None:
                continue
            for style in root.iter(q("style:style")):
                text_props = style.find(q("style:text-properties"))
                para_props = style.find(q("style:paragraph-properties"))
                weight = text_props.get(q("fo:font-weight")) if text_props is not None else None
                align = para_props.get(q("fo:text-align")) if para_props is not None else None
                self.by_name[style.get(q("style:name"))] = _Style(
                    style.get(q("style:parent-style-name")),
                    None if weight is None else (weight == "bold" or weight[:1] in "6789"),
                    _ALIGN.get(align) if align else None,
                )

    def _lookup(self, name: str | None, attribute: str):
        seen = set()
        while name and name not in seen:
            seen.add(name)
            style = self.by_name.get(name)
            if style is None:
                return None
            value = getattr(style, attribute)
            if value is not None:
                return value
            name = style.parent
        return None

    def bold(self, name: str | None) -> bool | None:
        return self._lookup(name, "bold")

    def align(self, name: str | None) -> str | None:
        return self._lookup(name, "align")


def _int(value: str | None, default: int, limit: int) -> int:
    try:
        return max(1, min(int(value), limit)) if value is not None else default
    except ValueError:
        return default


class _Reader:
    def __init__(self, styles: Styles, settings: OdtSettings):
        self.styles = styles
        self.settings = settings

    def blocks(self, parent) -> list:
        out: list = []
        for el in parent:
            if el.tag in (q("text:p"), q("text:h")):
                runs = self.paragraph_runs(el)
                if runs.text:
                    style = el.get(q("text:style-name"))
                    out.append(Paragraph(runs.text, bold=runs.bold, align=self.styles.align(style)))
            elif el.tag == q("table:table"):
                table = self.table(el)
                if table.rows:
                    out.append(table)
            elif el.tag in self.settings.containers:
                out.extend(self.blocks(el))
        return out

    def paragraph_runs(self, p) -> Runs:
        runs = Runs()
        self._inline(p, bool(self.styles.bold(p.get(q("text:style-name")))), runs)
        return runs

    def _inline(self, el, bold: bool, runs: Runs) -> None:
        runs.add(el.text, bold)
        for child in el:
            tag = child.tag
            if tag == q("text:s"):
                runs.add_spaces(_int(child.get(q("text:c")), 1, self.settings.max_repeat))
            elif tag == q("text:tab"):
                runs.add_spaces()
            elif tag == q("text:line-break"):
                runs.line_break()
            elif tag in self.settings.skipped or not isinstance(tag, str) or tag.startswith(f"{{{NS['office']}}}"):
                pass
            elif tag.startswith("{urn:oasis:names:tc:opendocument:xmlns:drawing"):
                pass  # frames, shapes and images anchored in the paragraph
            else:
                own = self.styles.bold(child.get(q("text:style-name")))
                self._inline(child, bold if own is None else own, runs)
            runs.add(child.tail, bold)

    def cell_text(self, cell) -> str:
        lines = []
        for block in self.blocks(cell):
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend(c.text for r in block.rows for c in r.cells if c.text)
        return "\n".join(lines)

    def _rows(self, table):
        """(table-row, is header) in order, through header-rows, rows and row groups."""
        for el in table:
            if el.tag == q("table:table-row"):
                yield el, False
            elif el.tag == q("table:table-header-rows"):
                for tr in el.iter(q("table:table-row")):
                    yield tr, True
            elif el.tag in (q("table:table-rows"), q("table:table-row-group")):
                yield from self._rows(el)

    def table(self, el) -> Table:
        rows: list[Row] = []
        n_cols = 0
        limit = self.settings.max_repeat
        for tr, header in self._rows(el):
            cells: list[Cell] = []
            col = 0
            for slot in tr:
                repeat = _int(slot.get(q("table:number-columns-repeated")), 1, limit)
                if slot.tag == q("table:table-cell"):
                    text = self.cell_text(slot)
                    col_span = _int(slot.get(q("table:number-columns-spanned")), 1, limit)
                    row_span = _int(slot.get(q("table:number-rows-spanned")), 1, limit)
                    for k in range(repeat):
                        cells.append(Cell(text, col + k, col_span=col_span, row_span=row_span))
                    n_cols = max(n_cols, col + repeat - 1 + col_span)
                elif slot.tag != q("table:covered-table-cell"):
                    continue
                col += repeat
            # a repeated row is one row drawn several times (usually empty filler rows)
            copies = _int(tr.get(q("table:number-rows-repeated")), 1, limit)
            row = Row(cells, is_header=header)
            rows.extend([row] + [Row([Cell(c.text, c.col, c.col_span, 1) for c in cells], is_header=header)
                                 for _ in range(copies - 1)])
        return Table(rows, n_cols)


def _check_package(package: zipfile.ZipFile, path: Path) -> None:
    names = set(package.namelist())
    if "content.xml" not in names:
        raise InputError(path, "not an ODT file (no content.xml in the package)")
    mimetype = package.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
    if not mimetype and "META-INF/manifest.xml" in names:
        manifest = etree.fromstring(package.read("META-INF/manifest.xml"))
        for entry in manifest.iter(f"{{{NS['manifest']}}}file-entry"):
            if entry.get(f"{{{NS['manifest']}}}full-path") == "/":
                mimetype = entry.get(f"{{{NS['manifest']}}}media-type") or ""
    if mimetype not in ODT_MIMETYPES:
        raise InputError(path, f"not an ODT text document (package type {mimetype or 'unknown'!r})")


def parse_package(package: zipfile.ZipFile, path: str | Path, settings: OdtSettings = SETTINGS) -> Document:
    _check_package(package, Path(path))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        content = etree.fromstring(package.read("content.xml"), parser)
        styles_root = (etree.fromstring(package.read("styles.xml"), parser)
                       if "styles.xml" in package.namelist() else None)
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"cannot read ODT: broken XML ({exc})") from None
    body = content.find(f"{q('office:body')}/{q('office:text')}")
    if body is None:
        raise InputError(path, "not an ODT text document (no office:text body)")
    reader = _Reader(Styles(styles_root, content), settings)
    return Document(str(path), "odt", [Page(None, reader.blocks(body))], page_count=None)


def parse(path: Path, settings: OdtSettings = SETTINGS) -> Document:
    if not zipfile.is_zipfile(path):
        raise InputError(path, "not an ODT file (not a ZIP package)")
    try:
        with zipfile.ZipFile(path) as package:
            return parse_package(package, path, settings)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(path, f"cannot open ODT: {type(exc).__name__}: {exc}") from None
