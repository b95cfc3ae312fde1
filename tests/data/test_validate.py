"""Every dataset rule passes on good data and fails on a fixture that breaks it."""

import shutil

import pytest

from civdash.cli import main
from civdash.core.vocab import observation_id
from civdash.data.validate import validate_dataset
from tests.conftest import REPO_ROOT, tiny_tables, write_tables


def messages(report):
    return [problem.format() for problem in report.errors]


def test_tiny_dataset_is_clean(tiny_dataset):
    data, sources = tiny_dataset
    report = validate_dataset(data, sources, display="data")
    assert messages(report) == []
    assert report.exit_code == 0


def broken(tmp_path, mutate):
    tables = tiny_tables()
    mutate(tables)
    return write_tables(tmp_path / "broken", tables)


TEXTS = REPO_ROOT / "data" / "sources"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda t: t["observations"][0].update(year="20x2"),
            "observations.csv:2: year: '20x2' is not an integer",
        ),
        (
            lambda t: t["observations"][0].update(year="1980"),
            "observations.csv:2: year: year 1980 is outside 1990-2035",
        ),
        (
            lambda t: t["observations"][0].update(qualifier="roughly"),
            "observations.csv:2: qualifier: 'roughly' is not one of",
        ),
        (
            lambda t: t["indicators"][0].update(unit="万元"),
            "indicators.csv:2: unit: '万元' is not one of",
        ),
        (
            lambda t: t["indicators"][0].update(category="welfare"),
            "indicators.csv:2: category: 'welfare' is not one of",
        ),
        (
            lambda t: t["observations"][0].update(region_id="999999"),
            "observations.csv:2: region_id: '999999' is not in regions.csv",
        ),
        (
            lambda t: t["observations"][0].update(indicator_id="nope"),
            "observations.csv:2: indicator_id: 'nope' is not in indicators.csv",
        ),
        (
            lambda t: t["observations"].append(dict(t["observations"][0])),
            "observations.csv:6: observation_id: duplicate key",
        ),
        (
            lambda t: t["observations"][3].update(
                value="157.7", value_as_written="157.7%", excerpt="157.7%"
            ),
            "observations.csv:5: value: 157.7 is outside 0-100 for a percentage",
        ),
        (
            lambda t: t["observations"][0].update(value="-1", value_as_written="-1", excerpt="-1"),
            "observations.csv:2: value: -1 is negative",
        ),
        (
            lambda t: t["observations"][2].update(value="142700000"),
            "observations.csv:4: value: 1.427e+08 does not equal '14.27亿' parsed",
        ),
        (
            lambda t: t["observations"][0].update(value_as_written="40521"),
            "observations.csv:2: value_as_written: '40521' does not stand in the excerpt",
        ),
        (
            lambda t: t["observations"][1].update(qualifier="exact"),
            "observations.csv:3: qualifier: '700多万' reads as at_least, not exact",
        ),
        (
            lambda t: t["observations"][0].update(excerpt="目前全市有低保户40520户共61196人"),
            "observations.csv:2: excerpt: does not stand verbatim in the source of demo",
        ),
        (
            lambda t: t["observations"][0].update(source_id="ghost"),
            "observations.csv:2: source_id: 'ghost' is not in sources.csv",
        ),
        (
            lambda t: t["observations"][0].update(observation_id="x"),
            "observations.csv:2: observation_id: 'x' should be",
        ),
        (
            lambda t: t["observations"][0].update(period_start="2010"),
            "observations.csv:2: period_start: a multi-year figure needs a multi_year indicator",
        ),
        (
            lambda t: t["indicators"][0].update(name_en="低保户数"),
            "indicators.csv:2: name_en: contains Chinese characters",
        ),
        (
            lambda t: t["indicators"][0].update(comparability="Counts vary."),
            "indicators.csv:2: comparability_zh: must be given exactly when comparability is",
        ),
        (
            lambda t: t["indicators"][0].update(name_zh=""),
            "indicators.csv:2: name_zh: is required but empty",
        ),
        (
            lambda t: t["indicators"].append(dict(t["indicators"][0], indicator_id="unused")),
            "indicators.csv:5: indicator_id: 'unused' is not used",
        ),
        (
            lambda t: t["regions"][1].update(level="city"),
            "regions.csv:3: level: 'city' is not one of",
        ),
        (
            lambda t: t["regions"][1].update(parent_id="123456"),
            "regions.csv:3: parent_id: '123456' is not in regions.csv",
        ),
        (
            lambda t: t["sources"][0].update(kind="blog"),
            "sources.csv:2: kind: 'blog' is not one of",
        ),
        (
            lambda t: t["targets"][0].update(plan_id="ghost"),
            "targets.csv:2: plan_id: 'ghost' is not in plans.csv",
        ),
        (
            lambda t: t["targets"][0].update(target_year="2050"),
            "targets.csv:2: target_year: year 2050 is outside 1990-2035",
        ),
    ],
)
def test_each_rule_fails_on_a_fixture_that_breaks_it(tmp_path, tiny_dataset, mutate, expected):
    _, sources = tiny_dataset
    folder = broken(tmp_path, mutate)
    report = validate_dataset(folder, sources, display="data")
    found = messages(report)
    assert any(expected in message for message in found), found
    assert report.exit_code == 1


def test_missing_column_is_reported(tmp_path, tiny_dataset):
    _, sources = tiny_dataset
    folder = broken(tmp_path, lambda t: None)
    text = (folder / "observations.csv").read_text(encoding="utf-8")
    (folder / "observations.csv").write_text(text.replace(",excerpt,", ",extract,", 1), "utf-8")
    found = messages(validate_dataset(folder, sources, display="data"))
    assert any("observations.csv:1: excerpt: required column is missing" in m for m in found)


def test_conflicting_sources_are_a_warning_not_an_error(tmp_path, tiny_dataset):
    data, sources = tiny_dataset
    tables = tiny_tables()
    tables["sources"].append(dict(tables["sources"][0], source_id="other"))
    twin = dict(
        tables["observations"][0],
        source_id="other",
        value="40000",
        value_as_written="40000",
        excerpt="40000",
    )
    tables["observations"].append(twin)
    for row in tables["observations"]:
        row["observation_id"] = observation_id(row)
    folder = write_tables(tmp_path / "conflict", tables)
    report = validate_dataset(folder, None, display="data")
    assert any("sources disagree" in w.message for w in report.warnings)
    assert not any("sources disagree" in e.message for e in report.errors)


def test_a_missing_source_text_is_an_error_never_a_skip(tiny_dataset, tmp_path):
    data, _ = tiny_dataset
    report = validate_dataset(data, tmp_path / "absent", display="data")
    assert report.exit_code == 1
    assert any("the text 'demo.txt' of demo is not in" in p.message for p in report.errors)
    # No check on the texts is skipped; the only notices are the optional tables' (population,
    # defaults), which the tiny dataset leaves out.
    assert all(".csv (optional)" in notice for notice in report.notices)


def test_texts_are_read_from_the_data_folder_by_default(tiny_dataset):
    data, sources = tiny_dataset
    assert validate_dataset(data, display="data").exit_code == 0
    (sources / "demo.txt").write_text("另一份报告的文字", encoding="utf-8")
    found = messages(validate_dataset(data, display="data"))
    expected = "data/observations.csv:2: excerpt: does not stand verbatim in the source of demo"
    assert expected in found


def test_cli_reads_the_bundled_texts_and_honours_the_override(tiny_dataset, tmp_path, monkeypatch):
    data, _ = tiny_dataset
    monkeypatch.delenv("CIVDASH_SOURCES", raising=False)
    assert main(["validate", "--data", str(data), "--quiet"]) == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "demo.txt").write_text("无关文字", encoding="utf-8")
    monkeypatch.setenv("CIVDASH_SOURCES", str(elsewhere))
    assert main(["validate", "--data", str(data), "--quiet"]) == 1


def test_unreadable_file_exits_2(tiny_dataset):
    data, sources = tiny_dataset
    (data / "regions.csv").unlink()
    assert validate_dataset(data, sources).exit_code == 2


def test_cli_output_format_and_exit_code(tmp_path, tiny_dataset, capsys):
    _, sources = tiny_dataset

    def old_year(tables):
        row = tables["observations"][0]
        row.update(year="1980")
        row["observation_id"] = observation_id(row)

    folder = broken(tmp_path, old_year)
    code = main(["validate", "--data", str(folder), "--sources", str(sources)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert any(
        line.endswith("observations.csv:2: year: year 1980 is outside 1990-2035") for line in out
    )
    assert "1 error(s)" in out[-1]


def test_curated_data_is_clean():
    """The committed dataset passes, every excerpt checked against the bundled texts."""
    report = validate_dataset(REPO_ROOT / "data", display="data")
    assert messages(report) == []
    assert not report.notices
    assert report.row_counts["observations"] >= 250


def test_a_clone_without_its_texts_fails(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", copy, ignore=shutil.ignore_patterns("_staging"))
    assert validate_dataset(copy, display="data").exit_code == 0
    (copy / "sources" / "nantong_2012_2022_review.txt").unlink()
    report = validate_dataset(copy, display="data")
    assert report.exit_code == 1
    assert any("nantong_2012_2022_review.txt" in problem.message for problem in report.errors)


# SHA-256 of each report text as collected; a bundled copy must never be edited, only replaced
# together with a new data release.
REPORT_CHECKSUMS = {
    "ningbo_2012_review.txt": "48ddc29cb49fa32dfb51e0da5070bf7ea35997a7d8338bf597be2d0db54bf47a",
    "huangshigang_13fyp.txt": "c5c1492f6915a7d6087cbb89c8021532f33870160b9332ad4fce2ea78a9608b2",
    "quzhou_2013_summary.txt": "8e7e694620d9cea99b9cc0511826552e7be03c1533f635f9ac1dc19d641dc370",
    "nantong_2012_2022_review.txt": (
        "6dc032793bd4fb57bca864f46b9700997eab99bf99d4992726bf9bac63ede366"
    ),
    "zhejiang_2019_features.txt": (
        "d809407b9b8d4e7cba26fce8d460b45f59988714b3a84d696e9d8ff14d374ce4"
    ),
}


def test_bundled_texts_are_the_reports_unchanged():
    """Byte-for-byte copies of the reports, and datapackage.json records the same checksums."""
    import hashlib
    import json

    found = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in TEXTS.iterdir()}
    assert found == REPORT_CHECKSUMS
    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text("utf-8"))
    assert {e["path"]: e["x_sha256"] for e in descriptor["sources"]} == {
        f"sources/{name}": checksum for name, checksum in REPORT_CHECKSUMS.items()
    }
    nantong = (TEXTS / "nantong_2012_2022_review.txt").read_text("utf-8")
    assert "繪藍(lán)圖" in nantong


@pytest.mark.parametrize(
    ("table", "column", "value", "found"),
    [
        ("observations", "note", "Previously skipped in skipped_003.md.", "skipped_003.md"),
        ("observations", "note", "Read as 11 yuan (as instructed).", "instructed"),
        ("targets", "note", "See crosscheck_A_fix.MD line 4.", "crosscheck_A_fix.MD"),
        ("sources", "notes", "Text from 000_b5b1b6fbeaa4a3e1.txt.", "000_b5b1b6fbeaa4a3e1.txt"),
    ],
)
def test_working_notes_are_refused(tmp_path, table, column, value, found):
    folder = broken(tmp_path, lambda tables: tables[table][0].update({column: value}))
    problems = [p for p in validate_dataset(folder, display="data").errors if p.column == column]
    assert len(problems) == 1
    assert f"reads like a working note ('{found}')" in problems[0].message


def test_a_plain_note_with_a_file_like_word_passes(tiny_dataset):
    data, _ = tiny_dataset
    folder = broken(
        data.parent,
        lambda tables: tables["observations"][0].update(
            note="Recorded as 1.5 (1.5 times more).", note_zh="记为1.5(多1.5倍)。"
        ),
    )
    (folder / "sources").mkdir()
    (folder / "sources" / "demo.txt").write_bytes((data / "sources" / "demo.txt").read_bytes())
    assert messages(validate_dataset(folder, display="data")) == []


def test_notes_come_in_pairs(tmp_path):
    folder = broken(tmp_path, lambda tables: tables["observations"][0].update(note="Undated."))
    found = messages(validate_dataset(folder, display="data"))
    assert "data/observations.csv:2: note_zh: must be given exactly when note is" in found
