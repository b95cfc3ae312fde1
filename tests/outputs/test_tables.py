"""Exports carry a BOM, neutralise formula-like text and keep meaningful ASCII names."""

import io

import openpyxl
import pandas as pd

from civdash.outputs.tables import csv_bytes, neutralise, xlsx_bytes

PAYLOADS = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)"]


def test_neutralise_prefixes_formula_text_only():
    for payload in PAYLOADS:
        assert neutralise(payload) == "'" + payload
    assert neutralise("宁波") == "宁波"
    assert neutralise(-32.0) == -32.0


def test_csv_bytes_start_with_bom_and_neutralise_cells():
    frame = pd.DataFrame({"note": PAYLOADS + ["ok"], "value": [1, 2, 3, 4, -5]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    for payload in PAYLOADS:
        assert "'" + payload.replace('"', '""') in text
    assert ",-5" in text  # numbers are not touched


def test_xlsx_neutralises_and_keeps_sheets():
    frame = pd.DataFrame({"note": ["=1+1", "宁波"], "value": [1.5, 2.0]})
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"data": frame, "来源": frame})))
    assert workbook.sheetnames == ["data", "来源"]
    sheet = workbook["data"]
    assert sheet["A2"].value == "'=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 1.5
