"""What the body rules read: the word lists of ``data/`` and a responsible cell as tokens.

Takes the text of one cell; gives :class:`Token` items (a parenthesised part, a quotation,
a person's initials, a word or a punctuation mark), each with the span it covers in the cell;
a line break is no token, it marks the token after it (``line_start``). Quotation marks come
from :mod:`.lexicon`; the Latin letters that OCR gives for Cyrillic ones are read by
:mod:`.repair` (see ``body_rules.TOKEN_READING_RULES``).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

from .lexicon import QUOTE_CHARS, USER_ABBREVIATIONS_ENV, user_abbreviations


@dataclass(frozen=True)
class Lexicon:
    """The dictionary of common abbreviations and the kinds of ``data/body_words.tsv``."""

    dictionary: dict[str, str]  # abbreviations.tsv: short -> full, as written there
    heads: frozenset[str]  # the kinds of data/body_words.tsv, lower case
    groups: frozenset[str]
    org_nouns: frozenset[str]
    positions: frozenset[str]
    org_forms: frozenset[str]
    prepositions: frozenset[str]
    owners: frozenset[str]
    separators: tuple[tuple[str, ...], ...]  # longest first


def data_rows(text: str) -> Iterator[list[str]]:
    """The tab-separated rows of a data file, comments and blank lines left out."""
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [part.strip() for part in line.split("\t")]


def parse_dictionary(text: str) -> dict[str, str]:
    """``abbreviations.tsv``: short -> full; columns after the second (where an entry comes
    from) are not read."""
    return {row[0]: row[1] for row in data_rows(text) if len(row) >= 2}


def _data_rows(name: str) -> Iterator[list[str]]:
    return data_rows(resources.files("extractor").joinpath("data", name).read_text(encoding="utf-8"))


def load_lexicon() -> Lexicon:
    """The word lists shipped in ``data/``, with the user's abbreviations added where a file of
    them is in use (:func:`extractor.normalizers.lexicon.use_user_vocabulary`); columns after
    the second are ignored (the abbreviation dictionary may say where each entry comes from)."""
    return _load_lexicon(os.environ.get(USER_ABBREVIATIONS_ENV))


# The shape of a legal-form abbreviation beyond the listed ones: a level (federal, state,
# regional, municipal, private, autonomous non-profit …), a kind of funding (бюджетное,
# автономное, казённое), "профессиональное", "образовательное" or "дошкольное", then
# "учреждение" ("ГОБУ", "АОУ", "ОГБПОУ", "МАДОУ"), after a region's letters with "областное"
# where a state level follows ("ТОГБУ", "ТОГОАУ", "КОГОБУ"); at least a level or a funding letter, so a
# kind of institution alone ("ДОУ", "ОУ") is no legal form.
_LEGAL_FORM_SHAPE = re.compile(
    r"^(?:[а-яё]{1,2}о(?=г))?(?P<level>фг|ог|кг|го|мо|ан|г|м|о|к|р|ч|н|а|ф)?о?(?P<funding>б|а|к|н)?п?(?:о|до)?у(?:до|дод)?$")


class LegalForms(frozenset):
    """The listed legal forms (lower case), and any abbreviation of their shape."""

    def __contains__(self, key: object) -> bool:
        if frozenset.__contains__(self, key):
            return True
        m = _LEGAL_FORM_SHAPE.match(key) if isinstance(key, str) and len(key) >= 3 else None
        return bool(m and (m.group("level") or m.group("funding")))


@lru_cache(maxsize=4)
def _load_lexicon(user_file: str | None) -> Lexicon:
    dictionary = parse_dictionary(resources.files("extractor").joinpath("data", "abbreviations.tsv")
                                  .read_text(encoding="utf-8"))
    dictionary.update(user_abbreviations())  # the region's own expansion wins
    kinds: dict[str, set[str]] = {}
    for row in _data_rows("body_words.tsv"):
        kinds.setdefault(row[0], set()).add(row[1].casefold())
    return Lexicon(
        dictionary=dictionary,
        heads=frozenset(kinds.get("head", ())),
        groups=frozenset(kinds.get("group", ())),
        org_nouns=frozenset(kinds.get("org_noun", ())),
        positions=frozenset(kinds.get("position", ())),
        org_forms=LegalForms(kinds.get("org_form", ())),
        prepositions=frozenset(kinds.get("preposition", ())),
        owners=frozenset(kinds.get("owner", ())),
        separators=tuple(sorted((tuple(s.split()) for s in kinds.get("separator", ())), key=len, reverse=True)),
    )


# A quotation runs from a quotation mark to the next one (an unclosed one to the end of the cell).
_QUOTES = re.escape(QUOTE_CHARS)
_TOKEN = re.compile(
    rf"""
      (?P<paren>\([^()]*\)?)
    | (?P<quote>[{_QUOTES}][^{_QUOTES}]*[{_QUOTES}]?)
    | (?P<initials>(?:[А-ЯЁ]\.[^\S\n]?){{1,2}}(?![А-Яа-яЁё]))
    | (?P<word>[^\W_]+(?:[-‐][^\W_]+)*)
    | (?P<newline>\n)
    | (?P<punct>\S)
    """,
    re.X,
)
_WHITESPACE = re.compile(r"\s+")


@dataclass
class Token:
    text: str  # as written
    start: int
    end: int
    kind: str  # "paren", "quote", "initials", "word", "punct"
    read: str = ""  # as read: Latin look-alikes turned Cyrillic
    ocr: bool = False
    line_start: bool = False  # the first token of a line of the cell after its first line

    def __post_init__(self) -> None:
        if not self.read:
            self.read = self.text

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def is_abbreviation(self) -> bool:
        return self.kind == "word" and is_abbreviation(self.read)

    @property
    def is_abbreviation_quote(self) -> bool:
        inner = self.read.strip(QUOTE_CHARS).split()
        return self.kind == "quote" and bool(inner) and all(is_abbreviation(w) for w in inner)

    @property
    def is_capitalised(self) -> bool:
        return self.read[:1].isupper()

    @property
    def is_lower_case(self) -> bool:
        return self.read[:1].islower()

    @property
    def lower(self) -> str:
        return self.read.casefold().replace("ё", "е")

    @property
    def stem(self) -> str:
        """The word before its first hyphen, lower case ("педагоги-психологи" -> "педагоги")."""
        return self.lower.split("-", 1)[0]


def tokens_of(text: str) -> Iterator[Token]:
    """The tokens of a cell; a line break is no token but marks the token after it."""
    after_break = False
    for m in _TOKEN.finditer(text):
        if m.lastgroup == "newline":
            after_break = True
            continue
        yield Token(m.group(0), m.start(), m.end(), m.lastgroup or "punct", line_start=after_break)
        after_break = False


def is_abbreviation(word: str) -> bool:
    """Two or more letters, mostly capitals: "ОУ", "ГБУ", "ВсОШ", "ГИА-2023", "IIIMO"."""
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and upper >= 2 and 2 * upper >= len(letters) and letters[0].isupper()


def is_abbreviation_only(content: str) -> bool:
    """Abbreviations, numbers and "№" only: "ЦНППМ", "МБОУ СОШ № 2", "«ЦОКО»"."""
    words = "".join(" " if c in QUOTE_CHARS else c for c in content).split()
    return bool(words) and all(is_abbreviation(w) or w.isdigit() or w == "№" for w in words)


def name_key(text: str) -> str:
    """What two spellings of one name share: no case, quotes, ё or edge punctuation."""
    text = "".join(ch for ch in text if ch not in QUOTE_CHARS)
    text = _WHITESPACE.sub(" ", text).strip(" .,;:")
    return text.casefold().replace("ё", "е")


def abbreviation_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", text) if is_abbreviation(w)]


def spell(text: str, tokens: list[Token]) -> str:
    """The text of ``tokens`` as in the cell, with OCR-read tokens as read, on one line."""
    if not tokens:
        return ""
    out, pos = [], tokens[0].start
    for t in tokens:
        out.append(text[pos:t.start])
        out.append(t.read)
        pos = t.end
    return _WHITESPACE.sub(" ", "".join(out)).strip()
