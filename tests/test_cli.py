"""End to end: the CLI on every order.txt and order.docx of corpus/, evaluated against gold/;
bad inputs in a batch; deterministic output."""
import json
import os
import subprocess
import sys

import docx
import pytest

import extractor
from extractor.evaluate import evaluate_dirs
from extractor.model import Order

from .conftest import CORPUS, GOLD, ORDERS, ROOT, load_gold

CLI = [sys.executable, str(ROOT / "cli.py")]


def run_cli(*args, cwd=ROOT, env_columns=None):
    env = None if env_columns is None else {**os.environ, "COLUMNS": str(env_columns)}
    return subprocess.run(CLI + [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env=env)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    inputs = [CORPUS / name / f"order.{fmt}" for name in ORDERS for fmt in ("txt", "docx")]
    result = run_cli("extract", *inputs, "--out", out)
    return out, result


def test_extract_writes_one_json_per_input_apart(extracted):
    out, result = extracted
    assert result.returncode == 0, result.stderr
    for name in ORDERS:
        for fmt in ("txt", "docx"):
            assert (out / name / f"order.{fmt}.json").is_file()
    lines = [line for line in result.stdout.splitlines() if " ok " in line]
    assert len(lines) == 10 and all("activities" in line and " s" in line for line in lines)


def test_every_output_validates_against_the_schema(extracted):
    out, _ = extracted
    outputs = sorted(p for p in out.rglob("*.json") if p != out / "summary.json")
    assert len(outputs) == 2 * len(ORDERS)
    for path in outputs:
        order = Order.model_validate_json(path.read_text("utf-8"))
        assert order.activities and order.source.file == path.name.removesuffix(".json")


def test_evaluation_against_gold(extracted):
    out, _ = extracted
    reports, overall, unmatched = evaluate_dirs(GOLD, out)
    assert not unmatched and len(reports) == 10
    for report in reports:
        assert report.activities.f1 == 1.0, report.name
        for field in ("text", "number", "section", "deadline_raw", "deadline_periods", "responsible"):
            assert report.fields[field].accuracy == 1.0, (report.name, field)
        assert report.fields["indicator"].accuracy in (None, 1.0), report.name
        for key in ("kind", "number", "date"):
            assert report.order[key].correct == 1, (report.name, key)
    assert overall.responsible.f1 == 1.0


def test_evaluate_command_prints_the_table(extracted):
    out, _ = extracted
    result = run_cli("evaluate", "--gold", GOLD, "--pred", out)
    assert result.returncode == 0, result.stderr
    assert "overall" in result.stdout and "act F1" in result.stdout


def test_two_runs_give_byte_identical_json(extracted, tmp_path):
    out, _ = extracted
    again = run_cli("extract", CORPUS / ORDERS[0] / "order.txt", CORPUS / ORDERS[0] / "order.docx",
                    "--out", tmp_path)
    assert again.returncode == 0
    for fmt in ("txt", "docx"):
        first = (out / ORDERS[0] / f"order.{fmt}.json").read_bytes()
        second = (tmp_path / f"order.{fmt}.json").read_bytes()
        assert first == second


def test_bad_files_get_one_line_errors_and_the_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.docx"
    docx.Document().save(str(empty))
    no_table = tmp_path / "letter.txt"
    no_table.write_text("Уважаемые коллеги!\n\nНаправляем информацию.\n", encoding="utf-8")
    unsupported = tmp_path / "order.wps"
    unsupported.write_bytes(b"PK\x03\x04")
    good = CORPUS / ORDERS[1] / "order.txt"
    out = tmp_path / "out"
    result = run_cli("extract", empty, no_table, unsupported, good, tmp_path / "missing.txt", "--out", out)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 4
    assert any("empty.docx" in e and "no roadmap table" in e for e in errors)
    assert any("letter.txt" in e and "no roadmap table" in e for e in errors)
    assert any("order.wps" in e and "unsupported format" in e for e in errors)
    assert any("missing.txt" in e and "no such file" in e for e in errors)
    assert "Traceback" not in result.stderr
    assert len(list(out.rglob("*.txt.json"))) == 1  # the good file's result is kept


def test_glob_and_folder_inputs(tmp_path):
    result = run_cli("extract", str(CORPUS / "00[01]*" / "order.txt"), "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json")) == [
        "000_tver_2021/order.txt.json", "001_molchanovo_2020/order.txt.json", "summary.json"]


def test_schema_command_prints_json_schema():
    result = run_cli("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Order" and "activities" in schema["properties"]


def test_unwritable_output_is_named_not_a_traceback(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    result = run_cli("extract", CORPUS / ORDERS[0] / "order.txt", "--out", blocker)
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "order.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_explain_shows_the_header_mapping_and_each_rows_rule():
    result = run_cli("explain", CORPUS / "000_tver_2021" / "order.txt", env_columns=200)
    assert result.returncode == 0, result.stderr
    mapping = [line for line in result.stdout.splitlines() if "Описание действий" in line]
    assert mapping and "text" in mapping[0] and "100" in mapping[0]
    row4 = next(line for line in result.stdout.splitlines() if line.startswith("│ 4 "))
    assert "continuation: page break split the row" in row4 and "continues activity 3" in row4


def test_explain_json_names_every_rows_rule():
    result = run_cli("explain", CORPUS / "000_tver_2021" / "order.txt", "--json")
    assert result.returncode == 0, result.stderr
    (table,) = json.loads(result.stdout)["tables"]
    assert [c["field"] for c in table["columns"]] == ["number", "text", "deadline", "responsible", "indicator"]
    rows = {r["row"]: r for r in table["rows"]}
    assert len(rows) == max(r for a in load_gold("000_tver_2021")["activities"] for r in a["source"]["rows"])
    assert (rows[4]["rule"], rows[4]["action"]) == ("continuation: page break split the row", "join")
    assert [a["rows"] for a in table["activities"]] == \
        [a["source"]["rows"] for a in load_gold("000_tver_2021")["activities"]]
    # the body resolver's rules for each responsible cell, none for an empty one
    assert all(bool(a["body_rules"]) == bool(a["responsible"]) for a in table["activities"])
    assert any(rule.startswith("definition_in_parentheses: ") for a in table["activities"] for rule in a["body_rules"])


def test_explain_draws_one_image_per_page(tmp_path):
    import pypdfium2

    path = CORPUS / "001_molchanovo_2020" / "order.pdf"
    result = run_cli("explain", path, "--image", tmp_path / "pages")
    assert result.returncode == 0, result.stderr
    pages = len(pypdfium2.PdfDocument(str(path)))
    assert {p.name for p in (tmp_path / "pages").iterdir()} == {f"order_page{n}.png" for n in range(1, pages + 1)}
    assert result.stderr.count("drew ") == pages


def test_explain_on_a_file_without_roadmap(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Письмо без таблицы\n", encoding="utf-8")
    result = run_cli("explain", path)
    assert result.returncode == 1 and "no table has a header" in result.stderr
    assert "letter.txt" in result.stderr and "Traceback" not in result.stderr


def test_version_prints_the_package_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"roadmap-extractor {extractor.__version__}"


@pytest.mark.parametrize("command", ["extract", "evaluate", "explain", "schema"])
def test_help_shows_no_value_type_beside_flags(command):
    result = run_cli(command, "--help", env_columns=120)
    assert result.returncode == 0, result.stderr
    assert "<bool>" not in result.stdout
    assert "--help" in result.stdout


@pytest.mark.parametrize("command, usage", [("extract", "[OPTIONS] PATH..."), ("explain", "[OPTIONS] FILE")])
def test_usage_line_names_the_arguments(command, usage):
    result = run_cli(command, "--help", env_columns=120)
    line = next(l for l in result.stdout.splitlines() if "Usage:" in l)
    assert line.split(command, 1)[1].strip() == usage
