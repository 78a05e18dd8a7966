"""Shared paths and loaders of the test suite."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "gold"
ORDERS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def load_gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def gold_by_name() -> dict[str, dict]:
    return {name: load_gold(name) for name in ORDERS}
