"""Page images in memory: rasterising PDF pages, reading image files, deskew, table rules.

Takes a PDF page (pypdfium2, rendered in memory at ``ImageSettings.dpi``) or a frame of a
PNG, JPEG or TIFF file (Pillow; a multi-page TIFF gives one page per frame); gives grayscale
numpy images. On such an image:

1. :func:`deskew` finds the small rotation of a scan (up to ``max_skew`` degrees) as the
   angle whose horizontal projection of the ink has the sharpest peaks (text lines and rules
   are horizontal only when the page is upright), and turns the page back.
2. :func:`find_rules` finds ruling lines with OpenCV: ink runs longer than any letter's
   stroke, kept by a morphological opening with long thin kernels, one horizontal and one
   vertical; :func:`table_verticals` keeps the short vertical ones only where both their
   ends meet a horizontal rule (the sides of a one-line header row).
3. :func:`find_grids` turns the rules into table grids: rules that touch form one table; its
   distinct rule positions are the grid lines; a grid slot joins its right or lower
   neighbour where no rule separates them, so merged cells get column and row spans.
4. :func:`for_ocr` smooths and binarizes the page, :func:`paint_out` whitens the rules
   (:func:`rule_mask`), so that Tesseract reads no "|" from them and does not join words
   across a cell border.

Every threshold is a field of :class:`ImageSettings`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from ..errors import InputError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass(frozen=True)
class ImageSettings:
    dpi: int = 300  # PDF pages are rendered at this resolution (see bench/ocr.py for the choice)
    default_image_dpi: int = 300  # an image file that does not say its resolution
    max_skew: float = 2.5  # degrees: the largest rotation looked for
    skew_coarse_step: float = 0.5  # degrees between the angles tried first
    skew_fine_step: float = 0.1  # ... and around the best of them
    skew_work_width: int = 800  # px: the page is measured for skew at this width
    min_skew: float = 0.05  # degrees: a smaller rotation is left alone
    # pt a rule runs at least: longer than any stroke of a letter, shorter than the side of
    # a one-line table row (a vertical rule of a header row is that short)
    rule_min_length_horizontal: float = 36.0
    rule_min_length_vertical: float = 8.0
    # pt: a shorter vertical rule counts only where both its ends meet horizontal rules (the
    # side of a one-line header row); a letter's stem ("ф") is never taken for one
    rule_free_length_vertical: float = 30.0
    rule_end_slack: float = 2.0  # px beyond a horizontal rule's thickness a short rule's end may lie
    rule_max_thickness: float = 0.004  # share of the page width: thicker ink is no rule
    binarize_block: float = 0.02  # share of the page width: window of the adaptive threshold
    binarize_offset: int = 15  # grey levels below the local mean that count as ink
    rule_work_dpi: int = 200  # resolution the rules are looked for at (at 150 a letter's stem passes for a rule)
    rule_gap: float = 0.004  # share of the page width: rule pieces this close are one rule
    rule_coverage: float = 0.6  # share of a slot's side a rule must cover to separate slots
    table_min_cells: int = 2  # a grid with fewer slots is a box, not a table
    paint_margin: int = 2  # px around a rule that are whitened with it
    cell_inset: int = 1  # px inside a cell's rules where its OCR region starts
    # what Tesseract reads: the page smoothed by a Gaussian of this size (px, odd; 0: none)
    # and cut to black and white by Otsu's threshold. Measured on the simulated scans: noise
    # speckles otherwise turn into letters in empty cells and misread short numbers ("3.")
    ocr_smoothing: int = 3
    ocr_binarize: bool = True
    cell_min_ink: int = 12  # ink pixels a cell needs to be read by OCR at all


SETTINGS = ImageSettings()


# ---------------------------------------------------------------------------
# Getting page images
# ---------------------------------------------------------------------------


def pdf_page_count(path: Path, password: str | None = None) -> int:
    pdf = open_pdf(path, password)
    try:
        return len(pdf)
    finally:
        pdf.close()


def open_pdf(path: Path, password: str | None = None):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        raise InputError(path, f"corrupt PDF: {exc}") from None


def render_pdf_page(path: Path, index: int, password: str | None = None,
                    settings: ImageSettings = SETTINGS) -> tuple[np.ndarray, int, tuple[float, float]]:
    """Page ``index`` (0-based) as a grayscale image at ``settings.dpi``, with that dpi and the
    page's size in points."""
    pdf = open_pdf(path, password)
    try:
        page = pdf[index]
        try:
            size = page.get_size()
            bitmap = page.render(scale=settings.dpi / 72, grayscale=True)
            image = np.array(bitmap.to_numpy(), copy=True)
            bitmap.close()
        finally:
            page.close()
    finally:
        pdf.close()
    if image.ndim == 3:
        image = image[:, :, 0]
    return image, settings.dpi, size


def image_frame_count(path: Path) -> int:
    """How many pages (frames) the image file holds; its first frame is decoded, so that a
    damaged image is said before its pages are handed out to OCR."""
    with open_image(path) as img:
        try:
            img.load()
        except (EOFError, OSError, ValueError) as exc:
            raise InputError(path, f"image frame 1 unreadable: {exc}", kind="corrupt") from None
        return getattr(img, "n_frames", 1)


def open_image(path: Path):
    from PIL import Image, UnidentifiedImageError

    try:
        return Image.open(path)
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(path, f"not a readable image: {exc}", kind="corrupt") from None


def read_image_frame(path: Path, index: int, settings: ImageSettings = SETTINGS) -> tuple[np.ndarray, int]:
    """Frame ``index`` of an image file as grayscale, with its resolution (the file's own, or
    ``default_image_dpi``)."""
    with open_image(path) as img:
        try:
            img.seek(index)
            dpi = img.info.get("dpi", (0, 0))[0]
            gray = img.convert("L")
            gray.load()
        except (EOFError, OSError, ValueError) as exc:
            raise InputError(path, f"image frame {index + 1} unreadable: {exc}", kind="corrupt") from None
    dpi = int(round(float(dpi))) if dpi and float(dpi) >= 50 else settings.default_image_dpi
    return np.asarray(gray, dtype=np.uint8).copy(), dpi


# ---------------------------------------------------------------------------
# Deskew
# ---------------------------------------------------------------------------


def binarize(image: np.ndarray, settings: ImageSettings = SETTINGS) -> np.ndarray:
    """Ink as 255, paper as 0, by a local threshold (uneven grey paper of scans)."""
    block = max(15, int(settings.binarize_block * image.shape[1]) | 1)
    return cv2.adaptiveThreshold(image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 block, settings.binarize_offset)


def skew_angle(ink: np.ndarray, settings: ImageSettings = SETTINGS) -> float:
    """Degrees counter-clockwise the page content is turned (positive: lines rise to the right)."""
    scale = min(1.0, settings.skew_work_width / ink.shape[1])
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else ink
    small = small.astype(np.float32)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(small, cv2.getRotationMatrix2D(centre, -angle, 1.0), (w, h),
                                flags=cv2.INTER_LINEAR, borderValue=0)
        profile = turned.sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    def best(angles: np.ndarray) -> float:
        return float(max(angles, key=sharpness))

    coarse = best(np.arange(-settings.max_skew, settings.max_skew + 1e-9, settings.skew_coarse_step))
    fine = np.arange(coarse - settings.skew_coarse_step, coarse + settings.skew_coarse_step + 1e-9,
                     settings.skew_fine_step)
    return round(best(fine), 2)


def rotate(image: np.ndarray, angle: float, fill: int) -> np.ndarray:
    """``image`` turned ``angle`` degrees clockwise about its centre, same size."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def deskew(image: np.ndarray, settings: ImageSettings = SETTINGS) -> tuple[np.ndarray, float]:
    """The page turned upright and the angle it was turned by (degrees)."""
    angle = skew_angle(binarize(image, settings), settings)
    if abs(angle) < settings.min_skew:
        return image, 0.0
    paper = int(np.percentile(image, 90))
    return rotate(image, angle, paper), angle


# ---------------------------------------------------------------------------
# Rules and grids
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Rule:
    """A ruling line: horizontal (``at`` is its y, it runs from ``start`` to ``end`` in x)
    or vertical (``at`` is x, it runs in y)."""

    at: float
    start: float
    end: float
    thickness: float


@dataclass(slots=True)
class GridCellBox:
    row: int
    col: int
    row_span: int
    col_span: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(slots=True)
class Grid:
    """A ruled table in image pixels: grid lines and the cells on them."""

    xs: list[float]
    ys: list[float]
    cells: list[GridCellBox] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def find_rules(ink: np.ndarray, dpi: int,
               settings: ImageSettings = SETTINGS) -> tuple[list[Rule], list[Rule]]:
    """(horizontal rules, vertical rules): ink runs longer than ``rule_min_length_*``."""
    scale = min(1.0, settings.rule_work_dpi / dpi)  # rules are found on a smaller copy: faster
    if scale < 1.0:
        ink = cv2.threshold(cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA),
                            127, 255, cv2.THRESH_BINARY)[1]
        dpi = round(dpi * scale)
    h, w = ink.shape
    h_length = max(10, int(settings.rule_min_length_horizontal * dpi / 72))
    v_length = max(10, int(settings.rule_min_length_vertical * dpi / 72))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_length, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_length)))
    gap = max(2, int(settings.rule_gap * w))
    # close small breaks along a rule (noise, JPEG) before measuring its pieces
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    max_thick = max(3.0, settings.rule_max_thickness * w)
    hs = _rules_of(horizontal, True, max_thick)
    vs = _rules_of(vertical, False, max_thick)
    if scale < 1.0:
        hs = [Rule(r.at / scale, r.start / scale, r.end / scale, r.thickness / scale) for r in hs]
        vs = [Rule(r.at / scale, r.start / scale, r.end / scale, r.thickness / scale) for r in vs]
    return hs, vs


def _rules_of(mask: np.ndarray, horizontal: bool, max_thick: float) -> list[Rule]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    rules = []
    for x, y, bw, bh, _area in stats[1:n]:
        if horizontal:
            if bh <= max_thick * 3:  # a slight residual slope makes a rule a little taller
                rules.append(Rule(y + bh / 2, float(x), float(x + bw), float(bh)))
        elif bw <= max_thick * 3:
            rules.append(Rule(x + bw / 2, float(y), float(y + bh), float(bw)))
    return rules


def table_verticals(hs: list[Rule], vs: list[Rule], page_width: int, dpi: int,
                    settings: ImageSettings = SETTINGS) -> list[Rule]:
    """The vertical rules that can side a table cell: long ones, and short ones whose both
    ends meet a horizontal rule (see ``rule_free_length_vertical``)."""
    tol = max(4.0, settings.rule_gap * page_width)
    free = settings.rule_free_length_vertical * dpi / 72

    def meets(y: float, x: float) -> bool:
        # a rule's end lies on the rule it meets (within its thickness), where a letter's
        # stem near a rule stops short of it
        return any(abs(h.at - y) <= h.thickness + settings.rule_end_slack and h.start - tol <= x <= h.end + tol
                   for h in hs)

    return [v for v in vs if v.end - v.start >= free or (meets(v.start, v.at) and meets(v.end, v.at))]


def find_grids(hs: list[Rule], vs: list[Rule], settings: ImageSettings = SETTINGS,
               page_width: int = 0) -> list[Grid]:
    """Tables from rules (``vs`` as :func:`table_verticals` keeps them): rules that cross or
    touch form one table."""
    tol = max(4.0, settings.rule_gap * page_width)
    rules = [(True, r) for r in hs] + [(False, r) for r in vs]
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (hor, a) in enumerate(rules):
        if not hor:
            continue
        for j, (ver, b) in enumerate(rules):
            if ver:
                continue
            if a.start - tol <= b.at <= a.end + tol and b.start - tol <= a.at <= b.end + tol:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(rules)):
        groups.setdefault(root(i), []).append(i)
    grids = []
    for members in groups.values():
        g_hs = [rules[i][1] for i in members if rules[i][0]]
        g_vs = [rules[i][1] for i in members if not rules[i][0]]
        if len(g_hs) < 2 or len(g_vs) < 2:
            continue
        grid = grid_from_rules(g_hs, g_vs, tol, settings)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _covered(rules: list[Rule], at: float, start: float, end: float, tol: float) -> float:
    """Share of [start, end] covered by rules lying at ``at``."""
    spans = sorted((max(r.start, start), min(r.end, end)) for r in rules if abs(r.at - at) <= tol)
    covered, reach = 0.0, start
    for s, e in spans:
        if e <= reach:
            continue
        covered += e - max(s, reach)
        reach = e
    return covered / max(end - start, 1e-9)


def grid_from_rules(hs: list[Rule], vs: list[Rule], tol: float, settings: ImageSettings) -> Grid | None:
    xs = _cluster([r.at for r in vs], tol)
    ys = _cluster([r.at for r in hs], tol)
    if len(xs) < 2 or len(ys) < 2 or (len(xs) - 1) * (len(ys) - 1) < settings.table_min_cells:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    cover = settings.rule_coverage
    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and _covered(vs, xs[c + 1], ys[r], ys[r + 1], tol) < cover:
                parent[root((r, c + 1))] = root((r, c))
            if r + 1 < n_rows and _covered(hs, ys[r + 1], xs[c], xs[c + 1], tol) < cover:
                parent[root((r + 1, c))] = root((r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in parent:
        groups.setdefault(root(key), []).append(key)
    cells = []
    for slots in groups.values():
        r0, r1 = min(s[0] for s in slots), max(s[0] for s in slots)
        c0, c1 = min(s[1] for s in slots), max(s[1] for s in slots)
        cells.append(GridCellBox(r0, c0, r1 - r0 + 1, c1 - c0 + 1, xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(xs, ys, cells)


def for_ocr(image: np.ndarray, settings: ImageSettings = SETTINGS) -> np.ndarray:
    """The page as Tesseract reads it: smoothed and binarized (see ``ocr_smoothing``)."""
    out = image
    if settings.ocr_smoothing > 1:
        out = cv2.GaussianBlur(out, (settings.ocr_smoothing, settings.ocr_smoothing), 0)
    if settings.ocr_binarize:
        out = cv2.threshold(out, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    return out


def rule_mask(shape: tuple[int, ...], grids: list[Grid], hs: list[Rule], vs: list[Rule]) -> np.ndarray:
    """The pixels of the rules to paint out: the horizontal rules, and the vertical ones inside
    a table (a short vertical stroke elsewhere is a letter)."""
    mask = np.zeros(shape[:2], dtype=np.uint8)
    for r in hs:
        half = r.thickness / 2
        mask[max(0, int(r.at - half)):int(np.ceil(r.at + half)) + 1, max(0, int(r.start)):int(np.ceil(r.end)) + 1] = 255
    for grid in grids:
        x0, y0, x1, y1 = grid.bbox
        for r in vs:
            if x0 - 2 <= r.at <= x1 + 2 and r.end >= y0 - 2 and r.start <= y1 + 2:
                half = r.thickness / 2
                mask[max(0, int(r.start)):int(np.ceil(r.end)) + 1,
                     max(0, int(r.at - half)):int(np.ceil(r.at + half)) + 1] = 255
    return mask


def paint_out(image: np.ndarray, mask: np.ndarray, settings: ImageSettings = SETTINGS) -> np.ndarray:
    """The image with the rule pixels (and a margin around them) set to the paper's grey."""
    margin = settings.paint_margin
    if margin:
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * margin + 1, 2 * margin + 1)))
    paper = int(np.percentile(image, 90))
    out = image.copy()
    out[mask > 0] = paper
    return out


def blank_boxes(image: np.ndarray, boxes: list[tuple[float, float, float, float]]) -> np.ndarray:
    """The image with the given (x0, y0, x1, y1) boxes set to the paper's grey."""
    if not boxes:
        return image
    paper = int(np.percentile(image, 90))
    out = image.copy()
    for x0, y0, x1, y1 in boxes:
        out[max(0, int(y0)):int(np.ceil(y1)) + 1, max(0, int(x0)):int(np.ceil(x1)) + 1] = paper
    return out


def inner_box(cell: GridCellBox, settings: ImageSettings, shape: tuple[int, ...]) -> tuple[int, int, int, int] | None:
    """A cell's region inside its rules as (x, y, width, height), or None if it is too small."""
    inset = settings.cell_inset
    x0, y0 = max(0, int(cell.x0) + inset), max(0, int(cell.y0) + inset)
    x1, y1 = min(shape[1], int(cell.x1) - inset), min(shape[0], int(cell.y1) - inset)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    return x0, y0, x1 - x0, y1 - y0


def has_ink(ink: np.ndarray, region: tuple[int, int, int, int], settings: ImageSettings) -> bool:
    """Whether a region of the ink mask (see :func:`binarize`) holds enough ink to read."""
    x, y, w, h = region
    return int(np.count_nonzero(ink[y:y + h, x:x + w])) >= settings.cell_min_ink
