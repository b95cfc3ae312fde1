"""Operator logs, set up once per process: each record has time, level, logger, page, session.

The app layer names the page and session at the start of each run (`bind`); the script thread
that runs it keeps them in context variables, so a record logged anywhere below carries them.
A process that serves no page (the CLI, a worker, a test) logs "-" for both.
"""

from __future__ import annotations

import logging
import os
import sys
from contextvars import ContextVar

from civdash.core.safe_text import printable

LOGGER_NAME = "civdash"
NONE = "-"
FORMAT = "%(asctime)s %(levelname)s %(name)s page=%(page)s session=%(session)s %(message)s"
# CIVDASH_LOG_LEVEL=DEBUG|INFO|WARNING|ERROR overrides the default of the process.
LEVEL_VARIABLE = "CIVDASH_LOG_LEVEL"

PAGE: ContextVar[str] = ContextVar("civdash_log_page", default=NONE)
SESSION: ContextVar[str] = ContextVar("civdash_log_session", default=NONE)


class RunContext(logging.Filter):
    """Stamps each record with the page and session of the run that logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "page"):
            record.page = PAGE.get()
        if not hasattr(record, "session"):
            record.session = SESSION.get()
        return True


class OneLineFormatter(logging.Formatter):
    """A message is one line: a file name or a cell in it cannot forge another record.

    Only the message is escaped (safe_text.printable); a traceback keeps its lines.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        record.message = printable(record.message)
        return super().formatMessage(record)


def _our_handler(logger: logging.Logger) -> logging.Handler | None:
    return next(
        (handler for handler in logger.handlers if getattr(handler, "civdash", False)), None
    )


def configure(default_level: str = "INFO", stream=None) -> logging.Logger:
    """Give the `civdash` logger its one handler (stderr); a second call changes nothing.

    Records still propagate to the root logger, which has no handler in the app or the CLI, so
    they are written once; under pytest, caplog reads them there with their page and session.
    """
    logger = logging.getLogger(LOGGER_NAME)
    if _our_handler(logger) is None:
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.civdash = True
        handler.addFilter(RunContext())
        handler.setFormatter(OneLineFormatter(FORMAT))
        logger.addHandler(handler)
        # Records logged to this logger get their page and session even without the handler
        # (a test's caplog, another handler an operator adds).
        logger.addFilter(RunContext())
        level = os.environ.get(LEVEL_VARIABLE, default_level).upper()
        logger.setLevel(level if level in logging.getLevelNamesMapping() else default_level)
    return logger


def bind(page: str | None, session: str | None) -> None:
    """Name the page and session of the run in this thread (the app layer calls it per run)."""
    PAGE.set(page or NONE)
    SESSION.set(session or NONE)
