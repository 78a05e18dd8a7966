"""Does natasha's NER read the signatory (PER) and issuer (ORG) better than our patterns?

Runs on every order.txt of corpus/ and tests/unseen/ and counts exact matches with gold:
the patterns of extractor/metadata.py against natasha's last PER span after the document
type line and its first ORG span in the letterhead above it.

    python bench/metadata_ner.py
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

from extractor.metadata import doc_type
from extractor.parsers import parse_file
from extractor.pipeline import extract

ROOT = Path(__file__).resolve().parent.parent


def spans(text: str, kind: str, segmenter, tagger) -> list[str]:
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [s.text for s in doc.spans if s.type == kind]


def main() -> None:
    started = time.perf_counter()
    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    print(f"natasha models loaded in {time.perf_counter() - started:.2f} s")
    cases = [(d / "order.txt", ROOT / "gold" / f"{d.name}.json") for d in sorted((ROOT / "corpus").iterdir()) if d.is_dir()]
    cases += [(d / "order.txt", ROOT / "tests/unseen/gold" / f"{d.name}.json")
              for d in sorted((ROOT / "tests/unseen/orders").iterdir())]
    score = {"signatory patterns": 0, "signatory natasha": 0, "issuer patterns": 0, "issuer natasha": 0}
    for path, gold_path in cases:
        gold = json.loads(gold_path.read_text("utf-8"))["order"]
        order = extract(path).order
        score["signatory patterns"] += order.signatory == gold["signatory"]
        score["issuer patterns"] += order.issuer == gold["issuer"]
        paragraphs = [p.text for p in parse_file(path).paragraphs]
        at = next(i for i, p in enumerate(paragraphs) if doc_type(p.split("\n")[0]))
        people = spans("\n".join(paragraphs[at + 1:at + 25]), "PER", segmenter, tagger)
        orgs = spans("\n".join(paragraphs[max(0, at - 4):at]), "ORG", segmenter, tagger)
        score["signatory natasha"] += (people[-1] if people else None) == gold["signatory"]
        score["issuer natasha"] += (orgs[0] if orgs else None) == gold["issuer"]
    for key, value in score.items():
        print(f"{key:20s} {value}/{len(cases)}")


if __name__ == "__main__":
    main()
