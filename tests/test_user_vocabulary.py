"""A region's own abbreviations and column headers (--abbreviations, --synonyms): added to the
built-in words, from the CLI (through the worker pool) and from the Python API."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import extract
from extractor.errors import NoRoadmapError
from extractor.normalizers.lexicon import VocabularyFileError, use_user_vocabulary

from .conftest import ROOT

DATA = Path(__file__).parent / "data" / "vocabulary"
ORDER = DATA / "order_zlatoust_2024.txt"
ABBREVIATIONS = DATA / "abbreviations.tsv"
SYNONYMS = DATA / "synonyms.tsv"


@pytest.fixture(autouse=True)
def shipped_words_only():
    yield
    use_user_vocabulary(None, None)


def test_headers_no_built_in_synonym_names_are_not_found_without_the_file():
    with pytest.raises(NoRoadmapError):
        extract(ORDER)


def test_the_region_s_headers_and_abbreviations_are_used():
    without = extract(ORDER, synonyms=SYNONYMS)
    assert len(without.activities) == 4
    assert [f.code for f in without.flags] == ["abbreviation_undefined"] * 3
    order = extract(ORDER, synonyms=SYNONYMS, abbreviations=ABBREVIATIONS)
    assert not order.flags
    assert order.activities[1].responsible[0].full_name == "Златоустовский городской информационно-библиотечный центр"
    assert [a.deadline.raw for a in order.activities] == ["март 2024", "апрель 2024", "июнь – август 2024",
                                                          "октябрь 2024"]


def test_the_cli_passes_the_files_to_its_workers(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "extract", str(ORDER), "--out", str(out),
                             "--workers", "2", "--abbreviations", str(ABBREVIATIONS), "--synonyms", str(SYNONYMS)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    order = json.loads((out / f"{ORDER.name}.json").read_text("utf-8"))
    assert len(order["activities"]) == 4 and order["flags"] == []


def test_a_resumed_run_reads_again_when_the_words_changed(tmp_path):
    def run(*extra):
        return subprocess.run([sys.executable, str(ROOT / "cli.py"), "extract", str(ORDER), "--out", str(out),
                               "--workers", "1", "--synonyms", str(SYNONYMS), "--resume", *extra],
                              capture_output=True, text=True, timeout=300)

    out = tmp_path / "out"
    words = tmp_path / "abbreviations.tsv"
    words.write_bytes(ABBREVIATIONS.read_bytes())
    assert run("--abbreviations", str(words)).returncode == 0
    assert run("--abbreviations", str(words)).returncode == 0
    assert json.loads((out / "summary.json").read_text("utf-8"))["resumed"] == 1
    words.write_text(ABBREVIATIONS.read_text("utf-8") + "ЗЗЗ\tзаповедный центр\n", encoding="utf-8")
    assert run("--abbreviations", str(words)).returncode == 0
    assert json.loads((out / "summary.json").read_text("utf-8"))["resumed"] == 0


def test_the_run_fingerprint_follows_the_files_content(tmp_path):
    from extractor.manifest import run_fingerprint

    shipped = run_fingerprint()
    words, moved = tmp_path / "words.tsv", tmp_path / "moved.tsv"
    words.write_bytes(ABBREVIATIONS.read_bytes())
    moved.write_bytes(ABBREVIATIONS.read_bytes())
    use_user_vocabulary(abbreviations=words)
    first = run_fingerprint()
    use_user_vocabulary(abbreviations=moved)
    assert first != shipped and run_fingerprint() == first  # the words count, not where they lie
    words.write_text(ABBREVIATIONS.read_text("utf-8") + "ЗЗЗ\tзаповедный центр\n", encoding="utf-8")
    use_user_vocabulary(abbreviations=words)
    assert run_fingerprint() not in (shipped, first)
    use_user_vocabulary(abbreviations=moved, synonyms=SYNONYMS)
    assert run_fingerprint() not in (shipped, first)


def test_ray_tasks_carry_the_files_content(tmp_path, monkeypatch):
    import os
    import tempfile

    from extractor.normalizers.lexicon import USER_ABBREVIATIONS_ENV, USER_SYNONYMS_ENV
    from extractor.ray_executor import use_vocabulary, vocabulary_in_use

    assert vocabulary_in_use() == {USER_ABBREVIATIONS_ENV: None, USER_SYNONYMS_ENV: None}
    use_user_vocabulary(abbreviations=ABBREVIATIONS)
    carried = vocabulary_in_use()
    use_user_vocabulary(None, None)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    use_vocabulary(carried)
    written = Path(os.environ[USER_ABBREVIATIONS_ENV])
    assert written.name == ABBREVIATIONS.name and written.read_bytes() == ABBREVIATIONS.read_bytes()
    assert tmp_path in written.parents and USER_SYNONYMS_ENV not in os.environ
    use_vocabulary(carried)  # a second task on the node finds the file written
    assert os.environ[USER_ABBREVIATIONS_ENV] == str(written)


@pytest.mark.parametrize("content, words", [
    ("ЗГИБЦ Златоустовский центр\n", "no TAB between its two columns"),
    ("title\tМера поддержки\n", "unknown field 'title'"),
])
def test_a_bad_file_is_named_with_the_reason(tmp_path, content, words):
    bad = tmp_path / "bad.tsv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyFileError, match=words) as err:
        use_user_vocabulary(abbreviations=bad if "ЗГИБЦ" in content else None,
                            synonyms=bad if "title" in content else None)
    assert str(err.value).startswith(str(bad))


def test_a_missing_file_is_a_usage_error_of_the_cli(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "extract", str(ORDER), "--out", str(tmp_path),
                             "--synonyms", str(tmp_path / "nowhere.tsv")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert "nowhere.tsv: cannot read the synonyms file" in result.stderr and "Traceback" not in result.stderr
