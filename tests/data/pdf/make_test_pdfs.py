#!/usr/bin/env python3
"""Make the PDFs of tests/data/pdf (run by hand; the tests use the committed files).

- ``sans_long.pdf``: ``sans_long.txt`` rendered by tools/render_corpus.py with other
  page settings (Liberation Sans 10/9 pt, other margins), then given a page number in the
  header, a running footer, an e-signature stamp box under the signature and automatic
  hyphenation (needs LibreOffice's Russian patterns: ``apt-get install hyphen-ru``). Its
  table has the deadline column first and runs over several landscape pages.
- ``borderless.pdf``: a DOCX written here: a letterhead and addressee side by side (a
  table without borders), an order number on a right tab, a roadmap table without any
  rules, a numbered list with hanging indents, a signature on a tab, an e-signature stamp
  as plain lines, "стр. N" footers.
- ``rotated.pdf``: pages 1-2 of corpus/001 with /Rotate 90 and 270 (text runs sideways).
- ``turned_content.pdf``: page 2 of corpus/001 (a landscape table) drawn turned by 90
  degrees on a portrait page, as a sideways scan-to-PDF or a print driver does.
- bad files: ``encrypted.pdf`` (user password "secret"; its salt differs on every run,
  the other files come out byte for byte the same), ``truncated.pdf`` (first half of
  borderless.pdf), ``empty.pdf`` (0 bytes), ``not_a_pdf.pdf`` (text), ``no_pages.pdf``.

Needs LibreOffice, python-docx, pikepdf, and render_corpus.py's own packages.

    python tests/data/pdf/make_test_pdfs.py [--renderer tools/render_corpus.py]
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import tempfile
from pathlib import Path

import pikepdf
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
STAMP_LINES = [
    "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ",
    "Сертификат: 01A2B3C4D5E6F708192A3B4C5D6E7F80",
    "Владелец: Петрова Анна Сергеевна",
    "Действителен: с 10.01.2024 по 10.04.2025",
]


def load_renderer(path: Path):
    spec = importlib.util.spec_from_file_location("render_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def page_field(paragraph, prefix: str = "") -> None:
    if prefix:
        paragraph.add_run(prefix)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def enable_hyphenation(doc) -> None:
    settings = doc.settings.element
    el = OxmlElement("w:autoHyphenation")
    el.set(qn("w:val"), "true")
    settings.append(el)


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def set_font(doc, name: str, size: float) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = name
    normal.font.size = Pt(size)
    fonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        normal.element.get_or_add_rPr().insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(0)


def make_sans_long(rc, out: Path, office: str) -> None:
    rc.PAGE = rc.PageSettings(
        portrait_margins=(1.5, 1.0, 1.5, 2.5), landscape_margins=(1.5, 1.5, 1.8, 1.5),
        body_pt=10, table_pt=9, font="Liberation Sans",
    )
    blocks = rc.parse_document(rc.read_source(HERE / "sans_long.txt"))
    doc = Document(io.BytesIO(rc.build_docx(blocks)))
    header = doc.sections[0].header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field(header)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.LEFT
    footer.add_run("Управление образования администрации города Примерска").font.size = Pt(8)
    signature = next(p for p in doc.paragraphs if p.text.strip() == "А.С. Петрова")
    stamp = doc.add_table(rows=1, cols=1)
    stamp.style = doc.styles["Table Grid"]
    stamp.alignment = WD_TABLE_ALIGNMENT.CENTER
    stamp.columns[0].width = Cm(8)
    cell = stamp.cell(0, 0)
    cell.width = Cm(8)
    for k, line in enumerate(STAMP_LINES):
        para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        para.add_run(line).font.size = Pt(8)
    signature._p.addnext(stamp._tbl)
    enable_hyphenation(doc)
    convert(rc, doc, out / "sans_long.pdf", office)


def make_borderless(rc, out: Path, office: str) -> None:
    doc = Document()
    set_font(doc, "Liberation Serif", 12)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    text_width = 17.0
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    page_field(footer, "стр. ")

    head = doc.add_table(rows=1, cols=2)
    no_borders(head)
    for cell, lines, bold in (
        (head.cell(0, 0), ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "ПРИМЕРНОЙ ОБЛАСТИ", "ул. Ленина, д. 1", "г. Примерск, 123456"], True),
        (head.cell(0, 1), ["Руководителям", "муниципальных органов", "управления образованием"], False),
    ):
        cell.width = Cm(8.5)
        for k, line in enumerate(lines):
            para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            para.add_run(line).bold = bold and k < 2

    def paragraph(text: str, *, bold=False, align=None, indent=False, space=6, tab=None):
        p = doc.add_paragraph()
        if tab is not None:
            p.paragraph_format.tab_stops.add_tab_stop(Cm(tab), WD_TAB_ALIGNMENT.RIGHT)
        p.add_run(text).bold = bold
        p.paragraph_format.alignment = align
        p.paragraph_format.space_before = Pt(space)
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.25)
        return p

    paragraph("РАСПОРЯЖЕНИЕ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=18)
    paragraph("05.03.2024\t№ 77-р", tab=text_width)
    paragraph("О плане мероприятий по подготовке к государственной итоговой аттестации в 2024 году",
              bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space=12)
    paragraph("В целях организованного проведения государственной итоговой аттестации по "
              "образовательным программам основного общего и среднего общего образования "
              "в 2024 году на территории области:", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, space=12)
    paragraph("1. Утвердить план мероприятий («дорожную карту») по подготовке к государственной "
              "итоговой аттестации (прилагается).", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)

    rows = [
        ("№ п/п", "Мероприятие", "Срок", "Ответственный"),
        ("1.", "Подготовка нормативных правовых актов по организации государственной итоговой аттестации",
         "январь 2024", "Отдел общего образования"),
        ("2.", "Обучение членов государственной экзаменационной комиссии и руководителей пунктов проведения экзаменов",
         "февраль – март 2024", "Центр оценки качества образования"),
        ("3.", "Проведение итогового собеседования по русскому языку", "14.02.2024", "Руководители школ"),
        ("4.", "Информирование выпускников и их родителей о порядке проведения экзаменов",
         "в течение года", "Муниципальные органы управления образованием"),
        ("5.", "Проведение тренировочных экзаменов", "апрель 2024", "Центр оценки качества образования"),
        ("6.", "Анализ результатов государственной итоговой аттестации и подготовка аналитических материалов",
         "июль 2024", "Отдел общего образования, центр оценки качества образования"),
    ]
    widths = (1.5, 8.0, 3.0, 4.5)
    table = doc.add_table(rows=len(rows), cols=4)
    no_borders(table)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for r, values in enumerate(rows):
        for c, (value, width) in enumerate(zip(values, widths)):
            cell = table.cell(r, c)
            cell.width = Cm(width)
            run = cell.paragraphs[0].add_run(value)
            run.bold = r == 0
    for item in ("Руководителям органов местного самоуправления, осуществляющих управление в сфере "
                 "образования, обеспечить выполнение мероприятий плана в установленные сроки.",
                 "Центру оценки качества образования обеспечить информационное сопровождение "
                 "мероприятий плана на официальном сайте."):
        doc.add_paragraph(item, style="List Number")  # "1." ⇥ text, later lines under the text
    paragraph("2. Контроль за исполнением распоряжения возложить на заместителя министра.",
              align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, space=12)
    paragraph("Министр образования\tИ.И. Иванов", tab=text_width, space=24)
    for k, line in enumerate(STAMP_LINES):
        p = paragraph(line.replace("Петрова Анна Сергеевна", "Иванов Иван Иванович"), space=18 if k == 0 else 0)
        p.runs[0].font.size = Pt(8)
    convert(rc, doc, out / "borderless.pdf", office)


def convert(rc, doc, pdf_path: Path, office: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / (pdf_path.stem + ".docx")
        buf = io.BytesIO()
        doc.save(buf)
        docx_path.write_bytes(rc.normalize_zip(buf.getvalue()))  # fixed zip times: same bytes each run
        rc.docx_to_pdf(docx_path, pdf_path, office)


def make_rotated(out: Path) -> None:
    source = REPO / "corpus" / "001_molchanovo_2020" / "order.pdf"
    with pikepdf.open(source) as pdf:
        del pdf.pages[2:]
        pdf.pages[0].Rotate = 90
        pdf.pages[1].Rotate = 270
        pdf.save(out / "rotated.pdf", deterministic_id=True)
    with pikepdf.open(source) as pdf:
        page = pdf.pages[1]
        width, height = float(page.MediaBox[2]), float(page.MediaBox[3])  # landscape
        page.contents_coalesce()
        body = page.Contents.read_bytes()
        # turn the drawing 90 degrees counter-clockwise onto a portrait page: text runs upward
        page.Contents.write(b"q 0 1 -1 0 %.3f 0 cm\n" % height + body + b"\nQ")
        page.MediaBox = [0, 0, height, width]
        del pdf.pages[2:]
        del pdf.pages[0]
        pdf.save(out / "turned_content.pdf", deterministic_id=True)


def make_bad(out: Path) -> None:
    good = out / "borderless.pdf"
    with pikepdf.open(good) as pdf:
        pdf.save(out / "encrypted.pdf", static_id=True,
                 encryption=pikepdf.Encryption(owner="owner", user="secret", R=4))
    data = good.read_bytes()
    (out / "truncated.pdf").write_bytes(data[: len(data) // 2])
    (out / "empty.pdf").write_bytes(b"")
    (out / "not_a_pdf.pdf").write_text("Приказ № 1 от 01.01.2024\nЭто текстовый файл, а не PDF.\n", "utf-8")
    with pikepdf.new() as pdf:
        pdf.save(out / "no_pages.pdf", deterministic_id=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renderer", type=Path, default=REPO / "tools" / "render_corpus.py")
    args = parser.parse_args()
    rc = load_renderer(args.renderer)
    office = rc.find_office()
    make_sans_long(rc, HERE, office)
    make_borderless(rc, HERE, office)
    make_rotated(HERE)
    make_bad(HERE)


if __name__ == "__main__":
    main()
