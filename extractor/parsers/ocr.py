"""Tesseract through tesserocr: one page image in memory -> words with boxes and confidences.

Takes a grayscale page image (a numpy array, already deskewed, table rules painted out);
gives :class:`OcrWord` objects (text, pixel box, confidence 0-100, the text line they were
read on, the line's height). The engine is opened once per process and reused; it runs on
one thread (``OMP_THREAD_LIMIT=1``), because parallelism belongs to the worker pool.

Tesseract's Russian data is looked up in ``OcrSettings.tessdata``, else ``TESSDATA_PREFIX``,
else the folders Debian and other distributions install it to. Where the engine or its
Russian data is missing, :class:`OcrUnavailable` says in one line which Debian packages give
them. :func:`engine_identity` names the engine version and the data file (name, size, sha256
prefix) for the output's ``source``.
"""
from __future__ import annotations

import glob
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# one OCR thread per process: the worker pool runs one process per core
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

MISSING_HINT = ("Tesseract OCR with Russian data is needed to read scans: install the Debian "
                "packages tesseract-ocr and tesseract-ocr-rus")
# where distributions put tessdata, tried in this order when nothing names a folder
TESSDATA_PATTERNS = (
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tesseract-ocr/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/usr/local/share/tesseract-ocr/*/tessdata",
    "/opt/homebrew/share/tessdata",
)


@dataclass(frozen=True)
class OcrSettings:
    """How Tesseract is called."""

    language: str = "rus"
    tessdata: str | None = None  # a folder holding <language>.traineddata; None: search
    page_segmentation: int = 3  # tesseract --psm for text outside tables: 3 fully automatic
    region_segmentation: int = 6  # --psm for a table cell: 6 one block of text
    region_padding: int = 12  # px of paper put around a cell before it is read
    # a word read with less confidence (0-100) than this is reported as ocr_suspect
    suspect_confidence: float = 60.0


SETTINGS = OcrSettings()


class OcrUnavailable(RuntimeError):
    """Tesseract or its Russian data cannot be loaded; ``str()`` is the one-line reason."""


@dataclass(slots=True)
class OcrWord:
    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    confidence: float  # 0-100 as Tesseract gives it
    line: int  # the text line Tesseract read it on, numbered over the page
    line_height: float  # pixels: that line's height (x-height plus ascenders and descenders)


def find_tessdata(settings: OcrSettings = SETTINGS) -> Path:
    """The folder holding ``<language>.traineddata``; a folder named by the settings or by
    ``TESSDATA_PREFIX`` is taken as the only place to look."""
    name = f"{settings.language}.traineddata"
    named = settings.tessdata or os.environ.get("TESSDATA_PREFIX")
    if named:
        candidates = [Path(named), Path(named) / "tessdata"]
    else:
        candidates = [Path(p) for pattern in TESSDATA_PATTERNS for p in sorted(glob.glob(pattern), reverse=True)]
    for folder in candidates:
        if (folder / name).is_file():
            return folder
    where = f"no {name} in {named}" if named else f"no {name} found"
    raise OcrUnavailable(f"{MISSING_HINT} ({where})")


@lru_cache(maxsize=4)
def _api(tessdata: str, language: str, page_segmentation: int):
    try:
        import tesserocr
    except ImportError as exc:  # the wheel bundles the engine; a failed import is a broken install
        raise OcrUnavailable(f"{MISSING_HINT}, and the Python package tesserocr ({exc})") from None
    try:
        api = tesserocr.PyTessBaseAPI(path=tessdata.rstrip("/") + "/", lang=language,
                                      psm=page_segmentation, oem=tesserocr.OEM.LSTM_ONLY)
    except RuntimeError as exc:
        raise OcrUnavailable(f"{MISSING_HINT} (cannot load {language} from {tessdata}: {exc})") from None
    return api


def engine(settings: OcrSettings = SETTINGS):
    return _api(str(find_tessdata(settings)), settings.language, settings.page_segmentation)


@lru_cache(maxsize=4)
def _identity(tessdata: str, language: str) -> tuple[str, str]:
    import tesserocr

    version = tesserocr.tesseract_version().split("\n", 1)[0].strip()
    data = Path(tessdata) / f"{language}.traineddata"
    digest = hashlib.sha256(data.read_bytes()).hexdigest()[:16]
    return version, f"{data.name} {data.stat().st_size} bytes sha256:{digest}"


def engine_identity(settings: OcrSettings = SETTINGS) -> tuple[str, str]:
    """(engine version, data identity): "tesseract 5.5.0" and
    "rus.traineddata 15400601 bytes sha256:…" (first 16 hex digits)."""
    return _identity(str(find_tessdata(settings)), settings.language)


def recognise(image, dpi: int, settings: OcrSettings = SETTINGS,
              regions: list[tuple[int, int, int, int]] | None = None,
              first_line: int = 0) -> list[OcrWord]:
    """The words of one grayscale page image (numpy uint8, height x width): of the whole page,
    or of each of ``regions`` (x, y, width, height) read as one block of text. A region is
    read with a margin of paper around it (``region_padding``): Tesseract misses a short
    word ("3.") that touches the edge of what it reads. Word boxes are in the page's pixels;
    lines are numbered from ``first_line`` on."""
    import numpy as np
    import tesserocr

    api = engine(settings)
    words: list[OcrWord] = []
    line = first_line - 1
    try:
        if regions is None:
            api.SetPageSegMode(settings.page_segmentation)
            _set_image(api, image, dpi)
            api.Recognize()
            line = _collect(api, words, line, tesserocr, 0, 0)
        else:
            api.SetPageSegMode(settings.region_segmentation)
            pad = settings.region_padding
            for x, y, w, h in regions:
                crop = image[y:y + h, x:x + w]
                paper = int(np.percentile(crop, 90))
                padded = np.full((h + 2 * pad, w + 2 * pad), paper, dtype=np.uint8)
                padded[pad:pad + h, pad:pad + w] = crop
                _set_image(api, padded, dpi)
                api.Recognize()
                line = _collect(api, words, line, tesserocr, x - pad, y - pad)
    finally:
        api.SetPageSegMode(settings.page_segmentation)
        api.Clear()
    return words


def _set_image(api, image, dpi: int) -> None:
    height, width = image.shape[:2]
    api.SetImageBytes(image.tobytes(), width, height, 1, width)
    api.SetSourceResolution(dpi)


def _collect(api, words: list[OcrWord], line: int, tesserocr, dx: int, dy: int) -> int:
    """Append the words of the last recognition, boxes moved by (dx, dy); returns the
    number of the last line."""
    iterator = api.GetIterator()
    if iterator is None:
        return line
    level, line_level = tesserocr.RIL.WORD, tesserocr.RIL.TEXTLINE
    line_height = 0.0
    while True:
        if iterator.IsAtBeginningOf(line_level):
            line += 1
            attrs = iterator.RowAttributes()
            line_height = float(attrs["row_height"]) if attrs else 0.0
        try:
            text = iterator.GetUTF8Text(level)
        except RuntimeError:  # tesserocr raises for a word without text (an empty region)
            text = ""
        box = iterator.BoundingBox(level)
        if text and text.strip() and box:
            x0, y0, x1, y1 = box
            words.append(OcrWord(text.strip(), x0 + dx, y0 + dy, x1 + dx, y1 + dy,
                                 float(iterator.Confidence(level)), line,
                                 line_height or float(y1 - y0)))
        if not iterator.Next(level):
            break
    return line
