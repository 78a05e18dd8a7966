"""--executor ray: the same per-file functions as Ray tasks give the same run as local workers."""
from __future__ import annotations

import json

import pytest

from extractor.batch import BatchOptions, run_batch

from .conftest import CORPUS, ORDERS
from .test_batch_pool import square, stuck_in_c

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != "summary.json"}


def test_a_ray_run_writes_what_a_local_run_writes(local_ray, tmp_path):
    inputs = [str(CORPUS / name / f"order.{fmt}") for name in ORDERS[:2] for fmt in ("txt", "docx", "pdf")]
    letter = tmp_path / "letter.txt"
    letter.write_text("Письмо без таблицы\n", encoding="utf-8")
    inputs += [str(CORPUS / ORDERS[0] / "order_scan.pdf"), str(letter)]
    local = run_batch(inputs, tmp_path / "local", BatchOptions(workers=2))
    seen = []
    on_ray = run_batch(inputs, tmp_path / "ray", BatchOptions(workers=2, executor="ray"), on_result=seen.append)
    assert (local.exit_code, on_ray.exit_code) == (1, 1) and len(seen) == len(inputs)
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    again = run_batch(inputs, tmp_path / "ray", BatchOptions(workers=2, executor="ray", resume=True))
    summary = json.loads((tmp_path / "ray" / "summary.json").read_text("utf-8"))
    assert (summary["resumed"], summary["failed"]) == (7, 1) and again.exit_code == 1  # the scan by OCR too


def test_a_stuck_ray_task_is_cancelled_and_the_rest_is_done(local_ray):
    from extractor.ray_executor import RayPool

    with RayPool(2) as pool:
        pool.submit("stuck", stuck_in_c, (0,), seconds_per_page=2)
        pool.submit("quick", square, (7,), seconds_per_page=60)
        done = {c.key: c for c in pool.completions()}
    assert (done["stuck"].failure, done["quick"].value) == ("timeout", 49)


def test_ray_workers_read_with_the_user_s_vocabulary(local_ray, tmp_path):
    """Ray was started before the words were chosen (as a caller may do): the workers get the
    files' content with every task, not the environment of the moment Ray started."""
    from extractor.normalizers.lexicon import use_user_vocabulary

    from .test_user_vocabulary import ABBREVIATIONS, ORDER, SYNONYMS

    words = tmp_path / "words"
    words.mkdir()
    abbreviations, synonyms = words / ABBREVIATIONS.name, words / SYNONYMS.name
    abbreviations.write_bytes(ABBREVIATIONS.read_bytes())
    synonyms.write_bytes(SYNONYMS.read_bytes())
    use_user_vocabulary(abbreviations=abbreviations, synonyms=synonyms)
    try:
        report = run_batch([str(ORDER)], tmp_path / "out", BatchOptions(workers=1, executor="ray"))
    finally:
        use_user_vocabulary(None, None)
    assert report.exit_code == 0
    order = json.loads((tmp_path / "out" / f"{ORDER.name}.json").read_text("utf-8"))
    assert len(order["activities"]) == 4 and order["flags"] == []
