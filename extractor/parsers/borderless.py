"""Tables without ruling lines, found in text lines that white gaps cut into segments.

Takes lines top to bottom, each with ``top``, ``bottom``, ``size``, ``bold`` and ``segments``
(pieces of the line between wide white gaps, each with ``x0``, ``x1``, ``text``, ``bold``) —
a PDF page's text layer as :mod:`extractor.parsers.pdf` reads it, or OCR words grouped into
lines — and gives the table such lines draw, as rows of cells on a column grid:

1. Extent: from a line with text in several columns, the lines below as long as lines with
   several columns keep coming (a long wrapped cell or a heading row between them is inside
   the table) and no gap wider than ``region_max_gap`` opens. Lines after the last line with
   several columns stay in the table while they sit inside its columns at the table's line
   spacing (the last cell's wrapped lines).
2. Columns, from the whole extent at once: the x positions that (nearly) no segment covers in
   the lines with several columns are white gutters. One line alone never makes or breaks a
   gutter: a heading across the table, or two words far apart in one cell, do not.
3. Rows. A numbered table (its first column mostly row numbers "1", "2.3.", "IV.") starts a
   row at each number. An unnumbered one starts a row where a column starts again after a
   pause, or where a column empty on the row's first line opens (cells are top-aligned, so a
   cell's text begins on its row's first line and runs without a break), where every column of
   the row's first line starts again at once with a capital or a digit, or at a gap wider than
   the table's line spacing. Lines of the body that cross a gutter, and
   bold lines in a body that is not bold, are heading rows (one cell across the table). The
   lines before the first row are the header.

Every threshold is a field of :class:`BorderlessSettings`.
"""
from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..normalizers.lexicon import morph

ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[IVXLC]{1,6}\.?)$")
# A heading line that opens with its own label ("1.2. …", "II. …") starts the next heading.
SECTION_LABEL = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.)(?:\s|(?<=\.)(?=[А-ЯЁ]))")
# How a cell's first line starts when it opens a cell rather than continuing one.
OPENING = re.compile(r"^[А-ЯЁA-Z0-9«\"(№]")


@dataclass(frozen=True)
class BorderlessSettings:
    """Thresholds of reading tables without rules. Sizes marked "em" are multiples of the font size."""

    gutter_min_width: float = 0.6  # em: a white gutter between columns is at least this wide
    gutter_max_ink_share: float = 0.08  # share of the lines with several columns that may put ink
    #                                     in a gutter (headings across the table, stray wide cells)
    region_max_gap: float = 2.0  # em: a table ends at a larger vertical gap
    max_lines_in_one_column: int = 60  # lines in a row with text in one column only that a table
    #                                    may hold (a long wrapped cell) before it is taken as ended
    min_columns: int = 3
    min_multi_lines: int = 2  # lines with text in two or more columns
    row_number_share: float = 0.6  # share of first-column texts that are numbers: a numbered table
    min_numbers: int = 2
    row_gap: float = 0.5  # em over the table's usual line gap that starts a row in an unnumbered table
    trailing_gap: float = 0.3  # em over the usual line gap: a wider gap ends the lines after the last
    #                            line with several columns
    edge_tolerance: float = 2.0  # pt: how far text may stick out of its column and still be in it
    paragraph_min_lines: int = 2  # lines in a row across the columns, not bold: running text, no table
    space_width: float = 0.5  # of an average character: the space a wrapped word needs before it
    first_window_lines: int = 8  # lines with several columns the first guess of the columns is made from


SETTINGS = BorderlessSettings()


@dataclass
class BorderlessRow:
    """One row: for each grid column, the pieces of lines in it, as (line index, segments)."""

    cells: dict[int, list[tuple[int, list[Any]]]] = field(default_factory=dict)
    heading: bool = False  # one cell across the table
    header: bool = False

    def add(self, col: int, line_index: int, segments: list[Any]) -> None:
        self.cells.setdefault(col, []).append((line_index, segments))


@dataclass
class BorderlessTable:
    start: int  # index of the first line of the table in the lines given
    end: int  # index after its last line
    gutters: list[tuple[float, float]]
    rows: list[BorderlessRow]

    @property
    def n_cols(self) -> int:
        return len(self.gutters) + 1


def has_columns(line: Any, settings: BorderlessSettings = SETTINGS) -> bool:
    """A line with text in two or more places apart by a gutter's width."""
    segs = line.segments
    min_width = settings.gutter_min_width * line.size
    return len(segs) >= 2 and any(b.x0 - a.x1 >= min_width for a, b in zip(segs, segs[1:]))


def find_table(lines: Sequence[Any], start: int, line_gap: float,
               settings: BorderlessSettings = SETTINGS, floor: int = 0,
               known_gutters: Sequence[tuple[float, float]] = ()) -> BorderlessTable | None:
    """The borderless table around ``lines[start]`` (a line with several columns), or None when
    the lines there draw no table of ``min_columns`` columns. ``line_gap`` is the usual gap
    between lines of one paragraph, in em; lines before ``floor`` are never taken (they are
    read already). The table may start above ``start``: see :func:`_leading_lines`.
    ``known_gutters`` are the gutters of the table on the page before: a page of the same
    table may have too few lines to show every gutter (see :func:`_continued_gutters`)."""
    end, last_multi = _extent(lines, start, settings)
    # columns first from the table's top lines alone (running text below a table may have
    # wide gaps of its own: list numbers, justified lines), then from all lines up to where
    # running text begins, once more after a cut
    first_window = settings.first_window_lines
    top_gutters: list[tuple[float, float]] = []
    for window in (first_window, None, None):
        multi = [lines[k] for k in range(start, last_multi + 1) if has_columns(lines[k], settings)]
        if len(multi) < settings.min_multi_lines and not _repeats_columns(multi, known_gutters, settings):
            return None
        gutters = _continued_gutters(_gutters(multi[:window], settings), known_gutters, multi, settings)
        changed = None
        if window is None and len(gutters) < len(top_gutters):
            # the top lines' columns end where another table's begin: keep them up to there
            changed = _columns_change(lines, start, end, top_gutters, settings)
            if changed is not None:
                gutters = top_gutters
        if len(gutters) + 1 < settings.min_columns:
            return None
        if window is not None:
            top_gutters = gutters
        cut = _paragraph_after(lines, start, end, gutters, settings)
        if cut is None or (changed is not None and changed < cut):
            cut = changed
        if cut is None:
            if window is None:
                break
            continue
        end = cut
        last_multi = max(k for k in range(start, end) if k == start or has_columns(lines[k], settings))
    end = _trailing_lines(lines, last_multi + 1, end, gutters, line_gap, settings)
    first = _leading_lines(lines, start, floor, gutters, line_gap, settings)
    rows = _rows(lines, first, start, end, gutters, line_gap, settings)
    return BorderlessTable(first, end, gutters, rows)


def _repeats_columns(multi: list[Any], known: Sequence[tuple[float, float]], settings: BorderlessSettings) -> bool:
    """One line with text in every column of the table on the page before (a repeated header
    over the last line or two of a table): that table goes on, though one line shows too few
    gutters to draw it."""
    if len(multi) != 1 or len(known) + 1 < settings.min_columns:
        return False
    cols = _columns(multi[0], [(g0 + g1) / 2 for g0, g1 in known])
    return len(cols) == len(known) + 1 and not any(_crosses(s, list(known), settings) for s in multi[0].segments)


def _columns_change(lines: Sequence[Any], start: int, end: int, gutters: list[tuple[float, float]],
                    settings: BorderlessSettings) -> int | None:
    """Where a table whose top lines show ``gutters`` goes on with other columns (a next table
    set right below it, each sized to its own text): the first line with several columns that
    puts text in one of them, moved up over the heading lines right above it. None when the
    columns hold to ``end`` or change within the top lines."""
    for k in range(start + settings.first_window_lines, end):
        line = lines[k]
        if has_columns(line, settings) and any(_crosses(seg, gutters, settings) for seg in line.segments):
            while k - 1 > start and not has_columns(lines[k - 1], settings) and lines[k - 1].bold:
                k -= 1
            return k
    return None


def _extent(lines: Sequence[Any], start: int, settings: BorderlessSettings) -> tuple[int, int]:
    """(end of the candidate lines, index of the last line with several columns)."""
    last_multi = start
    end = start + 1
    while end < len(lines):
        line, above = lines[end], lines[end - 1]
        if line.top - above.bottom > settings.region_max_gap * line.size:
            break
        if has_columns(line, settings):
            last_multi = end
        elif end - last_multi > settings.max_lines_in_one_column:
            break
        end += 1
    return end, last_multi


def _gutters(multi: list[Any], settings: BorderlessSettings) -> list[tuple[float, float]]:
    """White x intervals of the lines with several columns, ink from at most a small share of them allowed."""
    events: list[tuple[float, int]] = []
    for line in multi:
        for seg in line.segments:
            events.append((seg.x0, 1))
            events.append((seg.x1, -1))
    events.sort()
    left, right = events[0][0], max(x for x, _ in events)
    allowed = settings.gutter_max_ink_share * len(multi)
    min_width = settings.gutter_min_width * statistics.median(line.size for line in multi)
    gutters: list[tuple[float, float]] = []
    depth = 0
    open_at: float | None = None
    for x, step in events:
        depth += step
        if depth <= allowed and open_at is None:
            open_at = x
        elif depth > allowed and open_at is not None:
            if x - open_at >= min_width and left < open_at and x < right:
                gutters.append((open_at, x))
            open_at = None
    return gutters


def _continued_gutters(gutters: list[tuple[float, float]], known: Sequence[tuple[float, float]],
                       multi: list[Any], settings: BorderlessSettings) -> list[tuple[float, float]]:
    """The gutters of the table on the page before, when this page's gutters are some of
    them and the others are white here too (text crosses their middle on no more lines than
    a gutter allows): the same table, whose columns this page's lines show only in part."""
    if len(known) <= len(gutters):
        return gutters
    if not all(any(g0 < k1 and k0 < g1 for k0, k1 in known) for g0, g1 in gutters):
        return gutters
    allowed = settings.gutter_max_ink_share * len(multi)
    for gutter in known:
        if sum(any(_crosses(seg, [gutter], settings) for seg in line.segments) for line in multi) > allowed:
            return gutters
    return list(known)


def _paragraph_after(lines: Sequence[Any], start: int, end: int, gutters: list[tuple[float, float]],
                     settings: BorderlessSettings) -> int | None:
    """Where running text begins inside the candidate lines: ``paragraph_min_lines`` lines in a
    row, none bold, each one segment across a gutter or with a segment across every gutter
    (a list item: its number, then its text over the whole width). A table's headings across
    it are bold or short."""
    run = 0
    for k in range(start + 1, end):
        line = lines[k]
        across_all = any(all(_crosses(s, [g], settings) for g in gutters) for s in line.segments)
        if not line.bold and (across_all or (len(line.segments) == 1 and _crosses(line.segments[0], gutters, settings))):
            run += 1
            if run >= settings.paragraph_min_lines:
                return k - run + 1
        else:
            run = 0
    return None


def _crosses(seg: Any, gutters: list[tuple[float, float]], settings: BorderlessSettings) -> bool:
    """Whether the segment runs over the middle of a gutter: text no column holds."""
    tol = settings.edge_tolerance
    return any(seg.x0 < (g0 + g1) / 2 - tol and seg.x1 > (g0 + g1) / 2 + tol for g0, g1 in gutters)


def _trailing_lines(lines: Sequence[Any], k: int, end: int, gutters: list[tuple[float, float]],
                    line_gap: float, settings: BorderlessSettings) -> int:
    """The lines after the last line with several columns that still belong to the table."""
    while k < end:
        line, above = lines[k], lines[k - 1]
        gap = (line.top - above.bottom) / max(line.size, 1.0)
        if gap > line_gap + settings.trailing_gap or any(_crosses(s, gutters, settings) for s in line.segments):
            break
        k += 1
    return k


def _leading_lines(lines: Sequence[Any], start: int, floor: int, gutters: list[tuple[float, float]],
                   line_gap: float, settings: BorderlessSettings) -> int:
    """The lines right above the first line with several columns that belong to the table:
    at the table's line spacing, either inside its columns (a cell continued from the page
    before) or bold headings (section rows above the header)."""
    k = start
    while k > floor:
        line, below = lines[k - 1], lines[k]
        gap = (below.top - line.bottom) / max(line.size, 1.0)
        if gap > line_gap + settings.trailing_gap:
            break
        if any(_crosses(s, gutters, settings) for s in line.segments) and not line.bold:
            break
        k -= 1
    return k


def _columns(line: Any, splits: list[float]) -> dict[int, list[Any]]:
    cols: dict[int, list[Any]] = {}
    for seg in line.segments:
        cols.setdefault(bisect_right(splits, (seg.x0 + seg.x1) / 2), []).append(seg)
    return cols


def _rows(lines: Sequence[Any], start: int, head: int, end: int, gutters: list[tuple[float, float]],
          line_gap: float, settings: BorderlessSettings) -> list[BorderlessRow]:
    """Rows of lines ``start:end``; ``head`` is the first line with several columns (the lines
    before it continue a cell from the page before, or are headings above the header)."""
    splits = [(g0 + g1) / 2 for g0, g1 in gutters]
    placed = {k: _columns(lines[k], splits) for k in range(start, end)}
    body_bold = _mostly_bold([lines[k] for k in range(head, end) if len(placed[k]) >= 2])
    # the first column's texts outside a bold header: mostly row numbers in a numbered table
    # (a page that continues a table may hold one number only, then nothing else may stand there)
    first_texts = [" ".join(s.text for s in placed[k][0]).strip() for k in range(head, end)
                   if 0 in placed[k] and (body_bold or not lines[k].bold)]
    count = sum(bool(ROW_NUMBER.match(t)) for t in first_texts)
    numbered = count >= 1 and (count == len(first_texts) or (
        count >= settings.min_numbers and count >= settings.row_number_share * len(first_texts)))

    def is_number(k: int) -> bool:
        return 0 in placed[k] and bool(ROW_NUMBER.match(" ".join(s.text for s in placed[k][0]).strip()))

    def crossing(k: int) -> bool:
        # over a whole gutter: a wrapped cell line may reach into a gutter that was guessed
        # from shorter lines, but it stops where the next column's text starts
        tol = settings.edge_tolerance
        return any(s.x0 < g0 + tol and s.x1 > g1 - tol for s in lines[k].segments for g0, g1 in gutters)

    def is_heading(k: int) -> bool:
        if numbered and is_number(k):
            return False
        if not OPENING.match(lines[k].text.lstrip()) and not continues_heading(k):
            return False  # a heading opens with a capital or its label, not in lower case
        return crossing(k) or (lines[k].bold and not body_bold)

    def continues_heading(k: int) -> bool:
        return bool(rows) and rows[-1].heading and any(i == k - 1 for i, _ in rows[-1].cells.get(0, ()))

    col_right: dict[int, float] = {}  # where each column's wrapped lines end
    for k in range(head, end):
        for c, segs in placed[k].items():
            col_right[c] = max(col_right.get(c, 0.0), max(s.x1 for s in segs))
    rows: list[BorderlessRow] = []

    def add_heading(k: int) -> None:
        # a heading line that opens with its own label ("1.2.", "II.") is the next heading
        if not rows or not rows[-1].heading or SECTION_LABEL.match(lines[k].text):
            rows.append(BorderlessRow(heading=True))
        rows[-1].add(0, k, list(lines[k].segments))

    for k in range(start, head):  # above the first line with several columns
        if is_heading(k):
            add_heading(k)
        else:
            if not rows or rows[-1].heading:
                rows.append(BorderlessRow())
            _place(rows[-1], placed[k], k)

    header_bold = lines[head].bold and not body_bold  # a bold header ends at the first line that is not
    # an unnumbered first line of a numbered table is its header, unless it is the rest of a
    # row from the page before: a header names most columns, such a rest fills a few
    names_most = 2 * len(placed[head]) > len(gutters) + 1
    in_header = header_bold or (numbered and not is_number(head) and (lines[head].bold or names_most))
    row_first: set[int] = set()
    seen: set[int] = set()  # columns that had text in the current row
    previous: set[int] = set()  # columns with text on the line above
    for k in range(head, end):
        cols = placed[k]
        if in_header and k > head:
            # a heading across the table is one piece; the header's wrapped line has a piece
            # per column, which a gutter guessed from a few lines may cut
            opens_body = (crossing(k) and len(lines[k].segments) == 1) or (header_bold and not lines[k].bold) or (
                is_number(k) if numbered else _opens_row(cols, previous, seen, row_first, lines, k, line_gap, settings))
            in_header = not opens_body
        if in_header:
            # the header's wrapped lines are bold too: only a line across a gutter is a heading here
            if k == head:
                rows.append(BorderlessRow(header=True))
                seen, row_first = set(), set(cols)
            _place(rows[-1], cols, k)
            seen |= set(cols)
            previous = set(cols)
            continue
        if is_heading(k):
            add_heading(k)
            seen, previous, row_first = set(), set(), set()
            continue
        current = rows[-1] if rows and k > head else None
        if numbered:
            starts = current is None or current.heading or current.header or is_number(k) or _resumes(
                cols, previous, seen)
        else:
            starts = current is None or current.heading or current.header or _opens_row(
                cols, previous, seen, row_first, lines, k, line_gap, settings) or _every_cell_ended(
                k, placed, col_right, row_first, settings)
        starts = starts or _lone_title(k, placed, col_right, end, numbered, is_number, settings)
        if starts:
            rows.append(BorderlessRow())
            seen, row_first = set(), set(cols)
        _place(rows[-1], cols, k)
        seen |= set(cols)
        previous = set(cols)
    return rows


def _place(row: BorderlessRow, cols: dict[int, list[Any]], line_index: int) -> None:
    for col, segs in cols.items():
        row.add(col, line_index, segs)


def _opens_row(cols: dict[int, list[Any]], previous: set[int], seen: set[int], row_first: set[int],
               lines: Sequence[Any], k: int, line_gap: float, settings: BorderlessSettings) -> bool:
    """Whether line ``k`` of an unnumbered table opens a new row (see the module docstring)."""
    gap = (lines[k].top - lines[k - 1].bottom) / max(lines[k].size, 1.0)
    if gap > line_gap + settings.row_gap:
        return True
    now = set(cols)
    if any(c in seen and c not in previous for c in now):
        return True  # a column starts again after a pause
    if row_first and any(c not in seen for c in now):
        return True  # a column empty on the row's first line opens: cells are top-aligned
    if len(now) >= 2 and row_first and row_first <= now and all(
            OPENING.match(" ".join(s.text for s in cols[c]).strip()) for c in now):
        return True  # every column of the row's first line opens again at once
    return False


def _resumes(cols: dict[int, list[Any]], previous: set[int], seen: set[int]) -> bool:
    """A column of the row starts again after a pause: cells are top-aligned and their text
    runs without a break, so the text below the pause is a new row's."""
    return any(c in seen and c not in previous for c in cols)


def _fits_above(segs: list[Any], above: list[Any], right: float, settings: BorderlessSettings) -> bool:
    """Whether the first word of ``segs`` would have fitted at the end of the line ``above``
    of the same column (``right``: where the column's longest line ends, give or take the
    edge tolerance): then that line ended its paragraph, it did not wrap."""
    text = " ".join(s.text for s in segs).strip()
    if not text:
        return False
    width = sum(s.x1 - s.x0 for s in segs)
    word_width = width * len(text.split()[0]) / max(len(text), 1)
    space = settings.space_width * (width / max(len(text), 1)) * 2
    return max(s.x1 for s in above) + space + word_width <= right + settings.edge_tolerance


def _every_cell_ended(k: int, placed: dict[int, dict[int, list[Any]]], col_right: dict[int, float],
                      row_first: set[int], settings: BorderlessSettings) -> bool:
    """In a table without numbers, line ``k`` holds every column of its row's first line again,
    and each of them either opens with a capital or a digit or follows a line of its column
    that ended its paragraph (the word would have fitted there), one at least by fitting; one
    lower-case cell may be unsure when two others fitted: every cell of the row above ended,
    and this line opens the next row."""
    cols, above = placed[k], placed.get(k - 1, {})
    if len(cols) < 2 or not row_first or not row_first <= set(cols) or set(cols) - set(above):
        return False
    fitted = unsure = 0
    for c, segs in cols.items():
        if _fits_above(segs, above[c], col_right[c], settings):
            fitted += 1
        elif not OPENING.match(" ".join(s.text for s in segs).strip()):
            unsure += 1  # a lower-case cell, as deadlines open ("ноябрь 2026 – …")
    return fitted >= 1 + unsure and unsure <= 1


def _lone_title(k: int, placed: dict[int, dict[int, list[Any]]], col_right: dict[int, float], end: int,
                numbered: bool, is_number: Any, settings: BorderlessSettings) -> bool:
    """Line ``k`` is a one-line title alone in its column, under a line of that column that
    ended its paragraph (the title's first word would have fitted on it) and over a line that
    opens a row (text in another column, or a row number): a row of its own (a heading in the
    activity column), not the last line of the cell above. A title that opens with a noun in
    the nominative may wrap onto a second line in lower case before the row that opens."""
    cols = placed[k]
    if len(cols) != 1 or k + 1 > end or k - 1 not in placed:
        return False
    (c, segs), = cols.items()
    above = placed[k - 1].get(c)
    text = " ".join(s.text for s in segs).strip()
    if not above or not OPENING.match(text) or text.endswith((".", ",", ";", ":")):
        return False
    above_text = " ".join(s.text for s in above).strip()
    if above_text.endswith((":", ",", "-", "–")):
        return False  # the line above announces or continues what follows
    labelled = bool(SECTION_LABEL.match(text)) and OPENING.match(SECTION_LABEL.sub("", text, count=1).lstrip() or "-")

    def opens_row(j: int) -> bool:
        return (numbered and is_number(j)) or (not numbered and bool(set(placed.get(j, {})) - {c}))

    wraps = False  # a title of two lines: its second line alone in the column, in lower case
    if k + 1 < end and not labelled and not opens_row(k + 1):  # a labelled title may wrap onto the next line
        below = placed.get(k + 1, {})
        second = " ".join(s.text for s in below.get(c, [])).strip()
        wraps = set(below) == {c} and second[:1].islower() and not second.endswith((".", ",", ";", ":")) \
            and (k + 2 >= end or opens_row(k + 2))
        if not wraps:
            return False
    if _fits_above(segs, above, col_right[c], settings):
        # the line above ended its paragraph; a wrapped title must also open as titles do
        return not wraps or _title_word(text.split()[0])
    return _title_word(text.split()[0]) and not _HANGING.search(above_text) and not wraps


# a line that stops on a preposition or conjunction goes on below
_HANGING = re.compile(r"(?:^|\s)(?:в|во|на|по|с|со|к|ко|о|об|от|до|для|из|за|при|и|или|а|но)$", re.IGNORECASE)


def _title_word(word: str) -> bool:
    """A capitalised common noun in the nominative ("Мониторинг", "Мероприятия"): how a title
    opens. Inside a wrapped sentence a capital opens a proper name or an abbreviation, whose
    words are adjectives, other cases or names."""
    if not re.fullmatch(r"[А-ЯЁ][а-яё]+", word):
        return False
    parses = morph().parse(word.lower())
    best = parses[0] if parses else None
    return best is not None and best.tag.POS == "NOUN" and best.tag.case == "nomn" and not (
        {"Name", "Surn", "Patr", "Geox", "Orgn"} & set(best.tag.grammemes))


def _mostly_bold(multi: list[Any]) -> bool:
    """Whether the table's body is set in bold (then bold says nothing about headings)."""
    first_plain = next((i for i, line in enumerate(multi) if not line.bold), None)
    if first_plain is None:
        return len(multi) > 1  # one bold line alone (a repeated header over a row's last words) is a header
    body = multi[first_plain:]  # the bold lines at the top are the header, however many
    return sum(line.bold for line in body) * 2 > len(body)
