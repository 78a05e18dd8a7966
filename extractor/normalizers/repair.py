"""Text repair: what OCR (and careless exports) do to Russian text, undone in one place.

Takes strings, gives strings. Every format's text passes through the same rules:

- Latin letters an OCR engine returns for Cyrillic ones of the same shape (:data:`LATIN_TO_CYRILLIC`,
  :func:`read_latin_as_cyrillic`: "PMK" -> "РМК", "IIIMO" -> "ШМО");
- letters read inside numbers and dates (:data:`DIGIT_LOOKALIKES`, :func:`mend_digit_lookalikes`:
  "2О23" -> "2023", "З0" -> "30"), and digits read inside words (:func:`mend_letter_lookalikes`:
  "Н0ябрь" -> "Ноябрь");
- words an OCR export cut in two (:func:`repair_broken_words`: "обр азования" -> "образования").
"""
from __future__ import annotations

import re

from .lexicon import is_known_word

# Latin letters of the same shape as a Cyrillic one, as OCR engines return them. The lower-case
# b, n, r, t, u, m are the shapes of italic and small Cyrillic letters (ь, п, г, т, и, м).
LATIN_TO_CYRILLIC = str.maketrans("aAbBcCeEHkKmMnoOpPrTtuxXyY", "аАьВсСеЕНкКмМпоОрРгТтихХуУ")
# How OCR reads "Ш": three capital I.
LATIN_SHA = "III"
LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_UNMAPPED_LATIN = re.compile(r"[A-Za-z]")

# Letters and marks read in place of digits.
DIGIT_LOOKALIKES = {"О": "0", "о": "0", "O": "0", "o": "0", "З": "3", "з": "3", "б": "6",
                    "l": "1", "I": "1", "|": "1"}
_LOOKALIKE_BY_DIGIT = re.compile("[0-9][%s]|[%s][0-9]" % ((re.escape("".join(DIGIT_LOOKALIKES)),) * 2))


def is_latin(c: str) -> bool:
    return "a" <= c <= "z" or "A" <= c <= "Z"


def read_latin_as_cyrillic(word: str) -> str | None:
    """``word`` with its Latin look-alikes read as Cyrillic ("PMK" -> "РМК", "IIIMO" -> "ШМО"),
    or None when some Latin letter has no Cyrillic look-alike ("DNAIC")."""
    read = word.replace(LATIN_SHA, "Ш").translate(LATIN_TO_CYRILLIC)
    return None if _UNMAPPED_LATIN.search(read) else read


def has_mixed_scripts(word: str) -> bool:
    """A word with both Latin and Cyrillic letters: OCR damage in a Russian text."""
    return bool(LATIN.search(word) and CYRILLIC.search(word))


def mend_digit_lookalikes(chunk: str) -> tuple[str, bool]:
    """Look-alike letters inside the digit runs of a whitespace-free chunk read as digits
    ("2О23", "З0"); length-preserving. Returns the chunk and whether a letter was mended.
    Look-alikes glued to a word belong to the word ("2023г" keeps its "г")."""
    if not _LOOKALIKE_BY_DIGIT.search(chunk):
        return chunk, False
    chars = list(chunk)
    mended = False
    i, n = 0, len(chars)
    while i < n:  # maximal runs of digits and look-alikes that hold a digit
        if not (chars[i].isdecimal() or chars[i] in DIGIT_LOOKALIKES):
            i += 1
            continue
        j = i
        while j < n and (chars[j].isdecimal() or chars[j] in DIGIT_LOOKALIKES):
            j += 1
        lo, hi = i, j
        if lo > 0 and chars[lo - 1].isalpha():
            while lo < hi and not chars[lo].isdecimal():
                lo += 1
        if hi < n and chars[hi].isalpha():
            while hi > lo and not chars[hi - 1].isdecimal():
                hi -= 1
        if any(chars[k].isdecimal() for k in range(lo, hi)):
            for k in range(lo, hi):
                if not chars[k].isdecimal():
                    chars[k] = DIGIT_LOOKALIKES[chars[k]]
                    mended = True
        i = j
    return "".join(chars), mended


# The inverse for Cyrillic words: a digit read in place of a letter of the same shape ("Н0ябрь").
LETTER_LOOKALIKES = {digit: letter for letter, digit in DIGIT_LOOKALIKES.items()
                     if CYRILLIC.match(letter) and letter.islower()}
_DIGIT_IN_WORD = re.compile("[%s]" % "".join(LETTER_LOOKALIKES))


def mend_letter_lookalikes(chunk: str, known: frozenset[str] = frozenset()) -> tuple[str, bool]:
    """Look-alike digits inside the Cyrillic words of a whitespace-free chunk read as letters
    ("Н0ябрь" -> "Ноябрь"); length-preserving. A digit between two Cyrillic letters is always a
    letter; a digit at a word's edge ("0ктябрь") only where the mended word is one of ``known``
    (lower case), since "3-х", "2кв" and "5б" write numbers. Returns the chunk and whether a digit
    was mended."""
    if not _DIGIT_IN_WORD.search(chunk) or not CYRILLIC.search(chunk):
        return chunk, False
    chars = list(chunk)
    mended = False
    n = len(chars)

    def cyrillic(k: int) -> bool:
        return 0 <= k < n and bool(CYRILLIC.match(chars[k]))

    for k, c in enumerate(chunk):
        if c not in LETTER_LOOKALIKES:
            continue
        before, after = cyrillic(k - 1), cyrillic(k + 1)
        if before and after:
            neighbour_upper = chars[k - 1].isupper() and chars[k + 1].isupper()
            chars[k] = LETTER_LOOKALIKES[c].upper() if neighbour_upper else LETTER_LOOKALIKES[c]
            mended = True
        elif (before or after) and known and not (k > 0 and chars[k - 1].isdecimal()) \
                and not (k + 1 < n and chars[k + 1].isdecimal()):
            lo, hi = k, k + 1
            while lo > 0 and cyrillic(lo - 1):
                lo -= 1
            while hi < n and cyrillic(hi):
                hi += 1
            word = "".join(chars[lo:k]) + LETTER_LOOKALIKES[c] + "".join(chars[k + 1:hi])
            if word.lower() in known:
                upper = chars[k + 1].isupper() if after else chars[k - 1].isupper()
                chars[k] = LETTER_LOOKALIKES[c].upper() if upper else LETTER_LOOKALIKES[c]
                mended = True
    return "".join(chars), mended


_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")
_RUSSIAN_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _junction_candidates(left: str, right: str) -> list[str]:
    """Ways an OCR cut may have broken one word into ``left`` + ``right``: the pieces
    glued; a stray letter at the cut dropped; one misread letter at the cut replaced."""
    r = right.lower()
    out = [left + r, left + r[1:], left[:-1] + r]
    out += [left + x + r[1:] for x in _RUSSIAN_LETTERS]
    return [c for c in out if len(c) > 1]


def repair_broken_words(text: str) -> str:
    """Words that an OCR export cut in two ("обр азования", "уров зня", "оценочных н
    процедур") joined back where the result is a Russian word and one of the pieces is not.

    Used on section headings, whose pieces such exports scatter across cells; abbreviations
    (two or more capitals) are never touched.
    """
    tokens = list(_CYRILLIC_WORD.finditer(text))
    if len(tokens) < 2:
        return text
    pieces: list[str] = []
    pos = 0
    i = 0
    while i < len(tokens):
        a = tokens[i]
        if i + 1 < len(tokens):
            b = tokens[i + 1]
            gap = text[a.end():b.start()]
            left, right = a.group(0), b.group(0)
            abbreviations = (left.isupper() and len(left) > 1) or (right.isupper() and len(right) > 1)
            if gap.strip() == "" and not abbreviations and not (is_known_word(left) and is_known_word(right)):
                joined = next((c for c in _junction_candidates(left, right) if is_known_word(c)), None)
                if joined is not None:
                    pieces.append(text[pos:a.start()])
                    pieces.append(joined)
                    pos = b.end()
                    i += 2
                    continue
        i += 1
    pieces.append(text[pos:])
    return "".join(pieces)


# --------------------------------------------------------------------------- OCR of page images
# Marks a table rule leaves when OCR reads its remains at a cell's edge as text.
RULE_MARKS = frozenset("|¦[]{}")
_RULE_MARK_TOKEN = re.compile(r"^[|¦\[\]{}_]+$")
# A row number as OCR may read it: digits and digit look-alikes in dotted groups ("1О.", "З.",
# "1.З"). Roman numerals ("I.", "II") are numbers of their own and never read as digits; "|"
# beside a number is a rule's remains, not a one.
_NUMBER_LOOKALIKES = "ОоOoЗзбl"
_ROW_NUMBER_READ = re.compile(r"^[0-9%s]{1,3}(?:\.[0-9%s]{1,3})*\.?$" % ((re.escape(_NUMBER_LOOKALIKES),) * 2))


def is_rule_mark(token: str) -> bool:
    """A token that is nothing but the remains of a table rule ("|", "[", "__")."""
    return bool(_RULE_MARK_TOKEN.match(token))


def strip_rule_marks(tokens: list[str]) -> list[str]:
    """A line's tokens without rule marks at its ends, where a cell's rules stand."""
    start, end = 0, len(tokens)
    while start < end and is_rule_mark(tokens[start]):
        start += 1
    while end > start and is_rule_mark(tokens[end - 1]):
        end -= 1
    return tokens[start:end]


def mend_row_number(token: str) -> str | None:
    """A row number read with letters for digits, mended ("З." -> "3.", "1О." -> "10.",
    "l.2" -> "1.2"); None when ``token`` is no such misread number (a word, a plain number,
    a Roman numeral, a lone letter such as the preposition "о")."""
    if not _ROW_NUMBER_READ.match(token) or not any(c in _NUMBER_LOOKALIKES for c in token):
        return None
    if not ("." in token or any(c.isdecimal() for c in token)):
        return None
    return "".join(DIGIT_LOOKALIKES.get(c, c) for c in token)


# Lower-case Cyrillic letters that are their capital drawn smaller: in an abbreviation OCR
# may read one of them in the wrong case ("оО" for "ОО", "ШНоР" for "ШНОР").
SMALL_CAPS_SHAPED = frozenset("вжзийклмнопстхцчшщъыьэюя")


def read_case_lookalikes(word: str) -> str | None:
    """An abbreviation read with some of its capitals in lower case, in capitals ("оО" ->
    "ОО", "ШНоР" -> "ШНОР"); None when ``word`` is no such misread (a word, a name, an
    abbreviation with a real lower-case letter such as "МОбр")."""
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    lower = [c for c in letters if c.islower()]
    if len(letters) < 2 or not lower or capitals < len(lower):
        return None
    if not all(c in SMALL_CAPS_SHAPED for c in lower) or not CYRILLIC.search(word):
        return None
    return word.upper()


# Roman section labels as OCR reads them: "П." for "II.", "Ш." for "III.", "ГУ." for "IV.",
# "У." for "V.", "1." or "Г." for "I." (Latin and Cyrillic look-alikes of I and V).
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_ROMAN_BY_VALUE = {v: k for k, v in _ROMAN_VALUES.items()}
_ROMAN_LOOKALIKES = {"1": "I", "І": "I", "Г": "I", "l": "I", "П": "II", "ІІ": "II", "Ш": "III", "ІІІ": "III",
                     "ГУ": "IV", "ІУ": "IV", "1У": "IV", "IУ": "IV", "IУ": "IV", "У": "V", "УІ": "VI", "УI": "VI",
                     "VІ": "VI", "УП": "VII", "VП": "VII"}
_LABEL = re.compile(r"^(\s*)([^\s.]{1,4})\.(?=\s)")


def mend_roman_labels(headings: list[str]) -> dict[str, str]:
    """Top-level headings in reading order whose labels read as Roman numerals, some only
    as OCR look-alikes ("1.", "П.", "Ш.", "ГУ.", "У."), rising from one to the next: each
    heading with a look-alike label mapped to its text with the Roman label. Nothing when
    any label is no numeral, the values do not rise, or no label needs the mend."""
    values, mended = [], {}
    for text in headings:
        m = _LABEL.match(text)
        label = m.group(2) if m else None
        roman = label if label in _ROMAN_VALUES else _ROMAN_LOOKALIKES.get(label or "")
        if roman is None:
            return {}
        values.append(_ROMAN_VALUES[roman])
        if roman != label:
            mended[text] = f"{m.group(1)}{roman}.{text[m.end():]}"
    rising = all(b > a for a, b in zip(values, values[1:]))
    telling = any(_LABEL.match(t).group(2) not in ("1", "I") for t in mended)  # not an arabic "1." alone
    return mended if len(values) >= 2 and rising and telling else {}
