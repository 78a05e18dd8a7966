"""DOCX: merged cells on the grid, header rows, paragraphs with bold, line breaks in cells."""
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement

from extractor.errors import InputError
from extractor.parsers.docx import parse

from .conftest import CORPUS


def test_corpus_docx_header_spans_follow_the_grid():
    table = parse(CORPUS / "001_molchanovo_2020" / "order.docx").tables[0]
    header = table.rows[0]
    assert header.is_header
    assert [(c.text, c.col, c.col_span) for c in header.cells] == [
        ("№", 0, 1), ("Мероприятия", 1, 2), ("Сроки", 3, 1), ("Ответственные", 4, 2)]
    assert table.n_cols == 6
    assert any(len(r.cells) == 6 for r in table.rows)  # rows 11-19 keep their six cells


def test_section_rows_are_one_cell_across_the_table():
    table = parse(CORPUS / "004_tomsk_2023" / "order.docx").tables[0]
    sections = [r for r in table.rows if len(r.cells) == 1]
    assert [c.text for r in sections for c in r.cells] == [
        "Организационно-управленческая деятельность", "Организационно-технологическая деятельность",
        "Методическое сопровождение", "Аналитическая деятельность"]
    assert all(r.cells[0].col_span == 6 for r in sections)


def test_paragraphs_keep_bold_and_alignment():
    doc = parse(CORPUS / "000_tver_2021" / "order.docx")
    kind = next(p for p in doc.paragraphs if p.text == "П Р И К А З")
    assert kind.bold and kind.align == "center"


def build_docx(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Заголовок").runs[0].bold = True
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "Мероприятие", "Срок", "Ответственный"
    t.cell(1, 0).text = "Первое"
    t.cell(1, 1).text = "май 2024"
    merged = t.cell(1, 2).merge(t.cell(2, 2))
    merged.text = "Отдел образования"
    merged.add_paragraph("Школы")
    t.cell(2, 0).text = "Второе"
    t.cell(2, 1).text = "июнь 2024"
    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    d.save(str(path))


def test_vertical_merge_and_lines_in_a_cell(tmp_path):
    path = tmp_path / "merge.docx"
    build_docx(path)
    doc = parse(path)
    table = doc.tables[0]
    assert table.rows[0].is_header and not table.rows[1].is_header
    merged = table.rows[1].cells[2]
    assert merged.text == "Отдел образования\nШколы" and merged.row_span == 2
    assert [c.col for c in table.rows[2].cells] == [0, 1]  # the merged cell is not repeated
    assert doc.paragraphs[0].bold


@pytest.mark.parametrize("content, reason", [
    (b"", "not a DOCX file"),
    (b"plain text, not a zip", "not a DOCX file"),
    (b"PK\x03\x04broken", "not a DOCX file"),
])
def test_bad_docx_is_a_clear_error(tmp_path, content, reason):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        parse(path)
    assert reason in str(info.value) and "bad.docx" in str(info.value)


def test_zip_that_is_not_a_word_document(tmp_path):
    import zipfile
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputError) as info:
        parse(path)
    assert "cannot open DOCX" in str(info.value)
