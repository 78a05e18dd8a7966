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

import os
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


# A region's own words, added to the shipped ones: paths of TSV files in the shipped files'
# forms, set by :func:`use_user_vocabulary` (environment variables, so that worker processes
# started afterwards read the same files).
USER_ABBREVIATIONS_ENV = "ROADMAP_EXTRACTOR_ABBREVIATIONS"
USER_SYNONYMS_ENV = "ROADMAP_EXTRACTOR_SYNONYMS"
HEADER_ROLES = ("number", "text", "deadline", "responsible", "indicator", "result")


class VocabularyFileError(ValueError):
    """A user's abbreviation or synonym file that cannot be read; the message names it."""


def tsv_rows(text: str) -> list[list[str]]:
    """The rows of one of our TSV files: comment and blank lines left out, cells trimmed."""
    return [[cell.strip() for cell in line.split("\t")] for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _read_user_file(path: str, what: str) -> list[list[str]]:
    try:
        text = open(path, encoding="utf-8-sig").read()
    except OSError as exc:
        raise VocabularyFileError(f"{path}: cannot read the {what} file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise VocabularyFileError(f"{path}: the {what} file is not UTF-8 text") from None
    rows = tsv_rows(text)
    for number, row in enumerate(rows, start=1):
        if len(row) < 2 or not row[0] or not row[1]:
            raise VocabularyFileError(f"{path}: row {number} of the {what} file has no TAB between its "
                                      f"two columns: {row[0][:60]!r}")
    return rows


def user_abbreviations() -> dict[str, str]:
    """short -> full of the user's abbreviation file (short<TAB>full[<TAB>source])."""
    path = os.environ.get(USER_ABBREVIATIONS_ENV)
    return {row[0]: row[1] for row in _read_user_file(path, "abbreviations")} if path else {}


def use_user_vocabulary(abbreviations: str | os.PathLike | None = None,
                        synonyms: str | os.PathLike | None = None) -> None:
    """Add a region's abbreviations (``short<TAB>full``, as ``data/abbreviations.tsv``) and
    column-header words (``field<TAB>header``, as ``data/header_synonyms.tsv``) to the shipped
    ones, for this process and the worker processes it starts afterwards; None leaves the
    shipped words alone. Raises :class:`VocabularyFileError` naming a file that cannot be read."""
    for variable, path, what in ((USER_ABBREVIATIONS_ENV, abbreviations, "abbreviations"),
                                 (USER_SYNONYMS_ENV, synonyms, "synonyms")):
        if path is None:
            os.environ.pop(variable, None)
            continue
        path = os.path.abspath(os.fspath(path))
        rows = _read_user_file(path, what)
        if what == "synonyms":
            unknown = sorted({row[0] for row in rows} - set(HEADER_ROLES))
            if unknown:
                raise VocabularyFileError(f"{path}: unknown field {unknown[0]!r} in the synonyms file; "
                                          f"fields: {', '.join(HEADER_ROLES)}")
        os.environ[variable] = path


def header_synonyms() -> tuple[tuple[str, str], ...]:
    """(field, normalized synonym) pairs of ``data/header_synonyms.tsv`` and of the user's
    synonym file, if one is in use."""
    return _header_synonyms(os.environ.get(USER_SYNONYMS_ENV))


@lru_cache(maxsize=4)
def _header_synonyms(user_file: str | None) -> tuple[tuple[str, str], ...]:
    rows = tsv_rows((DATA / "header_synonyms.tsv").read_text(encoding="utf-8"))
    if user_file:
        rows += _read_user_file(user_file, "synonyms")
    return tuple(dict.fromkeys((role, normalize_header(synonym)) for role, synonym, *_ in rows))
