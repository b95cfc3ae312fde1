"""Downloads: CSV/XLSX of the frame on screen, chart images and briefing decks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from civdash.app.display import without_links
from civdash.app.page_context import Context
from civdash.app.url_state import LOGGER
from civdash.core import file_names, limits
from civdash.outputs import tables


def downloads(
    context: Context,
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    subject: str,
    years: tuple[int | None, int | None] | None,
    key: str,
    extra_sheets: Callable[[], dict[str, pd.DataFrame]] | None = None,
    full: Callable[[], pd.DataFrame] | None = None,
    total_rows: int | None = None,
) -> None:
    """CSV (UTF-8 with BOM) and XLSX of the table on screen, sources included.

    When the screen shows only the first rows of a long selection, `full` builds the whole
    table and `total_rows` says how long it is; the files then hold every row. `frame` may be
    a function that builds the table (with `total_rows` given). `extra_sheets` builds the
    workbook's other sheets, on click like the rest.
    """
    # Side by side, left-aligned: two equal columns put the XLSX button half a page away.
    row = st.container(horizontal=True, gap="small")
    build = full or (frame if callable(frame) else (lambda: frame))
    total_rows = len(frame) if total_rows is None else total_rows

    def whole() -> pd.DataFrame:
        return without_links(build())

    # The bytes are built only when someone clicks (a callable): writing a CSV and a workbook
    # was a third of a page's rerun, paid on every rerun for files rarely downloaded.
    row.download_button(
        context.t("data.download_csv"),
        data=lambda: tables.csv_bytes(whole()),
        file_name=file_names.file_name(subject, years, "csv"),
        mime="text/csv",
        key=f"{key}_csv",
        help=context.t("data.download_help"),
        on_click="ignore",
    )

    def sheets() -> dict[str, pd.DataFrame]:
        return {context.t("export.sheet_data"): whole(), **(extra_sheets() if extra_sheets else {})}

    too_long = total_rows > tables.XLSX_MAX_ROWS
    row.download_button(
        context.t("data.download_xlsx"),
        data=b"" if too_long else (lambda: tables.xlsx_bytes(sheets())),
        file_name=file_names.file_name(subject, years, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
        disabled=too_long,
        help=context.t("data.xlsx_too_long", limit=f"{tables.XLSX_MAX_ROWS:,}")
        if too_long
        else None,
    )


def upload_limit_help(context: Context, help_text: str) -> str:
    """An uploader's help text followed by the documented size limit."""
    return f"{help_text} " + context.t(
        "input.limit_help", limit_mb=limits.MAX_UPLOAD_MB, limit=f"{limits.MAX_UPLOAD_BYTES:,}"
    )


def image_downloads(context: Context, image: Any, key: str) -> None:
    """下载图片: PNG and SVG of a chart at slide and A4 sizes, each drawn only when clicked.

    `image` is a ChartImage (cheap: it holds the builder, not a drawing); nothing is rendered
    on a rerun.
    """
    from civdash.figures import chart_images

    with st.popover(
        context.t("image.download"), icon=":material/image:", help=context.t("image.help")
    ):
        if not chart_images.font_available():
            st.warning(context.t("image.font_missing"))
            return
        for size in chart_images.SIZES:
            st.caption(context.t(f"image.{'slide' if size is chart_images.SLIDE else 'document'}"))
            columns = st.columns(2)
            for column, extension, mime in (
                (columns[0], "png", "image/png"),
                (columns[1], "svg", "image/svg+xml"),
            ):
                column.download_button(
                    extension.upper(),
                    data=_deferred_image(image, size, extension),
                    file_name=chart_images.file_name(image, size, extension),
                    mime=mime,
                    key=f"{key}_{size.key}_{extension}",
                    on_click="ignore",
                )


def _deferred_image(image: Any, size: Any, extension: str) -> Callable[[], bytes]:
    from civdash.figures import chart_images

    def render() -> bytes:
        try:
            if extension == "png":
                return chart_images.png_bytes(image, size)
            return chart_images.svg_bytes(image, size)
        except Exception:
            LOGGER.exception(
                "chart image failed: %s", chart_images.file_name(image, size, extension)
            )
            raise

    return render


def deck_download(context: Context, build: Callable[[], bytes], file_name: str, key: str) -> None:
    """生成汇报PPT: a .pptx built when clicked (it renders several charts)."""
    st.download_button(
        context.t("deck.button"),
        data=build,
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key=key,
        icon=":material/slideshow:",
        help=context.t("deck.help"),
        on_click="ignore",
    )
