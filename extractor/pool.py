"""A pool of worker processes whose stuck or crashed workers are killed and replaced.

Takes tasks (a key, a module-level function, its arguments, a time limit) and gives their
completions as they finish, in any order. concurrent.futures and multiprocessing.Pool cannot
stop one task: a worker stuck in C code (a regex, a PDF library, an image decoder) ignores
exceptions and signals that Python handlers would turn into them, and killing a worker
breaks those pools for every task. Here each worker is a process with its own pipe; the
parent waits on the pipes and the processes' sentinels with the nearest deadline as timeout,
and a task over its limit gets its worker SIGKILLed and a fresh one started in its place.
A worker that dies on its own (segfault, the kernel's OOM killer) costs only its task.

A task may tell, while it runs, how many pages its input has (:func:`report_pages`); its
limit becomes ``seconds_per_page`` times that. Workers ignore SIGINT: Ctrl-C reaches the
parent, which stops them (:meth:`WorkerPool.close`). Workers come from a fork server that
has imported the extraction pipeline once, so starting or replacing one costs a fork.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator

from .normalizers.lexicon import USER_ABBREVIATIONS_ENV, USER_SYNONYMS_ENV

PRELOAD_MODULES = ["extractor.pipeline", "extractor.batch"]

_task_connection: Connection | None = None  # in a worker: the pipe of the running task
_task_key: Hashable = None


@dataclass
class Task:
    key: Hashable
    func: Callable[..., Any]
    args: tuple
    seconds_per_page: float
    pages: int = 1


@dataclass
class Completion:
    """A task's end: ``value`` is the function's return when ``ok``; otherwise ``failure``
    says what happened ("timeout", "crashed" or "internal") and ``message`` how."""

    key: Hashable
    ok: bool
    value: Any = None
    failure: str | None = None
    message: str = ""
    seconds: float = 0.0
    pages: int = 1


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    task: Task | None = None
    started: float = 0.0

    @property
    def deadline(self) -> float:
        assert self.task is not None
        return self.started + self.task.seconds_per_page * max(1, self.task.pages)


def report_pages(pages: int) -> None:
    """Called by a task in a worker once it knows its input's size: its time limit scales."""
    if _task_connection is not None:
        _task_connection.send(("pages", _task_key, int(pages)))


# environment variables a worker takes from the pool's process when it starts (the fork server
# was started earlier and holds the environment of that moment): the user's vocabulary files
PASSED_ENVIRONMENT = (USER_ABBREVIATIONS_ENV, USER_SYNONYMS_ENV)


def _worker_main(connection: Connection, environment: dict[str, str | None] | None = None) -> None:
    global _task_connection, _task_key
    for name, value in (environment or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        key, func, args = message
        _task_connection, _task_key = connection, key
        try:
            reply = ("done", key, True, func(*args))
        except BaseException as exc:  # the function's own bug: reported, the worker lives on
            reply = ("done", key, False, f"{type(exc).__name__}: {exc}")
        _task_connection = None
        try:
            connection.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # a result that cannot be pickled
            connection.send(("done", key, False, f"result not transferable: {type(exc).__name__}: {exc}"))


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        # The fork server imports PRELOAD_MODULES before it applies the parent's sys.path
        # (CPython up to 3.12), so it must find this very package through PYTHONPATH, or a
        # checkout run from elsewhere would have workers import an installed copy instead.
        package_root = str(Path(__file__).resolve().parent.parent)
        paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        if package_root not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join([package_root] + paths)
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD_MODULES)
        return context
    return multiprocessing.get_context("spawn")


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


@dataclass
class WorkerPool:
    workers: int
    _queue: deque = field(default_factory=deque)
    _idle: list = field(default_factory=list)
    _busy: list = field(default_factory=list)
    _started: int = 0
    replaced: int = 0  # workers killed or found dead and started anew

    def __post_init__(self) -> None:
        self.workers = max(1, self.workers)
        self._ctx = _context()

    def submit(self, key: Hashable, func: Callable[..., Any], args: tuple, *,
               seconds_per_page: float, pages: int = 1) -> None:
        self._queue.append(Task(key, func, args, seconds_per_page, pages))

    def cancel(self, keys: set) -> None:
        """Drop queued tasks with these keys (running ones finish and are reported)."""
        self._queue = deque(t for t in self._queue if t.key not in keys)

    def _start_worker(self) -> _Worker:
        parent_end, child_end = self._ctx.Pipe()
        environment = {name: os.environ.get(name) for name in PASSED_ENVIRONMENT}
        process = self._ctx.Process(target=_worker_main, args=(child_end, environment), daemon=True)
        process.start()
        child_end.close()
        self._started += 1
        return _Worker(process, parent_end)

    def _dispatch(self) -> None:
        while self._queue:
            if not self._idle and self._started - self.replaced < self.workers:
                self._idle.append(self._start_worker())
            if not self._idle:
                return
            worker, task = self._idle.pop(), self._queue.popleft()
            worker.task, worker.started = task, time.monotonic()
            try:
                worker.connection.send((task.key, task.func, task.args))
            except (OSError, EOFError):  # died while idle: replace it and try again
                self._queue.appendleft(task)
                self._retire(worker)
                continue
            self._busy.append(worker)

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()
        self.replaced += 1

    def completions(self) -> Iterator[Completion]:
        """Run until nothing is queued or running, giving each task's end as it comes.
        Tasks submitted while iterating are run too."""
        while True:
            self._dispatch()
            if not self._busy:
                return
            now = time.monotonic()
            timeout = max(0.0, min(w.deadline for w in self._busy) - now)
            waitables = [w.connection for w in self._busy] + [w.process.sentinel for w in self._busy]
            ready = set(wait(waitables, timeout))
            for worker in list(self._busy):
                completion = self._collect(worker, ready)
                if completion is not None:
                    yield completion

    def _collect(self, worker: _Worker, ready: set) -> Completion | None:
        task = worker.task
        assert task is not None
        if worker.connection in ready:
            try:
                while worker.connection.poll():
                    message = worker.connection.recv()
                    if message[0] == "pages":
                        task.pages = max(1, message[2])
                        continue
                    _, _, ok, value = message
                    self._busy.remove(worker)
                    worker.task = None
                    self._idle.append(worker)
                    seconds = time.monotonic() - worker.started
                    if ok:
                        return Completion(task.key, True, value, seconds=seconds, pages=task.pages)
                    return Completion(task.key, False, failure="internal", message=value,
                                      seconds=seconds, pages=task.pages)
            except (EOFError, OSError):
                pass  # the worker died; its sentinel says so below
        if worker.process.sentinel in ready or not worker.process.is_alive():
            worker.process.join()
            code = worker.process.exitcode
            self._busy.remove(worker)
            self._retire(worker)
            how = (f"killed by signal {signal.Signals(-code).name}" if code is not None and code < 0
                   else f"exit code {code}")
            return Completion(task.key, False, failure="crashed", message=f"the worker process died ({how})",
                              seconds=time.monotonic() - worker.started, pages=task.pages)
        if time.monotonic() >= worker.deadline:
            limit = worker.deadline - worker.started
            self._busy.remove(worker)
            self._retire(worker)
            return Completion(task.key, False, failure="timeout",
                              message=f"stopped after {limit:.0f} s, the time limit for {task.pages} "
                                      f"page(s) at {task.seconds_per_page:g} s a page",
                              seconds=limit, pages=task.pages)
        return None

    def close(self) -> None:
        """Stop every worker: idle ones are asked to leave, busy ones are killed."""
        for worker in self._idle:
            try:
                worker.connection.send(None)
            except (OSError, EOFError):
                pass
        for worker in self._busy:
            worker.process.kill()
        for worker in self._idle + self._busy:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._idle, self._busy, self._queue = [], [], deque()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
