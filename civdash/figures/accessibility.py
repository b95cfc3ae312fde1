"""What assistive technology needs: chart and map summaries, the page language, focus styles."""

from __future__ import annotations

import html
import json

import pandas as pd

from civdash.i18n import join, text

# The `lang` attribute screen readers use to pick a voice; Streamlit serves <html lang="en">.
HTML_LANG = {"zh": "zh-CN", "en": "en"}
# A summary names this many regions; the data table beside the chart lists every one.
SUMMARY_REGIONS = 12
SCREEN_READER_CLASS = "civdash-sr-only"
FOCUS_COLOUR = "#1f5f8b"  # the theme's primaryColor: 6.9:1 on white

# Visually hidden but read aloud (the usual clip pattern). The element container around such a
# text leaves the layout too, so it adds no gap between elements. Keyboard focus gets a ring
# that is visible on every control, link and download; Streamlit's own is a faint shadow.
PAGE_CSS = f"""
.{SCREEN_READER_CLASS} {{
  position: absolute !important; width: 1px !important; height: 1px !important;
  padding: 0 !important; margin: -1px !important; overflow: hidden !important;
  clip: rect(0, 0, 0, 0) !important; white-space: nowrap !important; border: 0 !important;
}}
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] .{SCREEN_READER_CLASS}) {{
  position: absolute !important; width: 1px !important; height: 1px !important;
  overflow: hidden !important; clip: rect(0, 0, 0, 0) !important; margin: 0 !important;
}}
/* Text tables (presentation mode) wrap their cells instead of scrolling sideways: a scrolling
   region a keyboard cannot reach fails WCAG 2.1.1. */
.stTable table {{ width: 100%; table-layout: fixed; }}
.stTable th, .stTable td {{ white-space: normal !important; overflow-wrap: anywhere; }}
/* A disabled control's label stays legible (Streamlit draws it at 40 %, about 2.6:1): it names
   the control and the caption beside it says why it is off. */
[data-testid="stWidgetLabel"] {{ color: inherit !important; }}
a:focus-visible, button:focus-visible, summary:focus-visible, [role="tab"]:focus-visible,
[tabindex]:not([tabindex="-1"]):focus-visible, label:has(input:focus-visible),
[data-baseweb="select"]:focus-within, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within, [role="slider"]:focus-visible,
[data-testid="stDataFrameResizable"]:is(:focus-visible, :has(:focus-visible)) {{
  outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important;
}}
"""


def html_lang(lang: str) -> str:
    return HTML_LANG.get(lang, HTML_LANG["zh"])


def page_head(lang: str) -> str:
    """HTML for the top of every page: the shared CSS and a script that sets <html lang>.

    The script runs whenever the language changes (Streamlit re-runs an st.html script when its
    text changes); the document keeps the attribute across reruns and page switches.
    """
    code = json.dumps(html_lang(lang))
    return (
        f"<style>{PAGE_CSS}</style>"
        f'<div class="{SCREEN_READER_CLASS}" aria-hidden="true">'
        f"<script>document.documentElement.lang = {code};</script></div>"
    )


def screen_reader_html(sentence: str, lang: str) -> str:
    """A paragraph only screen readers see, e.g. a map's summary next to its canvas."""
    return f'<p class="{SCREEN_READER_CLASS}" lang="{html_lang(lang)}">{html.escape(sentence)}</p>'


def _join(items: list[str], total: int, lang: str) -> str:
    more = [text("a11y.more", lang, count=total - len(items))] if total > len(items) else []
    return join(list(items) + more, lang)


def _item(region: str, period: str, value: str, lang: str) -> str:
    return text("a11y.item", lang, region=region, period=period, value=value)


def latest_summary(title: str, frame: pd.DataFrame, lang: str) -> str:
    """'城市低保标准:南通市 2022年 780元/人/月,衢州市 2013年 480元/人/月。'

    `frame` is a chart frame (civdash.figures.charts.chart_rows): region, period and the formatted
    label are the ones the chart shows; regions are listed from the highest value down.
    """
    ordered = frame.sort_values("value", ascending=False, kind="stable")
    items = [
        _item(row.region, row.period, row.label, lang)
        for row in ordered.head(SUMMARY_REGIONS).itertuples()
    ]
    return text("a11y.summary", lang, title=title, items=_join(items, len(ordered), lang))


def series_summary(title: str, frame: pd.DataFrame, lang: str) -> str:
    """Each region's first and latest figure: '南通市 2012年 447元/人/月 至 2022年 780元/人/月'."""
    items = []
    regions = list(dict.fromkeys(frame["region"]))
    for region in regions[:SUMMARY_REGIONS]:
        rows = frame[frame["region"] == region].sort_values(["year", "period"], kind="stable")
        first, last = rows.iloc[0], rows.iloc[-1]
        if len(rows) == 1:
            items.append(_item(region, first["period"], first["label"], lang))
        else:
            items.append(
                text(
                    "a11y.change",
                    lang,
                    region=region,
                    first_period=first["period"],
                    first=first["label"],
                    last_period=last["period"],
                    last=last["label"],
                )
            )
    return text("a11y.summary", lang, title=title, items=_join(items, len(regions), lang))


def map_summary(title: str, table: pd.DataFrame, lang: str) -> str:
    """The map's figures as a sentence, highest first, then the regions that report none.

    `table` is the map's own table (map_view.map_table): region, year, label, reported.
    """
    from civdash.figures.map.style import no_base_rows, not_reported_rows

    reported = table[table["reported"]].assign(period=lambda f: f["year"].astype(str))
    sentence = latest_summary(title, reported, lang)
    no_base = no_base_rows(table)
    if len(no_base):
        names = [f"{row.region} {row.raw_label} ({row.year})" for row in no_base.itertuples()]
        sentence += text("a11y.no_base", lang, regions=_join(names, len(names), lang))
    missing = not_reported_rows(table)["region"].tolist()
    if missing:
        names = join(missing, lang)
        sentence += text("a11y.not_reported", lang, regions=names)
    return sentence


def list_summary(title: str, labels: list[str], lang: str) -> str:
    """A title and a list as one sentence: "图例:40–60%,60–80%,未报告。"."""
    return text("a11y.summary", lang, title=title, items=_join(labels, len(labels), lang))
