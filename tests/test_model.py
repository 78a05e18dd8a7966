"""The pydantic contract: gold files validate, JSON is deterministic, schema is exported."""
import json

import pytest

from extractor.model import Order, SCHEMA_VERSION

from .conftest import ORDERS, load_gold


def strip_unsure(value):
    if isinstance(value, dict):
        return {k: strip_unsure(v) for k, v in value.items() if k != "_unsure"}
    if isinstance(value, list):
        return [strip_unsure(v) for v in value]
    return value


@pytest.mark.parametrize("name", ORDERS)
def test_gold_files_follow_the_contract(name):
    order = Order.model_validate(strip_unsure(load_gold(name)))
    assert order.schema_version == SCHEMA_VERSION
    assert [a.seq for a in order.activities] == list(range(1, len(order.activities) + 1))


@pytest.mark.parametrize("name", ORDERS)
def test_json_round_trip_is_byte_identical(name):
    order = Order.model_validate(strip_unsure(load_gold(name)))
    text = order.to_json()
    assert Order.model_validate_json(text).to_json() == text
    assert text.endswith("\n") and "\\u04" not in text  # Cyrillic written as UTF-8, not escaped


def test_every_field_is_present_even_when_empty():
    data = json.loads(Order.model_validate(strip_unsure(load_gold(ORDERS[0]))).to_json())
    activity = data["activities"][0]
    for key in ("seq", "number", "section", "text", "deadline", "responsible", "indicator", "result",
                "targets", "source", "flags"):
        assert key in activity
    assert set(data) == {"schema_version", "source", "order", "plan", "abbreviations", "activities", "flags"}


def test_unknown_fields_are_rejected():
    data = strip_unsure(load_gold(ORDERS[0]))
    data["activities"][0]["colour"] = "red"
    with pytest.raises(Exception):
        Order.model_validate(data)
