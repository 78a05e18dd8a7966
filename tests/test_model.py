"""The pydantic contract: gold files validate, extractions are deterministic and complete."""
import json

import pytest
from pydantic import ValidationError

from extractor.model import Order, SCHEMA_VERSION
from extractor.pipeline import extract

from .conftest import CORPUS, ORDERS, load_gold


def strip_unsure(value):
    if isinstance(value, dict):
        return {k: strip_unsure(v) for k, v in value.items() if k != "_unsure"}
    if isinstance(value, list):
        return [strip_unsure(v) for v in value]
    return value


def test_the_corpus_has_its_five_orders():
    assert len(ORDERS) == 5


@pytest.mark.parametrize("name", ORDERS)
def test_gold_files_follow_the_contract(name):
    order = Order.model_validate(strip_unsure(load_gold(name)))
    assert order.schema_version == SCHEMA_VERSION
    assert [a.seq for a in order.activities] == list(range(1, len(order.activities) + 1))


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_extraction_is_byte_identical_run_to_run_and_reads_back(fmt):
    path = CORPUS / ORDERS[0] / f"order.{fmt}"
    first, second = extract(path).to_json(), extract(path).to_json()
    assert first == second
    assert Order.model_validate_json(first).to_json() == first
    assert first.endswith("\n") and "\\u04" not in first  # Cyrillic written as UTF-8, not escaped


def test_every_field_is_present_even_when_empty():
    data = json.loads(extract(CORPUS / ORDERS[1] / "order.txt").to_json())
    assert set(data) == {"schema_version", "source", "order", "plan", "abbreviations", "activities", "flags"}
    for activity in data["activities"]:
        assert set(activity) == {"seq", "number", "section", "text", "deadline", "responsible", "indicator",
                                 "result", "targets", "source", "flags"}
        assert set(activity["deadline"]) == {"raw", "kind", "periods", "recurrence", "note"}
    assert any(a["indicator"] is None or a["section"] is None for a in data["activities"])


def test_unknown_fields_are_rejected():
    data = strip_unsure(load_gold(ORDERS[0]))
    data["activities"][0]["colour"] = "red"
    with pytest.raises(ValidationError, match="colour"):
        Order.model_validate(data)
