"""The QA report page and `evaluate --html / --fail-under`: every document named, differing
fields and unmatched activities shown, nothing loaded from elsewhere, a CI gate that passes
and fails on the overall activity F1."""
import json
import re
import subprocess
import sys

import pytest

from extractor.evaluate import evaluate_dirs
from extractor.pipeline import extract
from extractor.report import marked_difference, render_html

from .conftest import CORPUS, GOLD, ORDERS, ROOT

CLI = [sys.executable, str(ROOT / "cli.py")]
DAMAGED = "002_spirovo_2022"


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    """Corpus extractions as `extract` writes them, and a copy in which one order is damaged:
    one deadline changed, one activity lost, one invented."""
    good = tmp_path_factory.mktemp("pred_good")
    for name in ORDERS:
        (good / name).mkdir()
        (good / name / "order.docx.json").write_text(extract(CORPUS / name / "order.docx").to_json(), "utf-8")
    bad = tmp_path_factory.mktemp("pred_bad")
    for name in ORDERS:
        (bad / name).mkdir()
        order = json.loads((good / name / "order.docx.json").read_text("utf-8"))
        if name == DAMAGED:
            order["activities"][0]["deadline"]["raw"] = "в течение <года>"
            lost = order["activities"].pop(3)
            order["activities"].append({**lost, "seq": 999, "number": None,
                                        "text": "Совершенно другое мероприятие, которого нет в приказе"})
            order["flags"] = [f for f in order["flags"] if f["activity_seq"] != lost["seq"]]
        (bad / name / "order.docx.json").write_text(json.dumps(order, ensure_ascii=False), "utf-8")
    return good, bad


def page_for(pred_dir) -> tuple[str, list, object]:
    reports, overall, unmatched = evaluate_dirs(GOLD, pred_dir)
    return render_html(reports, overall, unmatched_predictions=unmatched), reports, overall


def test_page_names_every_document_and_links_to_it(predictions):
    page, reports, _ = page_for(predictions[0])
    assert len(reports) == len(ORDERS)
    for index, name in enumerate(ORDERS):
        assert f'<h2>{name}/order.docx.json</h2>' in page
        assert f'<a href="#doc-{index}">{name}/order.docx.json</a>' in page
    assert page.count('<tr class="same">') == sum(len(r.pairs) for r in reports)
    assert 'class="f diff"' not in page


def test_page_is_self_contained(predictions):
    page, _, _ = page_for(predictions[1])
    assert page.startswith("<!DOCTYPE html>")
    for reference in ("http", "src=", "<script", "<link", "@import", "url(", "@font-face"):
        assert reference not in page.lower(), reference
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', page))


def test_damaged_order_shows_its_differences(predictions):
    page, reports, overall = page_for(predictions[1])
    damaged = next(r for r in reports if r.name.startswith(DAMAGED))
    assert [p.differing for p in damaged.pairs if p.differing] == [["deadline_raw"]]
    assert len(damaged.unmatched_gold) == 1 and len(damaged.unmatched_pred) == 1
    section = page[page.index(f"<h2>{DAMAGED}"):]
    section = section[: section.index("</section>")]
    assert section.count('<tr class="differs">') == 1
    # the changed deadline is highlighted on both sides, and escaped
    assert section.count('<span class="f diff"><i>deadline</i>') == 2
    assert "&lt;года&gt;" in section and "<года>" not in section
    assert section.count('<b class="d">') >= 2  # the changed characters, on each side
    assert "Gold activities not extracted (1)" in section
    assert "Extracted activities without a gold partner (1)" in section
    assert "Совершенно другое мероприятие" in section
    assert overall.activities.f1 < 1.0


@pytest.mark.parametrize("gold, extracted, marked", [
    ("учебно-воспитательной", "учебновоспитательной", ('учебно<b class="d">-</b>воспитательной', "учебновоспитательной")),
    ("до 01.12.2021", "до 01.12.2022", ('до 01.12.202<b class="d">1</b>', 'до 01.12.202<b class="d">2</b>')),
    ("МО ТО <ГБУ>", "МО ТО", ('МО ТО<b class="d"> &lt;ГБУ&gt;</b>', "МО ТО")),
    # unrelated values are marked whole, not letter by shared letter
    ("сентябрь 2022", "в течение года", ('<b class="d">сентябрь 2022</b>', '<b class="d">в течение года</b>')),
])
def test_differing_characters_are_marked(gold, extracted, marked):
    assert marked_difference(gold, extracted) == marked


def test_page_is_deterministic(predictions):
    assert page_for(predictions[1])[0] == page_for(predictions[1])[0]


def run_evaluate(pred, *args):
    return subprocess.run(CLI + ["evaluate", "--gold", str(GOLD), "--pred", str(pred), *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_cli_writes_the_html_and_json_and_passes_the_gate(predictions, tmp_path):
    html, report_json = tmp_path / "qa" / "report.html", tmp_path / "report.json"
    result = run_evaluate(predictions[0], "--html", html, "--json", report_json, "--fail-under", "0.99")
    assert result.returncode == 0, result.stderr
    assert html.is_file() and f"QA report written to {html}" in result.stdout
    assert all(name in html.read_text("utf-8") for name in ORDERS)
    assert json.loads(report_json.read_text("utf-8"))["overall"]["activities"]["f1"] == 1.0


@pytest.mark.parametrize("threshold, code", [("0.999", 1), ("0.9", 0)])
def test_cli_fail_under_gates_on_overall_activity_f1(predictions, threshold, code):
    result = run_evaluate(predictions[1], "--fail-under", threshold)
    assert result.returncode == code, result.stderr
    _, _, overall = page_for(predictions[1])
    message = f"fail overall activity F1 {overall.activities.f1:.4f} is below --fail-under {threshold}"
    if code:
        assert result.stderr.strip().splitlines() == [message]
    else:
        assert "below --fail-under" not in result.stderr


def test_cli_refuses_a_threshold_outside_0_1(predictions):
    result = run_evaluate(predictions[0], "--fail-under", "95")
    assert result.returncode == 2 and "--fail-under" in result.stderr
