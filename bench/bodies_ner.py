"""Does natasha's NER find people in responsible cells, and the full forms of "(далее – X)"
definitions, better than the body and definition rules?

People: every cell of ``tests.test_bodies.PEOPLE_CELLS`` (people with posts, full names,
bodies named after a person, cells with no person). The rules' people are the bodies the
resolver names by a person; natasha's are its PER spans. Counted: cells read exactly right,
and precision/recall over the people.

Definitions: the sentences of ``tests.test_bodies_definitions.DEFINITIONS`` and every
definition of the corpus orders (order.txt) with its gold full form. The rules' full form is
``metadata.definitions``; natasha's is the run of ORG/LOC/PER spans that ends right before
the "(далее" mark (nothing when no span ends there).

Also the time per cell or sentence, and natasha's load time.

    python bench/bodies_ner.py
"""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter  # noqa: E402

from extractor.assemble import assemble  # noqa: E402
from extractor.locate import locate_roadmaps  # noqa: E402
from extractor.metadata import definition_texts, definitions  # noqa: E402
from extractor.normalizers.lexicon import DEFINITION_IN_PARENS  # noqa: E402
from extractor.normalizers.text import collapse_ws  # noqa: E402
from extractor.parsers import parse_file  # noqa: E402
from tests.test_bodies import PEOPLE_CELLS, people_named  # noqa: E402
from tests.test_bodies_definitions import DEFINITIONS  # noqa: E402


class Ner:
    def __init__(self) -> None:
        started = time.perf_counter()
        self.segmenter, self.tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
        self.load_seconds = time.perf_counter() - started

    def spans(self, text: str):
        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_ner(self.tagger)
        return doc.spans


def people_scores(name: str, read) -> tuple[str, float]:
    exact = tp = fp = fn = 0
    read(PEOPLE_CELLS[0][0])  # the first call loads dictionaries and models
    started = time.perf_counter()
    for cell, want in PEOPLE_CELLS:
        got = read(cell)
        exact += got == want
        tp += len(set(got) & set(want))
        fp += len(set(got) - set(want))
        fn += len(set(want) - set(got))
    per_cell = (time.perf_counter() - started) / len(PEOPLE_CELLS)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return (f"{name:8s} cells right {exact}/{len(PEOPLE_CELLS)}  people P {precision:.3f} R {recall:.3f}  "
            f"{per_cell * 1e3:.2f} ms/cell"), per_cell


def ner_full_form(ner: Ner, text: str, mark_at: int) -> str | None:
    """The run of named-entity spans that ends right before the mark."""
    spans = [s for s in ner.spans(text) if s.stop <= mark_at]
    if not spans or text[spans[-1].stop:mark_at].strip(" »\"") != "":
        return None
    start = len(spans) - 1
    while start > 0 and text[spans[start - 1].stop:spans[start].start].strip(" «»\"") == "":
        start -= 1
    return text[spans[start].start:mark_at].strip()


def definition_cases() -> list[tuple[str, str, str]]:
    """(text, short, gold full) of the test sentences and of every corpus definition."""
    cases = [(text, short, full) for text, short, full in DEFINITIONS]
    for gold_path in sorted((ROOT / "gold").glob("*.json")):
        gold = {a["short"]: a["full"] for a in json.loads(gold_path.read_text("utf-8"))["abbreviations"]}
        document = parse_file(ROOT / "corpus" / gold_path.stem / "order.txt")
        roadmaps = locate_roadmaps(document)
        drafts = [a for r in roadmaps for a in assemble(r)]
        seen: set[str] = set()
        for text in definition_texts(document, roadmaps, drafts):
            text = collapse_ws(text)
            for m in DEFINITION_IN_PARENS.finditer(text):
                short = m.group("short").strip(" -–—")
                if short in gold and short not in seen:
                    seen.add(short)
                    cases.append((text[:m.end()], short, gold[short]))
    return cases


def main() -> None:
    ner = Ner()
    print(f"natasha models loaded in {ner.load_seconds:.2f} s")
    print("People in responsible cells")
    print(" ", people_scores("rules", people_named)[0])
    print(" ", people_scores("natasha", lambda c: [s.text.strip(" ,;") for s in ner.spans(c) if s.type == "PER"])[0])
    misses = [(cell, want, got) for cell, want in PEOPLE_CELLS
              if (got := [s.text.strip(" ,;") for s in ner.spans(cell) if s.type == "PER"]) != want]
    for cell, want, got in misses:
        print(f"    natasha misreads {cell!r}: {got} for {want}")
    cases = definition_cases()
    rules_right = ner_right = 0
    rules_time = ner_time = 0.0
    for text, short, full in cases:
        started = time.perf_counter()
        got = {d.short: d.full for d in definitions([text])}.get(short)
        rules_time += time.perf_counter() - started
        rules_right += got == full
        mark_at = text.rfind("(")
        started = time.perf_counter()
        ner_right += ner_full_form(ner, text, mark_at) == full
        ner_time += time.perf_counter() - started
    print(f"Definitions: full form exactly as gold ({len(cases)} definitions: {len(DEFINITIONS)} test sentences, "
          f"{len(cases) - len(DEFINITIONS)} of the corpus)")
    print(f"  rules    {rules_right}/{len(cases)}  {rules_time / len(cases) * 1e3:.2f} ms/definition")
    print(f"  natasha  {ner_right}/{len(cases)}  {ner_time / len(cases) * 1e3:.2f} ms/definition")


if __name__ == "__main__":
    main()
