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
from .normalizers.body_tokens import load_lexicon
from .normalizers.dates import find_dates
from .normalizers.lexicon import DEFINITION_IN_PARENS, QUOTE_CHARS, morph
from .normalizers.text import collapse_ws

_DOC_KINDS = {
    "приказ": "приказ",
    "распоряжение": "распоряжение",
    "постановление": "постановление",
    "решение": "решение",
}
_DOC_TYPE_LINE = re.compile(r"^\s*(?:[А-ЯЁ]\s?){5,14}\s*$")
_NUMBER_SIGN = r"(?:№|NN|N[oо]\.?|N°|N)"  # "№" or a plain-ASCII stand-in for it
# the kind word alone, or followed by the number or the date on its line
_KIND_WORD_LINE = re.compile(r"^\s*(?P<word>[А-ЯЁ][А-ЯЁа-яё]{5,13})\s*(?P<rest>(?:(?:" + _NUMBER_SIGN
                             + r"|от)\s*\S.*)?)$")
_NUMBER = re.compile(_NUMBER_SIGN + r"\s*([0-9А-ЯЁа-яёA-Za-z][^\s,;]*)")
_PLACE = re.compile(r"^(?:г\.|с\.|п\.|пос\.|пгт\.?|д\.|ст-ца|рп\.?|р\.п\.)\s?[А-ЯЁ][\w-]+(?:[ -][А-ЯЁ][\w-]+)?$")
_SINGLE_WORD_PLACE = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
_SIGNATURE = re.compile(r"(?:^|\s)([А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
                        r"|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s[А-ЯЁ]\.\s?[А-ЯЁ]\.)\s*$")
_TITLE_START = re.compile(r"^(?:Об?|О внесении)\s")
# what names a plan: the usual phrases anywhere, or "План …" opening the paragraph ("План
# подготовки обучающихся к ГИА …", "План-график …")
_PLAN_WORDS = re.compile(r"дорожн\w*\s+карт|план\w*\s+(?:мероприятий|работы)|комплекс\w*\s+мер|^\W*план(?:\b|-)",
                         re.IGNORECASE)
_STAMP = re.compile(r"^(?:Приложение|ПРИЛОЖЕНИЕ|УТВЕРЖДЕН|Утвержден)")
# the heading legal portals print instead of the letterhead: "Приказ Министерства
# образования … от 15 марта 2024 г. N 245 "Об утверждении …""
_PUBLISHED_HEADING = re.compile(r"^(?:Приказ|Распоряжение|Постановление|Решение)\s+[А-ЯЁа-яё][^№]*?\bот\s+[«\"]?\d")


@dataclass(frozen=True)
class MetadataSettings:
    """Sizes of the order's header zone and its lines, each a named setting."""

    letterhead_lines: int = 8  # lines above the document-type line that may hold the issuer
    header_zone_lines: int = 8  # lines after the document-type line that hold date, number and place
    header_zone_line_max_chars: int = 80  # a longer line means the order's text has begun
    upper_min_letters: int = 6  # fewer letters never make an all-caps letterhead line
    upper_min_share: float = 0.9  # share of capitals among the letters of an all-caps line
    org_line_max_chars: int = 120  # a longer line after "Министерство …" is text, not the name
    place_max_chars: int = 25  # a one-word place line ("Оренбург") is this short at most
    signature_line_max_chars: int = 80  # a signature line is short
    plan_title_max_chars: int = 600  # a longer paragraph naming a plan is the order's text
    stamp_lines: int = 6  # lines of an appendix stamp read together ("Приложение / к приказу … / от … N …")


SETTINGS = MetadataSettings()


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
    """The kind a document-type line names: the word alone in capitals ("П Р И К А З"), or
    capitalised ("Приказ"), or followed on the same line by the number or the date
    ("ПРИКАЗ № 245-п", "Приказ от 15.03.2024 № 245")."""
    return split_kind_line(text)[0]


def split_kind_line(text: str) -> tuple[str | None, str]:
    """(kind, the rest of the line after the kind word) of a document-type line."""
    if "\n" in text.strip():
        return None, ""
    if _DOC_TYPE_LINE.match(text):
        return _DOC_KINDS.get(re.sub(r"\s", "", text).lower()), ""
    m = _KIND_WORD_LINE.match(text)
    if m and (m.group("word").isupper() or m.group("word")[1:].islower()) and _only_date_and_number(m.group("rest")):
        kind = _DOC_KINDS.get(m.group("word").lower())
        if kind:
            return kind, m.group("rest").strip()
    return None, ""


_DATE_WORDS = re.compile(r"\b(?:от|г|года?|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]\w*|июн\w*|июл\w*|"
                         r"август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)\b", re.IGNORECASE)


def _only_date_and_number(rest: str) -> bool:
    """Whether the words after a kind word are only the order's date and number (a sentence
    citing an order, "Приказ от … № … признать утратившим силу", is no document-type line)."""
    rest = _NUMBER.sub("", rest)
    return not re.search(r"[А-Яа-яЁёA-Za-z]", _DATE_WORDS.sub("", rest))


def one_line(text: str) -> str:
    return collapse_ws(text)


def is_upper_text(text: str, settings: MetadataSettings = SETTINGS) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= settings.upper_min_letters and \
        sum(c.isupper() for c in letters) / len(letters) > settings.upper_min_share


_TERRITORY_WORDS = {"области", "края", "района", "округа", "республики", "муниципального", "городского"}
_PLACE_ADJECTIVE = re.compile(r"(?:ой|ого|ий|ый|ая|ое|ей|его)$")
_COMMON_ADJECTIVES = {"городского", "сельского", "муниципального", "внутригородского", "автономного"}
# a word after these in a letterhead is a name: of the settlement ("ГОРОДА ЯКУТСКА") or the
# republic ("РЕСПУБЛИКИ АДЫГЕЯ")
_NAME_AFTER_WORDS = {"города", "г.", "поселка", "посёлка", "села", "станицы", "деревни", "республики", "республика"}


def recase(upper: str, document_words: dict[str, str]) -> str:
    """An ALL-CAPS letterhead in the document's own casing: each word as the document
    writes it elsewhere in mixed case, else lower case, except an adjective of a place
    name before a territory word ("КУРСКОЙ ОБЛАСТИ" -> "Курской области", "ЧУКОТСКОГО
    АВТОНОМНОГО ОКРУГА" -> "Чукотского автономного округа") and the name after a settlement
    word ("ГОРОДА ЯКУТСКА" -> "города Якутска"); the first word, "Республика" and a word
    opening a quotation are capitalised."""
    tokens = upper.split()
    out = []
    for i, token in enumerate(tokens):
        m = re.match(r"^([«\"(]*)([А-ЯЁA-Z-]+)(.*)$", token)
        if not m:
            out.append(token)
            continue
        lead, word, tail = m.groups()
        lower = word.lower()
        following = [t.lower().strip("»\")") for t in tokens[i + 1:i + 3]]
        # the territory word right after, or after a common adjective ("… муниципального округа")
        before_territory = bool(following) and (following[0] in _TERRITORY_WORDS or (
            following[0] in _COMMON_ADJECTIVES and len(following) > 1 and following[1] in _TERRITORY_WORDS))
        cased = document_words.get(lower)
        if cased is None:
            after_settlement = i > 0 and tokens[i - 1].lower() in _NAME_AFTER_WORDS
            place_name = after_settlement or (_PLACE_ADJECTIVE.search(lower) and before_territory
                                              and lower not in _COMMON_ADJECTIVES)
            cased = lower.capitalize() if place_name else lower
        # "Республика" in a letterhead is part of a subject's name ("РЕСПУБЛИКИ АДЫГЕЯ"),
        # though the order's text may write the common noun ("школы республики")
        if i == 0 or lead or lower.startswith("республик"):
            cased = cased[:1].upper() + cased[1:]
        out.append(lead + cased + tail)
    return " ".join(out)


def mixed_case_words(document: Document, settings: MetadataSettings = SETTINGS) -> dict[str, str]:
    """The casing of each word in the document's ordinary (not all-caps) text, capitalised
    forms preferred only when the word is never written in lower case mid-sentence."""
    lower_seen: set[str] = set()
    capital_mid: dict[str, str] = {}
    for text in _all_texts(document):
        if is_upper_text(text, settings):
            continue
        for m in re.finditer(r"(?<=[\w,»)]\s)([А-ЯЁа-яё][а-яё-]+)", text):  # a line break inside a paragraph too
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


def letterhead(lines: list[tuple[int, str]], words: dict[str, str],
               settings: MetadataSettings = SETTINGS) -> str | None:
    """The issuer from the lines above the document type: the all-caps lines right above
    it (recased), else the lines from an organisation's head word ("Министерство …")."""
    upper: list[str] = []
    for _, text in reversed(lines):
        if is_upper_text(text, settings):
            upper.insert(0, text)
        elif upper:
            break
    if upper:
        return recase(" ".join(upper), words)
    for k, (_, text) in enumerate(lines):
        if _ORG_HEAD.match(text):
            org = [text]
            for _, more in lines[k + 1:]:
                # a digit ends the letterhead (a date, a number) unless it is inside the quoted
                # name of an institution on a line of its own ("«… школа № 31»")
                if (re.search(r"\d", more) and not more.startswith(tuple(QUOTE_CHARS))) \
                        or len(more) > settings.org_line_max_chars or doc_type(more):
                    break
                org.append(more)
            return collapse_ws(" ".join(org))
    return None


_REGION_TAIL = re.compile(
    r"((?:[А-ЯЁ][а-яё-]+(?:ой|ей)\s+)+области|(?:[А-ЯЁ][а-яё-]+(?:ого|его)\s+)+края|"
    r"Республики\s+[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+)?(?:\s+\([А-ЯЁ][а-яё-]+\))?|(?:[А-ЯЁ][а-яё-]+(?:ого|его)\s+)+автономного\s+округа)"
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


_ORG_HEAD = re.compile(r"^(?:Министерство|Департамент|Управление|Комитет|Отдел|Администрация|"
                       r"Муниципальное|Государственное|Главное управление|Агентство)\b")


_STAMP_ORDER = re.compile(
    r"\b(?P<kind>приказ|распоряжени|постановлени|решени)\w*\s+(?P<issuer>[^\d№]*?)\s*"
    r"\bот\s+(?P<date>[«\"]?\d{1,2}[»\"]?[.\s]\s*[^\s№]+\s*\d{0,4})\s*(?:г\.|года)?\s*"
    + _NUMBER_SIGN + r"\s*(?P<number>[0-9А-ЯЁа-яёA-Za-z][^\s,;]*)",
    re.IGNORECASE,
)
_STRAIGHT_QUOTED_DAY = re.compile(r"\"(\d{1,2})\"")  # "05" марта: straight quotes for «»
_STAMP_KINDS = {"приказ": "приказ", "распоряжени": "распоряжение", "постановлени": "постановление",
                "решени": "решение"}
# lines of a web page around a published document: menus, banners, accessibility links
_SITE_FURNITURE = re.compile(r"\s[|•]\s|^(?:Главная|Новости|Поиск|Карта сайта|Версия для слабовидящих|"
                             r"Официальный (?:сайт|портал|интернет)|Контакты|Вход|©)", re.IGNORECASE)


def is_site_furniture(text: str) -> bool:
    return bool(_SITE_FURNITURE.search(one_line(text)))


def read_stamp(lines: list[tuple[int, str]], meta: OrderMetadata,
               settings: MetadataSettings = SETTINGS) -> int | None:
    """A published appendix without the order's own heading: kind, date, number and issuer
    from its stamp ("Приложение к приказу министерства образования … от 15 марта 2023 г.
    N 412", "УТВЕРЖДЕН распоряжением …") or from the one-line heading of a legal portal
    ("Приказ Министерства … от 15 марта 2024 г. N 245"). Returns the paragraph index of the
    stamp."""
    for k, (at, text) in enumerate(lines):
        if not (_STAMP.match(text) or _PUBLISHED_HEADING.match(text)):
            continue
        stamp = " ".join(t for _, t in lines[k:k + settings.stamp_lines])
        m = _STAMP_ORDER.search(stamp)
        if not m:
            continue
        meta.kind = _STAMP_KINDS[m.group("kind").lower()]
        meta.date = next(iter(find_dates(m.group("date"))), None)
        meta.number = m.group("number").rstrip(".")
        meta.number_mentions.append((meta.number, "гриф приложения"))
        meta.issuer = nominative_issuer(m.group("issuer"))
        last = next((at2 for at2, t in lines[k:k + settings.stamp_lines] if m.group("number") in t), at)
        return last
    return None


def nominative_issuer(phrase: str) -> str | None:
    """"министерства образования Курской области" -> "Министерство образования Курской
    области": the head word in the nominative, the words it governs as printed."""
    words = collapse_ws(phrase).split()
    if not words:
        return None
    parses = [p for p in morph().parse(words[0]) if {"gent"} & p.tag.grammemes or {"ablt"} & p.tag.grammemes]
    head = parses[0].inflect({"nomn"}) if parses else None
    first = head.word if head else words[0]
    return " ".join([first[:1].upper() + first[1:]] + words[1:])


def read_order(document: Document, roadmap_table: Table | None,
               settings: MetadataSettings = SETTINGS) -> OrderMetadata:
    paragraphs: list[Paragraph] = []
    table_at = None
    for block in document.blocks():
        if block is roadmap_table:
            table_at = len(paragraphs)
        if isinstance(block, Paragraph):
            paragraphs.append(block)
        elif table_at is None:
            # a table above the roadmap is part of the header zone: orders lay out the
            # letterhead beside the document type, the date beside the number ("«15» марта
            # 2024 г. | № 245") or the signature in one; each cell reads as a paragraph
            paragraphs.extend(Paragraph(c.text, page=row.page) for row in block.rows for c in row.cells
                              if c.text.strip())
    if table_at is None:
        table_at = len(paragraphs)
    # the header zone is read line by line: formats group these short lines differently
    lines = [(i, one_line(line)) for i, p in enumerate(paragraphs[:table_at])
             for line in p.text.split("\n") if line.strip() and not is_site_furniture(line)]
    meta = OrderMetadata()
    kind_line = next((k for k, (_, text) in enumerate(lines) if doc_type(text)), None)
    kind_at = lines[kind_line][0] if kind_line is not None else None
    if kind_line is not None:
        meta.kind = doc_type(lines[kind_line][1])
        meta.issuer = letterhead(lines[max(0, kind_line - settings.letterhead_lines):kind_line],
                                 mixed_case_words(document, settings), settings)
        rest = split_kind_line(lines[kind_line][1])[1]
        zone = ([rest] if rest else []) + [t for _, t in lines[kind_line + 1:kind_line + 1 + settings.header_zone_lines]]
        for text in zone:
            if len(text) >= settings.header_zone_line_max_chars or _TITLE_START.match(text):
                break
            if meta.date is None:
                meta.date = next(iter(find_dates(_STRAIGHT_QUOTED_DAY.sub(r"«\1»", text))), None)
            if meta.number is None:
                m = _NUMBER.search(text)
                if m:
                    meta.number = m.group(1)
                    meta.number_mentions.append((m.group(1), "шапка приказа"))
            if meta.place is None and (_PLACE.match(text) or (
                    _SINGLE_WORD_PLACE.match(text) and len(text) <= settings.place_max_chars and doc_type(text) is None)):
                meta.place = text
        body_from = kind_at + 1
    else:
        stamp_at = read_stamp(lines, meta, settings)
        body_from = stamp_at + 1 if stamp_at is not None else 0
    meta.title = next((one_line(p.text) for p in paragraphs[body_from:table_at]
                       if _TITLE_START.match(one_line(p.text)) and not is_site_furniture(p.text)), None)
    signature_at = None
    for i in range(body_from, table_at):
        text = one_line(paragraphs[i].text)
        # a signature line is short and names no role ("Ответственный: Снаткова Н.Н." is none)
        # nor is it a numbered point of the order ("3. Контроль … возложить на … Кравец Н.Ю.")
        short = len(text) <= settings.signature_line_max_chars and ":" not in text and not re.match(r"^\d+[.)]\s", text)
        m = _SIGNATURE.search(text) if short else None
        if m:
            meta.signatory, signature_at = m.group(1), i
            break
    meta.region = meta.region or region_of(meta.issuer)
    meta.plan_title = plan_title(paragraphs[body_from:table_at], settings)
    if meta.number and meta.date and kind_at is not None:
        # the order cited by its date in the covering letter and in the appendix stamps
        # (never in the order's own text, which may cite other orders of the same day)
        mention = re.compile(rf"от\s+{meta.date:%d\.%m\.%Y}\s*(?:г\.?\s*)?{_NUMBER_SIGN}\s*([^\s,;]+)")
        after_signature = signature_at + 1 if signature_at is not None else table_at
        for i, p in enumerate(paragraphs):
            if kind_at <= i < after_signature:
                continue
            where = "сопроводительное письмо" if i < kind_at else "гриф приложения"
            for m in mention.finditer(one_line(p.text)):
                meta.number_mentions.append((m.group(1).rstrip("."), where))
    return meta


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def plan_title(candidates: list[Paragraph], settings: MetadataSettings = SETTINGS) -> str | None:
    """The roadmap's own title: the last paragraph before the table that names a plan and is
    not an approval stamp, with the lower-case paragraphs right after it joined on (a title
    set as "ПЛАН" / "мероприятий по …" / "на 2024/2025 учебный год"), or the paragraphs in
    capitals after a title in capitals."""
    for i in range(len(candidates) - 1, -1, -1):
        text = one_line(candidates[i].text)
        if _PLAN_WORDS.search(text) and not _STAMP.match(text) and len(text) < settings.plan_title_max_chars \
                and not _TITLE_START.match(text) and not re.match(r"^\d+[.)]", text):
            for following in candidates[i + 1:]:
                nxt = one_line(following.text)
                # a title set in capitals wraps onto lines in capitals ("… В ШКОЛАХ С" / "НИЗКИМИ …")
                in_capitals = _in_capitals(text) and _in_capitals(nxt)
                if not (nxt[:1].islower() or in_capitals) or len(text) + len(nxt) >= settings.plan_title_max_chars:
                    break
                text = f"{text} {nxt}"
            return text
    return None


@dataclass(frozen=True)
class DefinitionSettings:
    """Limits of the "(далее – X)" reading."""

    # A short form longer than this is a sentence in parentheses, not a defined term.
    short_max_length: int = 80
    # The letters of a word form's first word that the full form's word must share ("рабо"
    # for "рабочая группа" and "рабочей группы").
    stem_length: int = 4
    # The letters a capitalised compound abbreviation keeps of its head word, tried when the
    # stem above finds none ("Мин" of "Минобрнауки" for "Министерство").
    compound_stem_length: int = 3


DEFINITION_SETTINGS = DefinitionSettings()


def definitions(texts: list[str], settings: DefinitionSettings = DEFINITION_SETTINGS) -> list[Definition]:
    """Every "(далее – X)" definition in the texts, in order, each short form once."""
    found: list[Definition] = []
    seen: set[str] = set()
    for text in texts:
        text = one_line(text)
        for m in DEFINITION_IN_PARENS.finditer(text):
            short = m.group("short").strip(" -–—")
            if not short or short in seen or len(short) > settings.short_max_length:
                continue
            full = definition_full(text[:m.start()], short, settings)
            if full:
                seen.add(short)
                found.append(Definition(short, full))
    return found


# Where the clause of a definition starts: after an earlier definition, a semicolon or colon,
# a sentence end, a list number ("1)"), or a dash between spaces.
_CLAUSE_BREAK = re.compile(r"(?:" + DEFINITION_IN_PARENS.pattern + r")\s*[,;]?|[;:]|\.\s|(?:^|\s)\d+\)\s*|\s[-–—]\s",
                           re.IGNORECASE)
# The head noun of an institution's legal form ("государственному бюджетному учреждению …")
_INSTITUTION_NOUN = re.compile(r"^(?:учреждени|организаци|предприяти)")
# A word of the clause, with a quotation or a parenthesis kept whole as one word.
_PHRASE_WORD = re.compile(r"«[^«»]*»|\([^()]*\)|[^\s«»()]+")


@dataclass
class _Word:
    text: str
    start: int

    @property
    def letters(self) -> str:
        return re.sub(r"[^а-яёa-z]", "", self.text.lower())

    @property
    def is_parenthesis(self) -> bool:
        return self.text.startswith("(")

    @property
    def is_quotation(self) -> bool:
        return self.text[:1] in QUOTE_CHARS


def definition_full(before: str, short: str, settings: DefinitionSettings = DEFINITION_SETTINGS) -> str | None:
    """The noun phrase the short form stands for, as written just before the "(далее" mark.

    An abbreviation stands for the shortest tail whose word initials spell it; a quoted name
    there takes the legal form written before it ("областное … учреждение … «Томский …
    институт …»"). A word form stands for the phrase from the word that shares its stem,
    with the adjectives before that word ("региональной рабочей группы …"); a stem inside a
    parenthesis glosses the noun phrase before it ("план мероприятий («дорожную карту») …").
    Otherwise the noun phrase right before the mark, cut at the first word that cannot
    belong to it (see :func:`_noun_phrase_start`)."""
    clause_start = 0
    for m in _CLAUSE_BREAK.finditer(before):
        clause_start = m.end()
    clause = before[clause_start:].strip()
    words = [_Word(m.group(0), m.start()) for m in _PHRASE_WORD.finditer(clause)]
    if not words:
        return None
    letters = [c for c in short if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        start = _initials_start(words, "".join(letters).lower())
        if start is None:
            return clause[words[_noun_phrase_start(words, len(words))].start:].strip()
        if words[start].is_quotation or words[start].text.startswith(tuple(QUOTE_CHARS)):
            start = _noun_phrase_start(words, start)
        elif start > 0 and _INSTITUTION_NOUN.match(words[start - 1].letters) and any(
                w.is_quotation or w.text.startswith(tuple(QUOTE_CHARS)) for w in words[start:]):
            # the initials spell a quoted name with its territory ("Калининградской области
            # «Институт развития образования»"): the legal form before it is part of the name
            start = _noun_phrase_start(words, start)
        return clause[words[start].start:].strip()
    first_word = re.sub(r"[^а-яёa-z]", "", short.split()[0].lower())
    stems = [first_word[:settings.stem_length]]
    if short[:1].isupper():
        # a compound abbreviation keeps only the first syllable of its head word
        # ("Минобрнауки РД" for "Министерство образования и науки …")
        stems.append(first_word[:settings.compound_stem_length])
    head = _earliest_head_word(words, short, settings)
    if head is not None:
        return clause[words[_adjectives_before(words, head)].start:].strip()
    for stem in stems:
        for k, w in enumerate(words):
            if stem and (w.letters.startswith(stem) or (w.is_parenthesis or w.is_quotation) and any(
                    re.sub(r"[^а-яёa-z]", "", part.lower()).startswith(stem) for part in w.text.split())):
                if w.is_parenthesis:
                    start = _noun_phrase_start(words, k)
                else:
                    start = _adjectives_before(words, k)
                    if w.is_quotation and start == k:
                        # a quoted name takes the legal form written before it ("… учреждению
                        # дополнительного образования «Институт развития …»" for "Институт")
                        phrase = _noun_phrase_start(words, k)
                        if any(_INSTITUTION_NOUN.match(x.letters) for x in words[phrase:k]):
                            start = phrase
                        while start > 0 and _is_legal_form_word(words[start - 1].text):
                            start -= 1  # or its legal form abbreviated ("МБОУ ДО «…»")
                return clause[words[start].start:].strip()
    return clause[words[_noun_phrase_start(words, len(words))].start:].strip()


# First parts of compound words, whose second root gives an abbreviation a letter of its own
# ("органы местного самоуправления" — ОМСУ, "межмуниципальный" — ММ)
_COMPOUND_FIRST_PARTS = ("само", "обще", "меж", "взаимо", "много", "научно", "учебно", "военно")


def _is_legal_form_word(word: str) -> bool:
    """An abbreviated legal form or kind of institution, in capitals ("МБОУ", "ДО", "ГАУ")."""
    return word.isupper() and word.lower() in load_lexicon().org_forms


def _initials_of(word: str) -> str:
    lower = word.lower()
    for part in _COMPOUND_FIRST_PARTS:
        if lower.startswith(part) and len(lower) > len(part) + 3:
            return lower[0] + lower[len(part)]
    return lower[:1]


def _earliest_head_word(words: list[_Word], short: str, settings: DefinitionSettings) -> int | None:
    """Where the phrase a word form of several words names starts, when a later word of the
    form is met in the clause before its first word ("органам местного самоуправления
    муниципальных районов …" for "муниципальные органы управления образованием"): the first
    clause word sharing the stem of a word the form has in the nominative. None when the
    form's first word comes first, or the form is one word."""
    parts = [re.sub(r"[^а-яё]", "", p.lower()) for p in short.split()]
    if len(parts) < 2:
        return None
    stems = [p[:settings.stem_length] for p in parts if len(p) >= settings.stem_length and any(
        t.case == "nomn" for t in (r.tag for r in morph().parse(p)))]
    plain = [k for k, w in enumerate(words) if not (w.is_parenthesis or w.is_quotation)]
    hits = [k for k in plain if any(words[k].letters.startswith(st) for st in stems)]
    first = next((k for k in plain if words[k].letters.startswith(parts[0][:settings.stem_length])), None)
    if not hits or first is None or hits[0] >= first:
        return None
    return hits[0]


def _initials_start(words: list[_Word], target: str) -> int | None:
    """The start of the shortest tail whose word initials spell ``target`` (in order, with
    words between allowed), a quotation counting each of its words."""
    initials = [[_initials_of(p.lstrip("".join(QUOTE_CHARS) + "(")) for p in re.split(r"[\s-]+", w.text) if p]
                for w in words]
    for s in range(len(words) - 1, -1, -1):
        tail = "".join("".join(i) for i in initials[s:])
        if tail[:1] == target[:1] and _is_subsequence(target, tail):
            return s
    return None


_PHRASE_TAGS = ("NOUN", "ADJF", "PRTF", "NUMR", "PREP", "Apro")
_ADJECTIVE_TAGS = ("ADJF", "PRTF")


def _tags(word: _Word):
    return [p.tag for p in morph().parse(word.letters)] if word.letters else []


def _adjectives_before(words: list[_Word], k: int) -> int:
    """``k`` moved back over the adjectives and participles right before ``words[k]``."""
    while k > 0 and words[k - 1].letters and all(any(a in t for a in _ADJECTIVE_TAGS) for t in _tags(words[k - 1])[:1]):
        k -= 1
    return k


def _noun_phrase_start(words: list[_Word], end: int) -> int:
    """Where the noun phrase that ends before ``words[end]`` starts, read back word by word.

    It takes nouns, adjectives, participles, numbers, prepositions, quotations and
    parentheses, and a comma or "и" between parts in one case: a list ("всероссийских
    проверочных работ, государственной итоговой аттестации"; "курсах повышения квалификации,
    стажировках и семинарах"), each part read back to its head noun, the first noun in the
    case of the list. It stops at the first word that cannot belong: a verb or any other part
    of speech; a noun before a word in the nominative, which a noun does not govern
    ("… «дорожной карты» областное учреждение"); a noun before a list's first part, which
    governs the list ("анализа результатов всероссийских …, государственной …")."""
    start = end
    list_case: str | None = None  # the case of the list's parts, once a separator was crossed
    head_found = False  # the part being read has its head noun
    k = end - 1
    while k >= 0:
        w = words[k]
        if w.is_quotation and start < end and _only_nominative(words[start]) and not words[start].is_quotation:
            break  # a quoted name in another case before the phrase names something else
        if w.is_quotation or w.is_parenthesis or w.text.isdigit():
            start, k = k, k - 1
            continue
        separator = w.text in (",", "и", "или", "и/или")
        if separator or w.text.endswith(","):
            if start >= end or not _same_case(words[k - 1] if separator and k > 0 else w, words[start]):
                break
            list_case = list_case or _first_noun_case(words[start:end])
            head_found = False
            if separator:
                k -= 1
                continue
        tags = _tags(w)
        if not tags or not any(any(tag in t for tag in _PHRASE_TAGS) for t in tags[:2]):
            break
        first = tags[0]
        if "NOUN" in first and start < end:
            after = words[start]
            if not after.is_quotation and not after.is_parenthesis and _only_nominative(after) \
                    and not _is_place_name(after):
                break
            if list_case is not None:
                if head_found:
                    break
                head_found = first.case == list_case
        start, k = k, k - 1
    while start < end - 1 and any("PREP" in t for t in _tags(words[start])[:1]):
        start += 1  # a phrase starts after the preposition that governs it
    return start if start < end else max(0, end - 1)


def _first_noun_case(words: list[_Word]) -> str | None:
    for w in words:
        tags = _tags(w)
        if tags and "NOUN" in tags[0]:
            return tags[0].case
    return None


def _cases(word: _Word) -> set[str]:
    return {t.case for t in _tags(word) if t.case}


def _same_case(a: _Word, b: _Word) -> bool:
    return bool(_cases(a) & _cases(b))


def _is_place_name(word: _Word) -> bool:
    """A capitalised place name: it stays in the nominative after the noun it names
    ("Республики Дагестан", "Республики Саха (Якутия)")."""
    return word.text[:1].isupper() and any("Geox" in t for t in _tags(word)[:1])


def _only_nominative(word: _Word) -> bool:
    cases = _cases(word)
    return bool(cases) and cases <= {"nomn", "accs"}


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
