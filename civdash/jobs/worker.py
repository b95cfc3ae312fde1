"""Run heavy work (large validations, coverage geometry) in a worker process with a time budget.

Why a process, not a thread: parsing and geometry hold Python's GIL, so a thread would still
stall every other session of the one Streamlit server. Each job runs in a fresh process
forked from a forkserver that has the heavy modules imported already (a fork takes
milliseconds); the process ends with the job, so every byte it allocated goes back to the
system. At most limits.MAX_WORKERS jobs run at once; a job past its budget is killed.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.spawn
import threading
from collections.abc import Callable
from typing import Any

from civdash.core import limits

LOGGER = logging.getLogger("civdash")
# Imported once in the forkserver, so that each job starts with them loaded.
PRELOAD = ["civdash.data.uploads", "civdash.jobs.station_job"]

_slots = threading.BoundedSemaphore(limits.MAX_WORKERS)
_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


# While Streamlit runs a page it puts the page's module in sys.modules["__main__"], and
# multiprocessing would run that page again in every worker to recreate __main__ (bare mode,
# with warnings and a dataset load). Our jobs need nothing from __main__: their functions
# live in civdash modules. So, for the processes this module starts, and only for those, the
# preparation data leaves __main__ alone.
_starting = threading.local()
_preparation_data = multiprocessing.spawn.get_preparation_data


def _preparation_data_without_main(name: str) -> dict:
    data = _preparation_data(name)
    if getattr(_starting, "worker", False):
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


multiprocessing.spawn.get_preparation_data = _preparation_data_without_main


class WorkerError(Exception):
    """The job did not finish; `key` and `values` give the reason as an i18n message."""

    def __init__(self, key: str, values: dict | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.values = values or {}


def _get_context() -> multiprocessing.context.BaseContext:
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
        return _context


def _child(connection, function: Callable, args: tuple) -> None:
    try:
        outcome = ("ok", function(*args))
    except BaseException as error:  # noqa: BLE001 - reported to the parent, never lost
        outcome = ("error", f"{type(error).__name__}: {error}")
    try:
        connection.send(outcome)
    finally:
        connection.close()


def run(function: Callable, *args, budget_seconds: float) -> Any:
    """function(*args) in a worker process; WorkerError if busy, too slow or failed.

    `function` must be importable at module level (it is sent by name) and its arguments
    and result picklable. The calling thread waits without holding the GIL.
    """
    if not _slots.acquire(timeout=limits.WORKER_WAIT_SECONDS):
        raise WorkerError("input.busy")
    try:
        context = _get_context()
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(sender, function, args), daemon=True)
        _starting.worker = True
        try:
            process.start()
        finally:
            _starting.worker = False
        sender.close()
        try:
            if not receiver.poll(budget_seconds):
                LOGGER.warning(
                    "worker job %s passed its %ss budget", function.__name__, budget_seconds
                )
                raise WorkerError("input.timeout", {"seconds": f"{budget_seconds:g}"})
            status, payload = receiver.recv()
        except EOFError:
            # The process died without an answer, e.g. killed for memory.
            LOGGER.error("worker job %s died (exit code %s)", function.__name__, process.exitcode)
            raise WorkerError("input.failed") from None
        finally:
            if process.is_alive():
                process.kill()
            process.join(timeout=10)
            receiver.close()
        if status != "ok":
            LOGGER.error("worker job %s failed: %s", function.__name__, payload)
            raise WorkerError("input.failed")
        return payload
    finally:
        _slots.release()
