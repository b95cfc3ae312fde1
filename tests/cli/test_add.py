"""civdash.cli.add: `python -m civdash add BUNDLE.zip` merges a bundle, --dry-run changes nothing,
and a file that is no bundle is refused with a message and exit code 2."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from civdash.cli import main
from civdash.workbench.bundle import build_bundle

TEXT = "宁波市民政局2013年工作总结。2013年全市有低保户41000户。\n"
SOURCE = {
    "source_id": "demo_2013",
    "file": "demo_2013.txt",
    "title": "示例总结",
    "publisher": "示例局",
    "published": "2014-01-20",
    "region_id": "330200",
    "language": "zh-Hans",
    "kind": "annual_summary",
    "notes": "",
    "url": "",
    "title_en": "Demo summary",
    "publisher_en": "Demo bureau",
}
ROW = {
    "region_id": "330200",
    "indicator_id": "dibao_households",
    "year": 2013,
    "value": 41000,
    "qualifier": "exact",
    "value_as_written": "41000",
    "source_id": "demo_2013",
    "excerpt": "2013年全市有低保户41000户",
}


def snapshot(*folders: Path) -> dict[str, bytes]:
    return {
        str(path): path.read_bytes()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def add(bundle: Path, data: Path, sources: Path, *options: str) -> int:
    return main(["add", str(bundle), "--data", str(data), "--sources", str(sources), *options])


def test_dry_run_says_what_it_would_add_and_changes_nothing(tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(build_bundle(SOURCE, TEXT, [ROW]))
    before = snapshot(data, sources)
    assert add(bundle, data, sources, "--dry-run") == 0
    assert "would add 1 sources, 1 observations" in capsys.readouterr().out
    assert snapshot(data, sources) == before
    # The same bundle for real: the rows, the text and a fresh descriptor land in the folder.
    assert add(bundle, data, sources) == 0
    added = capsys.readouterr().out
    assert "added 1 sources, 1 observations" in added and "datapackage.json" in added
    assert "demo_2013:330200:dibao_households:2013" in (data / "observations.csv").read_text(
        "utf-8"
    )
    assert (sources / SOURCE["file"]).read_text("utf-8") == TEXT
    assert "demo_2013.txt" in (data / "datapackage.json").read_text("utf-8")


def test_a_folder_is_not_a_bundle(tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    before = snapshot(data, sources)
    assert add(tmp_path, data, sources) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert snapshot(data, sources) == before


def test_a_zip_without_the_bundle_tables_is_refused(tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    for name, content in (("empty.zip", buffer.getvalue()), ("text.zip", b"not a zip")):
        path = tmp_path / name
        path.write_bytes(content)
        assert add(path, data, sources) == 2
        assert f"{name}: " in capsys.readouterr().err


def test_rows_that_fail_validation_are_not_added(tiny_dataset, tmp_path, capsys):
    data, sources = tiny_dataset
    bundle = tmp_path / "bundle.zip"
    wrong = {**ROW, "excerpt": "全市有低保户99999户"}  # not in the report's text
    bundle.write_bytes(build_bundle(SOURCE, TEXT, [wrong]))
    before = snapshot(data, sources)
    assert add(bundle, data, sources) == 1
    assert "not added; nothing changed" in capsys.readouterr().err
    assert snapshot(data, sources) == before
