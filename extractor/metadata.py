"""Order and plan metadata from the paragraphs of a Document.

Takes the parsed document and the roadmap's position in it; gives the order's kind, number,
date, issuer, region, place, title and signatory, the plan's title, every "(далее – X)"
definition, and every place the order's number is printed (for ``order_number_mismatch``).

The order is found by its document-type line ("П Р И К А З", "РАСПОРЯЖЕНИЕ"): a covering
letter before it (000) is not the order. The lines around that line hold the letterhead
(issuer), the date, the number and the place; the first "Об …"/"О …" paragraph after it is
the title; the first signature line after it ("Ю.Н. Коваленко") the signatory.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .assemble import DraftActivity
from .document import Document, Paragraph, Table
from .locate import Roadmap
from .normalizers.lexicon import (
    DEFINITION_IN_PARENS, GENITIVE_MONTH_WORDS, MONTH_BY_GENITIVE, QUOTE_CHARS, morph,
)
from .normalizers.text import collapse_ws

_DOC_KINDS = {
    "приказ": "приказ",
    "распоряжение": "распоряжение",
    "постановление": "постановление",
    "решение": "решение",
}
_DOC_TYPE_LINE = re.compile(r"^\s*(?:[А-ЯЁ]\s?){5,14}\s*$")
_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])")
_NUMBER = re.compile(r"(?:№|N)\s*([0-9А-ЯЁа-яёA-Za-z][^\s,;]*)")
_PLACE = re.compile(r"^(?:г\.|с\.|п\.|пос\.|пгт\.?|д\.|ст-ца|рп\.?|р\.п\.)\s?[А-ЯЁ][\w-]+(?:[ -][А-ЯЁ][\w-]+)?$")
_SINGLE_WORD_PLACE = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
_SIGNATURE = re.compile(r"(?:^|\s)([А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
                        r"|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s[А-ЯЁ]\.\s?[А-ЯЁ]\.)\s*$")
_TITLE_START = re.compile(r"^(?:Об?|О внесении)\s")
_PLAN_WORDS = re.compile(r"дорожн\w*\s+карт|план\w*\s+(?:мероприятий|работы)|комплекс\w*\s+мер", re.IGNORECASE)
_STAMP = re.compile(r"^(?:Приложение|ПРИЛОЖЕНИЕ|УТВЕРЖДЕН|Утвержден)")


@dataclass
class Definition:
    short: str
    full: str


@dataclass
class OrderMetadata:
    kind: str | None = None
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    region: str | None = None
    place: str | None = None
    title: str | None = None
    signatory: str | None = None
    plan_title: str | None = None
    number_mentions: list[tuple[str, str]] = field(default_factory=list)  # (number, where)


def doc_type(text: str) -> str | None:
    if not _DOC_TYPE_LINE.match(text) or "\n" in text.strip():
        return None
    return _DOC_KINDS.get(re.sub(r"\s", "", text).lower())


def parse_date(text: str) -> dt.date | None:
    m = _DATE.search(text)
    if not m:
        return None
    day, month, year = (int(x) for x in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def one_line(text: str) -> str:
    return collapse_ws(text)


def is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.9


_TERRITORY_WORDS = {"области", "края", "района", "округа", "республики", "муниципального", "городского"}
_PLACE_ADJECTIVE = re.compile(r"(?:ск|цк)(?:ой|ого|ий|ая|ое)$")
_COMMON_ADJECTIVES = {"городского", "сельского", "муниципального", "внутригородского"}


def recase(upper: str, document_words: dict[str, str]) -> str:
    """An ALL-CAPS letterhead in the document's own casing: each word as the document
    writes it elsewhere in mixed case, else lower case, except an adjective of a place
    name before a territory word ("КУРСКОЙ ОБЛАСТИ" -> "Курской области"); the first word
    and a word opening a quotation are capitalised."""
    tokens = upper.split()
    out = []
    for i, token in enumerate(tokens):
        m = re.match(r"^([«\"(]*)([А-ЯЁA-Z-]+)(.*)$", token)
        if not m:
            out.append(token)
            continue
        lead, word, tail = m.groups()
        lower = word.lower()
        following = tokens[i + 1].lower().strip("»\")") if i + 1 < len(tokens) else ""
        cased = document_words.get(lower)
        if cased is None:
            place_name = (_PLACE_ADJECTIVE.search(lower) and following in _TERRITORY_WORDS
                          and lower not in _COMMON_ADJECTIVES)
            cased = lower.capitalize() if place_name else lower
        if i == 0 or lead:
            cased = cased[:1].upper() + cased[1:]
        out.append(lead + cased + tail)
    return " ".join(out)


def mixed_case_words(document: Document) -> dict[str, str]:
    """The casing of each word in the document's ordinary (not all-caps) text, capitalised
    forms preferred only when the word is never written in lower case mid-sentence."""
    lower_seen: set[str] = set()
    capital_mid: dict[str, str] = {}
    for text in _all_texts(document):
        if is_upper_text(text):
            continue
        for m in re.finditer(r"(?<=[\w,»)] )([А-ЯЁа-яё][а-яё-]+)", text):
            word = m.group(1)
            if word[0].islower():
                lower_seen.add(word)
            else:
                capital_mid.setdefault(word.lower(), word)
    return {k: v for k, v in capital_mid.items() if k not in lower_seen}


def _all_texts(document: Document):
    for block in document.blocks():
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield cell.text


def letterhead(lines: list[tuple[int, str]], words: dict[str, str]) -> str | None:
    """The issuer from the lines above the document type: the all-caps lines right above
    it (recased), else the lines from an organisation's head word ("Министерство …")."""
    upper: list[str] = []
    for _, text in reversed(lines):
        if is_upper_text(text):
            upper.insert(0, text)
        elif upper:
            break
    if upper:
        return recase(" ".join(upper), words)
    for k, (_, text) in enumerate(lines):
        if _ORG_HEAD.match(text):
            org = [text]
            for _, more in lines[k + 1:]:
                if re.search(r"\d", more) or len(more) > 120 or doc_type(more):
                    break
                org.append(more)
            return collapse_ws(" ".join(org))
    return None


_REGION_TAIL = re.compile(
    r"((?:[А-ЯЁ][а-яё-]+(?:ой|ей)\s+)+области|(?:[А-ЯЁ][а-яё-]+(?:ого|его)\s+)+края|"
    r"Республики\s+[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+)?|(?:[А-ЯЁ][а-яё-]+(?:ого|его)\s+)+автономного\s+округа)"
)


def nominative(phrase: str) -> str:
    """"Тверской области" -> "Тверская область", "Краснодарского края" -> "Краснодарский край"."""
    words = phrase.split()
    if words[0] == "Республики":
        return " ".join(["Республика"] + words[1:])
    head = words[-1]
    out = []
    for w in words:
        parses = [p for p in morph().parse(w) if "gent" in p.tag]
        if not parses:
            out.append(w)
            continue
        gender = None
        head_parse = next((p for p in morph().parse(head) if "gent" in p.tag), None)
        if head_parse is not None:
            gender = head_parse.tag.gender
        target = {"nomn", gender} if gender and w != head else {"nomn"}
        inflected = parses[0].inflect(target) or parses[0].inflect({"nomn"})
        form = inflected.word if inflected else w
        out.append(form[:1].upper() + form[1:] if w[:1].isupper() else form)
    return " ".join(out)


def region_of(issuer: str | None) -> str | None:
    if not issuer:
        return None
    m = _REGION_TAIL.search(issuer)
    return nominative(m.group(1)) if m else None


_WORD_DATE = re.compile(r"«?(\d{1,2})»?\s+(" + GENITIVE_MONTH_WORDS + r")\s+(\d{4})", re.IGNORECASE)
_ORG_HEAD = re.compile(r"^(?:Министерство|Департамент|Управление|Комитет|Отдел|Администрация|"
                       r"Муниципальное|Государственное|Главное управление|Агентство)\b")
HEADER_ZONE_LINES = 8  # lines after the document-type line that hold date, number and place


def parse_order_date(text: str) -> dt.date | None:
    """"23.11.2021", "от 30.12.2020 № 1861", "«05» февраля 2024 г." -> the date."""
    found = parse_date(text)
    if found is not None:
        return found
    m = _WORD_DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), MONTH_BY_GENITIVE[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None


def read_order(document: Document, roadmap_table: Table | None) -> OrderMetadata:
    paragraphs: list[Paragraph] = []
    table_at = None
    for block in document.blocks():
        if block is roadmap_table:
            table_at = len(paragraphs)
        if isinstance(block, Paragraph):
            paragraphs.append(block)
    if table_at is None:
        table_at = len(paragraphs)
    # the header zone is read line by line: formats group these short lines differently
    lines = [(i, one_line(line)) for i, p in enumerate(paragraphs[:table_at])
             for line in p.text.split("\n") if line.strip()]
    meta = OrderMetadata()
    kind_line = next((k for k, (_, text) in enumerate(lines) if doc_type(text)), None)
    kind_at = lines[kind_line][0] if kind_line is not None else None
    if kind_line is not None:
        meta.kind = doc_type(lines[kind_line][1])
        meta.issuer = letterhead(lines[max(0, kind_line - 8):kind_line], mixed_case_words(document))
        for _, text in lines[kind_line + 1:kind_line + 1 + HEADER_ZONE_LINES]:
            if len(text) >= 80 or _TITLE_START.match(text):
                break
            if meta.date is None:
                meta.date = parse_order_date(text)
            if meta.number is None:
                m = _NUMBER.search(text)
                if m:
                    meta.number = m.group(1)
                    meta.number_mentions.append((m.group(1), "шапка приказа"))
            if meta.place is None and (_PLACE.match(text) or (
                    _SINGLE_WORD_PLACE.match(text) and len(text) <= 25 and doc_type(text) is None)):
                meta.place = text
        body_from = kind_at + 1
    else:
        body_from = 0
    meta.title = next((one_line(p.text) for p in paragraphs[body_from:table_at]
                       if _TITLE_START.match(one_line(p.text))), None)
    signature_at = None
    for i in range(body_from, table_at):
        text = one_line(paragraphs[i].text)
        # a signature line is short and names no role ("Ответственный: Снаткова Н.Н." is none)
        m = _SIGNATURE.search(text) if len(text) <= 80 and ":" not in text else None
        if m:
            meta.signatory, signature_at = m.group(1), i
            break
    meta.region = region_of(meta.issuer)
    meta.plan_title = plan_title(paragraphs[body_from:table_at])
    if meta.number and meta.date and kind_at is not None:
        # the order cited by its date in the covering letter and in the appendix stamps
        # (never in the order's own text, which may cite other orders of the same day)
        mention = re.compile(rf"от\s+{meta.date:%d\.%m\.%Y}\s*(?:г\.?\s*)?(?:№|N)\s*([^\s,;]+)")
        after_signature = signature_at + 1 if signature_at is not None else table_at
        for i, p in enumerate(paragraphs):
            if kind_at <= i < after_signature:
                continue
            where = "сопроводительное письмо" if i < kind_at else "гриф приложения"
            for m in mention.finditer(one_line(p.text)):
                meta.number_mentions.append((m.group(1).rstrip("."), where))
    return meta


def plan_title(candidates: list[Paragraph]) -> str | None:
    """The roadmap's own title: the last paragraph before the table that names a plan and is
    not an approval stamp, with a lower-case paragraph right after it joined on."""
    for i in range(len(candidates) - 1, -1, -1):
        text = one_line(candidates[i].text)
        if _PLAN_WORDS.search(text) and not _STAMP.match(text) and len(text) < 600 \
                and not _TITLE_START.match(text) and not re.match(r"^\d+[.)]", text):
            if i + 1 < len(candidates):
                nxt = one_line(candidates[i + 1].text)
                if nxt[:1].islower() and len(nxt) < 600:
                    text = f"{text} {nxt}"
            return text
    return None


def definitions(texts: list[str]) -> list[Definition]:
    """Every "(далее – X)" definition in the texts, in order, each short form once."""
    found: list[Definition] = []
    seen: set[str] = set()
    for text in texts:
        text = one_line(text)
        for m in DEFINITION_IN_PARENS.finditer(text):
            short = m.group("short").strip(" -–—")
            if not short or short in seen or len(short) > 80:
                continue
            full = definition_full(text[:m.start()], short)
            if full:
                seen.add(short)
                found.append(Definition(short, full))
    return found


_CLAUSE_BREAK = re.compile(r"(?:\)\s*[,;]?|[;:]|\.\s|^\d+\)\s*|\s[-–—]\s)")


def definition_full(before: str, short: str) -> str | None:
    """The words the short form stands for, read back from the "(далее" mark: for an
    abbreviation, the shortest tail whose word initials spell it; for a word form, the tail
    from the word that shares its stem."""
    clause_start = 0
    for m in _CLAUSE_BREAK.finditer(before):
        clause_start = m.end()
    clause = before[clause_start:].strip()
    words = list(re.finditer(r"[^\s]+", clause))
    if not words:
        return None
    letters = [c for c in short if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        target = "".join(letters).lower()
        for s in range(len(words) - 1, -1, -1):
            initials = "".join(w.group(0).lstrip(QUOTE_CHARS)[:1].lower() for w in words[s:])
            if initials[:1] == target[:1] and _is_subsequence(target, initials):
                return clause[words[s].start():].strip()
        return clause
    stem = re.sub(r"[^а-яёa-z]", "", short.split()[0].lower())[:4]
    for w in words:
        if stem and re.sub(r"[^а-яёa-z]", "", w.group(0).lower()).startswith(stem):
            return clause[w.start():].strip()
    return clause


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


def definition_texts(document: Document, roadmaps: list[Roadmap], drafts: list[DraftActivity]) -> list[str]:
    """Paragraphs and the roadmap's activities in reading order, where definitions are
    looked for; a definition inside a row that a page break split is read from the joined row."""
    roadmap_rows = {id(rr.row) for r in roadmaps for rr in r.rows}
    texts: list[str] = []
    activities_done = False
    for block in document.blocks():
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif not activities_done and any(id(row) in roadmap_rows for row in block.rows):
            for d in drafts:
                texts.extend(d.field(name) for name in ("text", "responsible", "indicator", "result"))
            activities_done = True
    return texts
