"""natasha's NER against the rules on a frozen set of orders (default tests/heldout3): the
people of responsible cells, the signatory and the full forms of "(далее – X)" definitions,
each counted against the set's gold.

People: per activity, the cell as its gold bodies wrote it (their ``raw`` pieces, one a line);
the gold people are the bodies whose ``name`` is a person ("Петрова А.А."); the rules' are the
bodies the resolver names by a person; natasha's are its PER spans. Signatory: the pattern of
extractor/metadata.py against natasha's last PER span in the 25 paragraphs after the document
type line. Definitions: every gold definition whose "(далее – X)" mark the order's text holds;
the rules' full form against the run of natasha's spans that ends at the mark.

    python bench/ner_frozen.py [GOLD_AND_ORDERS_FOLDER]
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bodies_ner import Ner, ner_full_form  # noqa: E402

from extractor.metadata import definitions, doc_type  # noqa: E402
from extractor.normalizers.body_rules import PERSON as PERSON_PATTERN  # noqa: E402
from extractor.normalizers.lexicon import DEFINITION_IN_PARENS  # noqa: E402
from extractor.normalizers.text import collapse_ws  # noqa: E402
from extractor.parsers import parse_file  # noqa: E402
from extractor.pipeline import extract  # noqa: E402
from tests.test_bodies import people_named  # noqa: E402

PERSON = re.compile(PERSON_PATTERN)


def prf(got: list[list[str]], want: list[list[str]]) -> str:
    tp = sum(len(set(g) & set(w)) for g, w in zip(got, want))
    fp = sum(len(set(g) - set(w)) for g, w in zip(got, want))
    fn = sum(len(set(w) - set(g)) for g, w in zip(got, want))
    exact = sum(set(g) == set(w) for g, w in zip(got, want))
    return f"cells right {exact}/{len(want)}  people P {tp / max(1, tp + fp):.3f} R {tp / max(1, tp + fn):.3f}"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "heldout3"
    ner = Ner()
    print(f"natasha models loaded in {ner.load_seconds:.2f} s; set {folder.relative_to(ROOT)}")
    cells, want = [], []
    signatory = {"rules": 0, "natasha": 0}
    defs = {"rules": 0, "natasha": 0, "total": 0}
    golds = sorted((folder / "gold").glob("*.json"))
    for gold_path in golds:
        gold = json.loads(gold_path.read_text("utf-8"))
        path = folder / "orders" / gold_path.stem / "order.txt"
        for activity in gold["activities"]:
            if activity["responsible"]:
                cells.append("\n".join(b["raw"] for b in activity["responsible"]))
                want.append([b["name"] for b in activity["responsible"] if PERSON.fullmatch(b["name"])])
        signatory["rules"] += extract(path).order.signatory == gold["order"]["signatory"]
        paragraphs = [p.text for p in parse_file(path).paragraphs]
        at = next((i for i, p in enumerate(paragraphs) if doc_type(p.split("\n")[0])), 0)
        people = [s.text for s in ner.spans("\n".join(paragraphs[at + 1:at + 25])) if s.type == "PER"]
        signatory["natasha"] += (people[-1] if people else None) == gold["order"]["signatory"]
        text = collapse_ws(path.read_text("utf-8"))
        full = {a["short"]: a["full"] for a in gold.get("abbreviations", [])}
        for m in DEFINITION_IN_PARENS.finditer(text):
            short = m.group("short").strip(" -–—")
            if short not in full:
                continue
            sentence_start = max(text.rfind(". ", 0, m.start()) + 1, 0)
            sentence = text[sentence_start:m.end()]
            expected = full.pop(short)
            defs["total"] += 1
            defs["rules"] += {d.short: d.full for d in definitions([sentence])}.get(short) == expected
            defs["natasha"] += ner_full_form(ner, sentence, sentence.rfind("(")) == expected
    started = time.perf_counter()
    rules_people = [people_named(c) for c in cells]
    rules_time = time.perf_counter() - started
    started = time.perf_counter()
    ner_people = [[s.text.strip(" ,;") for s in ner.spans(c) if s.type == "PER"] for c in cells]
    ner_time = time.perf_counter() - started
    print(f"People in {len(cells)} responsible cells of {len(golds)} orders")
    print(f"  rules    {prf(rules_people, want)}  {rules_time / len(cells) * 1e3:.2f} ms/cell")
    print(f"  natasha  {prf(ner_people, want)}  {ner_time / len(cells) * 1e3:.2f} ms/cell")
    print(f"Signatory exactly as gold: rules {signatory['rules']}/{len(golds)}, natasha {signatory['natasha']}/{len(golds)}")
    print(f"Definitions, full form exactly as gold: rules {defs['rules']}/{defs['total']}, "
          f"natasha {defs['natasha']}/{defs['total']}")


if __name__ == "__main__":
    main()
