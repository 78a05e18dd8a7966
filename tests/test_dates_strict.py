"""Strict mode of the deadline grammar, and every real deadline cell read without the catch-all.

parse_deadline never raises by default: a cell that trips the rules (a bug of ours) is read as
unparsed. These tests show that safety net does something (a deliberately broken rule set is
caught by default and raises in strict mode) and that no real cell reaches it: the deadline cells
of the corpus (through the pipeline, every text format), of the gold files and of the unseen
orders' gold, read in strict mode. (The test tables of test_dates.py and docs/deadlines.md run in
strict mode themselves.) Also: no code is generated and run anywhere in the package.
"""
from __future__ import annotations

import ast
import json
import logging
from datetime import date
from pathlib import Path

import pytest

from extractor.normalizers.dates import (
    GRAMMAR, DeadlineGrammarError, Grammar, parse_deadline, strict_deadlines,
)
from extractor.normalizers.dates.engine import rule
from extractor.normalizers.dates.grammar import MONTH_NAME
from extractor.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "extractor" / "normalizers" / "dates"


def _explode(*_):
    raise ZeroDivisionError("a rule with a bug")


# a rule set whose first rule fails on every month name
BROKEN = Grammar((rule("broken", MONTH_NAME, build=_explode), *GRAMMAR.cell_rules), GRAMMAR.plan_rules)


def test_strict_mode_raises_on_a_broken_rule():
    with pytest.raises(DeadlineGrammarError, match="май 2023") as raised:
        parse_deadline("май 2023", grammar=BROKEN, strict=True)
    assert isinstance(raised.value.__cause__, ZeroDivisionError)
    with strict_deadlines(), pytest.raises(DeadlineGrammarError):
        parse_deadline("июнь, июль 2023", grammar=BROKEN)


def test_by_default_a_broken_rule_is_logged_and_unparsed(caplog):
    with caplog.at_level(logging.WARNING, logger="extractor.normalizers.dates.reader"):
        parsed = parse_deadline("май 2023", grammar=BROKEN, plan_start=date(2023, 1, 1), plan_end=date(2023, 12, 31))
    assert (parsed.kind, parsed.periods, parsed.flags) == ("unparsed", [], ["deadline_unparsed"])
    assert "май 2023" in caplog.text and "ZeroDivisionError" in caplog.text
    # cells the broken rule never starts at are read as ever; the real rule set reads them all
    assert parse_deadline("2023", grammar=BROKEN, strict=True).kind == "year"
    assert parse_deadline("май 2023", strict=True).kind == "month"


def _gold_cells(folder: Path):
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        period = gold["plan"]["period"]
        context = dict(plan_start=date.fromisoformat(period["start"]), plan_end=date.fromisoformat(period["end"]),
                       plan_kind=period["kind"], order_date=date.fromisoformat(gold["order"]["date"]))
        for activity in gold["activities"]:
            yield activity["deadline"], context


@pytest.mark.parametrize("folder, count", [(ROOT / "gold", 134), (ROOT / "tests" / "unseen" / "gold", 230)],
                         ids=["gold", "unseen"])
def test_every_gold_deadline_cell_is_read_strictly(folder, count):
    cells = list(_gold_cells(folder))
    assert len(cells) == count
    for deadline, context in cells:
        parsed = parse_deadline(deadline["raw"], **context, strict=True)
        assert parsed.kind == deadline["kind"], deadline["raw"]


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").glob("*/order.txt")), ids=lambda p: p.parent.name)
def test_the_pipeline_reads_every_corpus_deadline_strictly(path):
    with strict_deadlines():  # a cell that tripped the rules would raise out of extract
        order = extract(path)
    gold = json.loads((ROOT / "gold" / f"{path.parent.name}.json").read_text("utf-8"))
    assert [a.deadline.kind for a in order.activities] == [a["deadline"]["kind"] for a in gold["activities"]]


def test_no_generated_code_in_the_package():
    for source in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(source.read_text("utf-8"))
        called = {node.func.id for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
        assert not called & {"exec", "eval", "compile"}, source.name
