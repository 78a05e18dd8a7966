"""What an input file is, told by its content, and whether it is within the size limits.

Takes a path; gives its format ("pdf", "docx", "odt", "doc", "rtf", "image", "html",
"text") and its size in pages (the unit a batch scales its time limit by), or an
:class:`InputError` that names the problem in one line: no such file, not a regular file,
unreadable, empty, too large, an image over the pixel limit or a decompression bomb, a ZIP
that is neither DOCX nor ODT, binary data.

The suffix only chooses what a folder run picks up (:data:`FORMAT_BY_SUFFIX`); the content
decides how a file is read: ``%PDF`` -> PDF, a ZIP holding ``word/document.xml`` -> DOCX,
a ZIP with the OpenDocument text mimetype -> ODT, the OLE2 signature -> DOC, ``{\\rtf`` -> RTF,
the signature of PNG, JPEG, TIFF, BMP or GIF -> image, bytes that decode as text -> HTML when
they open with a tag (or the name says .html), else text.
Reading stays cheap: the first bytes, a ZIP's directory, an image's header, a PDF's page
count (pdfium, no content stream).
"""
from __future__ import annotations

import math
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

# Suffixes a folder run picks up; a file named on the command line is taken whatever its suffix.
FORMAT_BY_SUFFIX = {
    ".txt": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".odt": "odt", ".doc": "doc", ".rtf": "rtf",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
    ".bmp": "image", ".gif": "image",
}

IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF87a", b"GIF89a")
ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc
RTF_SIGNATURE = b"{\\rtf"
DOCX_MAIN_PART = "word/document.xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<table", "<meta", "<?xml")
NOT_FOUND_REASON = {
    "pdf": "not a PDF (no %PDF header)",
    "docx": "not a DOCX file (not a ZIP package)",
    "odt": "not an ODT file (not a ZIP package)",
    "doc": "not a Word 97-2003 document (no OLE2 signature)",
    "image": "not an image (no PNG, JPEG, TIFF, BMP or GIF signature)",
}


@dataclass(frozen=True)
class InputSettings:
    """Size limits of one input, and how its size becomes pages for the time limit."""

    max_file_bytes: int = 200 * 1024 * 1024
    # An A3 page scanned at 600 dpi is ~70 megapixels. PIL refuses twice this as a
    # decompression bomb; between one and two times it is refused here as too large.
    max_image_pixels: int = 100_000_000
    head_bytes: int = 64 * 1024  # bytes read to recognise a text file's encoding
    text_bytes_per_page: int = 64 * 1024  # a text or DOCX file counts one page per this many bytes
    pdf_bytes_per_page: int = 100 * 1024  # pages of a PDF whose page tree pdfium cannot count


SETTINGS = InputSettings()


@dataclass(frozen=True)
class InputInfo:
    format: str  # pdf | docx | image | text
    pages: int  # at least 1


def inspect_input(path: Path, settings: InputSettings = SETTINGS) -> InputInfo:
    """The format and page count of an input, or an InputError saying why it cannot be read."""
    size = regular_file_size(path)
    if size == 0:
        raise InputError(path, "empty file (0 bytes)", kind="empty")
    if size > settings.max_file_bytes:
        raise InputError(path, f"file too large: {size / 2**20:.0f} MiB, the limit is "
                               f"{settings.max_file_bytes / 2**20:.0f} MiB", kind="too_large")
    fmt = detect_format(path, settings)
    if fmt == "image":
        check_image(path, settings)
        return InputInfo(fmt, 1)
    if fmt == "pdf":
        return InputInfo(fmt, pdf_page_count(path) or math.ceil(size / settings.pdf_bytes_per_page))
    return InputInfo(fmt, max(1, math.ceil(size / settings.text_bytes_per_page)))


def regular_file_size(path: Path) -> int:
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(path, "broken link: what it points to does not exist", kind="not_found") from None
        raise InputError(path, "no such file", kind="not_found") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}", kind="unreadable") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "a folder, not a file", kind="unsupported")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "not a regular file (a pipe, socket or device)", kind="unsupported")
    return info.st_size


def read_head(path: Path, n: int) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(n)
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}", kind="unreadable") from None


_IMAGE_SUFFIXES = ((b"\x89PNG", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"II*\x00", ".tiff"), (b"MM\x00*", ".tiff"),
                   (b"BM", ".bmp"), (b"GIF8", ".gif"))


def suffix_of_format(fmt: str, path: Path) -> str:
    """The usual file suffix of a format :func:`detect_format` gave ("text" -> ".txt")."""
    if fmt == "text":
        return ".txt"
    if fmt == "image":
        head = read_head(path, 16)
        return next((suffix for signature, suffix in _IMAGE_SUFFIXES if head.startswith(signature)), ".png")
    return f".{fmt}"


def detect_format(path: Path, settings: InputSettings = SETTINGS) -> str:
    """pdf | docx | odt | doc | rtf | image | html | text, by content. The suffix decides
    nothing, except that a file named as a PDF, DOCX, ODT, DOC or image that holds none of
    them is not read as text, and a text file named .html is HTML."""
    head = read_head(path, settings.head_bytes)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(ZIP_SIGNATURE):
        package = zip_package_format(path)
        if package is None and FORMAT_BY_SUFFIX.get(path.suffix.lower()) in ("docx", "odt"):
            raise InputError(path, "damaged or truncated ZIP package: its directory cannot be read", kind="corrupt")
        if package is None:
            raise InputError(path, f"unsupported format {path.suffix or '(no extension)'!r}: a damaged ZIP package",
                             kind="unsupported")
        if package:
            return package
        if FORMAT_BY_SUFFIX.get(path.suffix.lower()) == "odt":
            return "odt"  # an OpenDocument of another type: the ODT parser names it
        raise InputError(path, "unsupported format: a ZIP package that is neither a DOCX nor an ODT "
                               f"(no {DOCX_MAIN_PART}, no ODT mimetype; .xlsx and .pptx are not read)",
                         kind="unsupported")
    if head.startswith(OLE2_SIGNATURE):
        return "doc"
    if head.startswith(RTF_SIGNATURE):
        return "rtf"
    if head.startswith(IMAGE_SIGNATURES):
        return "image"
    if not head:
        raise InputError(path, "empty file (0 bytes)", kind="empty")
    # a name that promises a binary format is kept to its word: "x.pdf" holding text is a mistake
    promised = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if promised in NOT_FOUND_REASON:
        raise InputError(path, NOT_FOUND_REASON[promised], kind="corrupt")
    from .parsers.text import decode_text  # the text parser's own decoding decides

    text = decode_text(head_cut_at_character(head, settings.head_bytes), path)
    if promised == "html" or text.lstrip("\ufeff \t\r\n").lower().startswith(HTML_STARTS):
        return "html"
    return "text"


def head_cut_at_character(head: bytes, limit: int) -> bytes:
    """A head read up to the limit may end inside a UTF-8 character: drop the partial one."""
    if len(head) < limit:
        return head
    cut = len(head)
    while cut > len(head) - 4 and cut > 0 and (head[cut - 1] & 0xC0) == 0x80:
        cut -= 1
    if cut > 0 and head[cut - 1] >= 0xC0:
        cut -= 1
    return head[:cut]


def zip_package_format(path: Path) -> str | None:
    """"docx" or "odt" for a ZIP holding their main part, "" for another ZIP, None when its
    directory cannot be read."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if DOCX_MAIN_PART in names:
                return "docx"
            if "mimetype" in names and package.read("mimetype").strip().startswith(ODT_MIMETYPE):
                return "odt"
            return ""
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}", kind="unreadable") from None
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None


def check_image(path: Path, settings: InputSettings = SETTINGS) -> None:
    """Refuse an image whose header declares more pixels than the limit; PIL reads the
    header only, so a decompression bomb is stopped before any pixel is inflated."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = settings.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        raise InputError(path, "image refused as a decompression bomb: its header declares more than "
                               f"{2 * settings.max_image_pixels / 1e6:.0f} megapixels", kind="too_large") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise InputError(path, f"corrupt image: {exc}", kind="corrupt") from None
    if width * height > settings.max_image_pixels:
        raise InputError(path, f"image too large: {width}×{height} = {width * height / 1e6:.0f} megapixels, "
                               f"the limit is {settings.max_image_pixels / 1e6:.0f}", kind="too_large")


def pdf_page_count(path: Path) -> int | None:
    """Pages of a PDF as pdfium counts them (None when it cannot: the parser will say why)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(str(path))
    except Exception:  # encrypted, damaged: the PDF parser gives the reason
        return None
    try:
        return max(1, len(document))
    finally:
        document.close()
