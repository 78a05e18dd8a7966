"""Bad inputs, one of each kind, and the one-line error each must give.

``make_bad_files(folder)`` writes them (also used by the whole-batch test in
tests/test_batch.py); the tests here run each through the worker's function in this
process and check its error kind and message."""
from __future__ import annotations

import io
import os
import random
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pikepdf
import pytest

from extractor.batch import read_file

from .conftest import CORPUS

PDF_DATA = Path(__file__).parent / "data" / "pdf"
LONG_LINE = 100_000


def _png(width: int, height: int, rows: bytes | None) -> bytes:
    """A greyscale PNG of the declared size; ``rows`` the raw scanlines to deflate."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows or b"") + chunk(b"IEND", b"")


def _deflated_zeros(n: int) -> bytes:
    packer = zlib.compressobj(9)
    block = bytes(1 << 20)
    out = [packer.compress(block) for _ in range(n >> 20)]
    return b"".join(out) + packer.compress(bytes(n % (1 << 20))) + packer.flush()


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _undecodable_text_pdf(source: Path, target: Path) -> None:
    """A text PDF whose fonts lost their Unicode maps and embedded programs: pdfminer reads
    every glyph as "(cid:N)"."""
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]
                for descendant in font.get("/DescendantFonts", []):
                    descriptor = descendant.get("/FontDescriptor")
                    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                        if descriptor is not None and key in descriptor:
                            del descriptor[key]
        pdf.save(target)


def make_bad_files(folder: Path) -> dict[str, tuple[str, str]]:
    """Writes the bad inputs; returns file name -> (error kind, words the message must hold)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    good_pdf = (CORPUS / "001_molchanovo_2020" / "order.pdf").read_bytes()
    expected: dict[str, tuple[str, str]] = {}

    def put(name: str, data: bytes, kind: str, words: str) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        expected[name] = (kind, words)

    put("empty.txt", b"", "empty", "empty file (0 bytes)")
    put("empty.pdf", b"", "empty", "empty file (0 bytes)")
    put("garbage.bin", bytes(rng.randrange(256) for _ in range(20_000)), "unsupported", "binary data")
    put("garbage.pdf", bytes(rng.randrange(256) for _ in range(20_000)), "corrupt", "not a PDF (no %PDF header)")
    put("truncated.pdf", good_pdf[: len(good_pdf) // 2], "corrupt", "truncated PDF")
    put("cut_with_end_marker.pdf", good_pdf[:3000] + b"\n%%EOF\n", "corrupt", "corrupt PDF")
    put("encrypted.pdf", (PDF_DATA / "encrypted.pdf").read_bytes(), "encrypted", "encrypted PDF: pass --password")
    put("no_pages.pdf", (PDF_DATA / "no_pages.pdf").read_bytes(), "input", "PDF has no pages")
    put("image_named.pdf", _png(40, 30, zlib.compress(bytes(31 * 30))), "corrupt", "image frame 1 unreadable")

    not_docx = io.BytesIO()
    with zipfile.ZipFile(not_docx, "w") as z:
        z.writestr("content.xml", "<office:document/>")
    put("other_zip.docx", not_docx.getvalue(), "unsupported", "ZIP package that is neither a DOCX nor an ODT")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", bytes(64 * 1024 * 1024))
    put("zip_bomb.docx", bomb.getvalue(), "too_large", "zip bomb")
    good_docx = _docx_bytes()
    put("truncated.docx", good_docx[: len(good_docx) // 2], "corrupt", "damaged or truncated ZIP package")
    broken_xml = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_docx)) as source, zipfile.ZipFile(broken_xml, "w") as z:
        for item in source.infolist():
            data = source.read(item)
            z.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else data)
    put("broken_xml.docx", broken_xml.getvalue(), "corrupt", "cannot open DOCX")
    put("text_named.docx", "Приказ\n".encode(), "corrupt", "not a DOCX file (not a ZIP package)")
    put("no_table.docx", good_docx, "no_roadmap", "no roadmap table")

    put("huge_image.png", _png(11_000, 11_000, None), "too_large", "image too large")
    put("decompression_bomb.png", _png(15_000, 15_000, _deflated_zeros(15_001 * 15_000)),
        "too_large", "decompression bomb")
    put("corrupt_image.png", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(500)),
        "corrupt", "corrupt image")

    put("shift_jis.txt", ("日本語のテキストです。これは命令ではありません。" * 40).encode("shift_jis"),
        "encoding", "encoding that is not read")
    put("broken_utf16.txt", b"\xff\xfe" + "Приказ".encode("utf-16-le") + b"\x00\xd8", "encoding", "damaged text")
    put("nul_bytes.txt", "Приказ\n".encode() + b"\x00" * 10 + "текст\n".encode(), "unsupported", "binary data")
    put("letter.txt", "Уважаемые коллеги!\n\nНаправляем информацию.\n".encode(), "no_roadmap", "no roadmap table")
    # a folder "[red]notes[" and a file "red] letter.txt": the path holds "[/red]", rich markup
    put("[red]notes[/red] letter.txt", "Письмо [/red] без таблицы\n".encode(), "no_roadmap", "no roadmap table")
    put("dashes.txt", b"-" * LONG_LINE + b"x\n", "no_roadmap", "no roadmap table")
    put("space_pipes.txt", b"a |\n" + b" |" * (LONG_LINE // 2) + b" x\nb |\nc |\nd |\n", "no_roadmap",
        "no roadmap table")
    put("separator_like.txt", b"|" + b"-|" * (LONG_LINE // 2) + b"x|\n", "no_roadmap", "no roadmap table")
    put("open_tags.txt", b"|" + b"<a" * (LONG_LINE // 2) + b"|\n", "no_roadmap", "no roadmap table")
    put("whitespace.md", b" \n\t\n" * 100, "no_roadmap", "no roadmap table")

    with open(folder / "sparse_huge.txt", "wb") as f:
        f.truncate(300 * 1024 * 1024)  # sparse: no disk used
    expected["sparse_huge.txt"] = ("too_large", "file too large")
    os.symlink(folder / "nowhere.pdf", folder / "broken_link.pdf")
    expected["broken_link.pdf"] = ("not_found", "broken link")
    (folder / "folder.pdf").mkdir()
    expected["folder.pdf"] = ("unsupported", "a folder, not a file")
    os.mkfifo(folder / "named_pipe.txt")
    expected["named_pipe.txt"] = ("unsupported", "not a regular file")
    return expected


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    return folder, make_bad_files(folder)


def test_there_are_thirty_kinds(bad_files):
    _, expected = bad_files
    assert len(expected) >= 30


def test_each_bad_file_gives_its_one_line_error(bad_files):
    folder, expected = bad_files
    for name, (kind, words) in expected.items():
        outcome = read_file(str(folder / name), None)
        assert outcome.error is not None and outcome.order_json is None, name
        assert (outcome.kind, words in outcome.error) == (kind, True), (name, outcome.kind, outcome.error)
        assert outcome.error.startswith(str(folder / name) + ": ") and "\n" not in outcome.error


def test_a_wrong_password_is_said_as_such(bad_files):
    folder, _ = bad_files
    outcome = read_file(str(folder / "encrypted.pdf"), "not-the-password")
    assert outcome.kind == "wrong_password"
    assert outcome.error.endswith("encrypted PDF: the password given with --password is wrong")


def test_a_password_is_tried_only_on_files_that_need_one():
    good = read_file(str(CORPUS / "001_molchanovo_2020" / "order.pdf"), "some-password")
    assert good.error is None and good.activities == 19
    unlocked = read_file(str(PDF_DATA / "encrypted.pdf"), "secret")
    assert unlocked.error is None and unlocked.activities == 6


def test_an_unreadable_file_is_reported_as_unreadable_not_as_a_write_error(tmp_path, monkeypatch):
    path = tmp_path / "order.txt"
    path.write_bytes((CORPUS / "000_tver_2021" / "order.txt").read_bytes())
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(Path, "read_bytes", lambda self: refuse(self).read())
    outcome = read_file(str(path), None)
    assert (outcome.kind, outcome.error) == ("unreadable", f"{path}: cannot read file: Permission denied")


def test_library_warnings_come_back_with_their_file(tmp_path, capsys):
    """A text PDF with a scanned page: the parser's warning about that page comes back with
    the file's outcome (the batch prints it with the file), not loose on stderr."""
    path = tmp_path / "mixed.pdf"
    with pikepdf.open(CORPUS / "001_molchanovo_2020" / "order.pdf") as text, \
            pikepdf.open(CORPUS / "001_molchanovo_2020" / "order_scan.pdf") as scan:
        text.pages.append(scan.pages[0])
        text.save(path)
    outcome = read_file(str(path), None)
    assert outcome.error is None
    assert outcome.error is None and outcome.ocr_pages == [4]  # the scanned page goes to OCR
    assert [w for w in outcome.warnings if "page 5 is read by OCR: no text layer" in w] != []
    assert "read by OCR" not in capsys.readouterr().err


def test_a_text_layer_of_undecodable_glyphs_is_read_by_ocr(tmp_path):
    """Fonts without a Unicode map give "(cid:N)" for every glyph: such pages are read from
    their images instead (and only when OCR finds nothing there either is the PDF damaged)."""
    from extractor.parsers import ocr_units

    path = tmp_path / "undecodable_text.pdf"
    _undecodable_text_pdf(CORPUS / "000_tver_2021" / "order.pdf", path)
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    assert ocr_units(path) == list(range(pages))
