"""Writes tests/dev4/orders/*/order.txt and tests/dev4/gold/*.json from the hand-made
annotation modules in source/orders/ (run from anywhere; prints any cross-check finding)."""
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import write  # noqa: E402

ROOT = HERE.parent


def main() -> int:
    total = 0
    for path in sorted((HERE / "orders").glob("o*.py")):
        module = importlib.import_module(f"orders.{path.stem}")
        gold = write(module.ORDER, ROOT)
        n = len(gold["activities"])
        total += n
        print(f"{module.ORDER.name}: {n} activities, {len(gold['flags'])} flags")
    print(f"total: {total} activities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
