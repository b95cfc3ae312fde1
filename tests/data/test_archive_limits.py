"""Issue 26, N3 and N10: a zip's members are checked before anything inflates them (.docx,
.xlsx, bundles), and hostile PDFs end in a refusal, not a traceback. Fixtures built here."""

from __future__ import annotations

import io
import os
import resource
import time
import zipfile

import pytest

from civdash.data import archive_limits
from civdash.data.archive_limits import ArchiveRefused, check_archive
from civdash.workbench.bundle import BundleError, read_bundle
from civdash.workbench.documents import DocumentError, read_document

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>2020年全市养老机构床位15200张。</w:t></w:r></w:p></w:body></w:document>"
)
IMAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/image" Target="media/image1.bin"/></Relationships>'
)


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/document.xml", DOCUMENT)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def bomb_docx(inflated: int) -> bytes:
    """The review's bomb: an image part of `inflated` zeros that python-docx would load."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/document.xml", DOCUMENT)
        archive.writestr("word/_rels/document.xml.rels", IMAGE_RELS)
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_real_docx_is_read():
    assert "15200" in read_document("report.docx", docx())


@pytest.mark.parametrize("inflated_mb", [60, 400])
def test_a_docx_bomb_is_refused_unread(inflated_mb):
    raw = bomb_docx(inflated_mb * (1 << 20))
    assert len(raw) < 1_000_000
    before = peak_rss_mb()
    start = time.process_time()
    with pytest.raises(DocumentError) as raised:
        read_document("bomb.docx", raw)
    assert raised.value.code == "archive"
    # Refused from the directory alone: no inflating, no memory.
    assert time.process_time() - start < 1
    assert peak_rss_mb() - before < 50


def test_many_members_adding_up_are_refused_even_below_the_ratio():
    # Incompressible members: no ratio alarm, but the sum passes the limit.
    members = {f"word/media/image{index}.bin": os.urandom(300_000) for index in range(5)}
    raw = docx(members)
    with pytest.raises(ArchiveRefused) as raised:
        check_archive(raw, max_inflated_bytes=1_000_000)
    assert raised.value.reason == "size"
    assert check_archive(raw).members == 8


def test_a_highly_compressed_member_is_refused_by_ratio():
    raw = docx({"word/media/zeros.bin": bytes(5_000_000)})
    with pytest.raises(ArchiveRefused) as raised:
        check_archive(raw)
    assert raised.value.reason == "ratio"


def test_a_member_that_lies_about_its_size_cannot_inflate_past_it():
    """The directory says 1,000 bytes; the data inflates to 50 MB. zipfile stops at the
    declared size and the CRC fails, so the check on declared sizes holds."""
    raw = bytearray(docx({"word/media/liar.bin": bytes(50_000_000)}))
    archive = zipfile.ZipFile(io.BytesIO(bytes(raw)))
    info = archive.getinfo("word/media/liar.bin")
    # Rewrite the uncompressed size in the local header and the central directory.
    local = info.header_offset
    raw[local + 22 : local + 26] = (1000).to_bytes(4, "little")
    index = bytes(raw).find(b"word/media/liar.bin", local + 30 + len(info.filename))
    entry = index - 46
    assert raw[entry : entry + 4] == b"PK\x01\x02"
    raw[entry + 24 : entry + 28] = (1000).to_bytes(4, "little")
    lying = bytes(raw)
    check_archive(lying, max_ratio=10**9)  # the declared sizes pass
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(lying)).read("word/media/liar.bin")


def test_a_bundle_bomb_is_refused_before_reading():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sources.csv", "source_id,file\n")
        with archive.open("observations.csv", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(200):
                member.write(chunk)
    with pytest.raises(BundleError, match="refused unread"):
        read_bundle(raw.getvalue())


def test_the_limits_are_the_documented_ones():
    assert archive_limits.MAX_INFLATED_BYTES == 50_000_000
    assert archive_limits.MAX_RATIO == 100


def pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R ".encode()
        + trailer_extra
        + f">>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
CONTENT = b"BT /F1 12 Tf 72 720 Td (In 2020 there were 15200 beds and 300 centres here.) Tj ET"


def stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def dag_pdf(depth: int, fan: int = 10) -> bytes:
    """A page tree whose every node lists one child `fan` times: fan**depth pages."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 5 0 R >>", FONT, stream(CONTENT), b""]
    for level in range(depth):
        node = 5 + level
        child = node + 1 if level < depth - 1 else 4
        parent = f"/Parent {node - 1} 0 R " if level else ""
        kids = " ".join([f"{child} 0 R"] * fan)
        objects.append(
            f"<< /Type /Pages {parent}/Kids [{kids}] /Count {fan ** (depth - level)} >>".encode()
        )
    objects[3] = (
        f"<< /Type /Page /Parent {4 + depth} 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        "/Resources << /Font << /F1 2 0 R >> >> >>"
    ).encode()
    return pdf(objects)


def good_pdf(trailer_extra: bytes = b"") -> bytes:
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            stream(CONTENT),
            b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R /Resources << /Font << /F1 5 0 R >> "
            b">> /MediaBox [0 0 612 792] >>",
            FONT,
        ],
        trailer_extra,
    )


def test_a_good_pdf_is_read():
    assert "15200" in read_document("report.pdf", good_pdf())


def test_a_page_tree_bomb_is_not_a_readable_pdf():
    start = time.monotonic()
    with pytest.raises(DocumentError) as raised:
        read_document("dag.pdf", dag_pdf(6))
    assert raised.value.code == "pdf"
    assert time.monotonic() - start < 30


def test_an_encrypted_pdf_is_named_as_such():
    encrypt = b"/Encrypt << /Filter /Standard /V 5 /R 6 /O <00> /U <00> /P -4 >> "
    with pytest.raises(DocumentError) as raised:
        read_document("locked.pdf", good_pdf(encrypt))
    assert raised.value.code in ("encrypted", "pdf")
