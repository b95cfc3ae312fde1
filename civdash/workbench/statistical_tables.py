"""Read statistical tables (.xlsx/.xls, .csv, .html, .docx, .pdf) cell by cell into candidates."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from civdash.core import limits
from civdash.core.numbers import EXACT, NumberParseError, parse_chinese_number
from civdash.core.printed_units import (
    PrintedUnit,
    parse_unit,
)
from civdash.workbench.documents import DocumentError, decode_text, read_document
from civdash.workbench.extract import COLUMNS, Candidate

# What one file may hold before reading stops: a province's monthly table has ~150 rows and 6
# columns; a yearbook sheet a few hundred rows. Beyond these the file is refused or cut, with
# a note, so no upload can make the server walk millions of cells.
MAX_TABLES = 200
MAX_TABLE_ROWS = 3_000
MAX_TABLE_COLUMNS = 60
MAX_CELLS = 60_000
MAX_CELL_CHARS = 400
MAX_PDF_PAGES = 80
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".html", ".htm")
SUFFIXES = TABLE_SUFFIXES + DOCUMENT_SUFFIXES
# A figure that differs from the region's latest one for its indicator by more than this
# factor is flagged: a 万 or 亿 slip is a factor of 10⁴ or 10⁸.
SCALE_FLAG_FACTOR = 5.0
CELL_SEPARATOR = " | "

# Extra columns of a table candidate in the CLI's CSV, after extract.COLUMNS (which already
# carries the derivation, the one column both kinds of candidate explain a value in).
TABLE_COLUMNS = (
    "kind",
    "table",
    "row",
    "column",
    "row_label",
    "column_label",
    "code",
    "unit_as_printed",
    "unit_source",
    "role",
    "period",
    "cumulative",
    "flag",
    "preaccept",
)
ALL_COLUMNS = COLUMNS + TABLE_COLUMNS

# Glued to the end of a row label (床位万张, 人数万人): only forms with a multiplier or a
# slash are read as a unit; a plain 人 or 个 at the end of a label is part of its name.
GLUED_UNITS = tuple(
    sorted(
        {
            prefix + base
            for prefix in ("万", "亿", "千万", "百万", "十万")
            for base in ("人次", "人", "户", "张", "元", "个", "对", "件", "床")
        }
        | {"元/人·月", "元/人·年", "元/人/月", "元/人/年", "元/人、月", "元/人、年", "元/月·人"}
        | {"张/千人", "张/百人", "元/户·月"},
        key=len,
        reverse=True,
    )
)

HEADER_ROLES = (
    # (role, words), first match wins; checked against a header cell with spaces removed.
    ("code", ("代码", "编码", "编号", "代號")),
    ("unit", ("计量单位", "单位", "單位")),
    ("change", ("同比", "增减", "增長", "增长", "比上年", "增幅", "增速", "±")),
    ("prior", ("上年同期", "去年同期", "上年数", "上年数据", "上年", "去年", "上期")),
    ("cumulative", ("累计", "累計", "本年", "1-", "1—", "1～", "1~", "年初至")),
    ("label", ("指标名称", "指标", "項目", "项目", "名称", "名稱", "类别", "類別")),
    ("value", ("本月", "本期", "数量", "數量", "数值", "合计", "期末", "实际", "年末", "总计")),
    ("note", ("备注", "說明", "说明")),
)
CODE_PATTERN = re.compile(r"[A-Z]{1,6}[0-9]{6,14}")
PLAIN_NUMBER = re.compile(r"[+\-−]?[0-9][0-9,]{0,20}(?:\.[0-9]{1,12})?%?")
YEAR_IN_TEXT = re.compile(r"((?:19|20)[0-9]{2})\s{0,2}年")
YEAR_HEADER = re.compile(r"((?:19|20)[0-9]{2})\s{0,2}年?(?:末|底|度)?")
MONTH_IN_TEXT = re.compile(
    r"((?:19|20)[0-9]{2})\s{0,2}年\s{0,2}(?:1\s{0,2}[-—～~至]\s{0,2})?([0-9]{1,2})\s{0,2}月"
)
LATE_MONTH = re.compile(r"(?:1\s{0,2}[-—～~至]\s{0,2})?([0-9]{1,2})\s{0,2}月")
QUARTER_IN_TEXT = re.compile(r"(?:第\s{0,2})?([一二三四1-4])\s{0,2}(?:季度|季)")
NUMBERING = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}\s{0,2}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]"
    r"|[0-9]{1,2}\s{0,2}[、.．](?![0-9])|[（(][0-9]{1,2}[)）]|[A-Za-z]\s{0,2}[、.．]"
    r"|[①-⑳])"
)
EMPTY_MARKS = {"", "-", "—", "--", "…", "……", "/", "／", "x", "X", "×", "　", "—-"}
QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


TABLE_MESSAGES = {
    "table_unreadable": "not a readable table file",
    "table_archive": "the file unpacks to more than a table can hold",
}


class TableError(DocumentError):
    """A file the table reader refuses; the page translates its code like a DocumentError's."""

    def __init__(self, code: str, **values):
        self.code, self.values = code, values
        ValueError.__init__(self, TABLE_MESSAGES[code].format(**values))

    def __reduce__(self):
        return (_table_error, (self.code, self.values))


def _table_error(code: str, values: dict) -> TableError:
    return TableError(code, **values)


@dataclass
class RawTable:
    """One table as read: its cells as text, which cells are copies of a merged cell, titles."""

    name: str
    index: int
    rows: list[list[str]]
    copies: set[tuple[int, int]] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    numbers: dict[tuple[int, int], float] = field(default_factory=dict)


@dataclass
class TableCandidate(Candidate):
    """One table cell: a Candidate with where it sits and how its unit was decided."""

    kind: str = "table"
    table: str = ""
    row_index: int = 0
    column_index: int = 0
    row_label: str = ""
    column_label: str = ""
    code: str = ""
    unit_as_printed: str = ""
    unit_source: str = ""
    role: str = "value"
    period: str = ""
    cumulative: bool = False
    derivation: str = ""
    flag: str = ""
    preaccept: bool = False
    # The flags as (i18n key suffix, values), so a page can say them in its own language.
    flag_keys: list[tuple[str, dict]] = field(default_factory=list, repr=False)

    def row(self) -> dict:
        data = super().row()
        extra = asdict(self)
        extra["row"], extra["column"] = self.row_index, self.column_index
        for name in TABLE_COLUMNS:
            value = extra.get(name, "")
            if isinstance(value, bool):
                value = "true" if value else "false"
            data[name] = "" if value is None else value
        return data


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:.12g}" if not value.is_integer() else str(int(value))
    # Leading spaces stay: a label's indentation says where it sits in the hierarchy.
    return str(value).replace("\r", " ").replace("\n", " ").rstrip()[:MAX_CELL_CHARS]


# ---------------------------------------------------------------- readers


def archive_guard(raw: bytes) -> None:
    """Refuse a .xlsx/.docx whose members would inflate past the limits, before any reader runs.

    The guard itself (civdash.data.archive_limits) comes from another lane; until it is merged this
    is the one call site to wire, and files pass through unguarded except for the byte cap.
    """
    try:
        from civdash.data.archive_limits import ArchiveRefused, check_archive
    except ImportError:
        return
    try:
        check_archive(raw)
    except ArchiveRefused as error:
        raise TableError("table_archive") from error


def _budget(tables: list[RawTable]) -> int:
    return sum(len(row) for table in tables for row in table.rows)


def read_spreadsheet(raw: bytes, suffix: str) -> list[RawTable]:
    """Every sheet of a workbook through python-calamine (xlsx, xls, xlsb, ods)."""
    import python_calamine

    if suffix in (".xlsx", ".xlsm", ".xlsb", ".ods"):
        archive_guard(raw)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except Exception as error:  # calamine raises its own error kinds for broken files
        raise TableError("table_unreadable") from error
    tables: list[RawTable] = []
    cells = 0
    for index, name in enumerate(workbook.sheet_names[:MAX_TABLES]):
        try:
            sheet = workbook.get_sheet_by_name(name)
        except Exception:  # a chart sheet or a broken one: the others still count
            continue
        rows: list[list[str]] = []
        numbers: dict[tuple[int, int], float] = {}
        for row_number, row in enumerate(sheet.iter_rows()):
            if row_number >= MAX_TABLE_ROWS or cells >= MAX_CELLS:
                break
            texts = []
            for column, value in enumerate(row[:MAX_TABLE_COLUMNS]):
                if isinstance(value, bool):
                    value = str(value)
                if isinstance(value, (int, float)):
                    numbers[(row_number, column)] = float(value)
                texts.append(_cell_text(value))
            cells += len(texts)
            rows.append(texts)
        table = RawTable(str(name)[:80], index, rows, numbers=numbers)
        # calamine keeps a merged cell's value in its first cell only; the rest stay empty.
        try:
            merged = sheet.merged_cell_ranges or []
        except Exception:
            merged = []
        for (top, left), (bottom, right) in merged[:10_000]:
            origin = rows[top][left] if top < len(rows) and left < len(rows[top]) else ""
            for r in range(top, min(bottom, len(rows) - 1) + 1):
                for c in range(left, min(right, len(rows[r]) - 1) + 1):
                    if (r, c) != (top, left):
                        # A copy carries the merged text (a group label names every row it
                        # spans) but never a candidate of its own.
                        table.copies.add((r, c))
                        rows[r][c] = origin
        tables.append(table)
    return tables


def read_csv_table(raw: bytes) -> list[RawTable]:
    text = decode_text(raw)
    first = text[:4096]
    delimiter = max(",\t;", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            if len(rows) >= MAX_TABLE_ROWS:
                break
            rows.append([_cell_text(cell) for cell in row[:MAX_TABLE_COLUMNS]])
    except csv.Error as error:
        raise TableError("table_unreadable") from error
    return [RawTable("CSV", 0, rows)]


class _HtmlTables(HTMLParser):
    """The <table>s of a page as grids (colspan/rowspan copies marked), and the text outside."""

    SKIP = {"script", "style", "noscript", "template", "head"}
    BREAKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "caption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[RawTable] = []
        self.prose: list[str] = []
        self.skipping = 0
        self.depth = 0
        self.grid: dict[tuple[int, int], str] = {}
        self.copies: set[tuple[int, int]] = set()
        self.row = -1
        self.column = 0
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.cells = 0
        self.recent_text = ""

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
            return
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.grid, self.copies, self.row = {}, set(), -1
            return
        if self.depth != 1:
            if tag in self.BREAKS and self.depth == 0:
                self.prose.append("\n")
            return
        if tag == "tr":
            self.row += 1
            self.column = 0
        elif tag in ("td", "th"):
            values = dict(attrs)

            def span(name):
                text = str(values.get(name) or "1")
                return max(1, min(int(text), 50)) if text.isdigit() else 1

            self.cell = []
            self.span = (span("rowspan"), span("colspan"))
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
            return
        if tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self._close_table()
            return
        if self.depth == 0 and tag in self.BREAKS:
            self.prose.append("\n")
        if self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self._place("".join(self.cell))
            self.cell = None

    def _place(self, text: str) -> None:
        if self.row < 0:
            self.row = 0
        if self.row >= MAX_TABLE_ROWS or self.cells >= MAX_CELLS:
            return
        while (self.row, self.column) in self.grid:
            self.column += 1
        text = _cell_text(re.sub(r"\s+", " ", text))
        rows, columns = self.span
        for r in range(self.row, min(self.row + rows, MAX_TABLE_ROWS)):
            for c in range(self.column, min(self.column + columns, MAX_TABLE_COLUMNS)):
                self.grid[(r, c)] = text
                self.cells += 1
                if (r, c) != (self.row, self.column):
                    self.copies.add((r, c))
        self.column += columns

    def _close_table(self) -> None:
        if not self.grid or len(self.tables) >= MAX_TABLES:
            return
        height = max(r for r, _ in self.grid) + 1
        width = min(max(c for _, c in self.grid) + 1, MAX_TABLE_COLUMNS)
        rows = [[self.grid.get((r, c), "") for c in range(width)] for r in range(height)]
        titles = [line for line in "".join(self.prose[-40:]).splitlines() if line.strip()][-3:]
        self.tables.append(
            RawTable(f"表{len(self.tables) + 1}", len(self.tables), rows, set(self.copies), titles)
        )
        self.prose.append("\n")

    def handle_data(self, data):
        if self.skipping:
            return
        if self.depth and self.cell is not None:
            if len(self.cell) < 50:
                self.cell.append(data)
        elif not self.depth:
            self.prose.append(data)


def read_html_tables(raw: bytes) -> tuple[list[RawTable], str]:
    parser = _HtmlTables()
    parser.feed(decode_text(raw))
    parser.close()
    prose = re.sub(r"\n[ \t\r\f\v\n]*\n", "\n", "".join(parser.prose)).strip()
    return parser.tables, prose


def read_docx_tables(raw: bytes) -> tuple[list[RawTable], str]:
    """Tables through python-docx's table model (a merged cell is one cell), and the paragraphs."""
    import docx

    archive_guard(raw)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as error:  # python-docx raises several kinds for a broken zip
        raise DocumentError("docx") from error
    tables = []
    cells = 0
    for index, table in enumerate(document.tables[:MAX_TABLES]):
        rows, copies, seen = [], set(), set()
        for r, row in enumerate(table.rows):
            if r >= MAX_TABLE_ROWS or cells >= MAX_CELLS:
                break
            texts = []
            for c, cell in enumerate(row.cells[:MAX_TABLE_COLUMNS]):
                # python-docx returns a merged cell once per grid column it spans; the same
                # <w:tc> element (kept referenced in `seen`, so identity is stable) marks a copy.
                element = cell._tc
                if element in seen:
                    copies.add((r, c))
                seen.add(element)
                texts.append(_cell_text(cell.text))
            cells += len(texts)
            rows.append(texts)
        tables.append(RawTable(f"表{index + 1}", index, rows, copies))
    prose = "\n".join(paragraph.text for paragraph in document.paragraphs)
    # A table's title is the paragraph just before it in the body.
    body = document.element.body
    titles: list[str] = []
    last_text = ""
    table_number = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            if text.strip():
                last_text = text.strip()[:200]
        elif tag == "tbl":
            titles.append(last_text)
            table_number += 1
    for table, title in zip(tables, titles, strict=False):
        if title:
            table.titles = [title]
    return tables, prose


def read_pdf_tables(raw: bytes) -> tuple[list[RawTable], str]:
    """Tables found by pdfplumber on pages with a text layer, and the pages' text."""
    import pdfplumber

    tables: list[RawTable] = []
    texts = []
    cells = 0
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            for page_number, page in enumerate(pdf.pages[:MAX_PDF_PAGES], start=1):
                page_text = page.extract_text() or ""
                found_tables = page.find_tables()
                outside = page
                for found_table in found_tables:
                    # The prose is the page without its tables, so no figure is read twice.
                    outside = outside.outside_bbox(found_table.bbox)
                texts.append(outside.extract_text() or "" if found_tables else page_text)
                for found in (found_table.extract() for found_table in found_tables):
                    if len(tables) >= MAX_TABLES or cells >= MAX_CELLS:
                        break
                    rows = [
                        [_cell_text(cell) for cell in row[:MAX_TABLE_COLUMNS]]
                        for row in found[:MAX_TABLE_ROWS]
                    ]
                    cells += sum(len(row) for row in rows)
                    title = [line for line in page_text.splitlines()[:3] if line.strip()]
                    tables.append(
                        RawTable(
                            f"第{page_number}页 表{len(tables) + 1}",
                            len(tables),
                            rows,
                            titles=title,
                        )
                    )
    except Exception as error:  # pdfminer raises many kinds for a broken file
        raise DocumentError("pdf") from error
    if not tables and len(re.sub(r"\s", "", "".join(texts))) < 20 * max(len(texts), 1):
        raise DocumentError("scan")
    return tables, "\n".join(texts)


def read_tables(name: str, raw: bytes) -> tuple[list[RawTable], str]:
    """The file's tables and the prose around them (empty for a spreadsheet or CSV)."""
    suffix = Path(name).suffix.lower()
    if len(raw) > limits.MAX_UPLOAD_BYTES:
        raise DocumentError("size", megabytes=limits.MAX_UPLOAD_MB)
    if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        return read_spreadsheet(raw, suffix), ""
    if suffix == ".csv":
        return read_csv_table(raw), ""
    try:
        if suffix in (".html", ".htm"):
            tables, prose = read_html_tables(raw)
        elif suffix == ".docx":
            tables, prose = read_docx_tables(raw)
        elif suffix == ".pdf":
            tables, prose = read_pdf_tables(raw)
        else:
            tables, prose = [], ""
    except DocumentError as error:
        if suffix != ".docx" or error.code != "docx":
            raise
        # A file python-docx refuses may still be readable as prose by the report reader
        # (which tolerates parts a relationship names but the archive lacks).
        tables = []
    if not tables:
        # No table: the file is a report, read exactly as the prose reader reads it.
        return [], read_document(name, raw)
    return tables, prose


# ---------------------------------------------------------------- period, region, crosswalk


@dataclass(frozen=True)
class Period:
    """The period a table describes, as its title or file name states it."""

    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    year_end: bool = False

    @property
    def label(self) -> str:
        if self.year is None:
            return ""
        if self.month:
            return f"{self.year}年{self.month}月"
        if self.quarter:
            return f"{self.year}年第{self.quarter}季度"
        return f"{self.year}年" + ("末" if self.year_end else "")

    @property
    def full_year(self) -> bool:
        """True when a cumulative figure covers the whole year (December, Q4, an annual table)."""
        return self.month in (None, 12) and self.quarter in (None, 4)


def detect_period(texts: list[str]) -> Period:
    """2024年12月, 2024年第四季度, 2024年, 年末数 from titles and the file name, first found."""
    for text in texts:
        text = str(text or "")[:400]
        month = MONTH_IN_TEXT.search(text)
        if month and 1 <= int(month.group(2)) <= 12:
            return Period(int(month.group(1)), int(month.group(2)))
        year = YEAR_IN_TEXT.search(text) or re.search(
            r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])", text
        )
        if year:
            after = text[year.end() : year.end() + 16]
            late_month = LATE_MONTH.search(after)
            if late_month and 1 <= int(late_month.group(1)) <= 12:
                return Period(int(year.group(1)), int(late_month.group(1)))  # 统计3月份报表
            quarter = QUARTER_IN_TEXT.search(text[year.end() : year.end() + 12])
            return Period(
                int(year.group(1)),
                None,
                QUARTER_NUMBERS[quarter.group(1)] if quarter else None,
                any(word in text for word in ("年末", "年底", "年报", "年度")),
            )
    return Period()


def detect_region(texts: list[str], regions: pd.DataFrame | None) -> str:
    """The region a file is about: the first region its file name, then its titles, name."""
    if regions is None or not len(regions):
        return ""
    from civdash.workbench.extract import RegionFinder, region_names

    finder = RegionFinder(region_names(regions))
    for text in texts:
        found = finder.mentions(str(text or "")[:400])
        if found:
            return found[0][1]
    return ""


def _normalise_label(text: str) -> str:
    """A row label as the crosswalk keys it: no numbering, 其中, unit, stars or punctuation."""
    text = str(text or "").strip()
    text = NUMBERING.sub("", text[:8], count=1) + text[8:] if NUMBERING.match(text) else text
    for prefix in ("其中:", "其中：", "其中", "内:", "内："):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    # Units in parentheses at the end, 城镇居民最低生活保障人数(人).
    for opening, closing in (("(", ")"), ("（", "）")):
        if text.endswith(closing) and opening in text:
            inner = text[text.rfind(opening) + 1 : -1]
            if parse_unit(inner) or not inner:
                text = text[: text.rfind(opening)]
    for unit in GLUED_UNITS:
        if text.endswith(unit) and len(text) > len(unit):
            text = text[: -len(unit)]
            break
    return "".join(ch for ch in text if ch not in ' \u3000*＊:：、,，.．()（）"“”')


@dataclass(frozen=True)
class CrosswalkRow:
    indicator_id: str
    unit: str
    printed_unit: str
    scale: float
    parent: str


class Crosswalk:
    """data/statistical_rows.csv as a lookup: a row label and its headings → indicator."""

    def __init__(self, frame: pd.DataFrame | None):
        self.by_name: dict[str, list[CrosswalkRow]] = {}
        self.by_code: dict[str, CrosswalkRow] = {}
        if frame is None or not len(frame):
            return
        for row in frame.fillna("").to_dict("records"):
            try:
                scale = float(row.get("scale") or 1)
            except ValueError:
                scale = 1.0
            entry = CrosswalkRow(
                str(row["indicator_id"]),
                str(row["unit"]),
                str(row.get("printed_unit") or ""),
                scale,
                _normalise_label(row.get("parent") or ""),
            )
            self.by_name.setdefault(_normalise_label(row["row_name"]), []).append(entry)
            if str(row.get("code") or "").strip():
                self.by_code[str(row["code"]).strip()] = entry

    def match(self, label: str, parents: list[str], code: str = "") -> CrosswalkRow | None:
        """The crosswalk row for a label under its headings (nearest first); None if none fits."""
        if code and code in self.by_code:
            return self.by_code[code]
        key = _normalise_label(label)
        ancestors = [_normalise_label(parent) for parent in reversed(parents)]
        keys = [key] + [ancestor + key for ancestor in ancestors[:2]]
        for candidate_key in keys:
            entries = self.by_name.get(candidate_key, [])
            with_parent = [
                entry
                for entry in entries
                if entry.parent and any(entry.parent in ancestor for ancestor in ancestors)
            ]
            if with_parent:
                return with_parent[0]
            plain = [entry for entry in entries if not entry.parent]
            if plain:
                return plain[0]
        return None


def latest_values(observations: pd.DataFrame | None) -> dict[tuple[str, str], float]:
    """The latest value of each (region, indicator): what a new figure is checked against."""
    if observations is None or not len(observations):
        return {}
    frame = observations[["region_id", "indicator_id", "year", "value"]].copy()
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce")
    frame = frame.dropna().sort_values("year")
    last = frame.groupby(["region_id", "indicator_id"], sort=False)["value"].last()
    return {(str(r), str(i)): float(v) for (r, i), v in last.items()}


def scale_slip(value: float, reference: float) -> str:
    """'' when the figure is within SCALE_FLAG_FACTOR of the reference, else the likely slip."""
    if not value or not reference or value * reference < 0:
        return ""
    ratio = abs(value) / abs(reference)
    if 1 / SCALE_FLAG_FACTOR <= ratio <= SCALE_FLAG_FACTOR:
        return ""
    for factor, name in ((1e8, "亿"), (1e4, "万"), (1e3, "千"), (1e2, "百")):
        if factor / 3 <= ratio <= factor * 3:
            return (
                f"{ratio:.3g}× the latest figure ({reference:g}): a {name} slip? (value too large)"
            )
        if 1 / (factor * 3) <= ratio <= 3 / factor:
            return f"1/{1 / ratio:.3g} of the latest figure ({reference:g}): a missing {name}?"
    return f"{ratio:.3g}× the latest figure ({reference:g})"


def slip_values(value: float, reference: float) -> dict:
    """The values a page needs to say a scale slip in its own words."""
    ratio = abs(value) / abs(reference) if reference else 0.0
    name = ""
    for factor, word in ((1e8, "亿"), (1e4, "万"), (1e3, "千"), (1e2, "百")):
        if factor / 3 <= ratio <= factor * 3 or (ratio and 1 / (factor * 3) <= ratio <= 3 / factor):
            name = word
            break
    return {
        "times": f"{ratio:.3g}" if ratio >= 1 else f"1/{1 / ratio:.3g}" if ratio else "0",
        "latest": f"{reference:g}",
        "slip": name or "?",
    }


# ---------------------------------------------------------------- reading a grid


def _number(text: str, raw: float | None) -> tuple[float, bool] | None:
    """A cell's number (and whether it was written as a percent); None for text or blanks."""
    squeezed = text.strip().replace(" ", "").replace("\u3000", "")
    if squeezed in EMPTY_MARKS:
        return None
    if raw is not None:
        return raw, False
    if PLAIN_NUMBER.fullmatch(squeezed):
        try:
            value = float(squeezed.replace(",", "").replace("−", "-").rstrip("%"))
        except ValueError:
            return None
        return value, squeezed.endswith("%")
    if len(squeezed) <= 20 and any(ch in squeezed for ch in "万亿億萬") and squeezed[0].isdigit():
        try:
            parsed = parse_chinese_number(squeezed)
        except NumberParseError:
            return None
        return parsed.value, parsed.is_percent
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \u3000\t"))


def _numbering_level(text: str) -> int | None:
    """一、=1, (一)=2, 1.=3, (1)=4, A、=5, ①=6; None when the label is not numbered."""
    stripped = text.strip()
    match = NUMBERING.match(stripped)
    if not match:
        return None
    mark = match.group(0)
    if mark[0] in "（(":
        return 2 if mark[1] in "一二三四五六七八九十" else 4
    if mark[0] in "一二三四五六七八九十":
        return 1
    if mark[0].isdigit():
        return 3
    if mark[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return 6
    return 5


def _glued_unit(label: str) -> tuple[str, PrintedUnit | None]:
    """床位万张 → (床位, 万张); 人数(万人) → (人数, 万人); a label without a unit is unchanged."""
    stripped = label.strip()
    for opening, closing in (("(", ")"), ("（", "）")):
        if stripped.endswith(closing) and opening in stripped:
            unit = parse_unit(stripped[stripped.rfind(opening) + 1 : -1])
            if unit:
                return stripped[: stripped.rfind(opening)], unit
    for word in GLUED_UNITS:
        if stripped.endswith(word) and len(stripped) > len(word):
            return stripped[: -len(word)], parse_unit(word)
    return stripped, None


def _split_glued_value(text: str) -> tuple[str, str] | None:
    """养老机构床位万张11.3 → (养老机构床位万张, 11.3): a label cell that carries its value."""
    stripped = text.strip()
    cut = len(stripped)
    while cut > 0 and stripped[cut - 1] in "0123456789,.":
        cut -= 1
    number = stripped[cut:]
    head = stripped[:cut].rstrip()
    if not number or not head or not any(ch.isdigit() for ch in number):
        return None
    if not ("\u4e00" <= head[-1] <= "\u9fff" or head[-1] in ")）%"):
        return None
    if PLAIN_NUMBER.fullmatch(number) is None:
        return None
    return head, number


def _shares_words(label: str, heading: str) -> bool:
    """True when a label repeats two or more characters in a row of a heading (低保 in both)."""
    label, heading = _normalise_label(label), _normalise_label(heading)
    return any(label[i : i + 2] in heading for i in range(len(label) - 1))


def _header_role(text: str) -> str:
    squeezed = text.replace(" ", "").replace("\u3000", "")
    if not squeezed:
        return ""
    for role, words in HEADER_ROLES:
        if any(word in squeezed for word in words):
            return role
    if YEAR_HEADER.fullmatch(squeezed):
        return "value"
    return ""


@dataclass
class Column:
    index: int
    header: str = ""
    role: str = ""
    unit: PrintedUnit | None = None
    year: int | None = None
    cumulative: bool = False
    region: str = ""


def _find_header(table: RawTable) -> tuple[int, int, list[str]]:
    """(first header row, first data row, table-level notes) of a grid."""
    rows = table.rows
    header_start = header_end = 0
    notes: list[str] = []
    found = False
    for r, row in enumerate(rows[:12]):
        texts = [
            cell.strip()
            for c, cell in enumerate(row)
            if cell.strip() and (r, c) not in table.copies
        ]
        numbers = [
            cell
            for c, cell in enumerate(row)
            if _number(cell, table.numbers.get((r, c))) is not None
        ]
        roles = [_header_role(cell) for cell in texts]
        year_headers = sum(1 for cell in texts if YEAR_HEADER.fullmatch(cell.replace(" ", "")))
        if not texts:
            continue
        if len(set(texts)) == 1 and not numbers and not found and not _split_glued_value(texts[0]):
            notes.append(texts[0])  # a merged or lone title line
            header_start = header_end = r + 1
            continue
        named = sum(1 for role in roles if role) + sum(
            1
            for cell in texts
            if _glued_unit(cell)[1] is not None and ("(" in cell or "（" in cell)
        )
        if len(texts) == 1 and _split_glued_value(texts[0]) and not found:
            break  # 养老机构床位万张11.3 alone in its row is a figure, not a title
        if named >= 2 or (named >= 1 and year_headers >= 1) or year_headers >= 2:
            if not found:
                header_start = r
            found = True
            header_end = r + 1
            continue
        if found or numbers:
            break
        notes.append(" ".join(texts))
        header_start = header_end = r + 1
    return header_start, header_end, notes


def _columns(table: RawTable, header_start: int, header_end: int, regions) -> list[Column]:
    width = max((len(row) for row in table.rows), default=0)
    columns = []
    finder = None
    if regions is not None and len(regions):
        from civdash.workbench.extract import RegionFinder, region_names

        finder = RegionFinder(region_names(regions))
    for c in range(width):
        parts = []
        for r in range(header_start, header_end):
            row = table.rows[r]
            text = row[c].strip() if c < len(row) else ""
            if not text and (r, c) in table.copies:
                left = c
                while left > 0 and (r, left) in table.copies and not row[left].strip():
                    left -= 1
                text = row[left].strip() if left < len(row) else ""
            if text and text not in parts:
                parts.append(text)
        header = " ".join(parts)
        column = Column(c, header)
        squeezed = header.replace(" ", "")
        column.role = _header_role(header)
        # A role word names the column; a later word in a two-row header (累计 over 同比) still
        # decides change or prior, which carry a different meaning than the value itself.
        for role in ("change", "prior"):
            if any(word in squeezed for word in dict(HEADER_ROLES)[role]):
                column.role = role
        column.cumulative = any(word in squeezed for word in ("累计", "累計", "1-", "1—"))
        year = YEAR_HEADER.search(squeezed)
        if (
            year
            and column.role in ("", "value", "cumulative")
            and YEAR_HEADER.fullmatch(squeezed.split("(")[0].split("（")[0])
        ):
            column.year = int(year.group(1))
            column.role = "value"
        _, unit = _glued_unit(header)
        if unit is None and column.role not in ("unit", "label", "code", "note"):
            unit = parse_unit(squeezed) if len(squeezed) <= 8 else None
        column.unit = unit
        if finder is not None and header:
            mentions = finder.mentions(header)
            if mentions and column.role in ("", "value"):
                column.region, column.role = mentions[0][1], "value"
        columns.append(column)
    data = table.rows[header_end:]
    for column in columns:
        cells = [
            row[column.index]
            for r, row in enumerate(data)
            if column.index < len(row) and row[column.index].strip()
        ]
        if not cells:
            continue
        if column.role in ("", "value"):
            unit_like = sum(1 for cell in cells if parse_unit(cell))
            if unit_like >= max(1, len(cells) * 0.6):
                column.role = "unit"
                continue
            codes = sum(1 for cell in cells if CODE_PATTERN.fullmatch(cell.strip()))
            if codes >= max(1, len(cells) * 0.6):
                column.role = "code"
                continue
        if column.role == "":
            numeric = sum(
                1
                for r, row in enumerate(data)
                if column.index < len(row)
                and _number(row[column.index], table.numbers.get((r + header_end, column.index)))
                is not None
            )
            column.role = "value" if numeric >= max(1, len(cells) * 0.5) else "label"
    if not any(column.role == "label" for column in columns) and columns:
        first_text = next((column for column in columns if column.role == ""), columns[0])
        first_text.role = "label"
    return columns


@dataclass
class TableContext:
    """What a table's cells are read against: file region and period, the curated data."""

    region_id: str = ""
    period: Period = field(default_factory=Period)
    crosswalk: Crosswalk = field(default_factory=lambda: Crosswalk(None))
    latest: dict[tuple[str, str], float] = field(default_factory=dict)
    suggester: object | None = None
    regions: pd.DataFrame | None = None
    units: dict[str, str] = field(default_factory=dict)
    year_fixed: bool = False
    # Region names (full and short) → region_id, for tables with one row per city.
    region_names: dict[str, str] = field(default_factory=dict)


ROLE_NOTES = {
    "value": "",
    "cumulative": "cumulative to date",
    "prior": "the same period a year earlier (上年同期)",
    "change": "change on a year earlier (同比), in percent",
}
DOCUMENT_UNIT_SOURCES = ("unit column", "row label", "column header", "table note", "cell")


def _render(table: RawTable) -> tuple[list[str], dict[tuple[int, int], tuple[int, int]]]:
    """Each row as one line of text (cells joined by CELL_SEPARATOR) and each cell's span in it."""
    lines, spans = [], {}
    for r, row in enumerate(table.rows):
        parts, position = [], 0
        for c, cell in enumerate(row):
            text = cell.strip()
            if not text or (r, c) in table.copies:
                continue
            if parts:
                position += len(CELL_SEPARATOR)
            spans[(r, c)] = (position, position + len(text))
            parts.append(text)
            position += len(text)
        lines.append(CELL_SEPARATOR.join(parts))
    return lines, spans


def _suggestions(
    context: TableContext, label: str, unit: str, cache: dict
) -> list[tuple[str, float]]:
    if context.suggester is None or not label:
        return []
    key = (label, unit)
    if key not in cache:
        cache[key] = context.suggester.suggest(label, unit)
    return cache[key]


def table_candidates(
    table: RawTable, context: TableContext, offset: int, cache: dict
) -> tuple[list[TableCandidate], str]:
    """Every figure of one table as a candidate, and the table's text (from `offset` on)."""
    header_start, header_end, notes = _find_header(table)
    notes = table.titles + notes
    period = detect_period(notes) if detect_period(notes).year else context.period
    if context.year_fixed and period.year != context.period.year:
        # The analyst's reference year wins over a title (its month or quarter is kept).
        period = Period(context.period.year, period.month, period.quarter, period.year_end)
    region = detect_region(notes, context.regions) or context.region_id
    table_unit = None
    for note in notes:
        squeezed = note.replace(" ", "").replace("\u3000", "")
        for mark in ("单位:", "单位：", "單位:", "單位："):
            if mark in squeezed:
                table_unit = parse_unit(squeezed.split(mark, 1)[1][:10].split("；")[0])
    columns = _columns(table, header_start, header_end, context.regions)
    label_columns = [column for column in columns if column.role == "label"]
    unit_columns = [column for column in columns if column.role == "unit"]
    code_columns = [column for column in columns if column.role == "code"]
    value_columns = [
        column for column in columns if column.role in ("value", "cumulative", "prior", "change")
    ]
    value_indexes = {column.index for column in value_columns}
    lines, spans = _render(table)
    heading = f"【{table.name}】"
    text_lines = [heading] + lines
    line_starts, position = [], offset + len(heading) + 1  # one start per grid row
    for line in lines:
        line_starts.append(position)
        position += len(line) + 1
    stack: list[tuple[float, str]] = []
    last_numbered = 0
    open_heading: tuple[float, str, int] | None = None
    group_labels: dict[int, str] = {}
    row_candidates: list[TableCandidate] = []
    candidates: list[TableCandidate] = []
    for r in range(header_end, len(table.rows)):
        row = table.rows[r]
        cells = {
            c: row[c]
            for c in range(len(row))
            if (r, c) not in table.copies or c in [column.index for column in label_columns]
        }
        label_parts = [
            cells.get(column.index, "").strip()
            for column in label_columns
            if cells.get(column.index, "").strip()
        ]
        raw_label = next(
            (
                cells.get(column.index, "")
                for column in label_columns
                if cells.get(column.index, "").strip()
            ),
            "",
        )
        if len(label_columns) > 1 and label_parts:
            # A CSV keeps a merged group label in its first row only: a later row whose own
            # label repeats the group's words (最低生活保障人数 under 城市最低生活保障) is in it.
            for column in label_columns[:-1]:
                text = cells.get(column.index, "").strip()
                if text:
                    group_labels[column.index] = text
                elif group_labels.get(column.index) and _shares_words(
                    label_parts[-1], group_labels[column.index]
                ):
                    label_parts.insert(len(label_parts) - 1, group_labels[column.index])
        values = []
        for column in value_columns:
            text = row[column.index] if column.index < len(row) else ""
            if (r, column.index) in table.copies:
                # A merged cell gives one candidate, in its first cell; a figure merged in from
                # a unit or label cell (基金会 | 45 over 单位 and 数量) counts in the first value
                # column it covers.
                origin = column.index
                while origin > 0 and (r, origin) in table.copies:
                    origin -= 1
                covered = [v for v in value_columns if origin < v.index <= column.index]
                if origin in value_indexes or covered[0] is not column:
                    continue
                number = _number(row[origin], table.numbers.get((r, origin)))
                if number is not None:
                    values.append((column, row[origin].strip(), number))
                continue
            number = _number(text, table.numbers.get((r, column.index)))
            if number is not None:
                values.append((column, text.strip(), number))
        glued_value = None
        if not values and label_parts:
            split = _split_glued_value(label_parts[-1])
            if split:
                label_parts[-1], glued_value = split
        if not label_parts:
            if values and candidates:
                label_parts = [candidates[-1].row_label.split(" › ")[-1]]
            else:
                continue
        label = label_parts[-1]
        extra_parents = label_parts[:-1]
        code = next(
            (
                cells.get(column.index, "").strip()
                for column in code_columns
                if cells.get(column.index, "").strip()
            ),
            "",
        )
        if not code:
            code_match = next(
                (CODE_PATTERN.search(cell) for cell in row if CODE_PATTERN.search(cell)), None
            )
            code = code_match.group(0) if code_match else ""
        # Where the row sits: numbering first, then 其中, then indentation below the last heading.
        level = _numbering_level(label)
        stripped_label = label.strip()
        is_part = stripped_label.startswith(("其中", "内:", "内："))
        is_heading = not values and glued_value is None
        indent = _indent(raw_label)
        if level is not None:
            last_numbered = level
            open_heading = None
            effective = float(level)
        elif is_part:
            effective = (stack[-1][0] + 0.5) if stack else 1.0
        elif is_heading:
            effective = last_numbered + 1 + indent / 100
            open_heading = (effective, stripped_label, indent)
        elif open_heading is not None and (
            indent > open_heading[2]
            or (indent == open_heading[2] == 0 and _shares_words(stripped_label, open_heading[1]))
        ):
            # 城市最低生活保障 above 最低生活保障人数: an unnumbered heading owns the rows
            # indented under it, or (without indentation) the rows that repeat its words.
            effective = open_heading[0] + 0.25
        else:
            effective = last_numbered + 1 + indent / 100
            if open_heading is not None and indent <= open_heading[2]:
                open_heading = None
        while stack and stack[-1][0] >= effective:
            stack.pop()
        parents = extra_parents + [name for _, name in stack]
        clean_label, label_unit = _glued_unit(stripped_label)
        stack.append((effective, stripped_label))
        if not values and glued_value is None and unit_columns:
            # Some bureaus' tables put a figure in the unit column when the row has no unit
            # ((1)困境儿童 | 487,828 | ): it is read, and its unit is left undecided.
            for column in unit_columns:
                text = row[column.index] if column.index < len(row) else ""
                number = _number(text, table.numbers.get((r, column.index)))
                if number is not None and not parse_unit(text):
                    values.append((Column(column.index, column.header, "value"), text, number))
        if not values and glued_value is None:
            continue  # a heading: it names the rows below it
        row_region = context.region_names.get(_normalise_label(stripped_label), "")
        row_unit_text = next(
            (
                cells.get(column.index, "").strip()
                for column in unit_columns
                if cells.get(column.index, "").strip()
            ),
            "",
        )
        row_unit = parse_unit(row_unit_text) if row_unit_text else None
        path = " › ".join(_normalise_label(part) or part for part in [*parents, stripped_label])
        cumulative_row = "*" in stripped_label or "＊" in stripped_label or "累计" in stripped_label
        row_match = context.crosswalk.match(clean_label, parents, code)
        if glued_value is not None:
            glued_column = label_columns[-1] if label_columns else Column(0)
            values = [
                (Column(glued_column.index, "", "value"), glued_value, (_number(glued_value, None)))
            ]
        for column, written, number in values:
            value, written_percent = number
            match = row_match
            stem = _normalise_label(_glued_unit(column.header)[0]) if not column.year else ""
            if row_region and stem:
                # A province's table, one row per city: the column names the figure.
                match = context.crosswalk.match(stem, parents)
            elif stem and not _header_role(stem) and not column.region:
                # A wide table: 城市最低生活保障 × 人数(万人) names the figure together.
                match = (
                    context.crosswalk.match(clean_label + stem, parents)
                    or context.crosswalk.match(stem, [*parents, clean_label])
                    or row_match
                )
            sources = []
            if row_unit is not None:
                sources.append((row_unit, "unit column"))
            if label_unit is not None:
                sources.append((label_unit, "row label"))
            if column.unit is not None:
                sources.append((column.unit, "column header"))
            if table_unit is not None:
                sources.append((table_unit, "table note"))
            if written_percent:
                sources.insert(0, (PrintedUnit("percent", 1.0, "%"), "cell"))
            flags = []
            keys: list[tuple[str, dict]] = []
            notes_out = []
            role = column.role if column.role in ROLE_NOTES else "value"
            if role == "cumulative" and not column.cumulative:
                column.cumulative = True
            if role == "change":
                unit = PrintedUnit("percent_change", 1.0, "%")
                if "百分点" in column.header:
                    unit = PrintedUnit("percent_change", 1.0, "个百分点")
                unit_source = "column header"
            elif sources:
                unit, unit_source = sources[0]
                scales = {round(found.scale, 9) for found, _ in sources if found.base == unit.base}
                if len(scales) > 1:
                    flags.append(
                        "units disagree: "
                        + ", ".join(f"{found.printed} ({where})" for found, where in sources)
                    )
                    keys.append(
                        ("units_disagree", {"units": "、".join(f.printed for f, _ in sources)})
                    )
            elif match is not None:
                # Nothing in the file names a unit: the figure is read as printed, in the
                # indicator's unit. When the standard table prints this row in 万 or 亿 the
                # reading may be 10⁴ off, so it is flagged, never silently scaled either way.
                unit = PrintedUnit(match.unit, 1.0, "")
                unit_source = "indicator (not stated in the file)"
                if match.scale != 1:
                    flags.append(
                        f"the file states no unit; the standard table prints {match.printed_unit}"
                    )
                    keys.append(("no_unit_standard", {"unit": match.printed_unit}))
            else:
                unit, unit_source = PrintedUnit("", 1.0, ""), "undecided"
                flags.append("unit cannot be decided from the file")
                keys.append(("undecided", {}))
            base_value = value if role == "change" else value * unit.scale
            base_value = float(round(base_value, 6))
            year = column.year or period.year
            if role == "prior" and year is not None:
                year -= 1
            cell_region = row_region or column.region or region
            indicator_unit = match.unit if match else ""
            suggestions: list[tuple[str, float]] = []
            if match is not None and role in ("value", "cumulative", "prior"):
                if unit.base and unit.base != match.unit:
                    flags.append(
                        f"the row reads as {match.indicator_id}, in {match.unit}, "
                        f"but the file's unit is {unit.printed or unit.base}"
                    )
                    keys.append(("unit_mismatch", {"unit": unit.printed or unit.base}))
                else:
                    suggestions.append((match.indicator_id, 1.0))
            query = stem if row_region and stem else clean_label
            for indicator, score in _suggestions(context, query, unit.base, cache):
                if role == "change" and context.units.get(indicator) != "percent_change":
                    continue  # a 同比 cell is a change: only a change indicator can hold it
                if indicator not in {name for name, _ in suggestions} and len(suggestions) < 3:
                    suggestions.append((indicator, score))
            top = suggestions[0][0] if suggestions else ""
            if top and role != "change":
                reference = context.latest.get((cell_region, top))
                slip = scale_slip(base_value, reference) if reference is not None else ""
                if slip:
                    flags.append(slip)
                    keys.append(("slip", slip_values(base_value, reference)))
            if (
                indicator_unit
                and context.units.get(top)
                and unit.base
                and unit.base != context.units[top]
            ):
                pass
            cumulative = column.cumulative or cumulative_row
            if role != "change" and period.month and not period.full_year and cumulative:
                notes_out.append(f"cumulative to {period.label}, not a full year")
            elif role != "change" and period.month and not period.full_year:
                notes_out.append(f"as at the end of {period.label}")
            if ROLE_NOTES[role]:
                notes_out.append(ROLE_NOTES[role])
            if unit.scale != 1 and role != "change":
                notes_out.append(f"unit {unit.printed} from the {unit_source}")
            line_index = r
            line_start = line_starts[line_index]
            span = spans.get((r, column.index))
            left = column.index
            while span is None and left > 0:
                left -= 1  # a figure merged in from the left stands in its first cell
                span = spans.get((r, left))
            if glued_value is not None:
                span = spans.get((r, column.index))
                cell_start = span[0] + len(label_parts[-1]) if span else 0
                span = (cell_start, cell_start + len(written)) if span else None
            char_start = line_start + (span[0] if span else 0)
            char_end = line_start + (span[1] if span else len(lines[line_index]))
            derivation = ""
            if unit.scale != 1 and role != "change":
                derivation = (
                    f"{written} {unit.printed} = {base_value:.12g} ({unit.base}); "
                    f"unit from the {unit_source}"
                )
            confidence = 0.3
            if match is not None and suggestions and suggestions[0][0] == match.indicator_id:
                confidence += 0.3
            elif suggestions and suggestions[0][1] >= 0.6:
                confidence += 0.1
            if unit_source in DOCUMENT_UNIT_SOURCES:
                confidence += 0.2
            if year is not None:
                confidence += 0.1
            if flags:
                confidence -= 0.3
            preaccept = (
                not flags
                and match is not None
                and bool(suggestions)
                and suggestions[0][0] == match.indicator_id
                and unit_source in DOCUMENT_UNIT_SOURCES
                and year is not None
                and bool(cell_region)
                and role in ("value", "cumulative")
                and (period.full_year or not cumulative)
            )
            candidate = TableCandidate(
                value_as_written=written,
                value=base_value,
                unit_guess=unit.base,
                qualifier=EXACT,
                year=year,
                period_start=None,
                region_id=cell_region,
                excerpt=lines[line_index],
                char_start=char_start,
                char_end=char_end,
                indicator_suggestions=";".join(f"{i}:{s:.2f}" for i, s in suggestions),
                confidence=round(min(max(confidence, 0.05), 0.95), 2),
                note="; ".join(notes_out + flags),
                suggestions=suggestions,
                table=table.name,
                row_index=r + 1,
                column_index=column.index + 1,
                row_label=path[:300],
                column_label=column.header[:80],
                code=code,
                unit_as_printed=unit.printed,
                unit_source=unit_source,
                role=role,
                period=period.label,
                cumulative=cumulative,
                derivation=derivation,
                flag="; ".join(flags),
                preaccept=preaccept,
                flag_keys=keys,
            )
            candidates.append(candidate)
            row_candidates.append(candidate)
        if any(c.preaccept and c.role == "cumulative" for c in row_candidates):
            # 本月 and 本年累计 of one row would be two figures for one year: the year's total
            # (the cumulative column of a full-year table) is the one offered as accepted.
            for c in row_candidates:
                if c.role == "value":
                    c.preaccept = False
        row_candidates = []
    return candidates, "\n".join(text_lines)


@dataclass
class TableRead:
    """One file read: its text (prose, then its tables as lines), candidates, region, period."""

    text: str
    candidates: list[Candidate]
    region_id: str
    period: Period
    tables: int = 0
    cut: bool = False


def extract_tables(
    name: str,
    raw: bytes,
    *,
    region_id: str = "",
    reference_year: int | None = None,
    regions: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
    observations: pd.DataFrame | None = None,
    statistical_rows: pd.DataFrame | None = None,
    suggester=None,
    place_names=None,
    fallback_year: int | None = None,
) -> TableRead:
    """Read a file's tables cell by cell, and its prose with civdash.workbench.extract as before."""
    from civdash.workbench.extract import extract

    tables, prose = read_tables(name, raw)
    if len(prose) > limits.MAX_REPORT_CHARACTERS:
        raise DocumentError("length", characters=len(prose), limit=limits.MAX_REPORT_CHARACTERS)
    stem = Path(name).stem
    titles = [stem] + [
        title for table in tables for title in (table.titles + _find_header(table)[2])[:3]
    ]
    titles += [line for line in prose.splitlines()[:5] if line.strip()]
    period = detect_period(titles)
    if reference_year is not None and period.year != reference_year:
        period = Period(reference_year, period.month, period.quarter, period.year_end)
    elif period.year is None and fallback_year is not None:
        # Only the publication date: a table's own title, when it names a year, wins over it.
        period = Period(fallback_year)
    region = region_id or detect_region(titles, regions)
    context = TableContext(
        region_id=region,
        period=period,
        crosswalk=Crosswalk(statistical_rows),
        latest=latest_values(observations),
        suggester=suggester,
        regions=regions,
        year_fixed=reference_year is not None,
        region_names=_region_lookup(regions),
        units=dict(zip(indicators["indicator_id"], indicators["unit"], strict=False))
        if indicators is not None
        else {},
    )
    candidates: list[Candidate] = []
    if prose.strip():
        candidates.extend(
            extract(
                prose,
                region_id=region,
                reference_year=period.year,
                regions=regions,
                place_names=place_names,
                suggester=suggester,
            )
        )
    parts = [prose] if prose else []
    offset = len(prose) + (2 if prose else 0)
    cache: dict = {}
    for table in tables:
        found, text = table_candidates(table, context, offset, cache)
        candidates.extend(found)
        parts.append(text)
        offset += len(text) + 2
    return TableRead("\n\n".join(parts), candidates, region, period, len(tables))


def _region_lookup(regions: pd.DataFrame | None) -> dict[str, str]:
    if regions is None or not len(regions):
        return {}
    from civdash.workbench.extract import region_names

    return {name: region for name, region in region_names(regions)}


def is_table_file(name: str) -> bool:
    """True for a file the table reader handles (all SUFFIXES); .txt stays with the prose reader."""
    return Path(name).suffix.lower() in SUFFIXES
