"""Responsible cells to the bodies and people they name.

:class:`BodyResolver` takes the document's own "(далее – X)" definitions once, then one
responsible cell at a time in reading order. For each cell it gives a :class:`Body` per body
or person (``raw``: the piece of the cell; ``name``: canonical short form; ``full_name``;
``role``) and the :class:`BodyFinding` items behind the flags ``abbreviation_variant``,
``abbreviation_undefined`` and ``ocr_suspect``.

Steps, each an ordered list of named rules in :mod:`.body_rules` (nothing inside «quotes»
or (parentheses) is ever cut):

0. tokens (:mod:`.body_tokens`), the cell's line breaks kept; a token with Latin letters is
   read as Cyrillic or dropped as OCR noise (``TOKEN_READING_RULES``);
1. line breaks and separators cut the cell into pieces. A line break ends a body unless the
   line only wraps a name: it ends in a word waiting for more (an adjective, a preposition, a
   legal form …), the next starts in lower case or in an oblique case, or a run of
   abbreviations wraps (``LINE_BREAK_RULES``). Separators: ";", ",", ". ", "/", list bullets
   and numbers, the separator phrases of ``data/body_words.tsv``, and "и" where a body starts
   after it (``SEPARATOR_RULES``); a comma before what cannot stand alone (a participle, the
   next part of an "X, Y и Z" name, a person's post, the next of two numbers or adjectives,
   an organisation of the same kind after a people word) is part of the name;
2. body starts inside a piece with no separator (``SPLIT_RULES``): after a definition, role
   or abbreviation in parentheses; at a person, unless a post leads to them; at a post that
   leads to another person; at a capitalised head word; at an abbreviation or a legal form
   after a named body; at a group word after an abbreviation or after an organisation;
3. a run of abbreviations ("МО ТО ГБУ ТО ЦОКО МОУО") is cut into the longest known names
   (the document's, the dictionary's, those seen before), near variants of the document's
   own, and unknown stretches that break before a legal form or a dictionary body; a legal
   form with a region code ("ГАУ ДПО ЯО") is no body yet and takes the abbreviation after
   it, a dictionary body too ("ИРО") (``RUN_RULES``);
4. each body: its trailing parentheses read as a definition, an abbreviation or a role
   (``QUALIFIER_RULES``), then its name (``NAMING_RULES``): a person's surname and initials
   when it names a person (the post stays in ``raw``); the document's abbreviation when the
   piece is it or it with the legal form exchanged or by its last word ("ГБОУ ТО ЦОКО",
   "ЦОКО" for "ГБУ ТО ЦОКО"), before the dictionary, which knows the kind ("ЦОКО") but not
   the order's own body; else the dictionary's abbreviation; else the form in which the
   body first appeared in the document (compared without case and quotes); else the
   document's abbreviation with a letter off, a legal-form variant of a dictionary name, the
   written-out form of a definition; else the piece as written.

``resolve(cell, trace=steps)`` appends a :class:`TraceStep` (rule name, detail) for every
token read, every cut and every body named, in that order, for the ``explain`` view.

Findings (one list per cell, in the order met):
- ``abbreviation_variant``: ``{"written": "ГБОУ ДПО ТОИУУ", "defined": "ГБУ ДПО ТОИУУ"}``
  for a body written otherwise than the document defines it (case alone does not count);
- ``ocr_suspect``: ``{"written": "PMK", "read_as": "РМК"}`` for a Latin look-alike read as
  Cyrillic, ``{"written": "T", "dropped": True}`` for noise left out;
- ``abbreviation_undefined``: at most one per cell, ``{"written": "ДОО ТО, ТОИПКРО",
  "abbreviations": ["ДОО ТО", "ТОИПКРО"]}``, for the abbreviations that neither the document
  nor ``data/abbreviations.tsv`` defines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from . import body_rules as rules
from .body_rules import Gap, Join, Match, Qualifiers, Reading, RunPoint, meaningful
from .body_tokens import (
    Lexicon, Token, abbreviation_words, is_abbreviation, load_lexicon, name_key, spell, tokens_of,
)
from .lexicon import is_known_word
from .repair import LATIN, read_case_lookalikes
from .text import collapse_ws

VARIANT = "abbreviation_variant"
UNDEFINED = "abbreviation_undefined"
OCR_SUSPECT = "ocr_suspect"

__all__ = ["Body", "BodyFinding", "BodyResolver", "BodySettings", "TraceStep", "is_abbreviation"]


@dataclass
class Body:
    raw: str
    name: str
    full_name: str | None
    role: str | None


@dataclass
class BodyFinding:
    code: str  # "abbreviation_variant", "abbreviation_undefined" or "ocr_suspect"
    detail: dict


class TraceStep(NamedTuple):
    """One decision of :meth:`BodyResolver.resolve`: the rule that made it and what it did."""

    rule: str
    detail: str


@dataclass(frozen=True)
class BodySettings:
    """Thresholds of the cutting and the name matching; each a guess tuned on the gold set."""

    # A variant of a defined abbreviation differs in one token by at most this many letters
    # (ТОИУ / ТОИУУ) ...
    variant_max_edits: int = 1
    # ... and that token has at least this many letters (МО / УО are different bodies); a
    # legal form exchanged for another is a variant whatever its length (МУ / МКУ), the legal
    # forms being a known list.
    variant_min_token_length: int = 3
    # A one-token name matches a variant only from this length on (ТОИПКРО / ТОИПКР0).
    variant_min_single_length: int = 5
    # Last token of a defined abbreviation written alone ("ТОИУУ" for "ГБУ ДПО ТОИУУ"); a
    # shorter one counts when the dictionary knows it as a kind of body ("ИРО").
    suffix_variant_min_length: int = 4
    # A written-out name matches a definition's full form at this rapidfuzz ratio ...
    full_name_min_ratio: float = 92.0
    # ... when it has at least this many characters.
    full_name_min_length: int = 12
    # A Latin-only token up to this length that reads as no known body is OCR noise.
    noise_max_length: int = 6
    # A list number ("1.", "2)") has at most this many digits; longer numbers are part of a name.
    list_number_max_digits: int = 2
    # A lower-case word up to this length before a full stop is shortened ("им.", "г.", "ул.") ...
    shortened_word_max_length: int = 3
    # ... and so is any word up to this length when a lower-case word follows ("Зам. директора").
    shortened_capital_word_max_length: int = 4
    # A region written after a name ("ОО ТО", "ГБУ ТО") has at most this many letters.
    region_max_length: int = 2
    # The shared beginning of a people word's case forms ("руководител") counts from this length;
    # shorter roots ("член") would match unrelated words.
    people_root_min_length: int = 5


@dataclass
class BodyResolver:
    """Bodies of the responsible cells of one document, named consistently across it.

    ``definitions`` are the document's own "(далее – X)" definitions, short -> full, in
    document order. Call :meth:`resolve` once per activity, in reading order: a body is named
    the way it first appeared.
    """

    definitions: dict[str, str]
    settings: BodySettings = field(default_factory=BodySettings)
    lexicon: Lexicon = field(default_factory=load_lexicon)

    def __post_init__(self) -> None:
        self.definitions = {k.strip(): v.strip() for k, v in self.definitions.items() if k.strip()}
        self.defined = {name_key(short): short for short in self.definitions}
        self.defined_abbreviations = [s for s in self.definitions if abbreviation_words(s)]
        self.full_forms: dict[str, str] = {}  # key of a written-out form -> short
        for short, full in self.definitions.items():
            self.full_forms.setdefault(name_key(full), short)
        self.dictionary = {name_key(short): short for short in self.lexicon.dictionary}
        self.dictionary_full = {name_key(short): full for short, full in self.lexicon.dictionary.items()}
        self.dictionary_names = [short for short in self.lexicon.dictionary if " " in short.strip()]
        self.dictionary_bodies = frozenset(k for k in self.dictionary if not rules.is_legal_form(self, k))
        self.seen: dict[str, str] = {}  # key -> the name as it first appeared
        # "руководител", "куратор", "заместител": what the case forms of people words share
        self.people_roots = tuple(
            root for word in (*self.lexicon.groups, *self.lexicon.positions)
            if len(root := word.rstrip("аяыиьйе")) >= self.settings.people_root_min_length
        )
        self._known_words = {
            name_key(w)
            for name in [*self.definitions, *self.lexicon.dictionary]
            for w in abbreviation_words(name)
        }

    # -- public

    def resolve(self, cell: str, trace: list[TraceStep] | None = None) -> tuple[list[Body], list[BodyFinding]]:
        """The bodies of one responsible cell and what a person should check about them.

        ``trace``, when given, receives a :class:`TraceStep` for every rule that read a token,
        cut the cell or named a body."""
        # each line's spaces collapsed; the line breaks stay for the line-break rules
        text = "\n".join(collapse_ws(line) for line in (cell or "").split("\n") if line.strip())
        findings: list[BodyFinding] = []
        tokens = self._read_tokens(text, findings, trace)
        bodies: list[Body] = []
        undefined: list[str] = []
        for piece in self._pieces(tokens, trace):
            for segment in self._segments(piece, trace):
                for span in self._split_run(segment, trace):
                    body = self._body(text, span, findings, trace)
                    if body is None:
                        continue
                    body, written = body
                    for abbreviation in self._undefined(written):
                        if abbreviation not in undefined:
                            undefined.append(abbreviation)
                    if all(b.name != body.name for b in bodies):
                        bodies.append(body)
        if undefined:
            findings.append(BodyFinding(UNDEFINED, {"written": ", ".join(undefined), "abbreviations": undefined}))
        return bodies, findings

    # -- what the rules ask of the document

    def is_known_word(self, word: str) -> bool:
        """An abbreviation word of a definition, the dictionary or a body seen before."""
        key = name_key(word)
        return key in self._known_words or any(key in name_key(name).split() for name in self.seen.values())

    def names_no_body(self, t: Token) -> bool:
        """A dictionary abbreviation for an assessment, a programme or a document, not a body
        ("ГИА", "ВПР", "ФГОС"): its full form has no word for an organisation or people."""
        full = self.dictionary_full.get(name_key(t.read))
        if full is None or name_key(t.read) in self.defined:
            return False
        return not any(rules.body_noun(self, word) for word in re.findall(r"[а-яё]+", full.lower()))

    def starts_known_name(self, t: Token) -> bool:
        key = name_key(t.read)
        names = [*self.defined, *self.dictionary_bodies, *self.seen]
        return any(name.split(" ", 1)[0] == key for name in names)

    def known_name_end(self, run: list[Token], i: int) -> int | None:
        """End of the longest known name, or near variant of a defined one, from ``run[i]``."""
        for exact in (True, False):
            for j in range(len(run), i, -1):
                if run[j - 1].kind == "punct":
                    continue
                match = self.match(_read_text(run[i:j]), exact_only=exact)
                if match is not None and match.how != "full":
                    return j
        return None

    def is_region_suffix(self, run: list[Token], i: int) -> bool:
        """Two capitals that name no body of their own after a name: a region ("ОО ТО")."""
        t = run[i]
        return (
            t.is_abbreviation and len(t.read) <= self.settings.region_max_length
            and t.lower not in self.lexicon.org_forms
            and self.known_name_end(run, i) is None
        )

    def same_kind(self, a: str, b: str) -> bool:
        """Two abbreviations of one kind of organisation: one ends the other ("ОО", "ДОО") or
        their written-out forms have the same head noun ("… организация")."""
        if a.endswith(b) or b.endswith(a):
            return True
        heads = [self._head_noun(self.definitions.get(x) or self.lexicon.dictionary.get(x) or "") for x in (a, b)]
        return heads[0] is not None and heads[0] == heads[1]

    @staticmethod
    def _head_noun(full: str) -> str | None:
        for word in full.split():
            if rules.nominative_noun(word) is not None:
                return rules.parses(word.casefold())[0].normal_form
        return None

    def match(self, text: str, exact_only: bool = False, trace: list[TraceStep] | None = None) -> Match | None:
        """The canonical name ``text`` stands for, if it is a name already known."""
        key = name_key(text)
        if not key:
            return None
        for rule in rules.EXACT_NAMING_RULES if exact_only else rules.NAMING_RULES:
            found = rule(self, text, key)
            if found is not None:
                _note(trace, rule.__name__, f"{text!r} -> {found.name!r} ({found.how})")
                return found
        return None

    # -- step 0: tokens, OCR reading

    def _read_tokens(self, text: str, findings: list[BodyFinding], trace) -> list[Token]:
        tokens = []
        for token in tokens_of(text):
            if token.is_word and LATIN.search(token.text):
                reading = Reading(self, token)
                rule, verdict = _first_answer(rules.TOKEN_READING_RULES, reading)
                if verdict == "drop":
                    _note(trace, rule.__name__, f"{token.text!r} dropped")
                    findings.append(BodyFinding(OCR_SUSPECT, {"written": token.text, "dropped": True}))
                    continue
                if verdict == "read":
                    _note(trace, rule.__name__, f"{token.text!r} read as {reading.as_cyrillic!r}")
                    token.read, token.ocr = reading.as_cyrillic, True
            elif token.is_word and (read := read_case_lookalikes(token.text)) is not None:
                # "оО": an abbreviation known in capitals, read partly in lower case; spelt
                # exactly: "ЦОиККО" and "ППк" have lower-case letters of their own, "Он" is a word
                if not is_known_word(token.text) and self.spelt_known(read) and not self.spelt_known(token.text):
                    _note(trace, "case_lookalikes", f"{token.text!r} read as {read!r}")
                    token.read, token.ocr = read, True
            tokens.append(token)
        return tokens

    def spelt_known(self, abbreviation: str) -> bool:
        """An abbreviation the order defines or the dictionary holds, spelt exactly so."""
        return abbreviation in self.definitions or abbreviation in self.lexicon.dictionary

    # -- step 1: separators

    def _pieces(self, tokens: list[Token], trace) -> list[list[Token]]:
        pieces: list[list[Token]] = [[]]
        i = 0
        while i < len(tokens):
            gap = Gap(self, tokens, i, pieces[-1])
            if tokens[i].line_start and meaningful(pieces[-1]):
                rule, ends = _first_answer(rules.LINE_BREAK_RULES, gap)
                if rule is not None:
                    _note(trace, rule.__name__, f"{'cut' if ends else 'no cut'} at the line break before {tokens[i].read!r}")
                if ends:
                    pieces.append([])
                    gap = Gap(self, tokens, i, pieces[-1])
            rule, width = _first_answer(rules.SEPARATOR_RULES, gap)
            if width:
                _note(trace, rule.__name__, f"cut at {_read_text(tokens[i:i + width])!r}")
                pieces.append([])
                i += width
                continue
            if width == 0:
                _note(trace, rule.__name__, f"no cut at {tokens[i].read!r}")
            pieces[-1].append(tokens[i])
            i += 1
        return [p for p in (_trim(p) for p in pieces) if meaningful(p)]

    # -- step 2: body starts inside a piece

    def _segments(self, piece: list[Token], trace) -> list[list[Token]]:
        segments: list[list[Token]] = []
        current: list[Token] = []
        for j, t in enumerate(piece):
            nxt = piece[j + 1] if j + 1 < len(piece) else None
            if current:
                join = Join(self, current, t, nxt, piece[j:])
                rule, verdict = _first_answer(rules.SPLIT_RULES, join)
                if verdict:
                    _note(trace, rule.__name__, f"cut before {t.read!r}")
                    segments.append(current)
                    current = []
                elif verdict is False:
                    _note(trace, rule.__name__, f"no cut before {t.read!r}")
            current.append(t)
        if current:
            segments.append(current)
        return segments

    # -- step 3: runs of abbreviations

    def _split_run(self, segment: list[Token], trace) -> list[list[Token]]:
        tail = len(segment)
        while tail > 0 and segment[tail - 1].kind in ("paren", "punct"):
            tail -= 1
        run, trailing = segment[:tail], segment[tail:]
        if len([t for t in run if t.is_word]) < 2 or not all(
            t.is_abbreviation or t.kind == "quote" or t.read.isdigit() or t.text == "№" for t in run
        ):
            return [run + trailing]
        spans: list[list[Token]] = []
        buffer: list[Token] = []
        i = 0
        while i < len(run):
            point = RunPoint(self, run, i, buffer)
            length = None
            for rule in rules.RUN_RULES:
                length = rule(point)
                if length is not None:
                    break
            if length == rules.RUN_ON:
                _note(trace, rule.__name__, f"no cut before {run[i].read!r}")
            elif length is not None:
                _note(trace, rule.__name__, f"body from {run[i].read!r}")
                if buffer:
                    spans.append(buffer)
                    buffer = []
                if length > 0:
                    spans.append(run[i:i + length])
                    i += length
                    continue
            buffer.append(run[i])
            i += 1
        if buffer:
            spans.append(buffer)
        spans[-1] = spans[-1] + trailing
        return spans

    # -- step 4: one body

    def _body(self, text: str, span: list[Token], findings: list[BodyFinding],
              trace) -> tuple[Body, str] | None:
        """The body of one span, and the text whose abbreviations must be defined."""
        span = _trim(span)
        if not meaningful(span):
            return None
        core = _strip_punct(list(span))
        qualifiers = Qualifiers()
        while core and core[-1].kind == "paren":
            content = collapse_ws(core[-1].text.strip("()"))
            read_by = next((rule for rule in rules.QUALIFIER_RULES if rule(content, len(core) == 1, qualifiers)), None)
            if read_by is None:
                break
            _note(trace, read_by.__name__, repr(content))
            core = _strip_punct(core[:-1])
        short = qualifiers.short
        if not meaningful(core) and short is None:
            return None
        written = spell(text, core)
        if short is not None:
            match = self.match(short, exact_only=True, trace=trace)
            name = match.name if match is not None else short
            full = self.definitions.get(name) or written or None
            if written:
                self.full_forms.setdefault(name_key(written), name)
        else:
            match = self.match(written, trace=trace)
            if match is None:
                match = rules.as_written(self, written, name_key(written))
                _note(trace, rules.as_written.__name__, repr(written))
            name = match.name
            if match.how in ("quotes", "variant"):
                findings.append(BodyFinding(VARIANT, {"written": written, "defined": name}))
            full = self.definitions.get(name) or self.lexicon.dictionary.get(name)
        self.seen.setdefault(name_key(name), name)
        if written:
            self.seen.setdefault(name_key(written), name)
        for t in core:
            if t.ocr:
                findings.append(BodyFinding(OCR_SUSPECT, {"written": t.text, "read_as": t.read}))
        # a person's post may hold abbreviations too ("методист ИМЦ")
        defined_text = written if match is not None and match.how == "person" else name
        return Body(raw=_raw(text, span), name=name, full_name=full, role=qualifiers.role), defined_text

    def _undefined(self, name: str) -> list[str]:
        """Runs of abbreviations in ``name`` that neither the document nor the dictionary defines."""
        if name_key(name) in self.defined or name_key(name) in self.dictionary:
            return []
        out = []
        run: list[str] = []
        for word in [*re.findall(r"[^\W_]+", name.replace("-", " ")), ""]:
            if word and is_abbreviation(word):
                run.append(word)
                continue
            if run and not self._run_defined(run):
                out.append(" ".join(run))
            run = []
        return out

    def _run_defined(self, run: list[str]) -> bool:
        whole = name_key(" ".join(run))
        if whole in self.defined or whole in self.dictionary:
            return True
        return all(name_key(w) in self.dictionary or name_key(w) in self.defined for w in run)


_TRAILING_RAW_PUNCT = ",;:"


def _note(trace: list[TraceStep] | None, rule: str, detail: str) -> None:
    if trace is not None:
        trace.append(TraceStep(rule, detail))


def _raw(text: str, span: list[Token]) -> str:
    """The piece of the cell a body came from, on one line."""
    return collapse_ws(text[span[0].start:span[-1].end]).rstrip(_TRAILING_RAW_PUNCT).strip()


def _read_text(tokens: list[Token]) -> str:
    return " ".join(t.read for t in tokens)


def _strip_punct(tokens: list[Token]) -> list[Token]:
    while tokens and tokens[-1].kind == "punct":
        tokens = tokens[:-1]
    return tokens


def _trim(piece: list[Token]) -> list[Token]:
    """Bullets and conjunctions at the start; commas, semicolons, colons and dashes at the end."""
    while piece and (
        (piece[0].kind == "punct" and piece[0].text in rules.LIST_BULLETS)
        or (piece[0].is_word and piece[0].lower in ("и", "а", "также"))
    ):
        piece = piece[1:]
    while piece and piece[-1].kind == "punct" and piece[-1].text in _TRAILING_RAW_PUNCT + rules.DASHES:
        piece = piece[:-1]
    return piece


def _first_answer(rule_list, subject):
    """The first rule of ``rule_list`` that has an answer (not None) for ``subject``, and that
    answer; (None, None) when none has. The lists are ordered: the first answer wins."""
    for rule in rule_list:
        answer = rule(subject)
        if answer is not None:
            return rule, answer
    return None, None
