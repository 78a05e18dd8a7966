"""The worker pool: a task stuck in C code or a worker that dies costs only that task."""
from __future__ import annotations

import os
import re
import signal

from extractor.pool import WorkerPool, report_pages


def square(x: int) -> int:
    return x * x


def stuck_in_c(_: int) -> bool:
    """Catastrophic backtracking: the regex engine runs for ages in C, holding the GIL; no
    exception or Python signal handler can interrupt it."""
    return re.match(r"(a+)+$", "a" * 64 + "b") is not None


def segfault(_: int) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def raises(_: int) -> None:
    raise ValueError("a bug in the task")


def many_pages(pages: int) -> int:
    report_pages(pages)
    return pages


def run(tasks, workers=1, seconds_per_page=1.0):
    with WorkerPool(workers) as pool:
        for key, (func, arg) in enumerate(tasks):
            pool.submit(key, func, (arg,), seconds_per_page=seconds_per_page)
        done = {c.key: c for c in pool.completions()}
        return done, pool.replaced


def test_a_stuck_worker_is_killed_and_replaced_and_the_rest_is_done():
    done, replaced = run([(square, 2), (stuck_in_c, 0), (square, 3), (square, 4)])
    assert [(k, c.ok, c.failure) for k, c in sorted(done.items())] == [
        (0, True, None), (1, False, "timeout"), (2, True, None), (3, True, None)]
    assert [done[k].value for k in (0, 2, 3)] == [4, 9, 16]
    assert "time limit for 1 page(s)" in done[1].message
    assert replaced == 1


def test_a_crashed_worker_costs_only_its_task():
    done, replaced = run([(segfault, 0), (square, 5)], seconds_per_page=60)
    assert (done[0].ok, done[0].failure, done[1].value) == (False, "crashed", 25)
    assert "SIGSEGV" in done[0].message and replaced == 1


def test_an_exception_is_the_tasks_failure_and_the_worker_lives_on():
    done, replaced = run([(raises, 0), (square, 6)], seconds_per_page=60)
    assert (done[0].failure, done[0].message, done[1].value) == ("internal", "ValueError: a bug in the task", 36)
    assert replaced == 0


def test_a_task_reports_its_pages_and_its_limit_scales():
    done, _ = run([(many_pages, 7)], seconds_per_page=60)
    assert (done[0].value, done[0].pages) == (7, 7)


def test_tasks_submitted_while_iterating_run_too():
    with WorkerPool(2) as pool:
        pool.submit("first", square, (3,), seconds_per_page=60)
        results = {}
        for completion in pool.completions():
            results[completion.key] = completion.value
            if completion.key == "first":
                pool.submit("second", square, (completion.value,), seconds_per_page=60)
    assert results == {"first": 9, "second": 81}
