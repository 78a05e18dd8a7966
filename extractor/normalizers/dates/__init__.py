"""Deadline cells of roadmap tables -> normalized periods, by a grammar of named rules.

``docs/deadlines.md`` is the contract: every form the grammar reads with its periods, the
year-inference rules and the flag rules. The package, in reading order:

- ``tokens.py``: text -> tokens, with OCR repairs from ``normalizers/repair.py`` and the word
  dictionaries of ``data/deadline_words.tsv`` (month names from ``normalizers/lexicon.py``);
- ``engine.py``: the interpreter (patterns: one token, words, phrases, sequence, choice, option);
- ``grammar.py``: the named rules and the rule set a cell is read with;
- ``items.py``: what the rules build (dates, ranges, by-dates, phrases) and their periods;
- ``years.py``: years a cell does not write, and periods, kind, recurrence of a cell;
- ``flags.py``: the deadline flags, each decided once;
- ``reader.py``: the API below, with strict mode.
"""
from .flags import FLAG_ORDER
from .grammar import GRAMMAR, Grammar
from .items import DeadlinePeriod
from .reader import (
    DeadlineGrammarError, ParsedDeadline, PlanPeriodResult, deadline_likeness, find_dates, infer_plan_period,
    parse_deadline, parse_plan_period, strict_deadlines,
)

__all__ = [
    "DeadlinePeriod", "ParsedDeadline", "PlanPeriodResult", "parse_deadline", "parse_plan_period",
    "infer_plan_period", "FLAG_ORDER", "find_dates", "deadline_likeness", "DeadlineGrammarError",
    "strict_deadlines", "Grammar", "GRAMMAR",
]
