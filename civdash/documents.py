"""Read a report as plain text: .txt (UTF-8 or GB18030), .docx, .pdf with a text layer, .html."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

from civdash import limits
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
    """UTF-8 (with or without BOM) or GB18030, only when the whole file decodes cleanly."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise DocumentError("encoding")


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


def docx_text(raw: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as error:  # python-docx raises several kinds for a broken zip
        raise DocumentError("docx") from error
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(paragraphs)


def pdf_text(raw: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
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
