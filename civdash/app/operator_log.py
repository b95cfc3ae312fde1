"""Operator logs from the app: each run's page and session, refused uploads by size."""

from __future__ import annotations

from pathlib import Path

from civdash.app.url_state import LOGGER
from civdash.core import logs


def log_this_run(page: str | None = None) -> None:
    """Set up the operator log (once per process) and name this run's page and session in it."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    logs.configure()
    run = get_script_run_ctx()
    # Eight letters and digits of Streamlit's session id (a UUID) tell sessions apart in a log.
    session = "".join(char for char in run.session_id if char.isalnum())[:8] if run else None
    logs.bind(page, session)


def problem_reasons(problems) -> str:
    """The i18n keys of the problems (what kind of refusal), never the cells they quote."""
    return ",".join(sorted({problem.key for problem in problems if problem.key})[:6]) or "-"


def log_refused_upload(kind: str, data: bytes, name: str, **counts) -> None:
    """One INFO record per refused upload: its kind, size and counts, never its content.

    The page and session come from the run (log_this_run); of the name only its type is kept.
    """
    suffix = Path(name).suffix.lower()[:10] or "-"
    details = " ".join(f"{key}={value}" for key, value in counts.items())
    LOGGER.info(
        "upload refused: %s, %d bytes, type %s%s",
        kind,
        len(data),
        suffix,
        f", {details}" * bool(details),
    )
