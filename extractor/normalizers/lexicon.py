"""The Russian words and marks that several rooms read, each defined once.

- month names (``data/months.tsv``): every case form and the usual abbreviations;
- quotation marks and the "(далее – X)" definition mark;
- the deadline word dictionaries (``data/deadline_words.tsv``) and the column-header synonyms
  (``data/header_synonyms.tsv``), with the header normalization both readers of headers use;
- the one pymorphy3 analyzer (a Russian dictionary of word forms), built on first need.

Readers build their own patterns from these, so a month form or a quote character added here
reaches every rule that reads it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

# Quotation marks of Russian texts and of their plain exports.
QUOTE_CHARS = "«»\"„“”"

# The mark that opens a definition: "далее", "далее по тексту", then a dash or colon.
DEFINITION_MARK = r"далее\s*(?:по\s+тексту\s*)?[-–—:]?\s*"
# A definition in running text: "(далее – ОО)", the short form possibly holding one
# parenthesised part of its own.
DEFINITION_IN_PARENS = re.compile(r"\(\s*" + DEFINITION_MARK + r"(?P<short>[^()]*(?:\([^()]*\)[^()]*)?)\)",
                                  re.IGNORECASE)
# The inside of such parentheses on its own ("далее – ОО").
DEFINITION_CONTENT = re.compile(r"^" + DEFINITION_MARK + r"(?P<short>.+?)\s*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Month:
    number: int
    forms: tuple[str, ...]  # full words, nominative first, genitive second
    abbreviations: tuple[str, ...]

    @property
    def genitive(self) -> str:
        return self.forms[1]


def _load_months() -> tuple[Month, ...]:
    months = []
    for line in (DATA / "months.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            number, forms, abbreviations = line.split("\t")
            months.append(Month(int(number), tuple(forms.split()), tuple(abbreviations.split())))
    return tuple(months)


MONTHS: tuple[Month, ...] = _load_months()
# every written form, full or abbreviated -> month number
MONTH_BY_FORM: dict[str, int] = {
    form: m.number for m in MONTHS for form in (*m.forms, *m.abbreviations)
}
MONTH_BY_GENITIVE: dict[str, int] = {m.genitive: m.number for m in MONTHS}
# an alternation of the full forms, longest first, for patterns that look for month words
MONTH_WORDS = "(?:" + "|".join(sorted((f for m in MONTHS for f in m.forms), key=len, reverse=True)) + ")"
GENITIVE_MONTH_WORDS = "(?:" + "|".join(m.genitive for m in MONTHS) + ")"


@lru_cache(maxsize=1)
def morph():
    """The pymorphy3 analyzer: built once per process, on first need (it loads a dictionary)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


# Words of one letter that Russian has; any other lone letter is no word.
ONE_LETTER_WORDS = frozenset("вксуоиая")


def is_known_word(word: str) -> bool:
    """Whether the Russian dictionary knows ``word`` in some form."""
    lower = word.lower()
    if len(lower) == 1:
        return lower in ONE_LETTER_WORDS
    return morph().word_is_known(lower)


def _load_deadline_words() -> dict[str, dict[str, str]]:
    dictionaries: dict[str, dict[str, str]] = {}
    for line in (DATA / "deadline_words.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, value, phrase = line.split("\t")
            dictionaries.setdefault(name, {})[phrase] = value
    return dictionaries


# dictionary name -> {phrase: value}: the words deadlines are written with
DEADLINE_WORDS: dict[str, dict[str, str]] = _load_deadline_words()

# plain-ASCII stand-ins for the number sign opening a header cell: "N", "NN", "No", "N°", "#"
_NUMBER_SIGN_STAND_IN = re.compile(r"^(?:#|(?:nn|no|n)\b[.°]?)")


def normalize_header(text: str) -> str:
    """A header cell as header synonyms are compared: lower case, "ё" as "е", no punctuation,
    a leading ASCII stand-in of "№" read as "№"."""
    text = _NUMBER_SIGN_STAND_IN.sub("№", text.strip().lower().replace("ё", "е"))
    text = re.sub(r"[^\w№\s]", "", text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def header_synonyms() -> tuple[tuple[str, str], ...]:
    """(field, normalized synonym) pairs of ``data/header_synonyms.tsv``."""
    pairs = []
    for line in (DATA / "header_synonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            role, synonym = line.split("\t", 1)
            pairs.append((role.strip(), normalize_header(synonym)))
    return tuple(pairs)
