"""The third development set (tests/dev3/: twelve orders written from the contract by someone who
had not read the rules: glued bodies of exports that lost a cell's line breaks, persons with
posts in both word orders, a deadline-first table with its headings in the deadline column,
a table cut in parts by heading paragraphs, a cell-per-line export, legal forms of other
shapes, a published appendix, a web copy cut inside the table, rows that lost a separator) in
txt, docx, pdf and as DOCX and PDFs of tables without rules."""
from pathlib import Path

import pytest

from extractor.evaluate import Report

from .conftest import score_set

DEV3 = Path(__file__).parent / "dev3"
NAMES = sorted(p.stem for p in (DEV3 / "gold").glob("*.json"))
FORMATS = ("txt", "docx", "pdf", "_borderless.docx", "_borderless.pdf")


@pytest.fixture(scope="module")
def reports() -> dict[tuple[str, str], Report]:
    return score_set(DEV3, FORMATS)


def test_the_set_is_there():
    assert len(NAMES) == 12
    assert all((DEV3 / "orders" / n / f"order{f}").exists() for n in NAMES for f in (".txt", ".docx", ".pdf"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_fields_over_the_set(reports, fmt):
    overall = Report(fmt)
    for name in NAMES:
        overall.merge(reports[name, fmt])
    # 1.000 when the rules were last changed, but in borderless PDFs (activity F1 0.997, flag
    # F1 0.976: the last word of 410's cut-off row stands alone on the next page); just under
    assert overall.activities.f1 >= 0.99
    for field in ("number", "section", "deadline_raw", "deadline_periods", "text"):
        assert overall.fields[field].accuracy >= 0.98, field
    assert overall.responsible.f1 >= 0.98
    assert overall.flag_totals().f1 >= (0.96 if fmt == "_borderless.pdf" else 0.98)
