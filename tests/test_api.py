"""The Python API: `extract` on a path gives what the CLI writes; on bytes and file objects it
finds the format by name or content and leaves no temporary file behind."""
import io
import zipfile
import subprocess
import sys
import tempfile

import pytest

from extractor import extract
from extractor.errors import InputError
from extractor.inputs import detect_format
from extractor.errors import InputError, NoRoadmapError

from .conftest import CORPUS, ROOT

FORMATS_DIR = ROOT / "tests" / "data" / "formats"
TVER = CORPUS / "000_tver_2021"


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_extract_of_a_path_is_the_cli_output(tmp_path, fmt):
    source = TVER / f"order.{fmt}"
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "extract", str(source), "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert extract(source).to_json() == (tmp_path / f"order.{fmt}.json").read_text("utf-8")
    assert extract(str(source)) == extract(source)


SNIFFED = [
    (TVER / "order.txt", "txt"), (TVER / "order.docx", "docx"), (TVER / "order.pdf", "pdf"),
    (FORMATS_DIR / "000_tver_2021.html", "html"), (FORMATS_DIR / "portal_novgorod_2023.html", "html"),
    (FORMATS_DIR / "000_tver_2021.odt", "odt"), (FORMATS_DIR / "000_tver_2021.doc", "doc"),
    (FORMATS_DIR / "000_tver_2021.rtf", "rtf"),
]


@pytest.mark.parametrize("path, fmt", SNIFFED, ids=lambda x: getattr(x, "name", x))
def test_format_is_told_by_content_whatever_the_name(path, fmt, tmp_path):
    unnamed = tmp_path / "upload"
    unnamed.write_bytes(path.read_bytes())
    assert detect_format(unnamed) == ("text" if fmt == "txt" else fmt)


def test_other_zip_packages_are_refused_by_name(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", "<x/>")
    with pytest.raises(InputError, match="^document: unsupported format"):
        extract(buffer.getvalue())


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """Temporary files go here, so the test can see that none stay."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("name", ["order.txt", "order.docx", "order.pdf"])
def test_bytes_and_file_objects_give_the_path_extraction(scratch, name):
    path = TVER / name
    expected = extract(path)
    data = path.read_bytes()
    with open(path, "rb") as fh:
        from_file = extract(fh)
    variants = {
        "bytes, sniffed": extract(data),
        "bytes, filename": extract(data, filename=f"x/{name}"),
        "bytes, format": extract(data, format=path.suffix.lstrip(".")),
        "open file": from_file,
        "BytesIO": extract(io.BytesIO(data)),
    }
    for label, order in variants.items():
        assert order.activities == expected.activities, label
        assert order.order == expected.order and order.source.sha256 == expected.source.sha256, label
        assert order.source.format == expected.source.format, label
    assert variants["bytes, filename"].source.file == name
    assert variants["open file"].source.file == name
    assert variants["bytes, sniffed"].source.file == f"document{path.suffix}"
    assert list(scratch.iterdir()) == []


def test_odt_and_html_bytes(scratch):
    for path in (FORMATS_DIR / "000_tver_2021.odt", FORMATS_DIR / "000_tver_2021.html"):
        order = extract(path.read_bytes())
        assert order.activities == extract(path).activities
    assert list(scratch.iterdir()) == []


def test_errors_name_the_given_file_and_leave_nothing(scratch):
    with pytest.raises(InputError) as err:
        extract(b"%PDF-1.4 broken", filename="upload.pdf")
    assert str(err.value).startswith("upload.pdf: ") and "\n" not in str(err.value)
    with pytest.raises(NoRoadmapError) as err:
        extract("Просто текст без таблицы.\n".encode())
    assert str(err.value).startswith("document.txt: no roadmap table")
    assert list(scratch.iterdir()) == []


def test_text_file_objects_and_other_types_are_refused():
    with pytest.raises(TypeError, match="binary file object"):
        extract(io.StringIO("text"))
    with pytest.raises(TypeError, match="not int"):
        extract(42)
