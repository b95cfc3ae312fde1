"""Reading a report from .txt, .docx, .pdf and .html, and refusing what is not a report."""

import io
from pathlib import Path

import pytest

from civdash.workbench.documents import DocumentError, read_document
from civdash.workbench.extract import extract

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
SENTENCE = "截止2011年底,全市养老机构205家,新增床位430张。"


def test_text_in_utf8_with_bom_and_gb18030():
    assert read_document("a.txt", SENTENCE.encode("utf-8-sig")) == SENTENCE
    assert read_document("a.txt", SENTENCE.encode("gb18030")) == SENTENCE


def test_a_file_in_another_encoding_is_refused():
    with pytest.raises(DocumentError, match="UTF-8"):
        read_document("a.txt", b"\xff\xfe\x00\x00" + SENTENCE.encode("utf-16-le"))


def test_docx_paragraphs_and_tables():
    import docx

    document = docx.Document()
    document.add_paragraph(SENTENCE)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "床位"
    table.rows[0].cells[1].text = "1330张"
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_document("report.docx", buffer.getvalue())
    assert SENTENCE in text and "1330张" in text


def test_html_drops_scripts_and_styles():
    page = "<html><head><style>p{color:red}</style></head><body><script>var x=99;</script>"
    page += f"<p>{SENTENCE}</p></body></html>"
    text = read_document("page.html", page.encode("utf-8"))
    assert SENTENCE in text and "99" not in text and "color" not in text


def _pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if lines:
        pdf.add_font("wqy", fname=str(FONT))
        pdf.set_font("wqy", size=12)
        pdf.multi_cell(0, 8, "\n".join(lines))
    else:
        pdf.rect(20, 20, 100, 100, style="F")  # a page with only a picture, as a scan has
    return bytes(pdf.output())


@pytest.mark.skipif(not FONT.exists(), reason="fonts-wqy-microhei is installed by `make test`")
def test_pdf_text_with_line_breaks_inside_figures():
    text = read_document(
        "report.pdf", _pdf(["新增床位430", "张,服务628007人", "次,资金1.2", "万元"])
    )
    found = extract(text, reference_year=2019)
    assert [(c.value, c.unit_guess) for c in found] == [
        (430, "beds"),
        (628007, "person_times"),
        (12000, "yuan"),
    ]


def test_a_pdf_without_a_text_layer_is_refused_as_a_scan():
    with pytest.raises(DocumentError, match="no text layer"):
        read_document("scan.pdf", _pdf([]))


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("report.doc", b"old word", "not a supported"),
        ("report.xlsx", b"PK", "not a supported"),
        ("report.docx", b"not a zip", "not a readable .docx"),
        ("report.pdf", b"%PDF-1.4 broken", "PDF"),
    ],
)
def test_other_files_are_refused_with_a_reason(name, raw, message):
    with pytest.raises(DocumentError, match=message):
        read_document(name, raw)


def test_a_refusal_survives_the_trip_back_from_the_worker_process():
    import pickle

    refusal = pickle.loads(pickle.dumps(DocumentError("size", megabytes=10)))
    assert (refusal.code, refusal.values, str(refusal)) == (
        "size",
        {"megabytes": 10},
        "the file is larger than 10 MB",
    )
