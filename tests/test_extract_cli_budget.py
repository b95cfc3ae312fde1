"""N6: `python -m civdash extract` keeps the page's budgets (characters, seconds in a worker
process) unless --no-limits lifts them."""

from __future__ import annotations

from civdash.cli import main
from civdash.core import limits

LINE = "2024年全市养老机构床位15200张,低保对象61195人。\n"


def run(tmp_path, *extra):
    report = tmp_path / "report.txt"
    report.write_text(LINE * 40, encoding="utf-8")
    out = tmp_path / "candidates.csv"
    return main(["extract", str(report), "--region", "330200", "--out", str(out), *extra]), out


def test_a_text_over_the_page_limit_is_refused_unless_limits_are_lifted(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(limits, "MAX_REPORT_CHARACTERS", 500)
    code, out = run(tmp_path)
    assert code == 2 and not out.exists()
    assert "characters" in capsys.readouterr().err
    code, out = run(tmp_path, "--no-limits")
    assert code == 0 and out.read_text(encoding="utf-8-sig").count("15200") >= 1


def test_extraction_past_its_time_budget_is_stopped(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(limits, "EXTRACTION_BUDGET_SECONDS", 0.001)
    code, out = run(tmp_path)
    assert code == 2 and not out.exists()
    error = capsys.readouterr().err
    assert "limit" in error and "--no-limits" in error


def test_the_year_used_is_said(tmp_path, capsys):
    report = tmp_path / "2024年工作总结.txt"
    report.write_text("某市民政局2024年工作总结\n目前全市养老床位15200张。\n", encoding="utf-8")
    out = tmp_path / "c.csv"
    code = main(["extract", str(report), "--published", "2025-02-10", "--out", str(out)])
    assert code == 0
    assert "reference year 2024" in capsys.readouterr().out
