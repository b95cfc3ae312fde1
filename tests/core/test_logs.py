"""Operator logs: set up once, one line per record with time, level, logger, page and session;
refused uploads at INFO with sizes and counts but no content; the release fallback warns."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import sys

import pytest

from civdash.core import logs
from civdash.data import package
from tests.conftest import REPO_ROOT, run_page

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) (?P<logger>\S+) "
    r"page=(?P<page>\S+) session=(?P<session>\S+) (?P<message>.*)$"
)
# Eight letters or digits of the session id (AppTest names every session "test session").
SESSION = re.compile(r"^[0-9A-Za-z]{8}$")


def our_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger("civdash").handlers if getattr(h, "civdash", False)]


def formatted(record: logging.LogRecord) -> str:
    """The record as the operator's stream shows it."""
    (handler,) = our_handlers()
    return handler.format(record)


def civdash_records(caplog, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "civdash" and text in r.getMessage()]


def test_a_process_without_pages_logs_one_line_with_dashes():
    """What the CLI and the worker write: a time, level, logger, '-' for page and session, and
    a message that cannot start a forged line."""
    code = (
        "import logging\n"
        "from civdash.core import logs\n"
        "logs.configure()\n"
        "logs.configure()\n"  # a second set-up changes nothing: one line, not two
        "logging.getLogger('civdash').warning('bad name %s', 'x\\nOK: forged')\n"
        "logging.getLogger('civdash').info('an info line')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    lines = done.stderr.splitlines()
    assert len(lines) == 2, lines
    first, second = (LINE.match(line) for line in lines)
    assert first and second, lines
    assert first["level"] == "WARNING" and first["logger"] == "civdash"
    assert first["page"] == "-" and first["session"] == "-"
    assert first["message"] == "bad name x\\x0aOK: forged"
    assert second["level"] == "INFO"  # INFO reaches the operator (it used to vanish)


def test_every_run_names_its_page_and_session_and_setup_happens_once(caplog):
    caplog.set_level(logging.INFO, logger="civdash")
    app = run_page("plans", lang="en")
    app.run()  # a rerun sets up nothing twice
    assert not app.exception
    assert len(our_handlers()) == 1
    logger = logging.getLogger("civdash")
    assert logger.level == logging.INFO
    # A record logged in this (test) thread, outside any run, names no page or session.
    logger.info("outside a run")
    outside = civdash_records(caplog, "outside a run")[-1]
    assert (outside.page, outside.session) == ("-", "-")


def upload_and_apply(app, name: str, data: bytes):
    app.file_uploader(key="plans_upload").set_value((name, data, "text/csv")).run()
    return app.button(key="plans_upload_apply").click().run()


def test_a_refused_upload_is_logged_with_sizes_and_counts_not_content(caplog):
    caplog.set_level(logging.INFO, logger="civdash")
    secret = "SECRET-CELL-7731"
    data = (
        "region_id,indicator_id,year,value\n"
        f"330800,dibao_standard_urban,20x3,{secret}\n"
        "999999,dibao_standard_urban,2013,5\n"
    ).encode()
    name = "private-notes-of-mr-x.csv"
    app = run_page("plans", lang="en")
    app = upload_and_apply(app, name, data)
    assert not app.exception
    assert app.error  # the official sees the calm message
    (record,) = civdash_records(caplog, "upload refused")
    assert record.levelno == logging.INFO
    assert record.page == "plans" and SESSION.match(record.session), record.session
    message = record.getMessage()
    assert f"actuals, {len(data)} bytes, type .csv" in message
    assert "errors=3 rows=2" in message  # bad year, bad value, unknown region
    reasons = re.search(r"reasons=(\S+)", message)[1].split(",")
    assert set(reasons) == {"upload.not_number", "upload.not_year", "upload.unknown_id"}
    assert secret not in message and "private-notes" not in message and "999999" not in message
    line = LINE.match(formatted(record))
    assert line and line["page"] == "plans" and line["session"] == record.session


def test_the_release_fallback_is_a_warning_once_per_folder(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="civdash")
    folder = tmp_path / "no-descriptor"
    folder.mkdir()
    assert package.release(folder) == (package.DATA_VERSION, package.RELEASED)
    assert package.release(folder) == (package.DATA_VERSION, package.RELEASED)
    (record,) = civdash_records(caplog, "citing the built-in release")
    assert record.levelno == logging.WARNING
    assert "datapackage.json" in record.getMessage() and "FileNotFoundError" in record.getMessage()
    (folder / "datapackage.json").write_text("{not json", encoding="utf-8")
    package.release(folder)
    assert len(civdash_records(caplog, "citing the built-in release")) == 2  # a new reason


def test_the_method_page_logs_the_release_fallback_with_its_page(tmp_path, monkeypatch, caplog):
    """A data folder without datapackage.json: the page still cites a release, the log says
    which page and session cited the fallback."""
    folder = tmp_path / "data"
    shutil.copytree(
        REPO_ROOT / "data", folder, ignore=shutil.ignore_patterns("_staging", "datapackage.json")
    )
    monkeypatch.setenv("CIVDASH_DATA_DIR", str(folder))
    caplog.set_level(logging.INFO, logger="civdash")
    app = run_page("method", timeout=180)
    assert not app.exception
    records = civdash_records(caplog, "citing the built-in release")
    assert records, [r.getMessage() for r in caplog.records]
    assert {r.page for r in records} <= {"method", "data"} and "method" in {r.page for r in records}
    assert all(SESSION.match(r.session) for r in records)


def test_configure_is_idempotent_and_writes_to_its_stream():
    stream = io.StringIO()
    logger = logs.configure()
    logs.configure()
    assert len(our_handlers()) == 1
    (handler,) = our_handlers()
    previous = handler.setStream(stream)
    try:
        token_page, token_session = logs.PAGE.set("compare"), logs.SESSION.set("abcd1234")
        try:
            logger.warning("one\r\nline")
        finally:
            logs.PAGE.reset(token_page)
            logs.SESSION.reset(token_session)
    finally:
        handler.setStream(previous)
    (line,) = stream.getvalue().splitlines()
    match = LINE.match(line)
    assert match and match["page"] == "compare" and match["session"] == "abcd1234"
    assert match["message"] == "one\\x0d\\x0aline"


@pytest.fixture(autouse=True)
def _logging_set_up():
    """The app sets the log up at its first run; a test that starts elsewhere does it too."""
    logs.configure()
