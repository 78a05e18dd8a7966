"""Scans and page images read by OCR into the same Document and Order as text formats.

The corpus scans are compared with the gold; our own scans (tests/data/scan, made by
``make_scans.py`` from our own PDFs: other fonts and sizes, a table without rules, turned,
blurred, noised, black and white) with the extraction of the PDFs they were made from.
Every OCR'd file is read once per session (session fixtures); these tests fail, never skip,
where Tesseract or its Russian data is missing.
"""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from extractor.checks import ActivityFindings, activity_flags
from extractor.errors import InputError
from extractor.evaluate import compare
from extractor.normalizers.bodies import BodyResolver
from extractor.normalizers.repair import (
    is_rule_mark, mend_roman_labels, mend_row_number, read_case_lookalikes, strip_rule_marks,
)
from extractor.parsers import ocr_unit, ocr_units, parse_file
from extractor.parsers.image import Grid, GridCellBox
from extractor.parsers.ocr import OcrWord
from extractor.parsers.pdf import Line, PageLayout, Segment, text_layer_unusable
from extractor.parsers.scan import Doubt, OcrPage, page_layout
from extractor.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "gold"
SCANS = Path(__file__).resolve().parent / "data" / "scan"
PDFS = Path(__file__).resolve().parent / "data" / "pdf"
ORDERS = sorted(p.name for p in CORPUS.iterdir() if (p / "order_scan.pdf").is_file())


def as_json(order) -> dict:
    return json.loads(order.to_json())


@pytest.fixture(scope="session")
def corpus_scans() -> dict[str, dict]:
    return {name: as_json(extract(CORPUS / name / "order_scan.pdf")) for name in ORDERS}


@pytest.fixture(scope="session")
def borderless_pages() -> dict:
    path = SCANS / "borderless_scan.pdf"
    return {i: ocr_unit(path, i) for i in ocr_units(path)}


@pytest.fixture(scope="session")
def tiff_order() -> dict:
    return as_json(extract(SCANS / "sans_pages.tiff"))


# ---------------------------------------------------------------------------
# The corpus scans against the gold
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ORDERS)
def test_corpus_scan_is_read_as_well_as_its_text(name, corpus_scans):
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    report = compare(gold, corpus_scans[name], name)
    assert report.activities.f1 >= 0.95
    assert report.fields["deadline_periods"].accuracy >= 0.90
    assert report.responsible.f1 >= 0.85


@pytest.mark.parametrize("name", ORDERS)
def test_corpus_scan_source_names_the_engine_and_its_data(name, corpus_scans):
    source = corpus_scans[name]["source"]
    assert source["format"] == "scan" and source["ocr"] is True and source["pages"] >= 4
    assert source["ocr_engine"].startswith("tesseract ")
    assert source["ocr_data"].startswith("rus.traineddata ") and "sha256:" in source["ocr_data"]


def test_text_formats_name_no_ocr_engine():
    source = as_json(extract(CORPUS / ORDERS[0] / "order.txt"))["source"]
    assert source["ocr"] is False and source["ocr_engine"] is None and source["ocr_data"] is None


# ---------------------------------------------------------------------------
# Our own scans: other fonts, no rules, turned, blurred, noised, black and white
# ---------------------------------------------------------------------------


def test_borderless_table_scan_matches_its_text_pdf(borderless_pages):
    text = as_json(extract(PDFS / "borderless.pdf"))
    scan = as_json(extract(SCANS / "borderless_scan.pdf", ocr_pages=borderless_pages))
    report = compare(text, scan, "borderless")
    assert report.activities.f1 >= 0.90
    assert scan["source"]["format"] == "scan" and scan["source"]["pages"] == 2


def test_multipage_tiff_matches_its_text_pdf(tiff_order):
    text = as_json(extract(PDFS / "sans_long.pdf"))
    report = compare(text, tiff_order, "sans_long")
    assert report.activities.f1 >= 0.90
    assert tiff_order["source"]["format"] == "image" and tiff_order["source"]["pages"] == 4


@pytest.mark.parametrize("name, pages", [("sans_page2.jpg", [0]), ("sans_page2.png", [0]),
                                         ("sans_pages.tiff", [0, 1, 2, 3])])
def test_image_files_are_pages_to_read(name, pages):
    assert ocr_units(SCANS / name) == pages


@pytest.mark.parametrize("name, header", [
    ("sans_page2.jpg", "Наименование мероприятия"),  # grey JPEG, blurred
    ("sans_page2.png", "Наименование мероприятия"),  # black and white PNG
])
def test_single_page_images_give_tables(name, header):
    doc = parse_file(SCANS / name)
    assert doc.format == "image" and doc.ocr and doc.page_count == 1
    assert doc.tables and max(t.n_cols for t in doc.tables) >= 4
    if header:
        assert any(header in c.text for t in doc.tables for r in t.rows[:3] for c in r.cells)


# ---------------------------------------------------------------------------
# Work units for a worker pool
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [CORPUS / "000_tver_2021" / "order.txt", CORPUS / "000_tver_2021" / "order.docx",
                                  CORPUS / "000_tver_2021" / "order.pdf", PDFS / "borderless.pdf"])
def test_text_inputs_have_no_ocr_units(path):
    assert ocr_units(path) == []


def test_scan_units_are_its_pages():
    assert ocr_units(SCANS / "borderless_scan.pdf") == [0, 1]
    assert ocr_units(CORPUS / "001_molchanovo_2020" / "order_scan.pdf") == [0, 1, 2, 3]


def test_pages_read_apart_give_the_same_order(borderless_pages):
    """Pages read by workers (pickled across processes) give what reading the file gives."""
    shipped = pickle.loads(pickle.dumps(borderless_pages))
    whole = extract(SCANS / "borderless_scan.pdf")
    assert extract(SCANS / "borderless_scan.pdf", ocr_pages=shipped).to_json() == whole.to_json()


def test_progress_hook_counts_the_ocr_pages(borderless_pages):
    seen = []
    extract(SCANS / "borderless_scan.pdf", ocr_pages={0: borderless_pages[0]}, progress=lambda d, n: seen.append((d, n)))
    assert seen == [(1, 2), (2, 2)]


def test_page_drawings_show_the_rows_each_activity_came_from(borderless_pages, tmp_path):
    import cv2
    import numpy as np
    from extractor.debug_image import ORANGE, draw_pages

    written = draw_pages(SCANS / "borderless_scan.pdf", tmp_path, ocr_pages=borderless_pages)
    assert [p.name for p in written] == ["borderless_scan_page1.png", "borderless_scan_page2.png"]
    first = cv2.imread(str(written[0]))
    assert int(np.all(first == ORANGE, axis=2).sum()) > 1000  # the activity rows are drawn on page 1


def test_explain_with_page_images_reads_the_scan_once(borderless_pages, tmp_path, monkeypatch):
    """explain --image: the text layers are read and each page is OCR'd once for both."""
    from extractor.explain import explain_and_draw
    from extractor.parsers import pdf, scan

    layers, ocr_read = [], []
    read_text_layers = pdf.read_text_layers
    monkeypatch.setattr(pdf, "read_text_layers", lambda *a, **k: layers.append(a[0]) or read_text_layers(*a, **k))
    monkeypatch.setattr(scan, "pdf_page_ocr", lambda path, index, password=None: ocr_read.append(index)
                        or borderless_pages[index])
    explanation, written = explain_and_draw(SCANS / "borderless_scan.pdf", tmp_path)
    assert len(layers) == 1 and ocr_read == [0, 1] and explanation.tables
    assert written == sorted(tmp_path.glob("*.png")) and len(written) == 2


# ---------------------------------------------------------------------------
# Mixed PDFs and text layers that are garbage
# ---------------------------------------------------------------------------


def test_a_scanned_page_among_text_pages_is_read_by_ocr(tmp_path):
    import pikepdf
    path = tmp_path / "mixed.pdf"
    with pikepdf.open(CORPUS / "001_molchanovo_2020" / "order.pdf") as text, \
            pikepdf.open(SCANS / "borderless_scan.pdf") as scan:
        text.pages.append(scan.pages[0])
        text.save(path)
    assert ocr_units(path) == [4]
    doc = parse_file(path)
    assert doc.format == "pdf" and doc.ocr and doc.page_count == 5
    last = " ".join(b.text if hasattr(b, "text") else " ".join(c.text for r in b.rows for c in r.cells)
                    for b in doc.pages[4].blocks)
    assert "РАСПОРЯЖЕНИЕ" in last and "Мероприятие" in last and len(last) > 300


def layout(texts: list[str]) -> PageLayout:
    lines = [Line(10.0 * k, 10.0 * k + 8, 0, 100, 10.0, [Segment(0, 100, t, False)]) for k, t in enumerate(texts)]
    return PageLayout(1, 600, 800, lines, [], has_text=bool(texts))


GOOD = ["Провести совещание руководителей образовательных организаций района по итогам года"] * 3
OCR_JUNK = ["Пвраснте сщвеаинпе рквудиотелей обрзвоательных огранзиаций рйаона пто игтоам гдоа"] * 3
UNMAPPED = ["(cid:12)(cid:40)(cid:7)(cid:9) (cid:33)(cid:2)(cid:14)"] * 5


@pytest.mark.parametrize("texts, unusable", [
    (GOOD, False),
    ([], True),  # no glyphs
    (UNMAPPED, True),  # glyphs without a Unicode map
    (OCR_JUNK, True),  # a poor OCR layer: hardly a Russian word
    (GOOD + UNMAPPED[:1], False),  # a few unmapped glyphs (a logo font) among good text
])
def test_text_layer_usable_or_not(texts, unusable):
    assert (text_layer_unusable(layout(texts)) is not None) == unusable


# ---------------------------------------------------------------------------
# OCR repair
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("read, expected", [
    ("З.", "3."), ("1О.", "10."), ("б.", "6."), ("l.2", "1.2"), ("2.З.", "2.3."), ("1o", "10"),
    ("12.", None), ("I.", None), ("II", None), ("о", None), ("О", None), ("слово", None), ("ООО", None),
])
def test_row_number_read_with_letters_is_mended(read, expected):
    assert mend_row_number(read) == expected


@pytest.mark.parametrize("headings, mended", [
    (["1. Создание условий", "П. Инфраструктура", "Ш. Кадры", "У. Управление"],
     ["I. Создание условий", "II. Инфраструктура", "III. Кадры", "V. Управление"]),
    (["I. Создание условий", "П. Инфраструктура"], ["I. Создание условий", "II. Инфраструктура"]),
    (["1. Создание условий", "2. Инфраструктура"], None),  # arabic labels stay
    (["I. Создание условий", "II. Инфраструктура"], None),  # nothing to mend
    (["Ш. Кадры", "П. Инфраструктура"], None),  # the values must rise
    (["1. Создание условий"], None),
])
def test_roman_section_labels_read_as_look_alikes_are_mended(headings, mended):
    got = mend_roman_labels(headings)
    assert ([got.get(h, h) for h in headings] if got else None) == mended


@pytest.mark.parametrize("tokens, expected", [
    (["|", "Текст", "ячейки", "|"], ["Текст", "ячейки"]),
    (["[", "[", "3."], ["3."]),
    (["до", "|", "мая"], ["до", "|", "мая"]),  # inside a line it is no rule's edge
    (["__", "ТОИПКРО"], ["ТОИПКРО"]),
])
def test_rule_marks_at_line_ends_are_dropped(tokens, expected):
    assert strip_rule_marks(tokens) == expected


@pytest.mark.parametrize("read, expected", [
    ("оО", "ОО"), ("ШНоР", "ШНОР"), ("ТОИПКРо", "ТОИПКРО"),
    ("ОО", None), ("Кураторы", None), ("МОбр", None), ("до", None), ("гБОУ", None),
])
def test_abbreviation_read_in_the_wrong_case(read, expected):
    assert read_case_lookalikes(read) == expected


@pytest.mark.parametrize("raw, name", [
    ("Кураторы наставничества в оО", "Кураторы наставничества в ОО"),  # raw keeps what was read
    ("Он", "Он"),  # a word, not an abbreviation
])
def test_body_names_carry_the_repaired_case(raw, name):
    bodies, findings = BodyResolver({"ОО": "образовательные организации"}).resolve(raw)
    assert [(b.raw, b.name) for b in bodies] == [(raw, name)]
    assert [f.code for f in findings] == (["ocr_suspect"] if raw != name else [])


@pytest.mark.parametrize("token, mark", [("|", True), ("¦", True), ("]", True), ("__", True), ("1", False), ("—", False)])
def test_rule_marks(token, mark):
    assert is_rule_mark(token) == mark


def ocr_page_of(words: list[tuple[str, float, tuple[int, int, int, int]]]) -> OcrPage:
    """A page of 200 dpi with one ruled table of two cells side by side, and the given words."""
    grid = Grid([100.0, 200.0, 600.0], [100.0, 200.0], [GridCellBox(0, 0, 1, 1, 100, 100, 200, 200),
                                                         GridCellBox(0, 1, 1, 1, 200, 100, 600, 200)])
    read = [OcrWord(t, *box, confidence=c, line=k, line_height=30.0) for k, (t, c, box) in enumerate(words)]
    return OcrPage(1, 1000, 1400, 200, 0.0, read, [grid], "tesseract 5", "rus.traineddata")


def test_mended_and_doubtful_words_are_noted_with_what_was_read():
    page = ocr_page_of([("З.", 91.0, (120, 130, 150, 160)), ("Вебинар", 95.0, (220, 130, 330, 160)),
                        ("ШНОР", 41.0, (340, 130, 420, 160))])
    layout, doubts = page_layout(page)
    cells = {(c.col): " ".join(line.text for line in c.lines) for c in layout.tables[0].cells}
    assert cells == {0: "3.", 1: "Вебинар ШНОР"}
    assert doubts == [Doubt(1, "З.", "3.", 91.0), Doubt(1, "ШНОР", "ШНОР", 41.0)]


def test_ocr_doubts_become_one_ocr_suspect_flag_naming_what_was_read():
    findings = ActivityFindings(3, "март 2023", responsible_raw="ТОИПКРО", text="Вебинар",
                                ocr_doubts=[("З.", "3.", 91.0), ("ШНОР", "ШНОР", 41.0)])
    flags = [f for f in activity_flags(findings, None, None, None) if f.code == "ocr_suspect"]
    assert len(flags) == 1
    assert "«З.»" in flags[0].message and "«3.»" in flags[0].message and "«ШНОР»" in flags[0].message


# ---------------------------------------------------------------------------
# Tesseract or its Russian data missing
# ---------------------------------------------------------------------------


def test_missing_russian_data_is_one_line_naming_the_debian_packages(tmp_path, monkeypatch):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(InputError) as err:
        parse_file(SCANS / "sans_page2.png")
    message = str(err.value)
    assert "\n" not in message
    assert "tesseract-ocr-rus" in message and "tesseract-ocr " in message
    assert message.startswith(str(SCANS / "sans_page2.png"))
