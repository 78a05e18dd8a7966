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


def score_set(folder: Path, formats: tuple[str, ...]) -> dict:
    """Each order of a test set (``folder/orders/<name>/order.<fmt>``, gold in
    ``folder/gold/<name>.json``) extracted in every format and compared with its gold:
    (name, format) -> evaluate.Report."""
    from extractor.evaluate import compare
    from extractor.pipeline import extract

    out = {}
    for gold_path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text("utf-8"))
        for fmt in formats:
            path = folder / "orders" / gold_path.stem / f"order.{fmt}"
            out[gold_path.stem, fmt] = compare(gold, json.loads(extract(path).to_json()), f"{gold_path.stem}/{fmt}")
    return out
