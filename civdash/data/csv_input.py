"""The one reader of uploaded CSV bytes: size, encoding, control bytes, strict quotes, limits.

Shared by the observations validator (uploads.py) and the station reader (coverage.py), so
both kinds of file meet the same limits (limits.py) and the same refusals, and report them as
the same Problem. Every scan here is linear in the size of the file: no pattern can backtrack.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from civdash.core import limits
from civdash.core.numbers import FULL_WIDTH
from civdash.core.safe_text import printable
from civdash.i18n import text

ERROR, WARNING, INFO = "error", "warning", "info"

# C0 controls other than tab, line ends, vertical tab and form feed, and every C1 control
# (U+0080-U+009F, e.g. the CSI U+009B): a CSV that a person typed or Excel saved has none,
# while images, workbooks and PDFs are full of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x80-\x9f]")
LINE_END = re.compile(r"\r\n|\r|\n")
LINE_RUN = re.compile(r"[^\r\n]++")
WHITESPACE_RUN = re.compile(r"\s++")
HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# What a GB18030/GBK file of simplified Chinese holds besides ASCII: ideographs, CJK and
# full-width punctuation, general punctuation (“” — …) and a few symbols (· × ÷ ° ± ℃ №).
# Kana, Hangul or Latin-1 letters after a GB18030 decoding mean the bytes were something
# else: Shift-JIS, Big5, EUC-KR or Windows-1252 read with the wrong table.
NOT_PLAUSIBLY_CHINESE = re.compile(
    "[^\x00-\x7f\u3000-\u303f\u4e00-\u9fff\uff01-\uff65\u2010-\u2027\u2030-\u203b"
    "\u00b7\u00d7\u00f7\u00b0\u00b1\u2103\u2116\u2160-\u216b\u2460-\u2473\u25a0-\u25ff]"
)
CJK_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")
# Big5 read as GBK gives ideographs too, but mostly rare ones outside GB2312, the common
# simplified set; real GBK text has at most a rare character in a name or two.
RARE_IDEOGRAPH_SHARE = 0.01
GB18030 = "gb18030"


@dataclass(frozen=True)
class Problem:
    """Why a file, a row or a cell was refused or changed: line 1 is the header, None the file."""

    file: str
    line: int | None
    column: str
    message: str
    severity: str = ERROR
    # An i18n key and its values when the page shows the message in its own language.
    key: str = field(default="", compare=False)
    values: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def of(cls, file: str, line: int | None, column: str, key: str, **values) -> Problem:
        """A problem whose message lives in i18n; `message` keeps the English for the CLI."""
        return cls(file, line, column, text(key, "en", **values), ERROR, key, values)

    def text(self, lang: str = "en") -> str:
        """The message in `lang` when it has a translation, else as written (English)."""
        return text(self.key, lang, **self.values) if self.key else self.message

    def format(self) -> str:
        """One line for a terminal: controls and newlines in cells print as escapes."""
        location = self.file if self.line is None else f"{self.file}:{self.line}"
        prefix = "" if self.severity == ERROR else f"{self.severity}: "
        return printable(f"{location}: {self.column}: {prefix}{self.message}")


@dataclass
class InputRefused(Exception):
    """The file as a whole cannot be used; `key` names the message in i18n (English for CLI)."""

    line: int | None
    key: str
    values: dict = field(default_factory=dict)
    unreadable: bool = False

    def message(self, lang: str = "en") -> str:
        return text(self.key, lang, **self.values)

    def problem(self, file: str = "", column: str = "") -> Problem:
        return Problem.of(file, self.line, column, self.key, **self.values)


@dataclass
class DecodedText:
    text: str
    encoding: str
    # (i18n key, values) of things the reader fixed and must say it fixed.
    warnings: list[tuple[str, dict]] = field(default_factory=list)


def check_size(size: int) -> None:
    """Refuse a file over the upload limit before reading it."""
    if size > limits.MAX_UPLOAD_BYTES:
        raise InputRefused(
            None,
            "input.too_large",
            {
                "size": f"{size:,}",
                "limit": f"{limits.MAX_UPLOAD_BYTES:,}",
                "limit_mb": limits.MAX_UPLOAD_MB,
            },
            unreadable=True,
        )


def line_of(text_value: str, position: int) -> int:
    """1-based line of a character position, counting line ends as the csv module does."""
    return sum(1 for _ in LINE_END.finditer(text_value, 0, position)) + 1


def _mixed_line(data: bytes) -> int | None:
    """Line of the first non-UTF-8 line when other non-ASCII lines are valid UTF-8, else None."""
    valid_lines, first_invalid = 0, None
    position = 0
    while True:
        match = HIGH_BYTE.search(data, position)
        if match is None:
            break
        start = data.rfind(b"\n", 0, match.start()) + 1
        end = data.find(b"\n", match.start())
        end = len(data) if end < 0 else end
        try:
            data[start:end].decode("utf-8")
            valid_lines += 1
        except UnicodeDecodeError:
            if first_invalid is None:
                first_invalid = data.count(b"\n", 0, start) + 1
        if valid_lines and first_invalid is not None:
            return first_invalid
        position = end + 1
    return None


def _plausibly_chinese(decoded: str) -> bool:
    if NOT_PLAUSIBLY_CHINESE.search(decoded):
        return False
    ideographs = len(CJK_IDEOGRAPH.findall(decoded))
    if not ideographs:
        return True
    # Characters GB2312 lacks come out as '?' with errors="replace"; one C-speed pass.
    rare = decoded.encode("gb2312", errors="replace").count(b"?") - decoded.count("?")
    return rare <= int(ideographs * RARE_IDEOGRAPH_SHARE)


def decode(data: bytes) -> DecodedText:
    """The text of an uploaded CSV, or InputRefused naming why it cannot be read.

    UTF-8 with or without a BOM; GB18030/GBK only when the whole file decodes and reads as
    simplified Chinese and ASCII. A file mixing UTF-8 lines with other lines is refused.
    """
    check_size(len(data))
    if data.startswith(b"PK\x03\x04"):
        raise InputRefused(None, "input.zip", unreadable=True)
    if b"\x00" in data:
        raise InputRefused(None, "input.nul", unreadable=True)
    warnings: list[tuple[str, dict]] = []
    try:
        decoded = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        mixed = _mixed_line(data)
        if mixed is not None:
            raise InputRefused(mixed, "input.mixed_encoding", {"line": mixed}, True) from None
        try:
            decoded = data.decode(GB18030)
        except UnicodeDecodeError:
            raise InputRefused(None, "input.encoding", unreadable=True) from None
        if not _plausibly_chinese(decoded):
            raise InputRefused(None, "input.encoding", unreadable=True) from None
        encoding = GB18030
    if decoded.startswith("\ufeff"):
        decoded, encoding = decoded[1:], "utf-8-sig" if encoding == "utf-8" else encoding
        if decoded.startswith("\ufeff"):
            warnings.append(("input.double_bom", {}))
            decoded = decoded.lstrip("\ufeff")
    control = CONTROL_CHARACTERS.search(decoded)
    if control:
        raise InputRefused(line_of(decoded, control.start()), "input.control", unreadable=True)
    return DecodedText(decoded, encoding, warnings)


def check_line_lengths(decoded: str) -> None:
    """Refuse a physical line over MAX_LINE_CHARS before the CSV reader builds its fields."""
    for run in LINE_RUN.finditer(decoded):
        if run.end() - run.start() > limits.MAX_LINE_CHARS:
            raise InputRefused(
                line_of(decoded, run.start()),
                "input.line_too_long",
                {"limit": f"{limits.MAX_LINE_CHARS:,}"},
            )


def records(decoded: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, fields) for every record, header included.

    Strict quoting: a quote left open to the end of the file is an error at the line where
    it opened, not a cell that silently swallows every later row. The header may have at
    most MAX_HEADER_FIELDS fields.
    """
    check_line_lengths(decoded)
    reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter, strict=True)
    last_line = 0
    try:
        for record in reader:
            # line_num is where a record ends; a quoted cell may span lines.
            line, last_line = last_line + 1, reader.line_num
            if line == 1 and len(record) > limits.MAX_HEADER_FIELDS:
                raise InputRefused(
                    1,
                    "input.too_many_fields",
                    {"count": f"{len(record):,}", "limit": limits.MAX_HEADER_FIELDS},
                )
            yield line, record
    except csv.Error as error:
        reason = str(error)
        if "unexpected end of data" in reason:
            raise InputRefused(last_line + 1, "input.unclosed_quote") from None
        if "field larger than field limit" in reason:
            raise InputRefused(
                last_line + 1,
                "input.field_too_long",
                {"length": f"> {csv.field_size_limit():,}", "limit": limits.MAX_FIELD_CHARS},
            ) from None
        raise InputRefused(last_line + 1, "input.bad_csv", {"reason": reason}) from None


def long_field(record: list[str], limit: int = limits.MAX_FIELD_CHARS) -> tuple[int, int] | None:
    """(index, length) of the first field longer than `limit`, or None."""
    for index, cell in enumerate(record):
        if len(cell) > limit:
            return index, len(cell)
    return None


def normalise_cell(cell: str) -> str:
    """Full-width digits and signs as ASCII, whitespace runs as one space, ends trimmed."""
    # Collapsing first leaves translate, which is slow per character, a short string.
    return WHITESPACE_RUN.sub(" ", cell).strip().translate(FULL_WIDTH)
