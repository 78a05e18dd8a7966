"""Text exports in the encodings orders come in, and line tests linear in a line's length."""
from __future__ import annotations

import codecs

import pytest

from extractor.errors import InputError
from extractor.normalizers.text import html_cell_lines
from extractor.parsers.text import (
    cell_tokens, decode_text, is_rule_line, is_separator_row, line_kind, parse_text, split_trailing_pipes,
)
from extractor.normalizers.text import Vocabulary
from extractor.pipeline import extract
from extractor.pool import WorkerPool

from .conftest import CORPUS

# Characters KOI8-R lacks, written as an export in KOI8-R would have them.
KOI8_STAND_INS = str.maketrans({"«": '"', "»": '"', "–": "-", "—": "-", "№": "N", "…": "...", "“": '"', "”": '"'})

ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("cp1251", b""),
    ("koi8-r", b""),
]


def _activities(order) -> list[dict]:
    return [a.model_dump(mode="json") for a in order.activities]


@pytest.mark.parametrize("name", ["001_molchanovo_2020", "003_saratov_2020"])
@pytest.mark.parametrize("encoding, bom", ENCODINGS)
def test_each_encoding_gives_the_same_extraction(tmp_path, name, encoding, bom):
    text = (CORPUS / name / "order.txt").read_text("utf-8").translate(KOI8_STAND_INS)
    reference = tmp_path / "utf8" / "order.txt"
    reference.parent.mkdir()
    reference.write_text(text, encoding="utf-8")
    encoded = tmp_path / "order.txt"
    encoded.write_bytes(bom + text.encode(encoding))
    assert _activities(extract(encoded)) == _activities(extract(reference))


@pytest.mark.parametrize("data, words", [
    ("Приказ".encode("utf-16-le") + b"\x00\x00", "NUL bytes"),
    (bytes(range(256)) * 4, "binary data"),
    ("これは日本語の文章です。".encode("shift_jis") * 30, "encoding that is not read (cp932)"),
])
def test_what_is_not_text_in_a_read_encoding_is_refused(tmp_path, data, words):
    with pytest.raises(InputError) as err:
        decode_text(data, tmp_path / "x.txt")
    assert words in err.value.reason


# Each line test on a 100 kB line built to make a backtracking pattern retry from every
# position. The old rule-line, cell-line and HTML-tag patterns took 10 s to 3 min on these
# lines (the old separator pattern was linear; its case stays as a guard), the linear tests
# take under 0.3 s; run in a worker of the batch pool with a 3 s limit, a quadratic pattern
# is stopped and the test fails.
LONG = 100_000
ADVERSARIAL = [
    ("rule line: dashes then a letter", is_rule_line, "-" * LONG + "x"),
    ("rule line: pipes and dashes then a letter", is_rule_line, "| " + "- | " * (LONG // 4) + "x"),
    ("box rule: plus and dashes then a letter", line_kind, "+" + "-+" * (LONG // 2) + "x"),
    ("separator row with a letter at the end", is_separator_row, "|" + "-|" * (LONG // 2) + "x|"),
    ("cell line: space-pipe pairs then a letter", split_trailing_pipes, " |" * (LONG // 2) + " x |"),
    ("cell tokens over space-pipe pairs", "cell_tokens", " |" * (LONG // 2) + " x"),
    ("html: tags never closed", html_cell_lines, "<a" * (LONG // 2)),
    ("html: an open tag then spaces", html_cell_lines, "<" + " " * LONG + "x>"),
    ("whole parser on a line of dashes in a table", "parse_text", "a |\n" + "-" * LONG + "x\nb |\nc |\nd |\n"),
    ("whole parser on a line of words and dates", "parse_text", "1. Мероприятие до 01.10.2023  " * (LONG // 30)),
    ("whole parser on a line of spaced gaps", "parse_text", "№  Срок  " * (LONG // 9)),
]


def run_line_test(func, line):
    if func == "cell_tokens":
        return len(cell_tokens(["a |", line, "b |", "c |"], Vocabulary()))
    if func == "parse_text":
        from pathlib import Path

        return len(parse_text(line, Path("x.txt"), "txt").pages)
    func(line)
    return True


def test_every_line_test_is_linear_in_the_lines_length():
    with WorkerPool(2) as pool:
        for name, func, line in ADVERSARIAL:
            pool.submit(name, run_line_test, (func, line), seconds_per_page=3)
        done = {c.key: c for c in pool.completions()}
    assert {name: done[name].failure for name, _, _ in ADVERSARIAL} == {name: None for name, _, _ in ADVERSARIAL}


@pytest.mark.parametrize("line, expected", [
    ("|---|:--:|", True), ("| --- | --- |", True), ("---|---", True), ("|---|x|", False), ("||", False),
])
def test_separator_rows(line, expected):
    assert is_separator_row(line) is expected


@pytest.mark.parametrize("line, expected", [
    ("Текст |", ("Текст", 1)), ("Текст | | |", ("Текст", 3)), ("|", ("", 1)), ("a | b |", ("a | b", 1)),
    ("Текст", None),
])
def test_trailing_pipes(line, expected):
    assert split_trailing_pipes(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("+----+----+", True), ("/------\\", True), ("|====|====|", True), ("---", True), ("--", False),
    ("| + |", False), ("-- x --", False),
])
def test_rule_lines(line, expected):
    assert is_rule_line(line) is expected
