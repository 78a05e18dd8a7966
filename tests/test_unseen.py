"""The development set (tests/unseen/: ten orders with gold made by construction; rules have
been written while looking at them, so they are no held-out set) in every format."""
from pathlib import Path

import pytest

from extractor.evaluate import Report

from .conftest import score_set

UNSEEN = Path(__file__).parent / "unseen"
NAMES = sorted(p.stem for p in (UNSEEN / "gold").glob("*.json"))
FORMATS = ("txt", "docx", "pdf")


@pytest.fixture(scope="module")
def reports() -> dict[tuple[str, str], Report]:
    return score_set(UNSEEN, FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", NAMES)
def test_every_activity_found(reports, name, fmt):
    assert reports[name, fmt].activities.f1 >= 0.99


@pytest.mark.parametrize("fmt", FORMATS)
def test_fields_over_the_set(reports, fmt):
    overall = Report(fmt)
    for name in NAMES:
        overall.merge(reports[name, fmt])
    # thresholds just under the figures measured when the set was made a development set
    assert overall.activities.f1 >= 0.99
    for field in ("text", "number", "section", "deadline_raw", "deadline_periods", "indicator"):
        assert overall.fields[field].accuracy >= 0.99, field
    assert overall.responsible.f1 >= 0.99
    assert overall.flag_totals().f1 >= 0.99
    assert sum(c.correct for c in overall.order.values()) >= 0.98 * sum(c.total for c in overall.order.values())
