"""The batch's tasks as Ray tasks: the same functions, on a local Ray instance or a cluster.

Takes what :class:`extractor.pool.WorkerPool` takes (a key, a module-level function, its
arguments, a time limit per page) and gives the same :class:`~extractor.pool.Completion`
objects, so that the batch's schedule, outputs, errors.jsonl, resume and progress are the
ones of a local run. Ray schedules the tasks; at most as many are submitted as the cluster
has CPUs, so a task's time limit counts from about when it starts (the back-pressure
pattern of Ray's documentation). A task over its limit is cancelled with ``force=True``,
which kills the Ray worker running it (Ray starts another); tasks are never retried, so a
file that crashes its worker fails once.

With ``address`` it joins a running cluster (``ray start --head`` on one machine, ``ray
start --address=HEAD:6379`` on the others); the package is shipped to the workers as a
``py_modules`` entry of the job's runtime environment, its dependencies must be installed
on every node. Without, it starts a local instance with ``workers`` CPUs, unless the caller
has already called ``ray.init``. The user's vocabulary files (``use_user_vocabulary``) go with
every task as their content, written once per node to a temporary folder named by its hash:
Ray workers neither share this process's environment nor, on a cluster, its files.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator

from .pool import PASSED_ENVIRONMENT, Completion, Task

PACKAGE_DIR = Path(__file__).resolve().parent

#: variable -> (file name, bytes) of a vocabulary file in use, None where none is
Vocabulary = dict[str, "tuple[str, bytes] | None"]


def vocabulary_in_use() -> Vocabulary:
    """The user's vocabulary files named by this process's environment, read."""
    out: Vocabulary = {}
    for variable in PASSED_ENVIRONMENT:
        path = os.environ.get(variable)
        out[variable] = (os.path.basename(path), Path(path).read_bytes()) if path else None
    return out


def use_vocabulary(vocabulary: Vocabulary) -> None:
    """Point this process's environment at the files of ``vocabulary``, written (once, under
    the name they had) to a temporary folder named by their hash, so that the readers' caches,
    keyed by path, never serve other words."""
    for variable, file in vocabulary.items():
        if file is None:
            os.environ.pop(variable, None)
            continue
        name, data = file
        folder = Path(tempfile.gettempdir()) / "roadmap-extractor-vocabulary" / hashlib.sha256(data).hexdigest()
        path = folder / name
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            part = folder / f".{name}.{os.getpid()}"
            part.write_bytes(data)
            os.replace(part, path)  # whole, also when two workers of a node write it at once
        os.environ[variable] = str(path)


def _call(func: Callable[..., Any], args: tuple, vocabulary: Vocabulary) -> Any:
    use_vocabulary(vocabulary)
    return func(*args)


class RayPool:
    #: Ray workers report no page count while running: the batch plans a file (pages, OCR)
    #: in one task and extracts it in another whose limit scales with the pages.
    reports_pages = False

    def __init__(self, workers: int, address: str | None = None):
        import ray

        self._ray = ray
        self._owns = not ray.is_initialized()
        if self._owns:
            ray.init(address=address, num_cpus=None if address else (workers or None),
                     include_dashboard=False, log_to_driver=False, configure_logging=False,
                     runtime_env={"py_modules": [str(PACKAGE_DIR)]})
        self._remote = ray.remote(max_retries=0)(_call)
        self._vocabulary = ray.put(vocabulary_in_use())
        self.workers = max(1, int(ray.cluster_resources().get("CPU", workers or 1)))
        self._queue: deque[Task] = deque()
        self._running: dict[Any, tuple[Task, float]] = {}
        self.replaced = 0

    def submit(self, key: Hashable, func: Callable[..., Any], args: tuple, *,
               seconds_per_page: float, pages: int = 1) -> None:
        self._queue.append(Task(key, func, args, seconds_per_page, pages))

    def cancel(self, keys: set) -> None:
        self._queue = deque(t for t in self._queue if t.key not in keys)

    def _fill(self) -> None:
        while self._queue and len(self._running) < self.workers:
            task = self._queue.popleft()
            self._running[self._remote.remote(task.func, task.args, self._vocabulary)] = (task, time.monotonic())

    @staticmethod
    def _deadline(task: Task, started: float) -> float:
        return started + task.seconds_per_page * max(1, task.pages)

    def completions(self) -> Iterator[Completion]:
        ray = self._ray
        while True:
            self._fill()
            if not self._running:
                return
            now = time.monotonic()
            timeout = max(0.0, min(self._deadline(t, s) for t, s in self._running.values()) - now)
            ready, _ = ray.wait(list(self._running), num_returns=1, timeout=timeout)
            for ref in ready:
                task, started = self._running.pop(ref)
                seconds = time.monotonic() - started
                try:
                    value = ray.get(ref)
                except ray.exceptions.RayTaskError as exc:
                    cause = exc.cause if getattr(exc, "cause", None) is not None else exc
                    yield Completion(task.key, False, failure="internal",
                                     message=f"{type(cause).__name__}: {cause}", seconds=seconds, pages=task.pages)
                except ray.exceptions.RayError as exc:  # the worker died, the node was lost
                    self.replaced += 1
                    yield Completion(task.key, False, failure="crashed",
                                     message=f"the Ray worker died ({type(exc).__name__})",
                                     seconds=seconds, pages=task.pages)
                else:
                    yield Completion(task.key, True, value, seconds=seconds, pages=task.pages)
            now = time.monotonic()
            for ref, (task, started) in list(self._running.items()):
                if now >= self._deadline(task, started):
                    ray.cancel(ref, force=True)
                    del self._running[ref]
                    self.replaced += 1
                    limit = self._deadline(task, started) - started
                    yield Completion(task.key, False, failure="timeout",
                                     message=f"stopped after {limit:.0f} s, the time limit for {task.pages} "
                                             f"page(s) at {task.seconds_per_page:g} s a page",
                                     seconds=limit, pages=task.pages)

    def close(self) -> None:
        for ref in self._running:
            self._ray.cancel(ref, force=True)
        self._running, self._queue = {}, deque()
        if self._owns:
            self._ray.shutdown()

    def __enter__(self) -> "RayPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
