"""Makes the layout variant that render_corpus.py does not: for every order a borderless
table (order_borderless.docx / .pdf: every table, cell and paragraph border set to none, as
in orders typed with invisible grid lines) whose header row is not repeated on the pages the
table runs onto.

Usage: python variants.py --tool tools/render_corpus.py --orders ../orders
(the renderer is imported for its deterministic DOCX zip and LibreOffice PDF export)."""
from __future__ import annotations

import argparse
import importlib.util
import io
import sys
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def load_renderer(path: Path):
    spec = importlib.util.spec_from_file_location("render_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def no_borders(element, tag: str) -> None:
    """Replace element's <tag> border block with one that draws nothing."""
    old = element.find(qn(tag))
    if old is not None:
        element.remove(old)
    borders = OxmlElement(tag)
    for edge in EDGES if tag == "w:tblBorders" else EDGES[:4]:
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    element.append(borders)


def make_borderless(doc) -> None:
    """No rule anywhere in the tables, and the header row printed on the first page only."""
    for table in doc.tables:
        no_borders(table._tbl.tblPr, "w:tblBorders")
        for tc in table._tbl.iter(qn("w:tc")):
            no_borders(tc.get_or_add_tcPr(), "w:tcBorders")
        for el in list(table._tbl.iter(qn("w:pBdr"))) + list(table._tbl.iter(qn("w:tblHeader"))):
            el.getparent().remove(el)


def rewrite(renderer, src: Path, docx_out: Path, pdf_out: Path, change) -> None:
    doc = Document(str(src))
    change(doc)
    buf = io.BytesIO()
    doc.save(buf)
    docx_out.write_bytes(renderer.normalize_zip(buf.getvalue()))
    renderer.docx_to_pdf(docx_out, pdf_out, renderer.find_office())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", type=Path, required=True)
    ap.add_argument("--orders", type=Path, required=True)
    args = ap.parse_args()
    renderer = load_renderer(args.tool)
    for d in sorted(p for p in args.orders.iterdir() if (p / "order.docx").exists()):
        name = d.name
        rewrite(renderer, d / "order.docx", d / "order_borderless.docx", d / "order_borderless.pdf", make_borderless)
        print(f"{name}: borderless variant")


if __name__ == "__main__":
    main()
