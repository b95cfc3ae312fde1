"""civdash.app.operator_log: a refused upload is logged by kind, size, type and reason, never
by its content or its full name."""

from __future__ import annotations

import logging

from civdash.app import operator_log


def test_a_refused_upload_is_logged_without_its_content(caplog):
    secret = "南通市低保名单 张三 身份证".encode()
    with caplog.at_level(logging.INFO, logger="civdash"):
        operator_log.log_refused_upload(
            "report", secret * 10, "私人名单 2024.docx", reason="size", rows=3
        )
    records = [record for record in caplog.records if "upload refused" in record.getMessage()]
    assert len(records) == 1
    message = records[0].getMessage()
    assert records[0].levelno == logging.INFO
    assert f"{len(secret) * 10} bytes" in message and "type .docx" in message
    assert "reason=size" in message and "rows=3" in message
    assert "张三" not in message and "私人名单" not in message


def test_problem_reasons_name_the_kinds_of_refusal_not_the_cells():
    class Problem:
        def __init__(self, key, cell):
            self.key, self.cell = key, cell

    problems = [Problem("input.encoding", "张三"), Problem("range.negative", "-5")]
    problems += [Problem("input.encoding", "李四")]
    assert operator_log.problem_reasons(problems) == "input.encoding,range.negative"
    assert operator_log.problem_reasons([]) == "-"
