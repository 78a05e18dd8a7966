"""Deadline text -> tokens, with the OCR repairs a token needs, and the grammar's word dictionaries.

Takes a cell's text; gives :class:`Token` objects (numbers, words, dashes, punctuation) with their
lower-case, repaired ``norm``, and whether a repair was needed (what ``ocr_suspect`` reports).

- Odd characters are made plain first: dash forms to "-", odd spaces to " " (length-preserving, so
  token spans index the raw text).
- Repairs come from ``normalizers/repair.py``, the one home of text repair: look-alike letters
  inside digit runs ("2О23", "З0.09"), look-alike digits inside Cyrillic words ("Н0ябрь"), Latin
  look-alikes inside Cyrillic words ("ceнтябрь", "r."). Roman numerals as OCR reads them ("П квартал",
  "ll полугодие") are read only before a quarter or half-year word.
- Tokens are made once per whitespace-free chunk and are one object per shape, so the grammar can
  remember per token what its patterns make of it.

Word lists are data: ``data/deadline_words.tsv`` (the grammar's dictionaries) and, through
``normalizers/lexicon.py``, ``data/months.tsv``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from ..lexicon import DEADLINE_WORDS, MONTH_BY_FORM
from ..repair import LATIN_TO_CYRILLIC, is_latin, mend_digit_lookalikes, mend_letter_lookalikes


MONTHS = MONTH_BY_FORM
WORDS = DEADLINE_WORDS
FILLERS = frozenset(WORDS["filler"])
ROMAN = {word: int(value) for word, value in WORDS["roman"].items()}
OCR_ROMAN = {word: int(value) for word, value in WORDS["ocr_roman"].items()}
UNIT_WORDS = frozenset(WORDS["quarter_word"]) | frozenset(WORDS["half_word"])  # after an OCR roman
# every word of the dictionaries: an all-Latin word that mends into one of these is OCR damage
KNOWN_WORDS = frozenset(
    [*MONTHS, *(w for d in WORDS.values() for phrase in d for w in phrase.replace("-", " ").split())])
# the words that make a cell look like a deadline (see deadline_likeness): month names and every
# word of the dictionaries that name dates, periods, recurrences and schedules, but for prepositions
# and conjunctions
DATE_WORDS = frozenset([*MONTHS, *(
    w for name, d in WORDS.items() if name not in ("event", "filler", "period_object", "continuation")
    for phrase in d for w in phrase.replace("-", " ").split())]) - frozenset(WORDS["function_word"])


# --------------------------------------------------------------------------- plain characters

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
OCR_DASH = "\u2212"  # the minus sign is a dash only by OCR or by a careless export
_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u200b"  # (str.split knows the ordinary ones)
_PLAIN = {c: "-" for c in DASHES[1:]} | {c: " " for c in _SPACES}
_ODD_DASHES = re.compile("[%s]" % re.escape(DASHES[1:]))
_ODD_SPACES = re.compile("[%s]" % re.escape(_SPACES))


def _made_plain(text: str, odd_characters: re.Pattern) -> str:
    for odd in set(odd_characters.findall(text)):
        text = text.replace(odd, _PLAIN[odd])
    return text


def plain_spaces(text: str) -> str:
    """The text with odd spaces made plain, as long as the raw one: spaces decide the chunks."""
    return _made_plain(text, _ODD_SPACES)


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"(?P<num>\d+)|(?P<word>[^\W\d_]+)|(?P<dash>-)|(?P<punct>\S)")


class Token:
    """One token: ``norm`` is its lower-case, OCR-repaired form. Tokens carry no position (see
    :func:`token_spans`) and are one object per shape (:func:`token`)."""

    __slots__ = ("kind", "norm", "number", "digits", "roman", "repaired")

    def __init__(self, kind: str, norm: str, roman: Optional[int] = None, repaired: bool = False):
        self.kind = kind  # num | word | dash | punct
        self.norm = norm
        is_number = kind == "num"
        self.number = int(norm) if is_number and len(norm) <= 9 else None
        self.digits = len(norm) if is_number else 0
        self.roman = roman
        self.repaired = repaired

    def __repr__(self) -> str:
        return f"<{self.kind} {self.norm!r}>"


token = lru_cache(maxsize=16384)(Token)  # one token object per shape


@lru_cache(maxsize=8192)
def _read_word(text: str) -> tuple[str, Optional[int], bool]:
    """A word's norm, roman value and whether mending OCR look-alikes made the norm."""
    lower = text.lower().replace("ё", "е")
    if lower in ROMAN:
        return lower, ROMAN[lower], False
    latin = sum(1 for c in text if is_latin(c))
    if latin:
        mended = text.translate(LATIN_TO_CYRILLIC).lower()
        # a mixed word is OCR damage; an all-Latin one only when it mends into a word we know
        if latin < len(text) or mended in KNOWN_WORDS:
            return mended, None, True
    return lower, None, False


class Chunk(NamedTuple):
    """One whitespace-free chunk of plain text ("2023г.", "апрель-май2023") mended and tokenized."""

    text: str  # with plain dashes and look-alikes mended
    tokens: tuple[Token, ...]
    spans: tuple[tuple[int, int], ...]  # of each token in the chunk
    repaired: bool  # an OCR repair was needed: look-alikes in a digit run or in a word
    roman_lookalike: bool  # a word may be a roman numeral as OCR reads it (see tokenize)


@lru_cache(maxsize=16384)
def chunk(text: str) -> Chunk:
    text, digits_mended = mend_digit_lookalikes(_made_plain(text, _ODD_DASHES))
    text, letters_mended = mend_letter_lookalikes(text, KNOWN_WORDS)
    tokens, spans = [], []
    for m in _TOKEN.finditer(text):
        kind, s = m.lastgroup, m.group()
        if kind == "word":
            norm, roman, repaired = _read_word(s)
            tokens.append(token(kind, norm, roman, repaired))
        else:
            tokens.append(token(kind, s))
        spans.append(m.span())
    return Chunk(text, tuple(tokens), tuple(spans),
                 digits_mended or letters_mended or any(t.repaired for t in tokens),
                 any(t.norm in OCR_ROMAN and t.roman is None for t in tokens))


def tokenize(text: str) -> tuple[list[Token], bool]:
    """The tokens of a text with plain spaces (:func:`plain_spaces`), and whether an OCR repair of
    look-alike characters made any of them."""
    tokens: list[Token] = []
    repaired = roman_lookalike = False
    for piece in map(chunk, text.split()):
        tokens += piece.tokens
        repaired = repaired or piece.repaired
        roman_lookalike = roman_lookalike or piece.roman_lookalike
    if roman_lookalike:
        for k in range(1, len(tokens)):  # "П квартал", "ll полугодие": roman numerals as OCR reads them
            previous = tokens[k - 1]
            if tokens[k].norm in UNIT_WORDS and previous.norm in OCR_ROMAN and previous.roman is None:
                tokens[k - 1] = token("word", previous.norm, OCR_ROMAN[previous.norm], True)
                repaired = True
    return tokens, repaired


_CHUNKS = re.compile(r"\S+")


def token_spans(text: str) -> list[tuple[int, int]]:
    """Where each token of ``tokenize(text)`` lies in the text (needed only to cut notes out)."""
    spans = []
    for m in _CHUNKS.finditer(text):
        base = m.start()
        spans += [(base + first, base + last) for first, last in chunk(m.group()).spans]
    return spans
