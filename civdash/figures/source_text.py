"""A report text with every curated figure marked, the reading aids, and links to a figure."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd

from civdash.core.formatting import fact_value, period_text
from civdash.core.links import view_query
from civdash.i18n import qualifier_name, text

PAGE_PATH = "source"
# The Nantong scrape follows many characters with their reading: 養(yǎng)老, 機(jī)構(gòu).
# A reading always carries a tone mark, which keeps ordinary brackets such as (社区) untouched;
# the length cap keeps the pattern linear.
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_ARTEFACT = re.compile(rf"\([a-zü{TONED}]{{0,6}}[{TONED}][a-zü{TONED}]{{0,6}}\)")
# Where the scrape lost characters, a '?' replaced them and the opening bracket: 鏈?zhǔn)金B.
# The reading is dropped and the '?' kept, so the loss stays visible.
GARBLED_READING = re.compile(rf"\?[a-zü{TONED}]{{0,6}}[{TONED}][a-zü{TONED}]{{0,6}}\)")
WHITESPACE = re.compile(r"\s")


def strip_pinyin(value: str) -> str:
    """The text without the scrape's inline readings: 養(yǎng)老 → 養老."""
    return GARBLED_READING.sub("?", PINYIN_ARTEFACT.sub("", value))


@lru_cache(maxsize=1)
def _simplifier():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(value: str) -> str:
    """Traditional characters shown as simplified (OpenCC t2s); the data keeps the original."""
    return _simplifier().convert(value)


def reading_text(value: str, hide_pinyin: bool = True, simplified: bool = False) -> str:
    """A text as the reader asked to see it; stored excerpts are never changed."""
    if hide_pinyin:
        value = strip_pinyin(value)
    if simplified:
        value = to_simplified(value)
    return value


def source_query(
    source_id: str, observation_id: str | None = None, lang: str = "zh", present: bool = False
) -> dict[str, str]:
    """Query parameters of the source page opened at one figure."""
    return view_query(lang, present, source=source_id, obs=observation_id)


def source_url(
    source_id: str, observation_id: str | None = None, lang: str = "zh", present: bool = False
) -> str:
    """A link relative to the app's pages, e.g. for a table's link column."""
    return f"{PAGE_PATH}?{urlencode(source_query(source_id, observation_id, lang, present))}"


def source_urls(rows: pd.DataFrame, lang: str) -> list[str | None]:
    """One link per row to its sentence in the report; none for a user-supplied row."""
    urls: list[str | None] = []
    for source_id, observation_id in zip(
        rows["source_id"].astype(str), rows["observation_id"].astype(str), strict=True
    ):
        linkable = source_id not in ("user", "", "nan") and observation_id not in (
            "",
            "nan",
            "<NA>",
        )
        urls.append(source_url(source_id, observation_id, lang) if linkable else None)
    return urls


@dataclass
class Mark:
    """One highlighted figure in the text: where it stands and which observations it carries."""

    start: int
    end: int
    observation_ids: list[str] = field(default_factory=list)


@dataclass
class MarkedText:
    text: str
    marks: list[Mark]
    # observation_id -> index of its first mark, for deep links.
    first_mark: dict[str, int]
    not_found: list[str]


def _normalised(value: str) -> tuple[str, list[int]]:
    """The text without whitespace, and the original position of every remaining character."""
    positions = [index for index, character in enumerate(value) if not WHITESPACE.match(character)]
    return "".join(value[index] for index in positions), positions


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start >= 0 and needle:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


# With this many figures in one text, each excerpt is looked up by its last KEY_CHARS characters
# in an index of the text built once, instead of scanning the whole text per excerpt (a
# national-scale report of 100,000 figures took minutes; a curated report has a few hundred).
INDEXED_FROM = 2_000
KEY_CHARS = 8


def _finder(haystack: str, needles: list[str]):
    """A function needle -> every start of needle in haystack, indexed when needles are many.

    The index keeps only the text positions that end like some needle, so its size follows
    the figures, not the length of the text."""
    if len(needles) < INDEXED_FROM:
        return lambda needle: _occurrences(haystack, needle)
    keys = {needle[-KEY_CHARS:] for needle in needles if len(needle) >= KEY_CHARS}
    ends: dict[str, list[int]] = {}
    for end in range(KEY_CHARS, len(haystack) + 1):
        key = haystack[end - KEY_CHARS : end]
        if key in keys:
            ends.setdefault(key, []).append(end)

    def find(needle: str) -> list[int]:
        if len(needle) < KEY_CHARS:
            return _occurrences(haystack, needle)
        size = len(needle)
        return [
            end - size
            for end in ends.get(needle[-KEY_CHARS:], ())
            if end >= size and haystack.startswith(needle, end - size)
        ]

    return find


def figure_offset(excerpt: str, written: str) -> int:
    """Where the written figure stands in its excerpt: a whole number, not part of another.

    In 由2011年的2家 the figure 2 is the one after 的, not the first digit of 2011.
    """
    if not written:
        return -1
    first = excerpt.find(written)
    start = first
    while start >= 0:
        before = excerpt[start - 1] if start else ""
        after = excerpt[start + len(written) : start + len(written) + 1]
        if not (before.isdigit() or before == ".") and not (after.isdigit() or after == "."):
            return start
        start = excerpt.find(written, start + 1)
    return first


def mark_figures(source_text: str, figures: pd.DataFrame) -> MarkedText:
    """Mark `value_as_written` inside every occurrence of each figure's excerpt.

    Matching ignores whitespace, as the validator does. Figures sharing characters (780 read as
    both the urban and the rural standard) become one mark that names all of them.
    """
    flat, positions = _normalised(source_text)
    rows = list(figures[["observation_id", "excerpt", "value_as_written"]].itertuples())
    excerpts = [_normalised(str(row.excerpt))[0] for row in rows]
    occurrences = _finder(flat, excerpts)
    spans: list[tuple[int, int, str]] = []
    not_found = []
    for row, excerpt in zip(rows, excerpts, strict=True):
        written, _ = _normalised(str(row.value_as_written))
        offset = figure_offset(excerpt, written)
        starts = occurrences(excerpt) if excerpt else []
        if not starts or offset < 0:
            not_found.append(row.observation_id)
            continue
        for start in starts:
            first = start + offset
            last = first + len(written) - 1
            spans.append((positions[first], positions[last] + 1, row.observation_id))
    spans.sort(key=lambda span: (span[0], span[1]))
    marks: list[Mark] = []
    for start, end, observation_id in spans:
        if marks and start < marks[-1].end:
            marks[-1].end = max(marks[-1].end, end)
            if observation_id not in marks[-1].observation_ids:
                marks[-1].observation_ids.append(observation_id)
        else:
            marks.append(Mark(start, end, [observation_id]))
    first_mark: dict[str, int] = {}
    for index, mark in enumerate(marks):
        for observation_id in mark.observation_ids:
            first_mark.setdefault(observation_id, index)
    return MarkedText(source_text, marks, first_mark, not_found)


def figure_label(row: dict, lang: str) -> str:
    """'Indicator · 2015 · ≈800张 (approximate)' for a mark's hover text."""
    name = row["indicator_zh"] if lang == "zh" else row["indicator_en"]
    start = row.get("period_start")
    year = period_text(start, row["year"])
    value = fact_value(row["value"], row["unit"], lang, row["qualifier"], start)
    qualifier = qualifier_name(str(row["qualifier"]), lang)
    return f"{name} · {year} · {value} ({qualifier})"


def render_html(
    marked: MarkedText,
    labels: dict[str, str],
    language: str,
    hide_pinyin: bool = True,
    simplified: bool = False,
    target: str | None = None,
) -> str:
    """The report as paragraphs of escaped text with <mark>s; `target` is the linked figure.

    `language` is the report's (zh-Hans or zh-Hant), set as the block's lang attribute.

    Every piece of text and every hover label is escaped: the report and the data are content,
    never markup. Element ids are built from numbers only.
    """

    def shown(piece: str) -> str:
        return html.escape(reading_text(piece, hide_pinyin, simplified))

    target_mark = marked.first_mark.get(target) if target else None
    parts: list[str] = []
    cursor = 0
    for index, mark in enumerate(marked.marks):
        parts.append(shown(marked.text[cursor : mark.start]))
        # One line per figure; the line break is an entity, as raw newlines end a paragraph below.
        label = "&#10;".join(
            html.escape(labels.get(obs, obs), quote=True) for obs in mark.observation_ids
        )
        classes = "fig target" if index == target_mark else "fig"
        figure = marked.text[mark.start : mark.end].replace("\n", " ")
        parts.append(
            f'<mark id="fig-{index}" class="{classes}" tabindex="0" '
            f'title="{label}" aria-label="{label}">{shown(figure)}</mark>'
        )
        if index == target_mark:
            # The linked figure says what it is on screen too, so a screenshot stands alone.
            parts.append(f'<span class="fig-label">{label.replace("&#10;", " / ")}</span>')
        cursor = mark.end
    parts.append(shown(marked.text[cursor:]))
    body = "".join(parts)
    paragraphs = [line.strip() for line in body.split("\n")]
    language = "zh-Hans" if simplified else language
    return (
        f'<div class="civdash-source" lang="{language}">'
        + "".join(f"<p>{line}</p>" for line in paragraphs if line)
        + "</div>"
    )


SOURCE_STYLE = """<style>
.civdash-source{font-size:1.05rem;line-height:1.9;max-width:60em}
.civdash-source p{margin:0 0 .8em 0}
.civdash-source mark.fig{background:#fff1a8;color:#1a1a1a;border-bottom:2px solid #b58900;
padding:0 .1em;cursor:help}
.civdash-source mark.fig:focus{outline:2px solid #1f4e9c}
.civdash-source mark.target{background:#ffb347;outline:3px solid #b3001b;scroll-margin:40vh}
.civdash-source .fig-label{font-size:.8em;background:#1f4e9c;color:#fff;border-radius:4px;
padding:.1em .4em;margin:0 .3em;white-space:normal}
</style>"""


def scroll_script(mark_index: int) -> str:
    """A script that scrolls the page to one mark; it holds a number, never data."""
    element = f"fig-{int(mark_index)}"
    return (
        "<script>setTimeout(function(){var e=document.getElementById('" + element + "');"
        "if(e){e.scrollIntoView({block:'center'});e.focus({preventScroll:true})}},400)</script>"
    )


def read_source_text(folder: Path, file_name: str) -> str | None:
    """The text of a source, or None when its name leaves the sources folder or is missing."""
    from civdash.data.validate import source_text_path

    path = source_text_path(folder, file_name)
    return path.read_text(encoding="utf-8") if path is not None and path.is_file() else None


def count_label(marked: MarkedText, lang: str) -> str:
    figures = len(marked.first_mark)
    return text("source.marked", lang, figures=figures, marks=len(marked.marks))
