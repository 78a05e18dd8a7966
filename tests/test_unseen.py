"""Orders the rules were not written from (tests/unseen/, gold made by construction), in
every format: the extraction must hold up as it does on the corpus."""
import json
from pathlib import Path

import pytest

from extractor.evaluate import Report, compare
from extractor.pipeline import extract

UNSEEN = Path(__file__).parent / "unseen"
NAMES = sorted(p.stem for p in (UNSEEN / "gold").glob("*.json"))
FORMATS = ("txt", "docx", "pdf")


@pytest.fixture(scope="module")
def reports() -> dict[tuple[str, str], Report]:
    out = {}
    for name in NAMES:
        gold = json.loads((UNSEEN / "gold" / f"{name}.json").read_text("utf-8"))
        for fmt in FORMATS:
            path = UNSEEN / "orders" / name / f"order.{fmt}"
            out[name, fmt] = compare(gold, json.loads(extract(path).to_json()), f"{name}/{fmt}")
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", NAMES)
def test_every_activity_found(reports, name, fmt):
    assert reports[name, fmt].activities.f1 >= 0.95


@pytest.mark.parametrize("fmt", FORMATS)
def test_fields_over_the_set(reports, fmt):
    overall = Report(fmt)
    for name in NAMES:
        overall.merge(reports[name, fmt])
    assert overall.activities.f1 >= 0.98
    for field, minimum in (("text", 0.95), ("section", 0.95), ("deadline_raw", 0.97),
                           ("deadline_periods", 0.97), ("indicator", 0.95)):
        assert overall.fields[field].accuracy >= minimum, field
    assert overall.responsible.f1 >= 0.90
    flags = overall.flag_totals()
    assert flags.f1 >= 0.90
    assert sum(c.correct for c in overall.order.values()) >= 0.95 * sum(c.total for c in overall.order.values())
