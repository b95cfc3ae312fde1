"""Find every figure a report states, with its excerpt and guesses of year, region, indicator."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from civdash.core.numbers import EXACT, NumberParseError, parse_chinese_number, qualifier_of

EXCERPT_TARGET = 120
# Every pattern below matches a bounded run of one character class, so a scan is linear in the text:
# no nested quantifiers, nothing to backtrack into.
ARABIC = re.compile(
    r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?(?:/[0-9０-９]{1,4}(?![0-9/]))?"
)
CHINESE_NUMERAL = re.compile(r"[零〇一二两兩三四五六七八九十百千]+")
YEAR_MENTION = re.compile(r"((?:19|20)[0-9]{2})\s{0,2}年")
SENTENCE_END = "。！？；;!?\n"
CLAUSE_END = SENTENCE_END + ",，、:："
MULTIPLIER_CHARS = "万萬亿億"
MORE_CHARS = "多余餘"
RANGE_SEPARATORS = "-－—–~～至"
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
WHITESPACE = " \t\r\n\u3000\xa0"
MAX_GAP = 2  # spaces or line breaks tolerated inside a figure (text copied from a PDF)

PREFIX_MARKERS = (
    "不少于",
    "不少於",
    "不低于",
    "不低於",
    "不超过",
    "不超過",
    "超过",
    "超過",
    "大约",
    "大約",
    "不到",
    "近",
    "约",
    "約",
    "超",
    "逾",
)
SUFFIX_MARKERS = ("以上", "以下", "以内", "以內", "左右")

# Unit words after a figure, longest first; the value is a guess for the reviewer to confirm.
UNIT_WORDS = (
    ("个百分点", "percentage_points"),
    ("個百分點", "percentage_points"),
    ("元/人/月", "yuan_per_person_month"),
    ("元/户/月", "yuan_per_household_month"),
    ("元/戶/月", "yuan_per_household_month"),
    ("元/人·年", "yuan_per_person_year"),
    ("元/月", "yuan_per_person_month"),
    ("元/年", "yuan_per_person_year"),
    ("元/人·月", "yuan_per_person_month"),
    ("元/人/年", "yuan_per_person_year"),
    ("元/人", "yuan_per_person"),
    ("元/例", "yuan_per_case"),
    ("元", "yuan"),
    ("人次", "person_times"),
    ("平方米", "square_metres"),
    ("平米", "square_metres"),
    ("小时", "hours"),
    ("小時", "hours"),
    ("分钟", "minutes"),
    ("分鐘", "minutes"),
    ("户", "households"),
    ("戶", "households"),
    ("张", "beds"),
    ("張", "beds"),
    ("床", "beds"),
    ("亩", "mu"),
    ("畝", "mu"),
    ("天", "days"),
    ("人", "persons"),
    ("名", "persons"),
    ("位", "persons"),
    ("个", "count"),
    ("個", "count"),
    ("家", "count"),
    ("所", "count"),
    ("座", "count"),
    ("处", "count"),
    ("處", "count"),
    ("项", "count"),
    ("項", "count"),
    ("支", "count"),
    ("只", "count"),
    ("类", "count"),
    ("類", "count"),
    ("届", "count"),
    ("屆", "count"),
    ("批", "count"),
    ("件", "count"),
    ("次", "count"),
    ("场", "count"),
    ("場", "count"),
    ("条", "count"),
    ("條", "count"),
)
# A Chinese numeral is a figure only before one of these (三个, 两倍, 五大); 统一, 一些 are not.
MEASURE_CHARS = {word[0] for word, _ in UNIT_WORDS} | set("倍万萬亿億多余餘")
# After a figure these mark a date, a rating or a tier rather than a quantity.
NOT_QUANTITY_AFTER = set("年月日号號时時岁歲级級档檔星AＡ")
ORDINAL_BEFORE = set("第每")
PLAN_PERIODS = {
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
    "十五五": (2026, 2030),
}
CUMULATIVE_WORDS = ("累计", "累計", "以来", "以來", "期间", "期間", "年来", "年來")
TARGET_WORDS = ("到20", "至20", "力争", "力爭", "确保", "確保", "目标", "目標", "规划", "規劃")
# The candidates CSV, in this order (the CLI's output and the review page's table).
COLUMNS = (
    "value_as_written",
    "value",
    "unit_guess",
    "qualifier",
    "year",
    "period_start",
    "region_id",
    "excerpt",
    "char_start",
    "char_end",
    "indicator_suggestions",
    "confidence",
    "note",
    "derivation",
)


@dataclass
class Candidate:
    """One figure stated in the text, with what the extractor guesses about it."""

    value_as_written: str
    value: float
    unit_guess: str
    qualifier: str
    year: int | None
    period_start: int | None
    region_id: str
    excerpt: str
    char_start: int
    char_end: int
    indicator_suggestions: str = ""
    confidence: float = 0.5
    note: str = ""
    # How value follows from value_as_written when it is not the figure itself (per 1,000 → 100).
    derivation: str = ""
    suggestions: list[tuple[str, float]] = field(default_factory=list, repr=False)

    def row(self) -> dict:
        """The CSV row: integers without a trailing .0, nothing missing written as None."""
        data = asdict(self)
        value = data["value"]
        data["value"] = int(value) if float(value).is_integer() else value
        return {name: "" if data[name] is None else data[name] for name in COLUMNS}


@dataclass(frozen=True)
class Figure:
    """A figure's span in the text and its parts, before any guessing."""

    start: int
    end: int
    written: str
    unit: str
    core_is_chinese: bool
    range_part: str = ""


def _skip_gap(text: str, position: int) -> int:
    """Position after at most MAX_GAP whitespace characters."""
    end = position
    while end < len(text) and end - position < MAX_GAP and text[end] in WHITESPACE:
        end += 1
    return end


def _unit_at(text: str, position: int) -> tuple[str, int]:
    """The unit word at a position, tolerating line breaks inside it ('人 次' from a PDF)."""
    squeezed, ends = [], []
    cursor = position
    while cursor < len(text) and len(squeezed) < 6 and cursor - position < 12:
        if text[cursor] not in WHITESPACE:
            squeezed.append(text[cursor])
            ends.append(cursor + 1)
        elif not squeezed and cursor - position >= MAX_GAP:
            break
        cursor += 1
    window = "".join(squeezed)
    for word, unit in UNIT_WORDS:
        if window.startswith(word):
            return unit, ends[len(word) - 1]
    return "", position


def _prefix_start(text: str, start: int) -> int:
    """Start of a qualifier word written just before the number (近, 约, 超过, 不少于)."""
    lookback = start
    while lookback > 0 and start - lookback < 1 and text[lookback - 1] in WHITESPACE:
        lookback -= 1
    for marker in PREFIX_MARKERS:
        if text.startswith(marker, lookback - len(marker)) and lookback >= len(marker):
            return lookback - len(marker)
    return start


def _figure_end(text: str, end: int) -> tuple[int, str]:
    """Extend a number over 余/万/亿/%/倍/以上 and find the unit word after it."""
    position = _skip_gap(text, end)
    consumed = end
    for chars in (MORE_CHARS, MULTIPLIER_CHARS, MORE_CHARS):
        if position < len(text) and text[position] in chars:
            consumed = position + 1
            position = _skip_gap(text, consumed)
    unit = ""
    if position < len(text) and text[position] in "%％":
        consumed, unit = position + 1, "percent"
        position = consumed
    elif position < len(text) and text[position] == "倍":
        consumed, unit = position + 1, "times"
        position = consumed
        if position < len(text) and text[position] in MORE_CHARS:
            consumed = position + 1
            position = consumed
    for marker in SUFFIX_MARKERS:
        if text.startswith(marker, _skip_gap(text, consumed)):
            consumed = _skip_gap(text, consumed) + len(marker)
            position = consumed
            break
    if not unit:
        unit, _ = _unit_at(text, _skip_gap(text, consumed))
        if unit == "yuan" and text[consumed - 1 : consumed] in MULTIPLIER_CHARS:
            unit = "yuan"
    return consumed, unit


PHONE_WORDS = ("电话", "電話", "热线", "熱線", "传真", "傳真")
LIST_MARKS = set("、.．)）是")
LINE_INDENT = WHITESPACE + "\u2002\u2003(（"
CONGRESS_BEFORE = ("党的", "黨的")

# Quoted slogans and programme names are names, not counts: “四个意识”, “两个维护”, 「三社联动」.
QUOTES_OPEN = "“「『《\"'‘"
QUOTES_CLOSE = "”」』》\"'’"
SLOGANS = (
    "四个意识",
    "四个自信",
    "两个维护",
    "两个确立",
    "四个全面",
    "五位一体",
    "三严三实",
    "两学一做",
    "八项规定",
    "三个代表",
    "三会一课",
    "一老一小",
    "两个结合",
    "三个务必",
)
# Words after 届 or 次 that make them name a meeting (十九届四中全会, 二次会议), not a count.
MEETING_AFTER = ("中全会", "全会", "会议", "會議", "人大", "政协", "政協", "党代会", "全国", "全體")
# A quoted name that still states a measure: “十分钟社区服务圈”, “15分钟养老服务圈”.
MEASURES_IN_NAMES = {"minutes", "hours", "days", "square_metres", "mu", "yuan"}
CAPTION_LEAD = set(WHITESPACE + "见見如附下上和及与與(（、，,。:：") | {""}


def _not_a_quantity(text: str, start: int, end: int, after_position: int, chinese: bool) -> bool:
    """Captions (图 7, 表4), slogans and programme names (四个意识, 九大先行计划), meeting
    ordinals (十九届四中全会), formulas (1+8+X), versions (2.0版) and page references."""
    lead = start
    while lead > 0 and start - lead < 1 and text[lead - 1] in WHITESPACE:
        lead -= 1
    caption = lead >= 1 and text[lead - 1] in "图表圖" and text[lead - 2 : lead - 1] in CAPTION_LEAD
    if caption and not _unit_at(text, after_position)[0]:
        return True  # a figure or table caption: 图 7, 表4
    after2 = text[after_position : after_position + 2]
    if text[end : end + 1] in "+＋" or text[max(0, start - 1) : start] in "+＋":
        return True  # 1+8+X, 1+N: a model's name
    if after2[:1] == "版" or text[after_position : after_position + 2] == "时代":
        return True  # 2.0版, 3.0时代: a version
    if after2[:1] in "页頁":
        return True  # page references in prose: 共12页
    if chinese:
        if after2[:1] == "大":
            return True  # 九大先行计划, 五大行动: a programme's name
        window = text[start : start + 4]
        if any(window.startswith(slogan) for slogan in SLOGANS):
            return True
        quote_open = max(text.rfind(mark, max(0, start - 3), start) for mark in QUOTES_OPEN)
        if quote_open >= 0:
            closing = min(
                (p for mark in QUOTES_CLOSE if (p := text.find(mark, end, end + 8)) >= 0),
                default=-1,
            )
            measure = _unit_at(text, after_position)[0]
            if closing >= 0 and measure not in MEASURES_IN_NAMES:
                return True  # “三社联动”, 「一中心三平台」: a quoted name
    unit_end = _unit_at(text, after_position)[1]
    following = text[unit_end : unit_end + 4]
    # 十九届四中全会, 十四届人大二次会议: meetings, not counts
    return text[after_position : after_position + 1] in "届屆次" and (
        following[:1] in "一二三四五六七八九十" or following.startswith(MEETING_AFTER)
    )


def _is_excluded(text: str, start: int, end: int, core: str, chinese: bool) -> bool:
    before = text[max(0, start - 1) : start]
    after_position = _skip_gap(text, end)
    after = text[after_position : after_position + 1]
    if before in ORDINAL_BEFORE:
        return True
    line_start, line_end = line_bounds(text, start, end)
    if (
        text[end : end + 1] in LIST_MARKS
        and start - line_start <= 8
        and not text[line_start:start].strip(LINE_INDENT)
    ):
        return True  # list numbering: 1、 四是 (2)
    if _not_a_quantity(text, start, end, after_position, chinese):
        return True
    if text[end : end + 1] == "是" and chinese:
        return True  # 一是…二是…
    if before in "[［" or text[end : end + 1] in ":：" or before in ":：":
        return True  # page links [2], clock times 17:24
    if chinese and text[max(0, start - 2) : start] in CONGRESS_BEFORE:
        return True  # 党的十九大 names a congress
    if chinese and core == "一" and text[end : end + 1] not in "名位人倍万萬亿億":
        return True  # 一批, 一支团队, 一张网: an article, not a count
    if text[after_position : after_position + 2] in ("周岁", "週歲", "周年", "週年"):
        return True  # age limits (60 周岁) and anniversaries (建党100周年)
    # 连续12年 counts years of an unbroken record, which reports state as achievements.
    consecutive = text[max(0, start - 2) : start] in ("连续", "連續") or text[
        max(0, start - 7) : start
    ].endswith(("連續(xù)", "连续(xù)"))
    if after == "年" and consecutive:
        return False
    if after in NOT_QUANTITY_AFTER and not chinese:
        return True
    if chinese and text[start:end] in PLAN_PERIODS:
        return True
    if chinese and (not after or after not in MEASURE_CHARS):
        return True
    if chinese and after == "年":
        return True
    if not chinese:
        ascii_core = core.translate(FULL_WIDTH_DIGITS).replace(",", "")
        neighbours = text[max(0, start - 1) : start] + text[end : end + 1]
        if re.search(r"[A-Za-z]", neighbours):
            return True  # part of a code or URL such as ICP备05004583号 or G20
        if "ICP" in text[max(0, start - 12) : start].upper():
            return True
        digits = ascii_core.split(".")[0]
        if len(digits) >= 3 and digits.startswith("0"):
            return True  # area codes, phone numbers, postcodes
        if len(digits) >= 11 and "." not in ascii_core:
            return True  # telephone or identity numbers
        if text[end : end + 1] in "-－" and re.match(r"[0-9]{3,}", text[end + 1 : end + 5]):
            return True  # telephone number written 0571-8765...
        if re.search(r"(?:19|20)[0-9]{2}[-/.][0-9]{0,2}[-/.]?$", text[max(0, start - 8) : start]):
            return True  # month or day of a date written 2012-09-13
        area_code = re.search(r"0[0-9]{2,3}[-－]$", text[max(0, start - 5) : start])
        if area_code or any(word in text[max(0, start - 8) : start] for word in PHONE_WORDS):
            return True
        if re.fullmatch(r"(?:19|20)[0-9]{2}", ascii_core) and not _unit_at(text, end)[0]:
            rest = text[end : end + 1]
            if rest in "-－—–/.．年" or before in "-－—–/(（":
                return True  # a date or a span of years: 2012-09-13, (2007-2020)
        if len(digits) >= 5 and text[end : end + 2] in (
            "居家",
            "社会",
            "熱線",
            "热线",
            "服务",
            "服務",
        ):
            return True  # a service hotline such as 12349 or 96345
        if line_end - line_start <= len(core) + 12:
            line = text[line_start:line_end].strip(" -—第页頁共\t")
            if line == core:
                return True  # a page number on its own line
    return False


def find_figures(text: str) -> list[Figure]:
    """Every figure in the text, in order; dates, ordinals, codes and page numbers are left out."""
    spans: list[tuple[int, int, bool]] = []
    for match in ARABIC.finditer(text):
        spans.append((match.start(), match.end(), False))
    for match in CHINESE_NUMERAL.finditer(text):
        spans.append((match.start(), match.end(), True))
    spans.sort()
    figures: list[Figure] = []
    covered_until = -1
    for start, core_end, chinese in spans:
        if start < covered_until:
            continue
        core = text[start:core_end]
        rank = _rank_at(text, start, core_end)
        if rank is not None:
            figures.append(rank)
            covered_until = rank.end
            continue
        if _is_excluded(text, start, core_end, core, chinese):
            continue
        end, unit = _figure_end(text, core_end)
        continued = _continuation(text, start, end)
        if continued is not None:
            if continued < 0:
                covered_until = -continued  # 一万二, 1万5: shorthand, refused rather than guessed
                continue
            end, unit = _figure_end(text, continued)
        if chinese and text[core_end:end] == "" and unit == "":
            continue
        prefix = _prefix_start(text, start)
        written = text[prefix:end].strip(WHITESPACE)
        figures.append(Figure(prefix, end, written, unit, chinese))
        covered_until = end
    return _mark_ranges(text, figures)


def _continuation(text: str, start: int, end: int) -> int | None:
    """Where a numeral that goes on after 万 or 亿 ends (1万2千, 一亿二千, 12万5千), None if it
    does not go on, or minus that end when the whole cannot be read (一万二): refused."""
    if not text[end - 1 : end] or text[end - 1] not in MULTIPLIER_CHARS:
        return None
    match = ARABIC.match(text, end) or CHINESE_NUMERAL.match(text, end)
    if match is None or "/" in match.group(0):
        return None
    stop = match.end()
    if text[stop : stop + 1] in "千百" and match.re is ARABIC:
        stop += 1
    if text[stop : stop + 1] in NOT_QUANTITY_AFTER:
        return None  # 1万2020年: a new figure, not the rest of this one
    return stop if parse_written(text[start:stop]) is not None else -stop


RANK_CONTEXT = ("全国", "全省", "全市", "全区", "排名", "排在", "位居", "位列", "居", "列")


def _rank_at(text: str, start: int, end: int) -> Figure | None:
    """位居全国第一, 排名全省第3位: a rank, offered as a figure of unit rank."""
    if start < 1 or text[start - 1] != "第":
        return None
    lead = text[max(0, start - 9) : start - 1]
    if not any(word in lead for word in RANK_CONTEXT):
        return None
    stop = end + 1 if text[end : end + 1] in "名位" else end
    written = text[start - 1 : stop]
    if parse_written(written) is None:
        return None
    return Figure(start - 1, stop, written, "rank", text[start] not in "0123456789")


def _mark_ranges(text: str, figures: list[Figure]) -> list[Figure]:
    """30-35张 and 25万元-65万元 give a lower and an upper figure; 2013-2015年 is a year range."""
    marked = list(figures)
    for index in range(len(marked) - 1):
        first, second = marked[index], marked[index + 1]
        between = text[first.end : second.start]
        _, after_unit = _unit_at(text, first.end)
        gap = text[after_unit : second.start].strip(WHITESPACE)
        if len(gap) == 1 and gap in RANGE_SEPARATORS and len(between) <= 4:
            unit = second.unit or first.unit
            marked[index] = Figure(
                first.start, first.end, first.written, unit, first.core_is_chinese, "lower"
            )
            marked[index + 1] = Figure(
                second.start,
                second.end,
                second.written,
                second.unit,
                second.core_is_chinese,
                "upper",
            )
    return marked


def parse_written(written: str) -> tuple[float, str] | None:
    """Value and qualifier of a written figure, via the project's one number parser."""
    try:
        squeezed = "".join(written.translate(FULL_WIDTH_DIGITS).split())
        parsed = parse_chinese_number(squeezed.replace("\u3000", ""))
    except NumberParseError:
        return None
    return parsed.value, parsed.qualifier


SENTENCE_MARK = re.compile("[" + re.escape(SENTENCE_END) + "]")
CLAUSE_MARK = re.compile("[" + re.escape(CLAUSE_END) + "]")
# What a figure's year, region and indicator are read from: its sentence, but never more than
# this many characters either side. A text with no punctuation is one endless "sentence", and
# reading all of it for each figure made extraction quadratic (review N6).
CONTEXT_WINDOW = 300
CLAUSE_WINDOW = 120


@dataclass(frozen=True)
class Marks:
    """Positions of sentence ends, clause ends and line ends in a text, found in one pass."""

    sentences: list[int]
    clauses: list[int]
    lines: list[int]


@lru_cache(maxsize=2)
def marks_of(text: str) -> Marks:
    """The text's marks, once per text: every later lookup is a binary search, not a scan."""
    return Marks(
        [m.start() for m in SENTENCE_MARK.finditer(text)],
        [m.start() for m in CLAUSE_MARK.finditer(text)],
        [m.start() for m in re.finditer("\n", text)],
    )


def _before(positions: list[int], start: int) -> int:
    """The last position below `start`, or -1."""
    index = bisect_left(positions, start)
    return positions[index - 1] if index else -1


def _from(positions: list[int], end: int, limit: int) -> int:
    """The first position at or after `end` and below `limit`, or -1."""
    index = bisect_left(positions, end)
    return positions[index] if index < len(positions) and positions[index] < limit else -1


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    marks = marks_of(text).sentences
    left = _before(marks, start) + 1
    right = _from(marks, end, len(text))
    return left, right + 1 if right >= 0 else len(text)


def _clause_bounds(text: str, start: int, end: int, left: int = 0, right: int = -1):
    """The clause around a figure within [left, right): from the last comma to the next one."""
    right = len(text) if right < 0 else right
    marks = marks_of(text).clauses
    clause_left = max(left, _before(marks, start) + 1)
    clause_right = _from(marks, end, right)
    return clause_left, clause_right if clause_right >= 0 else right


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line a figure stands on, without its line end."""
    lines = marks_of(text).lines
    right = _from(lines, end, len(text))
    return _before(lines, start) + 1, right if right >= 0 else len(text)


def sentence_before(text: str, start: int) -> str:
    """The sentence up to a figure, at most CONTEXT_WINDOW characters of it."""
    left, _ = _sentence_bounds(text, start, start)
    return text[max(left, start - CONTEXT_WINDOW) : start]


def excerpt_for(text: str, start: int, end: int) -> str:
    """The clause or sentence around a figure, verbatim, at most about EXCERPT_TARGET characters."""
    left, right = _sentence_bounds(text, start, end)
    if right - left > EXCERPT_TARGET:
        left, right = _clause_bounds(text, start, end, left, right)
        if right - left > EXCERPT_TARGET:
            left = max(left, start - EXCERPT_TARGET // 2)
            right = min(right, end + EXCERPT_TARGET // 2)
    return text[left:right].strip(WHITESPACE + "。；;")


def suggestion_context(text: str, start: int, end: int) -> tuple[str, str]:
    """(the words just before a figure in its clause, the clauses before it in its sentence)."""
    clause_left, _ = _clause_bounds(text, start, end)
    near = text[max(clause_left, start - NEAR_WINDOW) : start]
    sentence_left, _ = _sentence_bounds(text, start, end)
    context = text[max(sentence_left, clause_left - CONTEXT_BEFORE) : clause_left]
    return near, context


NEAR_WINDOW = 16
CONTEXT_BEFORE = 40


def clause_for(text: str, start: int, end: int) -> str:
    """The clause that names what a figure counts: from the last comma before it to the next one."""
    left, right = _clause_bounds(text, start, end)
    return text[max(left, start - CLAUSE_WINDOW) : min(right, end + CLAUSE_WINDOW)]


@dataclass(frozen=True)
class YearGuess:
    year: int | None
    period_start: int | None
    note: str


NOW_WORDS = ("目前", "至今", "现有", "現有", "现在", "現在", "今年", "截至目前", "截止目前")
CHANGE_WORDS = (
    "提高到",
    "提高至",
    "增加到",
    "增加至",
    "增长到",
    "增長到",
    "发展到",
    "發展到",
    "达到",
    "達到",
    "扩大到",
    "擴大到",
    "调整为",
    "調整為",
    "上升到",
    "到",
    "至",
)
COMPARISON_WORDS = ("相比", "比", "较", "較")


def guess_year(text: str, start: int, reference_year: int | None) -> YearGuess:
    """The year a figure describes by data/README.md's rules: stated year, 目前, 去年, periods.

    A year stated before the figure in its sentence wins, unless the figure is the end of a change
    (由2011年的2家发展到6家), or the year is a comparison base (比2002年提高了一倍): then the
    report's reference year applies, as it does when no year is stated at all.
    """
    before = sentence_before(text, start)
    years = list(YEAR_MENTION.finditer(before))
    period = next(((name, span) for name, span in PLAN_PERIODS.items() if name in before), None)
    if len(years) >= 2 and re.search(
        r"(?:19|20)[0-9]{2}\s{0,2}年?[^0-9年]{0,6}[-－—–~～至到](?:19|20)[0-9]{2}", before
    ):
        return YearGuess(
            int(years[-1].group(1)), int(years[-2].group(1)), "multi-year period stated"
        )
    if years:
        last = years[-1]
        year = int(last.group(1))
        after_year = before[last.end() :]
        ahead = before[: last.start()].rstrip(WHITESPACE)
        if ahead.endswith(("到", "至")) and reference_year is not None and year > reference_year:
            return YearGuess(year, None, "target year")  # 到2025年,…达到4张以上
        comparison = any(ahead.endswith(word) for word in COMPARISON_WORDS) or (
            "相比" in after_year
        )
        later_value = ARABIC.search(after_year) and any(w in after_year for w in CHANGE_WORDS)
        now = any(word in after_year for word in NOW_WORDS)
        if not (comparison or later_value or now) or reference_year is None:
            is_target = any(word in before for word in TARGET_WORDS) and (
                reference_year is None or year > reference_year
            )
            return YearGuess(year, None, "target year" if is_target else "")
        if comparison:
            return YearGuess(reference_year, None, f"change since {year}")
        return YearGuess(reference_year, None, "")
    if period:
        name, (first, last) = period
        since = any(word in before for word in ("以来", "以來"))
        if "相比" in before or "比" in before.split(name)[0][-2:]:
            return YearGuess(reference_year, None, f"change since the {name} period")
        if since and reference_year is not None:
            return YearGuess(
                max(reference_year, first), first, "multi-year total since the plan began"
            )
        if any(word in before for word in CUMULATIVE_WORDS):
            return YearGuess(last, first, "multi-year total over the plan period")
        return YearGuess(last, None, "plan period: the figure may be a target or an end value")
    if reference_year is None:
        return YearGuess(None, None, "no year stated; set the reference year")
    if before.rfind("去年") > max(before.rfind("今年"), before.rfind("当年")):
        return YearGuess(reference_year - 1, None, "去年 read as the year before the report")
    recent = re.search(r"近([两兩二三四五六七八九十]|[0-9]{1,2})\s{0,1}年", before)
    if recent:
        span = parse_written(recent.group(1))
        length = int(span[0]) if span else None
        start_year = reference_year - length + 1 if length else None
        return YearGuess(reference_year, start_year, "multi-year total")
    decade = re.search(r"([十五三两兩二]|[0-9]{1,2})\s{0,1}年[来來]", before)
    if decade:
        span = parse_written(decade.group(1))
        length = int(span[0]) if span else None
        start_year = reference_year - length if length else None
        return YearGuess(reference_year, start_year, "multi-year total")
    if any(word in before for word in ("累计", "累計")):
        return YearGuess(reference_year, None, "multi-year total; start not stated")
    return YearGuess(reference_year, None, "")


# A report's title and first lines: where it says which year it reviews.
HEAD_CHARACTERS = 300
PUBLISHED_IN_TEXT = re.compile(
    r"((?:19|20)[0-9]{2})\s{0,2}[-/.年]\s{0,2}([01]?[0-9])\s{0,2}[-/.月]\s{0,2}[0-3]?[0-9]"
)
YEAR_IN_TITLE = re.compile(r"((?:19|20)[0-9]{2})\s{0,2}年(?:度)?")
# Kinds of report that look back on a year (工作总结, 统计公报, 年报) or forward (工作要点).
LOOKS_BACK = (
    "总结",
    "總結",
    "公报",
    "公報",
    "年报",
    "年報",
    "报告",
    "報告",
    "回顾",
    "回顧",
    "情况",
    "情況",
    "统计",
    "統計",
)
LOOKS_FORWARD = ("要点", "要點", "计划", "計劃", "打算", "安排")
PLAN_TITLE = ("规划", "規劃")
PLAN_ORDINALS = {
    "十一": "十一五",
    "十二": "十二五",
    "十三": "十三五",
    "十四": "十四五",
    "十五": "十五五",
}
# A summary of a year is published in the first months of the next one.
SUMMARY_SEASON_MONTHS = 4


@dataclass(frozen=True)
class ReportYear:
    """The year a report's 目前, 今年 and undated figures describe, and why."""

    year: int | None
    reason: str


def _plan_period(head: str) -> tuple[int, int] | None:
    for name, span in PLAN_PERIODS.items():
        if name in head:
            return span
    for ordinal, name in PLAN_ORDINALS.items():
        if f"第{ordinal}个五年" in head or f"第{ordinal}個五年" in head:
            return PLAN_PERIODS[name]
    return None


def report_year(text: str, published: str = "") -> ReportYear:
    """The year a report is about, from its title and opening lines first, the date second.

    A 2024年工作总结 or a 2021年…统计公报 published in February of the next year is about the
    year it names; a five-year plan describes the year before its period; a summary with no
    year in its title published in January to April reviews the year before. Only without any
    of these does the publication year (or, without a date, the year the text names most) stand.
    """
    head = text[:HEAD_CHARACTERS]
    title = "".join(head.strip().splitlines()[:2])
    date = re.match(r"\s*((?:19|20)[0-9]{2})(?:[-/.]([01]?[0-9]))?", published or "")
    if date is None:
        found = PUBLISHED_IN_TEXT.search(head)
        date = found
    published_year = int(date.group(1)) if date else None
    published_month = int(date.group(2)) if date and date.group(2) else None
    period = _plan_period(title) if any(word in title for word in PLAN_TITLE) else None
    if period:
        return ReportYear(period[0] - 1, "a plan describes the year before its period")
    years = [int(m.group(1)) for m in YEAR_IN_TITLE.finditer(title)]
    if years and (published_year is None or years[-1] <= published_year):
        named = years[-1]
        if any(word in title for word in LOOKS_FORWARD) and not any(
            word in title for word in LOOKS_BACK
        ):
            return ReportYear(named - 1, "a work plan for the year its title names")
        return ReportYear(named, "the year the title names")
    if published_year is not None:
        summary = any(word in title for word in LOOKS_BACK[:8])
        if summary and published_month is not None and published_month <= SUMMARY_SEASON_MONTHS:
            return ReportYear(published_year - 1, "a summary published early in the next year")
        opening = YEAR_MENTION.search(text, 0, HEAD_CHARACTERS * 2)
        if summary and opening and int(opening.group(1)) == published_year - 1:
            return ReportYear(published_year - 1, "a summary of the year its opening names")
        return ReportYear(published_year, "the publication year")
    counts: dict[int, int] = {}
    for match in YEAR_MENTION.finditer(text):
        year = int(match.group(1))
        counts[year] = counts.get(year, 0) + 1
    if not counts:
        return ReportYear(None, "no year stated")
    return ReportYear(
        max(counts, key=lambda year: (counts[year], year)), "the year the text names most"
    )


HOME_WORDS = ("全市", "我市", "本市", "全区", "全區", "我区", "全县", "全縣")


class RegionFinder:
    """Finds region names in text: regions.csv names (and their short forms) plus a place index."""

    def __init__(self, names: Iterable[tuple[str, str]], levels: dict[str, str] | None = None):
        self.names: dict[str, str] = {}
        for name, region_id in names:
            if len(name) >= 2:
                self.names.setdefault(name, region_id)
        self.lengths = sorted({len(name) for name in self.names}, reverse=True)
        self.levels = levels or {}

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """(position, region_id) of every name, longest match first, left to right."""
        return [(at, region_id) for at, _, region_id in self.spans(text)]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, region_id) of every name, longest match first, left to right."""
        found = []
        position = 0
        while position < len(text):
            for length in self.lengths:
                region_id = self.names.get(text[position : position + length])
                if region_id:
                    found.append((position, position + length, region_id))
                    position += length
                    break
            else:
                position += 1
        return found

    def headings(self, text: str) -> list[tuple[int, str]]:
        """(position, region_id) of lines that hold nothing but a region name: section headings."""
        found = []
        position = 0
        for line in text.splitlines(keepends=True):
            region_id = self.names.get(line.strip(WHITESPACE))
            if region_id:
                found.append((position, region_id))
            position += len(line)
        return found


def region_names(regions, place_names=None) -> list[tuple[str, str]]:
    """Full and short names (宁波市, 宁波) of the curated regions, then other places by name."""
    pairs = []
    for row in regions.itertuples(index=False):
        pairs.append((row.name_zh, row.region_id))
        short = re.sub(r"(市|县|縣|区|區|省)$", "", row.name_zh)
        if len(short) >= 2 and short != row.name_zh:
            pairs.append((short, row.region_id))
    if place_names is not None:
        known = set(regions["region_id"])
        counts = place_names["name_zh"].value_counts()
        # Only names that are unique in the country: 南山区 or 城关镇 alone say nothing.
        pairs.extend(
            (row.name_zh, row.region_id)
            for row in place_names.itertuples(index=False)
            if row.region_id not in known and counts[row.name_zh] == 1 and len(row.name_zh) >= 3
        )
    return pairs


LIST_AFTER = ("、", "和", "及", "与", "與", "等", "以及")
# How far into a line a city's name may stand and still open a section about that city.
SECTION_LEAD = 12
# How far into a sentence a place's name may stand and still be what the sentence is about.
SUBJECT_LEAD = 8


@dataclass
class RegionContext:
    """What the text says about places: every mention, section headings, and the source's region.

    Mentions are kept sorted with their positions in a separate list, so that each figure finds
    the names near it by binary search instead of reading every mention in the text.
    """

    mentions: list[tuple[int, str]]
    headings: list[tuple[int, str]]
    default: str
    default_is_province: bool
    prefectures: set[str]
    unlisted: dict[str, str] = field(default_factory=dict)
    # Positions of mentions that stand in a list of places (宁波、温州…丽水等9个设区市).
    listed: set[int] = field(default_factory=set)
    # (position, region) of cities named at the start of a line: a province's text by city.
    sections: list[tuple[int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._positions = [at for at, _ in self.mentions]
        self._heading_positions = [at for at, _ in self.headings]
        self._section_positions = [at for at, _ in self.sections]

    def home(self, position: int) -> str:
        """A section's region: its heading, else (in a province's text) the city a line about it
        opens with; a city named inside a list never becomes the home of what follows."""
        index = bisect_left(self._heading_positions, position + 1)
        if index:
            return self.headings[index - 1][1]
        if self.default_is_province:
            index = bisect_left(self._section_positions, position)
            if index:
                return self.sections[index - 1][1]
        return self.default

    def _between(self, left: int, right: int) -> list[tuple[int, str]]:
        return self.mentions[
            bisect_left(self._positions, left) : bisect_left(self._positions, right)
        ]

    def guess(self, text: str, start: int, end: int) -> tuple[str, str]:
        sentence_start, sentence_end = _sentence_bounds(text, start, end)
        clause_left, clause_right = _clause_bounds(
            text,
            start,
            end,
            max(sentence_start, start - CONTEXT_WINDOW),
            min(sentence_end, end + CONTEXT_WINDOW),
        )
        clause = text[clause_left:clause_right]
        in_clause = [
            (p, r) for p, r in self._between(clause_left, clause_right) if p not in self.listed
        ]
        if in_clause:
            before = [item for item in in_clause if item[0] < start]
            region = (before[-1] if before else in_clause[0])[1]
            if region in self.unlisted:
                return self.home(start), (
                    f"names {self.unlisted[region]} ({region}), which regions.csv does not list yet"
                )
            return region, ""
        if any(word in clause for word in HOME_WORDS):
            return self.home(start), ""
        # A place named earlier in the sentence owns the figure only when the sentence is about
        # it, i.e. opens with it (安吉县…, 其中安吉县…); a place in passing does not.
        lead = max(sentence_start, start - CONTEXT_WINDOW)
        opening = text[lead : lead + SUBJECT_LEAD]
        subjects = [
            (p, r)
            for p, r in self._between(lead, min(start, lead + SUBJECT_LEAD + 4))
            if r not in self.unlisted and p not in self.listed
        ]
        if subjects and not any(word in opening for word in ("全省", "全市", "全国")):
            region = subjects[0][1]
            if region not in self.prefectures - {self.home(start)}:
                return region, "region named earlier in the sentence"
        return self.home(start), ""


def region_context(text: str, regions, default: str, place_names=None) -> RegionContext | None:
    if regions is None:
        return None
    finder = RegionFinder(region_names(regions, place_names))
    levels = dict(zip(regions["region_id"], regions["level"], strict=True))
    unlisted = {}
    if place_names is not None:
        unlisted = {
            region_id: name for name, region_id in finder.names.items() if region_id not in levels
        }
    prefectures = {region for region, level in levels.items() if level == "prefecture"}
    spans = finder.spans(text)
    listed = set()
    for index, (at, stop, _) in enumerate(spans):
        after = text[stop : stop + 2]
        # 宁波、温州 or 宁波市、温州市: the suffix 市/县/区 may follow the short name.
        if after[:1] in "市县縣区區":
            after = text[stop + 1 : stop + 3]
        previous_end = spans[index - 1][1] if index else -1
        in_list = after.startswith(LIST_AFTER) or (
            at > 0 and text[at - 1] in "、和及与與" and at - 1 <= previous_end + 1
        )
        if in_list:
            listed.add(at)
    sections = []
    for at, _, region in spans:
        if region in prefectures and at not in listed:
            line_start, _ = line_bounds(text, at, at)
            if at - line_start <= SECTION_LEAD:
                sections.append((at, region))
    return RegionContext(
        unlisted=unlisted,
        mentions=[(at, region) for at, _, region in spans],
        headings=finder.headings(text),
        default=default,
        default_is_province=levels.get(default) == "province",
        prefectures=prefectures,
        listed=listed,
        sections=sections,
    )


UP_WORDS = ("增长", "增長", "增加", "提高", "提升", "上升", "上涨", "上漲", "增幅", "增速", "增")
DOWN_WORDS = (
    "下降",
    "减少",
    "減少",
    "降低",
    "回落",
    "下滑",
    "缩减",
    "縮減",
    "降幅",
    "减",
    "減",
    "降",
)
# After the verb these make a level, not a change: 提高到85%, 增加至300张.
TO_WORDS = ("到", "至", "为", "為")
YEAR_ON_YEAR = (
    "比上年",
    "比去年",
    "较上年",
    "較上年",
    "较去年",
    "較去年",
    "同比",
    "环比",
    "環比",
    "比上一年",
)
PER_UNIT_BEFORE = (
    (("每人每月", "每月每人", "人均每月", "月人均"), "yuan", "yuan_per_person_month"),
    (("每户每月", "每戶每月", "户均每月"), "yuan", "yuan_per_household_month"),
    (("每人每年", "每年每人", "人均每年", "年人均"), "yuan", "yuan_per_person_year"),
)
PER_THOUSAND_ELDERLY = ("每千名老", "千名老年人", "千名老人", "每千老年人")
# Beds per 100 older people run from about 2 to 8 in China; above this a per-1,000 slip is likely.
MAX_BEDS_PER_100_ELDERLY = 15
PER_HUNDRED_ELDERLY = ("每百名老", "百名老年人", "百名老人", "每百老年人")


@dataclass(frozen=True)
class Reading:
    """A figure's value and unit as it should be recorded, and what was done to get there."""

    value: float
    unit: str
    notes: tuple[str, ...] = ()
    derivation: str = ""


def _change_direction(lead: str) -> int:
    """+1 or -1 when the words just before a figure state a change (增长5%, 下降了3个百分点)."""
    trimmed = lead.rstrip(WHITESPACE).removesuffix("了").removesuffix("了")
    for words, sign in ((DOWN_WORDS, -1), (UP_WORDS, 1)):
        for word in words:
            if (
                trimmed.endswith(word)
                or trimmed.endswith(word + "达")
                or trimmed.endswith(word + "達")
            ):
                return sign
    return 0


RATE_WORDS = (("增长率", 1), ("增長率", 1), ("增幅", 1), ("增速", 1), ("降幅", -1), ("下降率", -1))


def _rate_direction(lead: str) -> int:
    """增长率为5%, 降幅为3%: a rate named, then 为; +1 or -1, else 0 (提高到85% is a level)."""
    trimmed = lead.rstrip(WHITESPACE)
    trimmed = trimmed[:-1] if trimmed.endswith(TO_WORDS) else trimmed
    for word, sign in RATE_WORDS:
        if trimmed.endswith(word):
            return sign
    return 0


def read_figure(text: str, figure: Figure, value: float) -> Reading:
    """Changes with their sign and unit, per-month and per-year standards, per-1,000 rates."""
    clause_left, _ = _clause_bounds(text, figure.start, figure.end)
    lead = text[max(clause_left, figure.start - 12) : figure.start]
    clause_lead = text[max(clause_left, figure.start - CLAUSE_WINDOW) : figure.start]
    sentence_lead = sentence_before(text, figure.start)
    year_on_year = any(word in sentence_lead for word in YEAR_ON_YEAR)
    unit = figure.unit
    direction = _change_direction(lead)
    if lead.rstrip(WHITESPACE).endswith(TO_WORDS):
        direction = _rate_direction(lead)
    if unit == "percentage_points":
        sign = -1 if direction < 0 else 1
        return Reading(sign * value, unit, ("change in percentage points",))
    if unit == "percent" and direction:
        note = (
            "change on the previous year"
            if any(w in clause_lead for w in YEAR_ON_YEAR)
            else "change"
        )
        return Reading(direction * value, "percent_change", (note,))
    # A decrease is always a change; 增加800张 may be a year's flow (新增), unless compared.
    if unit and unit != "rank" and (direction < 0 or (direction > 0 and year_on_year)):
        note = "change on the previous year" if year_on_year else "a decrease"
        return Reading(direction * value, unit, (f"{note}, not a level",))
    if unit == "yuan":
        window = text[max(clause_left, figure.start - 16) : figure.start]
        for words, base, per_unit in PER_UNIT_BEFORE:
            if base == unit and any(word in window for word in words):
                return Reading(value, per_unit)
    if unit == "beds":
        if any(word in clause_lead for word in PER_THOUSAND_ELDERLY):
            converted = round(value / 10, 6)
            return Reading(
                converted,
                "beds_per_100_elderly",
                ("per 1,000 elderly in the text, converted to per 100",),
                f"{figure.written} per 1,000 elderly / 10 = {converted:g} per 100",
            )
        if any(word in clause_lead for word in PER_HUNDRED_ELDERLY):
            if value > MAX_BEDS_PER_100_ELDERLY:
                # 42 beds for every 100 older people is no city's figure: a per-1,000 slip.
                return Reading(
                    value,
                    "beds_per_100_elderly",
                    (f"{value:g} per 100 elderly is implausible; the text may mean per 1,000",),
                )
            return Reading(value, "beds_per_100_elderly")
    return Reading(value, unit)


def _confidence(figure: Figure, year: YearGuess, suggestions: list[tuple[str, float]]) -> float:
    score = 0.4
    if figure.unit:
        score += 0.2
    if year.year is not None and not year.note:
        score += 0.15
    if suggestions and suggestions[0][1] >= 0.6:
        score += 0.15
    if figure.core_is_chinese:
        score -= 0.15
    return round(min(max(score, 0.05), 0.95), 2)


def extract(
    text: str,
    *,
    region_id: str = "",
    reference_year: int | None = None,
    regions=None,
    place_names=None,
    suggester=None,
) -> list[Candidate]:
    """Every figure of the text as a candidate row, in reading order."""
    places = region_context(text, regions, region_id, place_names)
    candidates = []
    seen: set[tuple[str, str, str]] = set()
    for figure in find_figures(text):
        parsed = parse_written(figure.written)
        if parsed is None:
            continue
        value, qualifier = parsed
        if figure.written in ("一", "壹") and not figure.unit:
            continue
        year = guess_year(text, figure.start, reference_year)
        region, region_note = (
            places.guess(text, figure.start, figure.end) if places else (region_id, "")
        )
        if figure.range_part == "upper" and candidates and candidates[-1].note.find("lower") >= 0:
            lower = candidates[-1]
            year = YearGuess(lower.year, lower.period_start, year.note)
        excerpt = excerpt_for(text, figure.start, figure.end)
        # Web scrapes often repeat a passage: one candidate per figure in the same surroundings.
        sentence_start, sentence_end = _sentence_bounds(text, figure.start, figure.end)
        surroundings = (
            excerpt,
            text[max(sentence_start, figure.start - 12) : figure.start],
            text[figure.start : min(sentence_end, figure.end + 12)],
        )
        if surroundings in seen:
            continue
        seen.add(surroundings)
        reading = read_figure(text, figure, value)
        notes = [note for note in (year.note, region_note, *reading.notes) if note]
        if figure.range_part:
            notes.append(f"range {figure.range_part} bound")
        if figure.core_is_chinese:
            notes.append("written in Chinese numerals")
        candidate = Candidate(
            value_as_written=figure.written,
            value=reading.value,
            unit_guess=reading.unit,
            qualifier=qualifier or qualifier_of(figure.written) or EXACT,
            year=year.year,
            period_start=year.period_start,
            region_id=region,
            excerpt=excerpt,
            char_start=figure.start,
            char_end=figure.end,
            note="; ".join(notes),
            derivation=reading.derivation,
        )
        if suggester is not None:
            near, context = suggestion_context(text, figure.start, figure.end)
            candidate.suggestions = suggester.suggest(
                clause_for(text, figure.start, figure.end),
                reading.unit,
                near=near,
                context=context,
            )
            candidate.indicator_suggestions = ";".join(
                f"{indicator}:{score:.2f}" for indicator, score in candidate.suggestions
            )
        candidate.confidence = _confidence(figure, year, candidate.suggestions)
        candidates.append(candidate)
    return candidates
