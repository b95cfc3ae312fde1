"""Run heavy work (large validations, coverage geometry) in a worker process with a time budget.

Why a process, not a thread: parsing and geometry hold Python's GIL, so a thread would still
stall every other session of the one Streamlit server. Each job runs in a fresh process
forked from a forkserver that has the heavy modules imported already (a fork takes
milliseconds); the process ends with the job, so every byte it allocated goes back to the
system. Each process has a memory ceiling and CPU seconds in proportion to its input; slots
are handed out fairly (one per session, a slot kept for small jobs); a job past its budget
is killed.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import multiprocessing.spawn
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from civdash.core import limits

LOGGER = logging.getLogger("civdash")
# Imported once in the forkserver, so that each job starts with them loaded.
PRELOAD = ["civdash.data.uploads", "civdash.jobs.station_job", "civdash.jobs.warmup"]

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


def _address_space() -> int:
    """This process's mapped address space in bytes (VmSize), 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _limit_child(memory_bytes: int, cpu_seconds: int, niceness: int = 0) -> None:
    """The child's ceilings: address space above what it starts with, and CPU seconds.

    Past the memory ceiling an allocation fails (MemoryError, reported as "input.memory");
    past the CPU seconds the kernel ends the process with SIGXCPU.
    """
    if niceness:
        # A large job yields the CPU to small ones (and to the server) when both want it.
        os.nice(niceness)
    try:
        import resource
    except ImportError:  # not on Linux: the wall-clock budget still holds
        return
    start = _address_space()
    if start and memory_bytes:
        ceiling = start + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    if cpu_seconds:
        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = int(used.ru_utime + used.ru_stime)
        resource.setrlimit(resource.RLIMIT_CPU, (spent + cpu_seconds, spent + cpu_seconds + 5))


def _child(connection, function: Callable, args: tuple, limits_of_job: tuple[int, int, int]):
    _limit_child(*limits_of_job)
    try:
        outcome = ("ok", function(*args))
    except MemoryError:
        outcome = ("memory", traceback.format_exc())
    except BaseException as error:  # noqa: BLE001 - reported to the parent, never lost
        outcome = ("error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
    try:
        connection.send(outcome)
    except MemoryError:
        connection.send(("memory", "the result did not fit in the memory ceiling"))
    finally:
        connection.close()


def cpu_seconds_for(input_bytes: int, budget_seconds: float) -> int:
    """CPU seconds a job on `input_bytes` of input may use: a base plus a rate per byte,
    never more than its wall-clock budget (README, "Limits")."""
    allowed = limits.WORKER_CPU_BASE_SECONDS + input_bytes / limits.WORKER_CPU_BYTES_PER_SECOND
    return max(1, math.ceil(min(allowed, budget_seconds)))


class _Queue:
    """Worker slots handed out fairly.

    A session never holds more than one slot: its next job waits for its first. Among the
    waiting jobs the oldest whose session holds no slot goes first. The last
    limits.SMALL_JOB_SLOTS slots serve only small jobs (input up to limits.SMALL_JOB_BYTES),
    so a small upload is answered at once while large ones fill the others.
    """

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.waiting: list[_Ticket] = []
        self.running: list[_Ticket] = []

    def capacity(self) -> int:
        return limits.MAX_WORKERS + limits.SMALL_JOB_SLOTS

    def _may_start(self, ticket: _Ticket) -> bool:
        if any(other.owner == ticket.owner for other in self.running if ticket.owner):
            return False
        busy = len(self.running)
        if busy >= self.capacity():
            return False
        large_running = sum(1 for other in self.running if not other.small)
        return ticket.small or large_running < limits.MAX_WORKERS

    def _first_startable(self) -> _Ticket | None:
        for ticket in self.waiting:
            if self._may_start(ticket):
                return ticket
        return None

    def position(self, ticket: _Ticket) -> int:
        """1 for the next job to start, 2 for the one after it, ..."""
        with self.condition:
            return self.waiting.index(ticket) + 1 if ticket in self.waiting else 0

    def acquire(
        self, ticket: _Ticket, wait_seconds: float, on_wait: Callable[[int], None] | None
    ) -> bool:
        deadline = time.monotonic() + wait_seconds
        with self.condition:
            if len(self.waiting) >= limits.MAX_QUEUED_JOBS:
                return False
            self.waiting.append(ticket)
            try:
                while self._first_startable() is not ticket:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return False
                    if on_wait is not None:
                        position = self.waiting.index(ticket) + 1
                        self.condition.release()
                        try:
                            on_wait(position)
                        finally:
                            self.condition.acquire()
                    self.condition.wait(min(remaining, QUEUE_POLL_SECONDS))
                self.running.append(ticket)
                return True
            finally:
                self.waiting.remove(ticket)
                self.condition.notify_all()

    def release(self, ticket: _Ticket) -> None:
        with self.condition:
            self.running.remove(ticket)
            self.condition.notify_all()


@dataclass(eq=False)
class _Ticket:
    owner: str
    small: bool


QUEUE_POLL_SECONDS = 0.5
# How much lower a large job's CPU priority is than a small one's.
LARGE_NICENESS = 10
_queue = _Queue()


def run(
    function: Callable,
    *args,
    budget_seconds: float,
    owner: str = "",
    input_bytes: int = 0,
    on_wait: Callable[[int], None] | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> Any:
    """function(*args) in a worker process; WorkerError if busy, too slow, too big or failed.

    `function` must be importable at module level (it is sent by name) and its arguments
    and result picklable. `owner` names the session (one slot per session), `input_bytes`
    the size of the input, which bounds the job's CPU seconds and decides whether it may use
    the small-job slot. While the job waits `on_wait(position in the queue)` is called, and
    while it runs `on_progress(share of its budget used)`, about twice a second. The calling
    thread waits without holding the GIL.
    """
    small = input_bytes <= limits.SMALL_JOB_BYTES
    ticket = _Ticket(owner, small)
    if not _queue.acquire(ticket, limits.WORKER_WAIT_SECONDS, on_wait):
        raise WorkerError("input.busy")
    kind = getattr(function, "__qualname__", repr(function))
    cpu_seconds = cpu_seconds_for(input_bytes, budget_seconds)
    memory = limits.SMALL_JOB_MEMORY_BYTES if small else limits.WORKER_MEMORY_BYTES
    try:
        context = _get_context()
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_child,
            args=(sender, function, args, (memory, cpu_seconds, 0 if small else LARGE_NICENESS)),
            daemon=True,
        )
        _starting.worker = True
        try:
            process.start()
        finally:
            _starting.worker = False
        sender.close()
        started = time.monotonic()
        try:
            while True:
                elapsed = time.monotonic() - started
                if elapsed >= budget_seconds:
                    LOGGER.warning("worker job %s passed its %ss budget", kind, budget_seconds)
                    raise WorkerError("input.timeout", {"seconds": f"{budget_seconds:g}"})
                if on_progress is not None:
                    on_progress(min(elapsed / budget_seconds, 1.0))
                if receiver.poll(min(QUEUE_POLL_SECONDS, budget_seconds - elapsed)):
                    break
            status, payload = receiver.recv()
        except EOFError:
            process.join(timeout=10)
            if process.exitcode == -signal.SIGXCPU:
                LOGGER.warning("worker job %s passed its %ss of CPU", kind, cpu_seconds)
                raise WorkerError("input.timeout", {"seconds": f"{cpu_seconds:g}"}) from None
            # The process died without an answer, e.g. killed by the system for memory.
            LOGGER.error("worker job %s died (exit code %s)", kind, process.exitcode)
            raise WorkerError("input.failed") from None
        finally:
            if process.is_alive():
                process.kill()
            process.join(timeout=10)
            receiver.close()
        if status == "memory":
            LOGGER.error("worker job %s passed its memory ceiling:\n%s", kind, payload)
            raise WorkerError("input.memory", {"megabytes": f"{memory // 1_000_000:,}"})
        if status != "ok":
            # The traceback goes to the server log; the official sees a calm message.
            LOGGER.error("worker job %s failed: %s", kind, payload)
            raise WorkerError("input.failed")
        return payload
    finally:
        _queue.release(ticket)
