"""Read a report as plain text: .txt (UTF-8 or GB18030), .docx, .pdf with a text layer, .html."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

from civdash.core import limits
from civdash.i18n import text

# The one upload limit of the app: a report of a few hundred pages is far below it.
MAX_DOCUMENT_BYTES = limits.MAX_UPLOAD_BYTES
SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")
# Below this many characters per page a PDF has no usable text layer (a scan).
MIN_PDF_CHARACTERS_PER_PAGE = 20


class DocumentError(ValueError):
    """A file that is not a readable report; `code` names the reason so a page can translate it."""

    def __init__(self, code: str, **values):
        self.code, self.values = code, values
        # The CLI prints the English; a page shows text(f"document.{code}", lang, ...).
        super().__init__(text(f"document.{code}", "en", **values))

    def __reduce__(self):
        # It travels back from the worker process; pickle must rebuild it from code and values.
        return (_document_error, (self.code, self.values))


def _document_error(code: str, values: dict) -> DocumentError:
    return DocumentError(code, **values)


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), or GB18030 that reads as simplified Chinese: the CSV
    reader's one decoder (csv_input.decode), so that Big5 or Shift-JIS text read as GB18030
    mojibake is refused for reports exactly as it is for CSVs (review N11)."""
    from civdash.data.csv_input import InputRefused, decode

    try:
        return decode(raw).text
    except InputRefused as refusal:
        if refusal.key == "input.too_large":
            raise DocumentError("size", megabytes=limits.MAX_UPLOAD_MB) from None
        if refusal.key == "input.mixed_encoding":
            raise DocumentError("mixed_encoding", line=refusal.line) from None
        if refusal.key == "input.control":
            raise DocumentError("control", line=refusal.line) from None
        raise DocumentError("encoding") from None


class _TextOnly(HTMLParser):
    """Collects the visible text of an HTML page; scripts and styles are dropped."""

    SKIP = {"script", "style", "noscript", "template", "head"}
    BREAKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "td"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_text(raw: bytes) -> str:
    parser = _TextOnly()
    parser.feed(decode_text(raw))
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n[ \t\r\f\v\n]*\n", "\n", text).strip()


WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# word/document.xml of a long report is a few MB; more inflated than this is a bomb, not text.
MAX_DOCX_XML_BYTES = 64_000_000


def docx_text(raw: bytes) -> str:
    """Paragraphs, then table rows (cells joined by tabs), via python-docx; a file whose
    relationships name parts the archive lacks (footnotes, endnotes, headers: Word opens it)
    is read from word/document.xml directly instead."""
    import docx

    from civdash.data import archive_limits

    try:
        archive_limits.check_archive(raw)
    except archive_limits.ArchiveRefused as refusal:
        if refusal.reason == "zip":
            raise DocumentError("docx") from refusal
        raise DocumentError(
            "archive",
            megabytes=archive_limits.MAX_INFLATED_BYTES // 1_000_000,
            ratio=archive_limits.MAX_RATIO,
        ) from refusal
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as error:  # python-docx raises several kinds for a broken zip
        text = _document_xml_text(raw)
        if text is None:
            raise DocumentError("docx") from error
        return text
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(paragraphs)


def _document_xml_text(raw: bytes) -> str | None:
    """The text of word/document.xml in reading order, or None if there is no such part.

    A tolerant reader for archives python-docx refuses over a dangling relationship: only the
    main part is read, with a parser that resolves no entities and fetches nothing.
    """
    import zipfile

    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCX_XML_BYTES:
            return None
        with archive.open(info) as member:
            xml = member.read(MAX_DOCX_XML_BYTES + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    if len(xml) > MAX_DOCX_XML_BYTES:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return None
    body = root.find(f"{WORD_NS}body")
    if body is None:
        return None
    lines: list[str] = []
    for block in body:
        if block.tag == f"{WORD_NS}p":
            lines.append(_paragraph_text(block))
        elif block.tag == f"{WORD_NS}tbl":
            for row in block.iter(f"{WORD_NS}tr"):
                cells = row.findall(f"{WORD_NS}tc")
                lines.append(
                    "\t".join(
                        "\n".join(_paragraph_text(p) for p in cell.iter(f"{WORD_NS}p"))
                        for cell in cells
                    )
                )
    return "\n".join(lines)


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter(f"{WORD_NS}t", f"{WORD_NS}tab", f"{WORD_NS}br"):
        if node.tag == f"{WORD_NS}t":
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == f"{WORD_NS}tab" else "\n")
    return "".join(parts)


def pdf_text(raw: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    # An encrypted PDF opens with an empty password when it has one; AES without the optional
    # cryptography package, or a real password, ends here.
    except (DependencyError, FileNotDecryptedError) as error:
        raise DocumentError("encrypted") from error
    # pypdf's own limits (page-tree entries, tokens per stream, inflated stream size) end a
    # hostile PDF with LimitReachedError: it is not a readable report either.
    except (PdfReadError, LimitReachedError, ValueError, KeyError, TypeError) as error:
        raise DocumentError("pdf") from error
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < MIN_PDF_CHARACTERS_PER_PAGE * max(len(pages), 1):
        raise DocumentError("scan")
    return text


def read_document(name: str, raw: bytes) -> str:
    """The text of a report given its file name (for the format) and bytes."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError("format", suffix=suffix or name)
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentError("size", megabytes=limits.MAX_UPLOAD_MB)
    if suffix == ".txt":
        return decode_text(raw)
    if suffix == ".docx":
        return docx_text(raw)
    if suffix == ".pdf":
        return pdf_text(raw)
    return html_text(raw)
