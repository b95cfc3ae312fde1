"""civdash.cli.extract: `python -m civdash extract FILE` writes a report's figures to a CSV with
their excerpts and a guess of year and indicator; the publication date sets 目前's year."""

from __future__ import annotations

import csv

import pytest

from civdash.cli import main
from civdash.cli.extract import reference_year
from civdash.workbench.extract import COLUMNS

REPORT = "宁波市民政局工作总结。\n目前全市养老机构床位15200张,比上年增加800张。\n"


@pytest.mark.parametrize(
    ("published", "explicit", "year"),
    [
        ("2019-05-01", None, 2019),
        ("2019", None, 2019),
        ("2019-05-01", 2018, 2018),  # the report says which year 目前 means
        ("", None, None),
        ("1889-01-01", None, None),  # not a year this data can hold
        ("May 2019", None, None),
    ],
)
def test_reference_year_comes_from_the_publication_date(published, explicit, year):
    assert reference_year(published, explicit) == year


def test_figures_are_written_with_excerpt_year_and_suggestions(tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "candidates.csv"
    code = main(
        [
            "extract",
            str(report),
            "--region",
            "330200",
            "--published",
            "2013-01-10",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # opens in a spreadsheet as UTF-8
    with open(out, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == COLUMNS
        rows = list(reader)
    beds = next(row for row in rows if row["value_as_written"] == "15200")
    assert float(beds["value"]) == 15200
    # A 工作总结 published on 10 January 2013 reviews 2012 (issue 24): its 目前 is 2012.
    assert beds["year"] == "2012" and beds["region_id"] == "330200"
    assert "15200" in beds["excerpt"] and beds["excerpt"] in REPORT
    assert "elderly_care_beds" in beds["indicator_suggestions"]
    assert f"{len(rows)} candidate figures written" in capsys.readouterr().out


def test_a_missing_or_unreadable_report_exits_2(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["extract", str(tmp_path / "missing.txt"), "--out", str(out)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    binary = tmp_path / "report.pdf"
    binary.write_bytes(b"%PDF-1.4 not really a pdf")
    assert main(["extract", str(binary), "--out", str(out)]) == 2
    assert "report.pdf: " in capsys.readouterr().err
    assert not out.exists()
