"""HTML, ODT, DOC and RTF orders: an order re-saved in another format extracts as its DOCX does;
a portal page gives the order without the site around it; spans and covered cells land on the
right grid columns; unreadable files get one-line errors."""
import importlib.util
import tempfile
import zipfile
from pathlib import Path

import pytest

from extractor.errors import InputError, NoRoadmapError
from extractor.parsers import parse_file
from extractor.parsers import html as html_parser
from extractor.parsers import odt as odt_parser
from extractor.parsers import office
from extractor.pipeline import extract

from .conftest import ROOT

FORMATS_DIR = ROOT / "tests" / "data" / "formats"
_spec = importlib.util.spec_from_file_location("make_formats", FORMATS_DIR / "make_formats.py")
make_formats = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_formats)
SOURCES = make_formats.SOURCES  # the DOCX each re-saved file was made from
RESAVED = sorted(p for p in FORMATS_DIR.iterdir() if p.stem in SOURCES and p.suffix != ".py")


def activity_view(order) -> list[dict]:
    return [{
        "number": a.number, "section": a.section, "text": a.text,
        "deadline": a.deadline.model_dump(), "responsible": [(r.name, r.role) for r in a.responsible],
        "indicator": a.indicator, "result": a.result,
    } for a in order.activities]


@pytest.fixture(scope="module")
def docx_orders():
    return {name: extract(path) for name, path in SOURCES.items()}


def test_every_source_is_resaved_in_each_format():
    suffixes = {p.suffix for p in RESAVED}
    assert suffixes == {".html", ".odt", ".doc", ".rtf"}
    assert {p.stem for p in RESAVED if p.suffix in (".html", ".odt")} == set(SOURCES)


@pytest.mark.parametrize("path", RESAVED, ids=lambda p: p.name)
def test_resaved_order_extracts_as_its_docx(path, docx_orders):
    expected = docx_orders[path.stem]
    got = extract(path)
    assert got.source.format == path.suffix.lstrip(".")
    assert got.source.file == path.name and got.source.pages is None
    assert len(got.activities) == len(expected.activities) > 10
    for mine, theirs in zip(activity_view(got), activity_view(expected)):
        assert mine == theirs
    assert got.order == expected.order
    assert got.plan == expected.plan


# The hand-written portal page: (number, section, text, deadline, responsible names)
PORTAL_ACTIVITIES = [
    ("1.1", "1. Организационно-методическое обеспечение",
     "Разработка региональной программы поддержки учителей математики", "сентябрь 2023", ["НИРО"]),
    ("1.2", "1. Организационно-методическое обеспечение",
     "Проведение семинаров для руководителей методических объединений учителей математики",
     "октябрь – ноябрь 2023", ["НИРО", "муниципальные органы управления образованием"]),
    ("1.3", "1. Организационно-методическое обеспечение", "Мониторинг выполнения дорожной карты",
     "ежеквартально", ["министерство образования Новгородской области"]),
    ("2.1", "2. Работа с обучающимися",
     "Проведение региональной математической олимпиады для обучающихся 5–8 классов", "до 20.12.2023",
     ["НИРО", "ОО"]),
    ("2.2", "2. Работа с обучающимися", "Организация летней математической школы", "июнь 2024", ["ОО"]),
    ("2.3", "2. Работа с обучающимися",
     "Подготовка обучающихся к государственной итоговой аттестации по математике",
     "в течение учебного года", ["ОО"]),
]
PORTAL = FORMATS_DIR / "portal_novgorod_2023.html"
SITE_FURNITURE = ["Главная", "Горячая линия", "Последние документы", "Просмотров", "©",
                  "dataLayer", "Мероприятие: срок", "Новолучанская"]


def test_portal_page_gives_the_order():
    order = extract(PORTAL)
    got = [(a.number, a.section, a.text, a.deadline.raw, [r.name for r in a.responsible])
           for a in order.activities]
    assert got == PORTAL_ACTIVITIES
    info = order.order
    assert (info.kind, info.number, info.date.isoformat()) == ("приказ", "312", "2023-03-14")
    assert info.issuer == "Министерство образования Новгородской области"
    assert order.plan.period.start.isoformat() == "2023-09-01"
    assert order.activities[1].deadline.kind == "month_range"


def test_portal_page_leaves_the_site_out():
    document = parse_file(PORTAL)
    texts = [b.text for b in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    for furniture in SITE_FURNITURE:
        assert not any(furniture in t for t in texts), furniture
    first = document.paragraphs[0]
    assert (first.text, first.bold, first.align) == ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ НОВГОРОДСКОЙ ОБЛАСТИ", True, "center")
    signature = next(p for p in document.paragraphs if p.text.startswith("Министр"))
    assert signature.text == "Министр\nобразования Новгородской области А.В. Степанова"
    table = document.tables[0]
    assert table.rows[0].is_header and not table.rows[1].is_header
    section = table.rows[2].cells[0]
    assert (section.col, section.col_span) == (0, 5)
    assert table.rows[4].cells[1].text == "Проведение семинаров для руководителей\nметодических объединений учителей математики"


@pytest.mark.parametrize("meta, encoding", [
    ('<meta charset="windows-1251">', "windows-1251"),
    ("", "windows-1251"),                                # undeclared: judged by the bytes
    ('<meta charset="windows-1251">', "utf-8"),          # a stale declaration on UTF-8 bytes
], ids=["cp1251-declared", "cp1251-undeclared", "utf8-declared-cp1251"])
def test_page_encodings(tmp_path, meta, encoding):
    source = PORTAL.read_text("utf-8")
    page = tmp_path / "order.htm"
    page.write_bytes(source.replace('<meta charset="utf-8">', meta).encode(encoding, "replace"))
    other, utf8 = parse_file(page), parse_file(PORTAL)
    assert [b.text for b in other.paragraphs] == [b.text for b in utf8.paragraphs]
    assert [r.texts for r in other.tables[0].rows] == [r.texts for r in utf8.tables[0].rows]


def test_old_site_with_a_layout_table_gives_the_same_order(tmp_path):
    """Sites of the 2000s lay out banner, menu and content as cells of one big table."""
    source = PORTAL.read_text("utf-8")
    article = source[source.index("<article"):source.index("</article>") + len("</article>")]
    page = tmp_path / "old_site.html"
    page.write_bytes(f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Официальный сайт</title></head><body><table width="100%" border="0">
<tr><td colspan="2"><img src="top.gif"><font size="4">Официальный сайт органов власти</font></td></tr>
<tr><td width="180" valign="top"><a href="/">Главная</a><br><a href="/docs">Документы</a></td>
<td valign="top">{article}</td></tr>
<tr><td colspan="2"><small>Все права защищены, 2023</small></td></tr></table></body></html>""".encode("windows-1251"))
    old, modern = extract(page), extract(PORTAL)
    assert activity_view(old) == activity_view(modern)
    assert (old.order.number, old.order.date) == (modern.order.number, modern.order.date)
    assert len(parse_file(page).tables) == 1  # the roadmap; the layout table is not a table


def grid(table) -> list[list[tuple[str, int, int, int]]]:
    return [[(c.text, c.col, c.col_span, c.row_span) for c in row.cells] for row in table.rows]


HTML_SPANS = """<table>
<tr><th rowspan="2">№</th><th colspan="2">Срок</th><th>Кто</th></tr>
<tr><th>начало</th><th>конец</th><th>исполнитель</th></tr>
<tr><td>1</td><td colspan="2" rowspan="2">весь год</td><td>A<br>B</td></tr>
<tr><td>2</td><td>C<table><tr><td>x</td><td>y</td></tr></table></td></tr>
<tr><td rowspan="0">3</td><td>a</td><td>b</td><td>c</td></tr>
<tr><td>d</td><td>e</td><td>f</td></tr>
</table>"""


def test_html_rowspan_and_colspan_on_the_grid():
    document = html_parser.parse_html_bytes(HTML_SPANS.encode(), "spans.html")
    table = document.tables[0]
    assert table.n_cols == 4
    assert grid(table) == [
        [("№", 0, 1, 2), ("Срок", 1, 2, 1), ("Кто", 3, 1, 1)],
        [("начало", 1, 1, 1), ("конец", 2, 1, 1), ("исполнитель", 3, 1, 1)],
        [("1", 0, 1, 1), ("весь год", 1, 2, 2), ("A\nB", 3, 1, 1)],
        [("2", 0, 1, 1), ("C\nx\ny", 3, 1, 1)],
        [("3", 0, 1, 2), ("a", 1, 1, 1), ("b", 2, 1, 1), ("c", 3, 1, 1)],
        [("d", 1, 1, 1), ("e", 2, 1, 1), ("f", 3, 1, 1)],
    ]
    assert [r.is_header for r in table.rows] == [True, True, False, False, False, False]


def test_th_row_below_data_heads_a_section_not_the_table():
    page = ("<table><tr><th>№</th><th>Мероприятие</th><th>Срок</th></tr>"
            "<tr><td>1</td><td>a</td><td>май</td></tr>"
            "<tr><th colspan='3'>2. Раздел</th></tr>"
            "<tr><td>2.1</td><td>b</td><td>июнь</td></tr></table>")
    table = html_parser.parse_html_bytes(page.encode(), "t.html").tables[0]
    assert [r.is_header for r in table.rows] == [True, False, False, False]


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
  xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">
<office:automatic-styles>
  <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="normal"/></style:style>
</office:automatic-styles>
<office:body><office:text>
  <text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>
  <text:p text:style-name="P1">ПРИКАЗ</text:p>
  <text:p text:style-name="P1">от 01.02.2024 <text:span text:style-name="T1">№ 5</text:span></text:p>
  <text:list><text:list-item><text:p>Пункт<text:s text:c="3"/>один<text:note><text:note-body>
    <text:p>сноска</text:p></text:note-body></text:note></text:p></text:list-item></text:list>
  <text:section><text:p>строка<text:line-break/>вторая<text:tab/>и<text:soft-page-break/> третья</text:p></text:section>
  <table:table>
    <table:table-column table:number-columns-repeated="4"/>
    <table:table-header-rows><table:table-row>
      <table:table-cell table:number-rows-spanned="2"><text:p>№</text:p></table:table-cell>
      <table:table-cell table:number-columns-spanned="2"><text:p>Срок</text:p></table:table-cell>
      <table:covered-table-cell/>
      <table:table-cell><text:p>Кто</text:p></table:table-cell>
    </table:table-row></table:table-header-rows>
    <table:table-row>
      <table:covered-table-cell/>
      <table:table-cell><text:p>начало</text:p></table:table-cell>
      <table:table-cell><text:p>конец</text:p></table:table-cell>
      <table:table-cell><text:p>A</text:p><text:p>B</text:p></table:table-cell>
    </table:table-row>
    <table:table-row>
      <table:table-cell><text:p>1</text:p></table:table-cell>
      <table:table-cell table:number-columns-repeated="2"/>
      <table:table-cell><text:p>C</text:p></table:table-cell>
    </table:table-row>
  </table:table>
</office:text></office:body></office:document-content>"""

ODT_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"><office:styles>
  <style:style style:name="Heading" style:family="paragraph">
    <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading"/>
</office:styles></office:document-styles>"""


def make_odt(path: Path, content: str = ODT_CONTENT, mimetype: str = "application/vnd.oasis.opendocument.text") -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", mimetype)
        package.writestr("content.xml", content)
        package.writestr("styles.xml", ODT_STYLES)
    return path


def test_odt_paragraphs_styles_and_covered_cells(tmp_path):
    document = parse_file(make_odt(tmp_path / "hand.odt"))
    assert document.format == "odt"
    assert [(p.text, p.bold, p.align) for p in document.paragraphs] == [
        ("ПРИКАЗ", True, "center"),           # bold and centred through Title -> Heading
        ("от 01.02.2024 № 5", False, "center"),  # one span set back to normal weight
        ("Пункт один", False, None),           # text:s spaces collapse; the note is not text
        ("строка\nвторая и третья", False, None),
    ]
    table = document.tables[0]
    assert table.n_cols == 4
    assert grid(table) == [
        [("№", 0, 1, 2), ("Срок", 1, 2, 1), ("Кто", 3, 1, 1)],
        [("начало", 1, 1, 1), ("конец", 2, 1, 1), ("A\nB", 3, 1, 1)],
        [("1", 0, 1, 1), ("", 1, 1, 1), ("", 2, 1, 1), ("C", 3, 1, 1)],
    ]
    assert [r.is_header for r in table.rows] == [True, False, False]


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_bytes(b"plain text, not a package"), "not an ODT file (not a ZIP package)"),
    (lambda p: make_odt(p, mimetype="application/vnd.oasis.opendocument.spreadsheet"),
     "not an ODT text document (package type 'application/vnd.oasis.opendocument.spreadsheet')"),
    (lambda p: make_odt(p, content="<office:document-content"), "cannot read ODT: broken XML"),
], ids=["not-zip", "spreadsheet", "broken-xml"])
def test_unreadable_odt_gets_a_one_line_error(tmp_path, make, reason):
    path = tmp_path / "bad.odt"
    make(path)
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert str(err.value).startswith(f"{path}: {reason}") and "\n" not in str(err.value)


def test_doc_without_libreoffice_names_the_debian_package(tmp_path):
    path = tmp_path / "order.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    settings = office.OfficeSettings(executables=("soffice-that-is-not-installed",))
    with pytest.raises(InputError) as err:
        office.parse(path, settings)
    assert str(err.value) == (f"{path}: reading .doc needs LibreOffice (soffice not found): "
                              "install the Debian package libreoffice-writer-nogui")


def test_conversion_leaves_no_temporary_files(tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    document = parse_file(FORMATS_DIR / "000_tver_2021.rtf")
    assert document.format == "rtf" and document.path.endswith("000_tver_2021.rtf") and document.tables
    assert list(scratch.iterdir()) == []


def test_conversion_past_its_timeout_is_ended_and_cleaned_up(tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = FORMATS_DIR / "000_tver_2021.doc"
    with pytest.raises(InputError) as err:
        office.parse(path, office.OfficeSettings(timeout_seconds=0.01))
    assert str(err.value) == f"{path}: LibreOffice did not convert the file within 0.01 s"
    assert list(scratch.iterdir()) == []


def test_empty_rtf_is_said_to_be_empty(tmp_path):
    path = tmp_path / "empty.rtf"
    path.write_bytes(b"")
    with pytest.raises(InputError) as err:
        extract(path)
    assert str(err.value) == f"{path}: empty file (0 bytes)"


def test_parallel_conversions_do_not_share_a_profile():
    """Workers convert at the same time: each call has its own LibreOffice profile, so none
    waits on or breaks another's."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [FORMATS_DIR / "000_tver_2021.doc", FORMATS_DIR / "104_karelia_2021.rtf",
             FORMATS_DIR / "104_karelia_2021.doc"]
    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        documents = list(pool.map(parse_file, paths))
    for path, document in zip(paths, documents):
        assert document.path == str(path) and len(document.tables) == 1
        assert [r.texts for r in document.tables[0].rows] == [r.texts for r in parse_file(path).tables[0].rows]
