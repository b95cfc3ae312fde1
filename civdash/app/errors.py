"""Errors and heavy work: a failing part shows a calm message, tests see the exception."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import streamlit as st

from civdash.app.page_context import Context
from civdash.app.url_state import LOGGER

# Set by tests/conftest.py: under tests a failing page part must fail the test, not hide
# behind the calm warning an official sees.
RAISE_ERRORS_ENV = "CIVDASH_RAISE_ERRORS"


def raise_errors() -> bool:
    return os.environ.get(RAISE_ERRORS_ENV) == "1"


def run_heavy(context: Context, function: Callable, *args, budget_seconds: float) -> Any | None:
    """function(*args) in a worker process (civdash.jobs.worker), so other sessions keep being
    served; None after a message in the page's language when it was busy, slow or failed.

    While the job waits its place in the queue is shown, and while it runs a progress bar
    (the share of its time budget used); the session's id keeps it to one worker slot."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from civdash.jobs import worker

    run_context = get_script_run_ctx()
    owner = run_context.session_id if run_context is not None else ""
    input_bytes = sum(len(value) for value in args if isinstance(value, bytes | str))
    bar = st.empty()

    def waiting(position: int) -> None:
        bar.progress(0.0, text=context.t("input.queued", position=position))

    def running(share: float) -> None:
        bar.progress(share, text=context.t("input.working"))

    try:
        return worker.run(
            function,
            *args,
            budget_seconds=budget_seconds,
            owner=owner,
            input_bytes=input_bytes,
            on_wait=waiting,
            on_progress=running,
        )
    except worker.WorkerError as error:
        st.error(context.t(error.key, **error.values))
        return None
    finally:
        bar.empty()


def guarded(context: Context, render: Callable[[], None]) -> None:
    """Run one part of a page; a failure shows a calm message instead of a traceback."""
    try:
        render()
    except Exception:  # noqa: BLE001 - a page part must never show a traceback to an official
        LOGGER.exception("page part failed on %s", context.page)
        if raise_errors():
            raise
        st.warning(context.t("error.generic"))
