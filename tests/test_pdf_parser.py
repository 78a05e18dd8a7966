"""PDF: ruled and borderless tables, headers on every page, hyphenation, paragraphs,
page furniture, sideways pages, bad files and scans.

Real inputs: the corpus PDFs (LibreOffice exports of order.docx) against the same order's
DOCX, and the PDFs of tests/data/pdf (made by tests/data/pdf/make_test_pdfs.py: other
fonts and margins, a deadline-first table over several pages with page numbers, a running
footer, a stamp and automatic hyphenation; a table without rules; turned pages; bad files).
"""
from __future__ import annotations

import logging
import time
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest

from extractor.document import Document, Paragraph, Row, Table
from extractor.errors import InputError
from extractor.normalizers.text import collapse_ws, join_lines
from extractor.parsers import parse_file
from extractor.parsers.pdf import parse

from .conftest import CORPUS, ORDERS, load_gold

DATA = Path(__file__).resolve().parent / "data" / "pdf"
REPEATED_HEADER_ORDERS = [n for n in ORDERS if n != "002_spirovo_2022"]  # 002: header after sections


@lru_cache(maxsize=None)
def parsed(path: Path) -> Document:
    return parse(path)


def corpus_pdf(name: str) -> Document:
    return parsed(CORPUS / name / "order.pdf")


def cells(row: Row) -> list[tuple[int, int, str]]:
    return [(c.col, c.col_span, collapse_ws(c.text)) for c in row.cells]


def texts(row: Row) -> list[str]:
    return [collapse_ws(c.text) for c in row.cells if c.text.strip()]


def body_rows(doc: Document, key=cells) -> list:
    """The rows of all tables in reading order, the header repeated on later pages left out,
    and rows that a page break cut (the last row of one page, the first of the next) kept
    as the two parts the pages show: (key, is the first row of a page's table)."""
    out = []
    for k, table in enumerate(doc.tables):
        rows = [r for r in table.rows if not (k and r.is_header)]
        out += [(key(r), i == 0 and k > 0) for i, r in enumerate(rows)]
    return out


def join_cut_row(upper: list[tuple[int, int, str]], lower: list[tuple[int, int, str]]):
    by_col = {c[0]: c[2] for c in lower}
    return [(col, span, collapse_ws(f"{text} {by_col.get(col, '')}")) for col, span, text in upper]


def rows_with_cuts_joined(pdf_rows: list, expected: list) -> tuple[list, int]:
    """Join a page's first row to the row above it where the two parts make the expected row."""
    out: list = []
    joins = 0
    for key, opens_page in pdf_rows:
        i = len(out)
        if opens_page and out and i <= len(expected) and out[-1] != expected[i - 1]:
            if join_cut_row(out[-1], key) == expected[i - 1]:
                out[-1] = expected[i - 1]
                joins += 1
                continue
        out.append(key)
    return out, joins


def dump(pages) -> list:
    """What a reader sees: paragraphs with weight and alignment, tables as cell texts."""
    out = []
    for page in pages:
        for b in page.blocks:
            if isinstance(b, Table):
                out.append([[c.text for c in r.cells] for r in b.rows])
            else:
                out.append((b.text, b.bold, b.align))
    return out


# ---------------------------------------------------------------------------
# The corpus: the PDF reads as its DOCX
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ORDERS)
def test_corpus_table_rows_equal_the_docx_rows(name):
    from extractor.parsers import docx
    expected = [cells(r) for t in docx.parse(CORPUS / name / "order.docx").tables for r in t.rows]
    doc = corpus_pdf(name)
    got, joins = rows_with_cuts_joined(body_rows(doc), expected)
    assert got == expected
    assert joins < len(doc.tables)  # only rows that a page break cut were joined


@pytest.mark.parametrize("name", ORDERS)
def test_corpus_paragraphs_equal_the_docx_paragraphs(name):
    from extractor.parsers import docx
    expected = [collapse_ws(p.text) for p in docx.parse(CORPUS / name / "order.docx").paragraphs]
    assert [collapse_ws(p.text) for p in corpus_pdf(name).paragraphs] == expected


@pytest.mark.parametrize("name", ORDERS)
def test_paragraphs_hold_the_title_and_the_number_line(name):
    order = load_gold(name)["order"]
    paragraphs = [collapse_ws(p.text) for p in corpus_pdf(name).paragraphs]
    assert collapse_ws(order["title"]) in paragraphs
    number = order["number"]
    assert any(("№" in p or "N " in p) and number in p for p in paragraphs if len(p) < 40)


@pytest.mark.parametrize("name, kind", [
    ("000_tver_2021", "П Р И К А З"), ("001_molchanovo_2020", "П Р И К А З"),
    ("002_spirovo_2022", "ПРИКАЗ"), ("004_tomsk_2023", "РАСПОРЯЖЕНИЕ"),
])
def test_document_kind_is_bold_and_centred(name, kind):
    p = next(p for p in corpus_pdf(name).paragraphs if p.text == kind)
    assert p.bold and p.align == "center"


@pytest.mark.parametrize("name", REPEATED_HEADER_ORDERS)
def test_header_row_is_recognized_on_every_page(name):
    tables = corpus_pdf(name).tables
    assert len(tables) > 1
    first = [cells(r) for r in tables[0].rows if r.is_header]
    assert first and tables[0].rows[0].is_header
    for table in tables:
        assert [cells(r) for r in table.rows[: len(first)]] == first
        assert all(r.is_header for r in table.rows[: len(first)])
        assert not any(r.is_header for r in table.rows[len(first):])


def test_no_header_where_the_table_opens_with_sections():
    assert not any(r.is_header for t in corpus_pdf("002_spirovo_2022").tables for r in t.rows)


def test_one_table_per_page_with_pages_set_landscape_included():
    doc = corpus_pdf("000_tver_2021")
    assert doc.page_count == 6 and [p.number for p in doc.pages] == [1, 2, 3, 4, 5, 6]
    assert [t.page for t in doc.tables] == [3, 4, 5, 6]  # the landscape pages
    assert all(r.page == t.page for t in doc.tables for r in t.rows)
    assert all(p.page in (1, 2, 3) for p in doc.paragraphs)


def test_column_grid_is_shared_by_the_pages_of_a_table():
    # page 2 draws only four columns; pages 3-4 six: the header spans follow the six
    tables = corpus_pdf("001_molchanovo_2020").tables
    assert [t.n_cols for t in tables] == [6, 6, 6]
    assert [(c.text, c.col, c.col_span) for c in tables[0].rows[0].cells] == [
        ("№", 0, 1), ("Мероприятия", 1, 2), ("Сроки", 3, 1), ("Ответственные", 4, 2)]
    assert any(len(r.cells) == 6 for r in tables[1].rows)


def test_section_rows_are_one_cell_across_the_table():
    sections = [r for t in corpus_pdf("004_tomsk_2023").tables for r in t.rows if len(r.cells) == 1]
    assert [r.cells[0].text for r in sections] == [
        "Организационно-управленческая деятельность", "Организационно-технологическая деятельность",
        "Методическое сопровождение", "Аналитическая деятельность"]
    assert all(r.cells[0].col_span == 6 and r.cells[0].col == 0 for r in sections)


@pytest.mark.parametrize("name, expected", [
    # LibreOffice wrapped these at their own hyphen: the hyphen stays, no line break
    ("001_molchanovo_2020", "материально-технической базы и учебно-методического"),
    ("001_molchanovo_2020", "социально-экономических условиях"),
    ("003_saratov_2020", "представителей школ-лидеров"),
    ("003_saratov_2020", "педагогов-предметников"),
    ("002_spirovo_2022", "ИКТ-технологий"),
    # a break after a hyphen and a space: the space stays
    ("000_tver_2021", "15.03.2022- 20.05.2021"),
])
def test_hyphens_of_words_survive_line_ends(name, expected):
    cells_ = [c.text for t in corpus_pdf(name).tables for r in t.rows for c in r.cells]
    assert any(expected in collapse_ws(t) for t in cells_)


def test_lines_in_a_cell_are_separated_by_newlines():
    row = next(r for t in corpus_pdf("000_tver_2021").tables for r in t.rows if r.cells[0].text == "1.")
    assert row.cells[3].text.split("\n")[:2] == ["Государственное бюджетное", "учреждение Тверской"]


# ---------------------------------------------------------------------------
# Other layouts: sans serif, margins, deadline first, many pages, hyphenation, furniture
# ---------------------------------------------------------------------------


def txt_rows(path: Path) -> list[list[str]]:
    return [[collapse_ws(c) for c in line.split("\t") if c.strip()]
            for line in path.read_text("utf-8").splitlines() if "\t" in line]


def test_sans_long_table_equals_its_text_export():
    doc = parsed(DATA / "sans_long.pdf")
    assert [t.page for t in doc.tables] == [2, 3, 4] and all(t.n_cols == 5 for t in doc.tables)
    got, _ = rows_with_cuts_joined(body_rows(doc, texts), txt_rows(DATA / "sans_long.txt"))
    assert got == txt_rows(DATA / "sans_long.txt")
    header = doc.tables[0].rows[0]
    assert header.is_header and texts(header)[:2] == ["Срок исполнения", "№ п/п"]
    assert all(t.rows[0].is_header and texts(t.rows[0]) == texts(header) for t in doc.tables)
    sections = [r for t in doc.tables for r in t.rows if len(r.cells) == 1]
    assert len(sections) == 6 and all(r.cells[0].col_span == 5 for r in sections)


@pytest.mark.parametrize("word_in_pdf, cell_text", [
    ("с низки-", "Утверждение состава муниципальной рабочей группы по сопровождению "
                 "общеобразовательных организаций с низкими образовательными результатами"),
    ("педагогов-пси-", "Организация курсов повышения квалификации по дополнительным профессиональным "
                       "программам для педагогов-психологов и социальных педагогов"),
    ("разра-", "Проведение муниципального конкурса методических разработок учебно-методического "
               "обеспечения уроков"),
])
def test_hyphenation_is_undone(word_in_pdf, cell_text):
    with pdfplumber.open(DATA / "sans_long.pdf") as pdf:  # the PDF did hyphenate there
        assert word_in_pdf.split()[-1] in [w["text"] for w in pdf.pages[1].extract_words()]
    doc = parsed(DATA / "sans_long.pdf")
    assert cell_text in [collapse_ws(c.text) for t in doc.tables for r in t.rows for c in r.cells]


def test_page_furniture_and_stamp_box_are_dropped():
    doc = parsed(DATA / "sans_long.pdf")
    everything = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert not [t for t in everything if t.strip() in {"1", "2", "3", "4"}]  # page numbers
    assert not [t for t in everything if "администрации города Примерска" in t]  # running footer
    assert not [t for t in everything if "ЭЛЕКТРОННОЙ ПОДПИСЬЮ" in t or "Сертификат:" in t or "Владелец" in t]
    assert len(doc.tables) == 3  # the stamp's box is no table
    assert [p.text for p in doc.paragraphs if p.page == 1][-2:] == ["Начальник управления образования", "А.С. Петрова"]


def test_order_paragraphs_in_other_fonts_and_margins():
    paragraphs = parsed(DATA / "sans_long.pdf").paragraphs
    by_text = {collapse_ws(p.text): p for p in paragraphs}
    title = by_text["Об утверждении «дорожной карты» по повышению качества общего образования в "
                    "общеобразовательных организациях города Примерска на 2024–2025 годы"]
    assert title.bold and title.align == "center"
    assert by_text["№ 245-од"].align == "right"
    assert by_text["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ПРИМЕРСКА"].align == "center"
    body = next(p for p in paragraphs if p.text.startswith("В целях повышения"))
    # three lines; the second ends "показы-", so the third is glued to it
    assert body.align == "justify" and body.text.count("\n") == 1
    assert "организациям, показывающим низкие" in body.text
    assert by_text["Приложение к приказу управления образования от 14.02.2024 № 245-од"].page == 2


BORDERLESS_ROWS = [
    ["№\nп/п", "Мероприятие", "Срок", "Ответственный"],
    ["1.", "Подготовка нормативных правовых актов по организации государственной итоговой аттестации",
     "январь 2024", "Отдел общего образования"],
    ["2.", "Обучение членов государственной экзаменационной комиссии и руководителей пунктов проведения "
           "экзаменов", "февраль – март 2024", "Центр оценки качества образования"],
    ["3.", "Проведение итогового собеседования по русскому языку", "14.02.2024", "Руководители школ"],
    ["4.", "Информирование выпускников и их родителей о порядке проведения экзаменов", "в течение года",
     "Муниципальные органы управления образованием"],
    ["5.", "Проведение тренировочных экзаменов", "апрель 2024", "Центр оценки качества образования"],
    ["6.", "Анализ результатов государственной итоговой аттестации и подготовка аналитических материалов",
     "июль 2024", "Отдел общего образования, центр оценки качества образования"],
]


def test_table_without_rules_is_read_by_text_alignment():
    doc = parsed(DATA / "borderless.pdf")
    [table] = doc.tables
    assert table.n_cols == 4 and table.page == 1
    assert [[collapse_ws(c.text) if k else c.text for k, c in enumerate(r.cells)] for r in table.rows][0] \
        == BORDERLESS_ROWS[0][:1] + BORDERLESS_ROWS[0][1:]
    assert [[collapse_ws(c.text) for c in r.cells] for r in table.rows[1:]] == BORDERLESS_ROWS[1:]
    assert table.rows[0].is_header and not any(r.is_header for r in table.rows[1:])


def test_side_by_side_blocks_are_read_column_by_column():
    texts_ = [p.text for p in parsed(DATA / "borderless.pdf").paragraphs]
    assert texts_[:3] == ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ\nПРИМЕРНОЙ ОБЛАСТИ", "ул. Ленина, д. 1\nг. Примерск, 123456",
                          "Руководителям\nмуниципальных органов\nуправления образованием"]
    assert "05.03.2024 № 77-р" in texts_ and "Министр образования И.И. Иванов" in texts_


def test_plain_stamp_lines_and_page_footer_are_dropped():
    doc = parsed(DATA / "borderless.pdf")
    last = [p.text for p in doc.paragraphs][-1]
    assert last == "Министр образования И.И. Иванов"
    assert not any("стр." in p.text or "подписан" in p.text.lower() for p in doc.paragraphs)


def test_numbered_list_with_hanging_indent_is_one_paragraph_per_item():
    items = [p.text for p in parsed(DATA / "borderless.pdf").paragraphs if p.text.startswith(("1. Р", "2. Ц"))]
    assert items == [
        "1. Руководителям органов местного самоуправления, осуществляющих управление в сфере\n"
        "образования, обеспечить выполнение мероприятий плана в установленные сроки.",
        "2. Центру оценки качества образования обеспечить информационное сопровождение\n"
        "мероприятий плана на официальном сайте.",
    ]


def test_paragraph_order_interleaves_tables():
    blocks = parsed(DATA / "borderless.pdf").pages[0].blocks
    kinds = ["T" if isinstance(b, Table) else "P" for b in blocks]
    assert kinds == ["P"] * 8 + ["T"] + ["P"] * 4


def test_sideways_pages_read_as_upright():
    original = corpus_pdf("001_molchanovo_2020")
    assert dump(parsed(DATA / "rotated.pdf").pages) == dump(original.pages[:2])  # /Rotate 90, 270
    assert dump(parsed(DATA / "turned_content.pdf").pages) == dump(original.pages[1:2])  # drawn turned


# ---------------------------------------------------------------------------
# Bad files and scans
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("file, password, reason", [
    ("encrypted.pdf", None, "encrypted PDF: pass --password"),
    ("encrypted.pdf", "wrong", "encrypted PDF: the password given with --password is wrong"),
    ("truncated.pdf", None, "truncated PDF (no %%EOF marker at the end)"),
    ("empty.pdf", None, "empty file (0 bytes)"),
    ("not_a_pdf.pdf", None, "not a PDF (no %PDF header)"),
    ("no_pages.pdf", None, "PDF has no pages"),
])
def test_bad_pdfs_give_a_one_line_reason(file, password, reason):
    with pytest.raises(InputError) as err:
        parse_file(DATA / file, password=password)
    assert err.value.reason == reason
    assert "\n" not in str(err.value)


def test_encrypted_pdf_opens_with_its_password():
    doc = parse_file(DATA / "encrypted.pdf", password="secret")
    assert doc.format == "pdf" and doc.tables and doc.tables[0].n_cols == 4


@pytest.mark.parametrize("cut", ["half", "garbage"])
def test_corrupt_pdf_with_an_end_marker(tmp_path, cut):
    data = (DATA / "borderless.pdf").read_bytes()
    bad = data[: len(data) // 2] if cut == "half" else data[:200] + b"\x00garbage" * 500
    path = tmp_path / "bad.pdf"
    path.write_bytes(bad + b"\n%%EOF\n")
    with pytest.raises(InputError) as err:
        parse(path)
    assert err.value.reason.startswith("corrupt PDF: ")
    assert "\n" not in err.value.reason and len(err.value.reason) < 200


@pytest.mark.parametrize("name", ORDERS)
def test_scan_pages_are_told_apart_from_their_resources(name):
    """Every page of an image-only PDF goes to OCR (tests/test_ocr.py reads them)."""
    from extractor.parsers.pdf import ocr_page_indices
    import pypdfium2
    pages = len(pypdfium2.PdfDocument(str(CORPUS / name / "order_scan.pdf")))
    assert ocr_page_indices(CORPUS / name / "order_scan.pdf") == list(range(pages))


# ---------------------------------------------------------------------------
# Line joining as the PDF parser uses it
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("lines, expected", [
    (["учеб-", "ного года"], "учебного года"),
    (["учебно-", "методического"], "учебно-методического"),
    (["школ-", "лидеров"], "школ-лидеров"),
    (["ИКТ-", "технологий"], "ИКТ-технологий"),
    (["2020-", "2021 год"], "2020-2021 год"),
    (["учителей –", "предметников"], "учителей –\nпредметников"),
    (["- первое;", "- второе"], "- первое;\n- второе"),
    # a word wider than its narrow column, cut without a hyphen
    (["с общеобразовательн", "ыми школами"], "с общеобразовательными школами"),
    (["Общеобразовательн", "ые"], "Общеобразовательные"),
    (["по работе с", "организациями"], "по работе с\nорганизациями"),
    (["Работа ИРО", "ипк"], "Работа ИРО\nипк"),
    (["ежеквартальн", "о до 10 числа"], "ежеквартально до 10 числа"),  # the rest may be a word
    (["«Наставник", "и ученик»"], "«Наставник\nи ученик»"),  # but not when both halves are
])
def test_join_lines(lines, expected):
    assert join_lines(lines) == expected


def test_paragraphs_are_paragraph_objects_with_pages():
    doc = corpus_pdf("003_saratov_2020")
    assert all(isinstance(p, Paragraph) and p.page for p in doc.paragraphs)
    assert doc.format == "pdf" and doc.ocr is False and doc.page_count == 9
