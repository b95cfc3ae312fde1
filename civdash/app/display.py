"""Display: charts, tables, cards, source links and pictures as the pages lay them out."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st
from streamlit import dataframe_util

from civdash.app.page_context import Context
from civdash.core.safe_text import escape_markdown
from civdash.data.loader import Dataset
from civdash.figures import accessibility
from civdash.i18n import LANGUAGES, text


def captions(lines: Sequence[str]) -> None:
    """Notes under a chart, each as plain text (a note may quote data)."""
    for line in lines:
        if line:
            st.caption(plain(line))


def show_chart(
    chart: Callable[[], Any] | Any,
    key: str,
    dataset: Dataset | None = None,
    memo_key: tuple | None = None,
    on_select: str | None = None,
) -> Any:
    """An Altair chart (or a function that builds one), sent as its Vega-Lite spec.

    With `dataset` and `memo_key` the spec is built once per dataset and reused by every rerun
    and session: building and serialising a layered chart is most of a page's rerun time.
    Our builders make the same, tested charts every time, so Altair's JSON-schema validation
    is skipped; the spec and its data are unchanged.
    """

    def spec() -> dict:
        from civdash.figures.charts import spec as chart_spec

        vega_spec = chart_spec(chart if hasattr(chart, "to_dict") else chart())
        # Datasets go to the browser as Arrow; converting them here, once, spares Streamlit
        # converting them on every rerun (about 10 ms a chart, a second for a national profile).
        vega_spec["datasets"] = {
            name: dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(values))
            for name, values in vega_spec.get("datasets", {}).items()
        }
        return vega_spec

    if dataset is not None and memo_key is not None:
        vega_spec = dataset.memo(("chart", *memo_key), spec)
    else:
        vega_spec = spec()
    if on_select is None:
        st.vega_lite_chart(vega_spec, width="stretch", key=key)
        return None
    return st.vega_lite_chart(vega_spec, width="stretch", key=key, on_select=on_select)


def selected_point(selection: Any, name: str) -> dict | None:
    """The fields of the point a user clicked in a chart's selection `name`, if any."""
    if not selection:
        return None
    points = selection.get("selection", {}).get(name) or []
    return points[0] if points else None


def screen_reader_text(sentence: str, lang: str) -> None:
    """A sentence read aloud but not drawn, such as a map's summary beside its canvas."""
    st.html(accessibility.screen_reader_html(sentence, lang))


def source_link(context: Context, source_id: str, observation_id: str | None, key: str) -> None:
    """'查看原文 / view in source': the report opened at this figure, highlighted."""
    from civdash.figures.source_text import source_query

    if source_id == "user":
        return
    with st.container(key=key):
        st.page_link(
            "pages/source.py",
            label=context.t("label.view_source"),
            icon=":material/article:",
            query_params=source_query(source_id, observation_id, context.lang, context.present),
            help=context.t("label.view_source_help"),
        )


def about_data(
    context: Context, indicator_id: str, rows: pd.DataFrame | None = None, key: str = ""
) -> None:
    """The folded 'About this data' panel under a chart or map (a popover inside an expander)."""
    from civdash.figures.about_panel import about

    # The panel describes the figures on screen: the regions and years shown decide it.
    facts_key = (tuple(sorted(rows["observation_id"].astype(str))),) if rows is not None else ()
    info = context.dataset.memo(
        ("about", indicator_id, context.lang, facts_key),
        lambda: about(context.dataset, indicator_id, context.lang, rows),
    )
    title = context.t("about.title")
    folded = st.popover(title, key=f"about_{key}") if key else st.expander(title)
    with folded:
        lines = [
            (context.t("about.definition"), info.definition),
            (context.t("about.unit"), info.unit),
            (context.t("about.comparability"), info.comparability),
            (context.t("about.latest"), str(info.latest_year or "–")),
        ]
        for label, value in lines:
            if value:
                st.markdown(f"**{plain(label)}**: {plain(value)}")
        st.markdown(f"**{plain(context.t('about.sources'))}**")
        for source in info.sources:
            st.markdown("- " + plain(source))
        st.markdown(f"**{plain(context.t('about.limits'))}**")
        for limit in info.limits:
            st.markdown("- " + plain(limit))
        st.page_link(
            "pages/method.py",
            label=context.t("about.method_link"),
            icon=":material/menu_book:",
            query_params={"lang": context.lang} if context.lang != "zh" else None,
        )


def plain(value: object) -> str:
    """Data text made safe for a Markdown-rendering widget."""
    return escape_markdown(value)


# The table builder's link to each figure's sentence in its report (views.display_table).
LINK_COLUMNS = {text("label.view_source", lang): lang for lang in LANGUAGES}


def without_links(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for a file: app-relative links mean nothing outside the app."""
    links = [column for column in frame.columns if column in LINK_COLUMNS]
    return frame.drop(columns=links) if links else frame


# In presentation mode a table up to this long is drawn as text that grows with the page's font
# (the interactive grid is a canvas with a fixed small font); longer ones stay a grid.
PRESENT_TABLE_ROWS = 40


def table(frame: pd.DataFrame, key: str, height: int | str = "auto", present: bool = False) -> None:
    """A data table: cells are rendered as text by the grid, never as Markdown or HTML."""
    if present and len(frame) <= PRESENT_TABLE_ROWS:
        # A projected text table cannot be clicked: its link column would only show addresses,
        # and ids are for analysts' downloads, not for a room; what is left fits the screen.
        shown = without_links(frame)
        shown = shown[[c for c in shown.columns if not str(c).endswith((" ID", "_id"))]]
        st.table(text_cells(shown).style.hide(axis="index"), border="horizontal")
        return
    config = {
        column: st.column_config.LinkColumn(
            column,
            display_text=column,
            help=text("label.view_source_help", LINK_COLUMNS[column]),
        )
        for column in frame.columns
        if column in LINK_COLUMNS
    }
    st.dataframe(
        frame, hide_index=True, width="stretch", key=key, height=height, column_config=config
    )


def text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell and header as escaped text, missing as '–' (st.table renders Markdown)."""

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "–"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return plain(value)

    shown = frame.map(cell)
    shown.columns = [plain(column) for column in frame.columns]
    return shown.reset_index(drop=True)


CARD_STYLE = (
    "<style>.civdash-card{line-height:1.25}"
    ".civdash-card .label{font-size:0.875rem;overflow-wrap:anywhere}"
    ".civdash-card .number{font-size:2.1rem;font-weight:600;overflow-wrap:anywhere}"
    ".civdash-card .unit{font-size:1rem;color:#4a4f55;overflow-wrap:anywhere}"
    ".civdash-card .source{font-size:0.8rem;color:#5f6368;margin-top:0.5rem;"
    "overflow-wrap:anywhere}</style>"
)


def headline_card(card: dict) -> None:
    """One key figure: label and year, the number large, its unit on a line of its own.

    Nothing is cut off: a long unit or label wraps instead (st.metric truncates with '…').
    """
    number, unit = card["parts"]
    st.html(
        CARD_STYLE + '<div class="civdash-card">'
        f'<div class="label">{html.escape(card["label"])} ({card["year"]})</div>'
        f'<div class="number">{html.escape(number)}</div>'
        f'<div class="unit">{html.escape(unit) or "&nbsp;"}</div>'
        f'<div class="source">{html.escape(card["source"])}</div></div>'
    )


def picture(png: bytes, key: str, width_px: int, alt: str) -> None:
    """A server-drawn picture shown at most `width_px` CSS pixels wide, with its alt text.

    Drawn with more pixels than that for sharpness; `width="stretch"` keeps Streamlit from
    resizing it on every rerun, and the style caps its width on screen.
    """
    with st.container(key=key):
        st.html(f"<style>.st-key-{key} img{{max-width:{int(width_px)}px}}</style>")
        # PNG as drawn: "auto" would re-encode an opaque image as JPEG on every rerun.
        st.image(png, width="stretch", alt=alt, output_format="PNG")
