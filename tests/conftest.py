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


def score_set(folder: Path, formats: tuple[str, ...], only: list[str] | None = None) -> dict:
    """Each order of a test set (``folder/orders/<name>/order.<fmt>``, or ``order<fmt>`` for a
    format that starts with "_", gold in ``folder/gold/<name>.json``; ``only`` these names when
    given) extracted in every format and compared with its gold: (name, format) -> evaluate.Report."""
    from extractor.evaluate import compare
    from extractor.pipeline import extract

    out = {}
    for gold_path in sorted((folder / "gold").glob("*.json")):
        if only is not None and gold_path.stem not in only:
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        for fmt in formats:
            name = f"order{fmt}" if fmt.startswith("_") else f"order.{fmt}"
            path = folder / "orders" / gold_path.stem / name
            out[gold_path.stem, fmt] = compare(gold, json.loads(extract(path).to_json()), f"{gold_path.stem}/{fmt}")
    return out
