"""The interpreter of the deadline grammar: patterns over tokens, in the spirit of yargy.

Takes tokens (``tokens.py``); gives, for a pattern at a token index, ``(next index, value)`` or
None. A grammar is built from these patterns (``grammar.py``) and read top to bottom; this module
knows no word of it.

- :class:`One` takes one token its test gives a value for; :class:`Word` a dictionary word with an
  optional abbreviation's dot; :class:`Phrases` the longest phrase of a dictionary.
- :class:`Seq` / :class:`Rule` take their parts one after the other (a rule's ``build`` turns the
  parts' values into its value, or vetoes with None); :class:`Alt` is ordered choice (PEG: the
  first option that matches wins, no backtracking into it); :class:`Opt` and :class:`Many` are
  zero-or-one and zero-or-more, both greedy; :class:`Rest` takes every token left.

Each pattern kind matches with one generic function over its parts; nothing is generated. What a
pattern makes of one token (a one-token pattern's value, which options of a choice can begin
there) is remembered per token object, and tokens are one object per shape, so a choice tries
only the options the token can start: the rules are indexed by the tokens that can start them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Optional, Sequence

from .tokens import WORDS, Token, tokenize

Match = Optional[tuple[int, object]]


@dataclass(frozen=True)
class EngineSettings:
    memo_limit: int = 20_000  # per-token memos are cleared past this, so arbitrary text cannot grow them


SETTINGS = EngineSettings()


class TokenMemo(dict):
    """``compute(token)`` for each token, computed on first need."""

    __slots__ = ("compute",)

    def __init__(self, compute: Callable[[Token], object]):
        super().__init__()
        self.compute = compute

    def __missing__(self, token: Token) -> object:
        if len(self) > SETTINGS.memo_limit:
            self.clear()
        value = self[token] = self.compute(token)
        return value


class Pattern:
    nullable = False  # matches without consuming a token
    match: Callable[[Sequence[Token], int], Match]

    def can_start(self, token: Token) -> bool:
        """Whether a match can begin with this token."""
        raise NotImplementedError

    @cached_property
    def starts_with(self) -> TokenMemo:
        """can_start, remembered per token."""
        return TokenMemo(self.can_start)


class One(Pattern):
    """One token for which ``test`` gives a value other than None; ``value_of`` remembers it."""

    def __init__(self, test: Callable[[Token], object]):
        value_of = self.value_of = TokenMemo(test)

        def match(tokens, i):
            if i < len(tokens):
                value = value_of[tokens[i]]
                if value is not None:
                    return i + 1, value
            return None
        self.match = match

    def can_start(self, token):
        return self.value_of[token] is not None


class Word(Pattern):
    """A word of a dictionary whose words may (or must) take an abbreviation's dot ("сент",
    "сент."; "г", "г."; "год"): the longest reading, as :class:`Phrases` would give it, in lookups
    per token."""

    def __init__(self, alone: dict[str, object], with_dot: dict[str, object]):
        self.starts = frozenset(alone) | frozenset(with_dot)
        value_alone = TokenMemo(lambda token: alone.get(token.norm))
        value_with_dot = TokenMemo(lambda token: with_dot.get(token.norm))

        def match(tokens, i):
            if i < len(tokens):
                token = tokens[i]
                value = value_with_dot[token]
                if value is not None and i + 1 < len(tokens) and tokens[i + 1].norm == ".":
                    return i + 2, value
                value = value_alone[token]
                if value is not None:
                    return i + 1, value
            return None
        self.match = match

    def can_start(self, token):
        return token.norm in self.starts


class Phrases(Pattern):
    """The longest phrase of a dictionary starting at the token; its value is the entry's value."""

    def __init__(self, phrases: dict[tuple[str, ...], object]):
        trie: dict = {}
        for norms, value in phrases.items():
            node = trie
            for norm in norms:
                node = node.setdefault(norm, {})
            node[""] = value  # "" is no token's norm: the end mark
        self.trie = trie

        def match(tokens, i):
            node, best, n = trie, None, len(tokens)
            while i < n:
                node = node.get(tokens[i].norm)
                if node is None:
                    break
                i += 1
                value = node.get("")
                if value is not None:
                    best = (i, value)
            return best
        self.match = match

    def can_start(self, token):
        return token.norm in self.trie


def first(value, *_):
    """The build that keeps the first part's value ("2023" of "2023 г.")."""
    return value


class Seq(Pattern):
    """The parts one after the other; the value is the list of their values, or ``build`` of them."""

    def __init__(self, parts: Sequence[Pattern], build: Optional[Callable[..., object]] = None):
        self.parts = tuple(parts)
        self.build = build
        self.nullable = all(part.nullable for part in parts)
        matches = tuple(part.match for part in parts)
        if build is first and not parts[0].nullable:
            # "2023 г.": the value is the first part's (never None), the rest only consumed
            head, tail = matches[0], matches[1:]

            def match(tokens, i):
                m = head(tokens, i)
                if m is None:
                    return None
                i, value = m
                for part in tail:
                    m = part(tokens, i)
                    if m is None:
                        return None
                    i = m[0]
                return i, value
        else:
            def match(tokens, i):
                values = []
                for part in matches:
                    m = part(tokens, i)
                    if m is None:
                        return None
                    i = m[0]
                    values.append(m[1])
                if build is None:
                    return i, values
                value = build(*values)
                return None if value is None else (i, value)
        self.match = match

    def can_start(self, token):
        for part in self.parts:
            if part.can_start(token):
                return True
            if not part.nullable:
                return False
        return False


class Rule(Seq):
    """A named pattern whose ``build`` turns the matched parts into a value, or vetoes with None."""

    def __init__(self, name: str, parts: Sequence[Pattern], build: Callable[..., object]):
        super().__init__(parts, build)
        self.name = name

    def __repr__(self) -> str:
        return f"<rule {self.name}>"


class Alt(Pattern):
    """Ordered choice: the first option that matches. The options of a choice among the options
    are its own. ``starting_with`` gives per token the matchers of the options that can begin
    there; only those are tried."""

    def __init__(self, options: Sequence[Pattern]):
        options = self.options = tuple(
            inner for option in options for inner in (option.options if isinstance(option, Alt) else (option,)))
        self.nullable = any(option.nullable for option in options)
        starting_with = self.starting_with = TokenMemo(lambda token: tuple(
            option.match for option in options if option.nullable or option.can_start(token)))
        at_end = tuple(option.match for option in options if option.nullable)

        def match(tokens, i):
            for option in (starting_with[tokens[i]] if i < len(tokens) else at_end):
                m = option(tokens, i)
                if m is not None:
                    return m
            return None
        self.match = match

    def can_start(self, token):
        return any(option.can_start(token) for option in self.options)


class Opt(Pattern):
    """Zero or one: the part's match, or no value without consuming a token."""

    nullable = True

    def __init__(self, part: Pattern):
        self.part = part
        part_match = part.match

        def match(tokens, i):
            m = part_match(tokens, i)
            return (i, None) if m is None else m
        self.match = match

    def can_start(self, token):
        return self.part.can_start(token)


class Many(Pattern):
    """Zero or more repetitions; the value is the list of their values."""

    nullable = True

    def __init__(self, part: Pattern):
        self.part = part
        part_match = part.match

        def match(tokens, i):
            values = []
            while (m := part_match(tokens, i)) is not None and m[0] > i:
                i = m[0]
                values.append(m[1])
            return i, values
        self.match = match

    def can_start(self, token):
        return self.part.can_start(token)


class Rest(Pattern):
    """Every remaining token; the value is their index range."""

    nullable = True

    def __init__(self):
        self.match = lambda tokens, i: (len(tokens), (i, len(tokens)))

    def can_start(self, token):
        return True


# --------------------------------------------------------------------------- building rules

def rule(name: str, *parts: Pattern, build: Callable[..., object]) -> Rule:
    return Rule(name, parts, build)


def alt(*options: Pattern) -> Pattern:
    if all(isinstance(option, One) for option in options):
        # a choice between one-token patterns is one: a token's value is that of the first that takes it
        def first_value(token):
            return next((value for option in options if (value := option.value_of[token]) is not None), None)
        return One(first_value)
    return Alt(options)


def opt(part: Pattern) -> Opt:
    return Opt(part)


def seq(*parts: Pattern) -> Seq:
    return Seq(parts)


def words(name_or_entries) -> Pattern:
    """The phrases of a dictionary of deadline_words.tsv (by name) or of the given entries, each read
    with the grammar's own tokenizer; a value "-" stands for none (the match gives True)."""
    entries = WORDS[name_or_entries] if isinstance(name_or_entries, str) else name_or_entries
    phrases = {tuple(token.norm for token in tokenize(phrase)[0]): True if value == "-" else value
               for phrase, value in entries.items()}
    if all(len(norms) == 1 for norms in phrases):  # one-word phrases only: a one-token pattern
        single = {norms[0]: value for norms, value in phrases.items()}
        return One(lambda token: single.get(token.norm))
    if all(len(norms) == 1 or norms[1:] == (".",) for norms in phrases):
        return Word({norms[0]: value for norms, value in phrases.items() if len(norms) == 1},
                    {norms[0]: value for norms, value in phrases.items() if len(norms) == 2})
    return Phrases(phrases)
