"""Reports as bureaus publish them: a .docx whose relationships name missing parts, and text
in an encoding that would read as mojibake."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest

from civdash.workbench.documents import DocumentError, read_document
from civdash.workbench.extract import extract

BULLETIN = [
    "2021年民政事业发展统计公报",
    "截至2021年底,全国共有各类养老机构和设施35.8万个,养老床位合计815.9万张。",
    "全国共有社会组织90.2万个,比上年增长0.8%。",
]
DANGLING = {
    "footnotes": "word/footnotes.xml",
    "endnotes": "word/endnotes.xml",
    "header": "word/header1.xml",
}


def bulletin_docx() -> bytes:
    document = docx.Document()
    for line in BULLETIN:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "社区服务中心"
    table.cell(0, 1).text = "2.9万个"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_dangling_relationships(raw: bytes, kinds: list[str]) -> bytes:
    """The same archive, its document relationships naming parts that are not in it."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                extra = "".join(
                    f'<Relationship Id="rIdX{index}" Type="http://schemas.openxmlformats.org/'
                    f'officeDocument/2006/relationships/{kind}" '
                    f'Target="{DANGLING[kind].removeprefix("word/")}"/>'
                    for index, kind in enumerate(kinds)
                )
                data = data.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
            if item.filename == "[Content_Types].xml":
                extra = "".join(
                    f'<Override PartName="/{DANGLING[kind]}" ContentType="application/'
                    f'vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>'
                    for kind in kinds
                )
                data = data.replace(b"</Types>", extra.encode() + b"</Types>")
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("kinds", [["footnotes", "endnotes"], ["header"], list(DANGLING)])
def test_docx_with_dangling_relationships_is_read(kinds):
    raw = with_dangling_relationships(bulletin_docx(), kinds)
    with pytest.raises(Exception):  # noqa: B017 - python-docx itself refuses the archive
        docx.Document(io.BytesIO(raw))
    text = read_document("公报.docx", raw)
    for line in BULLETIN:
        assert line in text
    assert "社区服务中心\t2.9万个" in text
    values = {c.value for c in extract(text, reference_year=2021)}
    assert {358_000, 8_159_000, 902_000, 29_000} <= values


def test_a_docx_that_is_not_a_zip_is_still_refused():
    with pytest.raises(DocumentError):
        read_document("x.docx", b"PK\x03\x04 not really a zip")


REPORT = "宁波市2020年养老机构床位15200张,新建居家养老服务照料中心300个。"


@pytest.mark.parametrize(
    "raw",
    [
        REPORT.encode("big5", errors="ignore"),
        "2020年の施設のベッド数は15200床、新設された介護センターは300か所。".encode("shift_jis"),
        "Ningbo: 15200 beds in 2020 — café, naïve résumé".encode("cp1252"),
        ("第一行 UTF-8 文字。\n" + "第二行 GBK 文字。").encode("utf-8")
        + "\n第三行 GBK 文字。".encode("gbk"),
    ],
    ids=["big5", "shift_jis", "cp1252", "mixed"],
)
def test_text_in_other_encodings_is_refused_not_read_as_mojibake(raw):
    with pytest.raises(DocumentError) as refusal:
        read_document("report.txt", raw)
    assert refusal.value.code in ("encoding", "mixed_encoding")
    with pytest.raises(DocumentError):
        read_document("report.html", b"<p>" + raw + b"</p>")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_simplified_chinese_in_utf8_or_gb_is_read(encoding):
    assert read_document("report.txt", REPORT.encode(encoding)) == REPORT


def test_the_report_and_csv_readers_share_one_decoder():
    """The same bytes meet the same verdict in both readers."""
    from civdash.data.csv_input import InputRefused, decode

    raw = REPORT.encode("big5", errors="ignore")
    with pytest.raises(InputRefused):
        decode(raw)
    with pytest.raises(DocumentError):
        read_document("report.txt", raw)
    assert re.search("15200", read_document("report.txt", REPORT.encode("gbk")))
