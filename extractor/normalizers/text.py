"""Text helpers shared by the parsers: whitespace collapse and joining wrapped lines.

``join_lines`` takes the visual lines of a cell or paragraph and gives its text: lines
joined with "\\n", except where a line ends in a hyphen glued to a word. There the break
came from wrapping, so the lines are glued; the hyphen is dropped when it was put there by
hyphenation ("учеб-" + "ного" -> "учебного") and kept when it belongs to the word
("учебно-" + "методического" -> "учебно-методического"). A PDF draws both with the same
glyph, so the choice is a guess: first from the words of the same document
(:class:`Vocabulary`), then from the shape of the two halves (:func:`is_hyphenation`).
"""
from __future__ import annotations

import html
import re
from typing import Iterable

from .lexicon import is_known_word

WHITESPACE = re.compile(r"\s+")
SOFT_HYPHEN = "\u00ad"
# hyphen glyphs that may end a wrapped line: ASCII hyphen-minus, U+2010 hyphen, soft hyphen
LINE_END_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u00ad]$")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# First halves of compound adjectives ("учебно-", "психолого-", "финансово-"): an adverb-like
# form of at least five letters with one of these endings, before an adjective.
COMPOUND_HEAD_ENDING = re.compile(r"(?:[нклгвртсщ]о|ико|ого|ьно|ско)$")
COMPOUND_HEAD_MIN_LETTERS = 5
ADJECTIVE_ENDING = re.compile(
    r"(?:ий|ый|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ых|их|ым|им|ыми|ими|ую|юю|ой|ей)$"
)
COMPOUND_TAIL_MIN_LETTERS = 5


def collapse_ws(s: str) -> str:
    """All runs of whitespace (line breaks included) to one space, ends stripped."""
    return WHITESPACE.sub(" ", s).strip()


class Vocabulary:
    """The words of one document, to tell hyphenation from hyphenated words at line ends.

    Only words seen whole count: a line's last word before a line-end hyphen and the first
    word of the next line are halves, not words.
    """

    def __init__(self) -> None:
        self.words: set[str] = set()  # lower case, hyphenated compounds as one word
        self.compound_heads: set[str] = set()  # first parts of hyphenated compounds

    def add_lines(self, lines: Iterable[str]) -> None:
        after_hyphen = False
        for line in lines:
            tokens = WORD.findall(line)
            ends_hyphenated = bool(LINE_END_HYPHEN.search(line.rstrip()))
            if after_hyphen and tokens:
                tokens = tokens[1:]
            if ends_hyphenated and tokens:
                tokens = tokens[:-1]
            for token in tokens:
                word = token.lower()
                self.words.add(word)
                if "-" in word:
                    self.compound_heads.add(word.split("-", 1)[0])
            after_hyphen = ends_hyphenated


def is_hyphenation(prefix: str, suffix: str, vocabulary: Vocabulary | None = None) -> bool:
    """Whether ``prefix`` + "-" at a line end + ``suffix`` on the next line is one word cut
    by hyphenation (drop the hyphen) rather than a hyphenated word (keep it).

    ``prefix`` is the word part before the hyphen, ``suffix`` the next line's first word.
    """
    if not (prefix[-1:].isalpha() and prefix[-1:].islower() and suffix[:1].isalpha() and suffix[:1].islower()):
        return False  # "ИКТ-технологий", "2020-2021", "Северо-Западный"
    head, tail = prefix.lower(), suffix.lower()
    if vocabulary is not None:
        if head + tail in vocabulary.words:
            return True
        if f"{head}-{tail}" in vocabulary.words:
            return False
    if is_known_word(head + tail):
        return True  # "мето" + "дическое": "методическое" is a word
    if is_known_word(head) and is_known_word(tail):
        return False  # "школ" + "лидеров": two words, and glued they are none
    if vocabulary is not None and (head in vocabulary.words or head in vocabulary.compound_heads):
        return False  # the first half is a word of its own elsewhere in the document
    compound_adjective = (
        len(head) >= COMPOUND_HEAD_MIN_LETTERS
        and COMPOUND_HEAD_ENDING.search(head) is not None
        and len(tail) >= COMPOUND_TAIL_MIN_LETTERS
        and ADJECTIVE_ENDING.search(tail) is not None
    )
    return not compound_adjective


def join_lines(lines: list[str], vocabulary: Vocabulary | None = None) -> str:
    """Visual lines -> text with "\\n" between lines; a word wrapped at a hyphen is glued
    back, without the hyphen when it was hyphenation. Lines are stripped, empty ones dropped."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        hyphen = LINE_END_HYPHEN.search(out)
        if hyphen is None:
            out = f"{out}{'' if _cut_word(out, line) else chr(10)}{line}"
            continue
        prefix = re.search(r"[^\W_]+$", out[: hyphen.start()])
        suffix = re.match(r"[^\W_]+", line)
        if hyphen.group() == SOFT_HYPHEN or (
            prefix and suffix and is_hyphenation(prefix.group(), suffix.group(), vocabulary)
        ):
            out = out[: hyphen.start()] + line
        else:
            out = out[: hyphen.start()] + "-" + line
    return out


def _cut_word(before: str, after: str) -> bool:
    """A word too long for its narrow column, cut at the line end without a hyphen
    ("общеобразовательн" / "ыми"): neither half is a word, the two glued are one."""
    prefix = re.search(r"(?<![^\W\d_])[А-ЯЁа-яё][а-яё]{2,}$", before)
    suffix = re.match(r"[а-яё]+(?![^\W\d_])", after)
    if not (prefix and suffix):
        return False
    head, tail = prefix.group().lower(), suffix.group()
    if not is_known_word(head + tail):
        return False
    # a letter or two cut off ("ежеквартальн" / "о", "общеобразовательны" / "х") may be a word
    # of its own, or the part before it; not both ("Наставник" / "и"); a longer rest must be none
    if len(tail) <= 2:
        return not is_known_word(head) or not is_known_word(tail)
    return not is_known_word(head) and not is_known_word(tail)


def join_parts(parts: list[str]) -> str:
    """Pieces of one field that a page break or a broken export split, as one line of text.

    Identical pieces side by side (a responsible written in two drifted cells) are kept once;
    a word hyphenated across the break is glued back as :func:`join_lines` does.
    """
    kept: list[str] = []
    for part in parts:
        part = collapse_ws(part)
        if part and (not kept or kept[-1] != part):
            kept.append(part)
    return collapse_ws(join_lines(kept))


# linear in the text: a tag ends before the next "<", and its spaces split one way only
_HTML_TAG = re.compile(r"<\s*(?:/\s*)?([a-zA-Z]+)[^<>]*>")
_HTML_LINE_TAGS = frozenset({"p", "br", "div", "li", "ul", "ol", "tr"})


def html_cell_lines(raw: str) -> str:
    """Inline HTML of a markdown cell (<p>, <br>, <ul><li>) -> lines joined by "\n"."""
    if "<" not in raw:
        return collapse_ws(html.unescape(raw))
    lines: list[str] = [""]
    pos = 0
    for m in _HTML_TAG.finditer(raw):
        lines[-1] += raw[pos:m.start()]
        pos = m.end()
        if m.group(1).lower() in _HTML_LINE_TAGS:
            lines.append("")
    lines[-1] += raw[pos:]
    cleaned = (collapse_ws(html.unescape(x)) for x in lines)
    return "\n".join(x for x in cleaned if x)


def strip_markdown_emphasis(text: str) -> str:
    return text.replace("**", "")
