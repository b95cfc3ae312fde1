"""Hostile text in the data renders as text and is neutralised in exports."""

import re
import shutil

import pandas as pd
import pytest

from tests.conftest import REPO_ROOT, run_page

PAYLOADS = (
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
)
FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def hostile_data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", folder, ignore=shutil.ignore_patterns("_staging"))
    observations = pd.read_csv(folder / "observations.csv", dtype=str, keep_default_na=False)
    # Huangshigang's single-year figures are shown as text with their notes on the profile.
    mask = (observations["region_id"] == "420202") & (
        observations["indicator_id"] == "private_non_enterprise_units"
    )
    assert mask.sum() == 1
    observations.loc[mask, "note"] = FORMULA + " " + " ".join(PAYLOADS)
    observations.to_csv(folder / "observations.csv", index=False)
    regions = pd.read_csv(folder / "regions.csv", dtype=str, keep_default_na=False)
    regions.loc[regions["region_id"] == "420200", "name_en"] = "**Huangshi** <b>x</b>"
    regions.to_csv(folder / "regions.csv", index=False)
    monkeypatch.setenv("CIVDASH_DATA_DIR", str(folder))
    return folder


def rendered_text(app) -> list[str]:
    return [element.value for element in list(app.markdown) + list(app.caption)]


def test_payloads_in_notes_and_names_render_as_text(hostile_data, captured_files):  # noqa: F811
    app = run_page("profile", region="420202", lang="en")
    assert not app.exception
    texts = rendered_text(app)
    shown = [value for value in texts if "script" in value or "Huangshi" in value]
    assert shown, "the payload should be displayed (as text)"
    for value in shown:
        # Every character Markdown or HTML would act on arrives backslash-escaped.
        assert re.search(r"(?<!\\)[<>\[\]*]", value) is None, value
    assert any("\\<script\\>" in value for value in shown)
    csv_file = next(f for f in captured_files if (f["filename"] or "").endswith(".csv"))
    text = csv_file["data"].decode("utf-8-sig")
    assert "'" + FORMULA.replace('"', '""') in text


def test_source_viewer_escapes_hostile_names(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", folder, ignore=shutil.ignore_patterns("_staging"))
    indicators = pd.read_csv(folder / "indicators.csv", dtype=str, keep_default_na=False)
    indicators.loc[indicators["indicator_id"] == "elderly_care_beds", "name_zh"] = (
        '床位"><img src=x onerror=alert(1)><script>alert(2)</script>'
    )
    indicators.to_csv(folder / "indicators.csv", index=False)
    monkeypatch.setenv("CIVDASH_DATA_DIR", str(folder))
    app = run_page("source", source="huangshigang_13fyp")
    assert not app.exception
    body = next(item.proto.body for item in app.get("html") if "civdash-source" in item.proto.body)
    assert "<img" not in body and "<script" not in body
    assert "床位&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in body
