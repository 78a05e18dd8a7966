"""Borderless re-layouts of orders: each DOCX's tables lose every rule, then LibreOffice
exports the document to PDF, so the PDF's tables have no drawn lines at all.

    python tests/data/borderless/make_borderless.py DOCX... --out DIR

Writes ``DIR/<parent folder name>.pdf`` for each DOCX (deterministic apart from the PDF's
creation date, which LibreOffice stamps). Used to make the borderless test PDFs beside this
file from the corpus and the development set.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def drop_rules(element) -> None:
    """Every border of a table, its cells and its paragraphs set to none."""
    for borders in list(element.iter(qn("w:tblBorders"))) + list(element.iter(qn("w:tcBorders"))) \
            + list(element.iter(qn("w:pBdr"))):
        borders.getparent().remove(borders)
    for tbl_pr in element.iter(qn("w:tblPr")):
        borders = OxmlElement("w:tblBorders")
        for edge in EDGES:
            e = OxmlElement(f"w:{edge}")
            e.set(qn("w:val"), "nil")
            borders.append(e)
        tbl_pr.append(borders)
    for tc_pr in element.iter(qn("w:tcPr")):
        borders = OxmlElement("w:tcBorders")
        for edge in EDGES[:4]:
            e = OxmlElement(f"w:{edge}")
            e.set(qn("w:val"), "nil")
            borders.append(e)
        tc_pr.append(borders)


def make(source: Path, out: Path) -> Path:
    document = docx.Document(str(source))
    for table in document.tables:
        drop_rules(table._tbl)
    with tempfile.TemporaryDirectory() as tmp:
        stripped = Path(tmp) / f"{source.parent.name}.docx"
        document.save(str(stripped))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(stripped)],
                       check=True, capture_output=True, timeout=300)
        target = out / f"{source.parent.name}.pdf"
        shutil.copyfile(stripped.with_suffix(".pdf"), target)
    return target


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("docx", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for source in args.docx:
        print(make(source, args.out))


if __name__ == "__main__":
    main(sys.argv[1:])
