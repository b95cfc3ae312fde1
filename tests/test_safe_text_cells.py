"""Issue 26, N4, N12, N14, I2, I4, I6: one neutralising rule for every written cell, bidi
overrides gone from files and screen, clear_cache refused, the over-size note on the page."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.caching import cache_resource

from civdash.cli import main
from civdash.core import limits, safe_text
from civdash.core.safe_text import escape_markdown, neutralise
from civdash.data.uploads import Vocabulary, check_cells
from civdash.outputs import tables
from tests.conftest import run_page

OVERRIDES = [chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]


@pytest.mark.parametrize("mark", OVERRIDES)
def test_bidi_controls_leave_every_written_file(mark):
    note = f"{mark}exe.tnemucod 报告"
    frame = pd.DataFrame({"note": [note], "value": [-5.0]})
    assert mark not in tables.csv_bytes(frame).decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(tables.xlsx_bytes({"d": frame})))["d"]
    assert sheet["A2"].value == "exe.tnemucod 报告" and sheet["B2"].value == -5
    assert mark not in escape_markdown(note)


def test_the_one_rule_keeps_signed_numbers_and_disarms_formulas():
    assert neutralise("-5") == "-5" and neutralise("+3.2%") == "+3.2%"
    for payload in ["-2+3+cmd", "=1+1", "@SUM(1)", "+cmd|' /C calc'!A0", "\t=1", "-"]:
        assert neutralise(payload) == "'" + payload
    assert neutralise("\u202e=1+1") == "'=1+1"
    assert tables.neutralise is safe_text.neutralise


def test_an_uploaded_note_loses_its_override():
    vocabulary = Vocabulary(frozenset({"330200"}), {"dibao_households": "households"})
    cells = {
        "region_id": "330200",
        "indicator_id": "dibao_households",
        "year": "2020",
        "value": "41000",
        "note": "\u202eexe.tnemucod\u202c 报告",
        "source": "\u2066来源\u2069",
    }
    result = check_cells(cells, "form", vocabulary)
    assert result.frame is not None
    row = result.frame.iloc[0]
    assert row["note"] == "exe.tnemucod 报告" and row["user_source"] == "来源"


def test_a_notice_shows_controls_as_escapes():
    shown = escape_markdown("abc\x00def\x1b[2J\u202eghi")
    assert "\x00" not in shown and "\x1b" not in shown and "\u202e" not in shown
    assert "x00" in shown and "x1b" in shown


def test_the_candidates_csv_is_neutralised(tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text(
        "@SUM(1+1) 2022年全市养老床位17000张。\n-2+3 2019年全市养老床位14000张。\n",
        encoding="utf-8",
    )
    out = tmp_path / "c.csv"
    assert main(["extract", str(report), "--region", "330200", "--out", str(out)]) == 0
    with open(out, encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert any("17000" in cell for cell in cells)
    assert not [cell for cell in cells if safe_text.formula_like(cell)]


def test_a_client_cannot_clear_the_server_wide_cache(monkeypatch):
    import civdash.app.routing  # noqa: F401 - installs the refusal, as every page does

    calls = []

    @cache_resource
    def shared() -> list:
        calls.append(1)
        return [1]

    shared()
    monkeypatch.delenv("CIVDASH_ALLOW_CLEAR_CACHE", raising=False)
    # Streamlit's handler touches only the session's state: a stand-in with one is enough.
    AppSession._handle_clear_cache_request(SimpleNamespace(_session_state={}))
    shared()
    assert len(calls) == 1, "the cache was emptied by a client"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_contribute_page_says_what_the_uploaders_red_mark_means(lang):
    app = run_page("contribute", lang=lang)
    captions = " ".join(caption.value for caption in app.caption)
    assert f"{limits.UPLOADER_BACKSTOP_MB} MB" in captions
    assert ("红色标记" in captions) if lang == "zh" else ("red mark" in captions)


def test_a_parameter_notice_echoes_no_control_or_override():
    from tests.conftest import notices

    app = run_page("trends", lang="en", indicator="x\x00\u202eevil")
    shown = notices(app)
    assert "evil" in shown
    assert "\x00" not in shown and "\u202e" not in shown
