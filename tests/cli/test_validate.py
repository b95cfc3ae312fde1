"""civdash.cli.validate: `python -m civdash validate [FILE]` lists each problem (or only the
summary with --quiet), reads the texts from --sources, and its exit code says what it found."""

from __future__ import annotations

import re

from civdash.cli import main


def break_an_excerpt(data) -> None:
    observations = data / "observations.csv"
    text = observations.read_text(encoding="utf-8")
    observations.write_text(text.replace("目前全市有低保户40520户共61195人", "全市低保户"), "utf-8")


def test_problems_are_listed_unless_quiet_and_the_summary_always(tiny_dataset, capsys):
    data, sources = tiny_dataset
    break_an_excerpt(data)
    assert main(["validate", "--data", str(data), "--sources", str(sources)]) == 1
    loud = capsys.readouterr().out.splitlines()
    assert any("observations.csv:2: excerpt:" in line for line in loud), loud
    assert re.match(r"[1-9][0-9]* error\(s\), ", loud[-1]), loud[-1]
    assert main(["validate", "--data", str(data), "--sources", str(sources), "--quiet"]) == 1
    quiet = capsys.readouterr().out.splitlines()
    assert quiet[-1] == loud[-1]
    # Notices (a skipped optional table) stay; the problem lines go.
    assert not any("observations.csv:2:" in line for line in quiet), quiet


def test_sources_option_wins_over_the_environment(tiny_dataset, tmp_path, monkeypatch, capsys):
    data, sources = tiny_dataset
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "demo.txt").write_text("无关文字", encoding="utf-8")
    monkeypatch.setenv("CIVDASH_SOURCES", str(elsewhere))
    assert main(["validate", "--data", str(data), "--quiet"]) == 1
    assert main(["validate", "--data", str(data), "--sources", str(sources), "--quiet"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 error(s)")


def test_a_file_is_checked_against_the_data_folder(tiny_dataset, tmp_path, capsys):
    data, _ = tiny_dataset
    upload = tmp_path / "upload.csv"
    upload.write_text(
        "region_id,indicator_id,year,value\n330200,dibao_households,2013,41000\n"
        "999999,dibao_households,2013,1\n",
        encoding="utf-8",
    )
    assert main(["validate", str(upload), "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "upload.csv:3: region_id:" in out and "999999" in out


def test_a_data_folder_missing_a_table_exits_2(tiny_dataset, capsys):
    data, sources = tiny_dataset
    (data / "regions.csv").unlink()
    assert main(["validate", "--data", str(data), "--sources", str(sources), "--quiet"]) == 2
