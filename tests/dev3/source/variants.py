"""Renders the development set: order.docx and order.pdf from each order.txt (by
tools/render_corpus.py, without its simulated scans), then order_borderless.docx / .pdf
for every order (every table and cell border set to none), and, for the orders named in
NO_REPEATED_HEADER, tables whose header row is not repeated on later pages (both variants).

Usage: python tests/dev3/source/variants.py --tool tools/render_corpus.py --orders tests/dev3/orders
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import sys
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

NO_REPEATED_HEADER = ["402_izhevsk_2024", "406_irkutsk_2023", "408_kirov_2025", "412_nerekhta_2021"]
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
    for table in doc.tables:
        no_borders(table._tbl.tblPr, "w:tblBorders")
        for tc in table._tbl.iter(qn("w:tc")):
            no_borders(tc.get_or_add_tcPr(), "w:tcBorders")


def drop_repeated_header(doc) -> None:
    for table in doc.tables:
        for el in list(table._tbl.iter(qn("w:tblHeader"))):
            el.getparent().remove(el)


def rewrite(renderer, src: Path, docx_out: Path, pdf_out: Path, changes, office) -> None:
    doc = Document(str(src))
    for change in changes:
        change(doc)
    buf = io.BytesIO()
    doc.save(buf)
    docx_out.write_bytes(renderer.normalize_zip(buf.getvalue()))
    renderer.docx_to_pdf(docx_out, pdf_out, office)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", type=Path, required=True)
    ap.add_argument("--orders", type=Path, required=True)
    ap.add_argument("--only")
    args = ap.parse_args()
    r = load_renderer(args.tool)
    office = r.find_office()
    for d in sorted(p for p in args.orders.iterdir() if (p / "order.txt").is_file()):
        if args.only and args.only not in d.name:
            continue
        blocks = r.parse_document(r.read_source(d / "order.txt"))
        (d / "order.docx").write_bytes(r.build_docx(blocks))
        changes = [drop_repeated_header] if d.name in NO_REPEATED_HEADER else []
        if changes:
            rewrite(r, d / "order.docx", d / "order.docx", d / "order.pdf", changes, office)
        else:
            r.docx_to_pdf(d / "order.docx", d / "order.pdf", office)
        rewrite(r, d / "order.docx", d / "order_borderless.docx", d / "order_borderless.pdf",
                [make_borderless], office)
        print(f"{d.name}: docx, pdf, borderless docx/pdf" + (", header not repeated" if changes else ""))


if __name__ == "__main__":
    main()
