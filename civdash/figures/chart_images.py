"""Chart images: PNG and SVG of the page's own charts with title, subtitle and source, offline.

Charts are drawn server-side by vl-convert (Vega in Rust, no browser, no network) from the
same Altair builders the pages use. The source line goes into a footer under the plot, as on
Our World in Data's downloads, so a pasted image always carries its provenance.
"""

from __future__ import annotations

import math
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from civdash.core.file_names import slug
from civdash.core.formatting import file_years, years_of
from civdash.figures import charts
from civdash.figures.charts import FONT, display_width, wrap
from civdash.i18n import text

SVG_NS = "http://www.w3.org/2000/svg"
ElementTree.register_namespace("", SVG_NS)

# Debian's fonts-wqy-microhei (installed by `make run` and `make test`); never a web font.
FONT_DIRECTORIES = (Path("/usr/share/fonts/truetype/wqy"),)
FONT_FILE_SUFFIXES = (".ttf", ".ttc", ".otf")


@dataclass(frozen=True)
class ImageSize:
    """A layout size in CSS pixels and the factor a PNG is scaled by."""

    key: str
    width: int
    height: int
    scale: int = 2

    @property
    def pixels(self) -> tuple[int, int]:
        return self.width * self.scale, self.height * self.scale


# 16:9 for a slide: 1920x1080 px. A4 width for a document: 210 mm at 200 dpi = 1654 px wide,
# 1034 px high (16:10), so a chart pasted across a Word page keeps legible text.
SLIDE = ImageSize("slide", 960, 540)
DOCUMENT = ImageSize("a4", 827, 517)
SIZES = (SLIDE, DOCUMENT)
PADDING = 18
TITLE_PX, SUBTITLE_PX, FOOTER_PX = 25, 17, 15
FOOTER_LINE_PX = 20
FOOTER_COLOUR = "#4a4f55"
# A Latin character is about half an em wide on average, a Chinese one 1 em (two columns).
EM_PER_COLUMN = 0.5


@dataclass(frozen=True)
class ChartImage:
    """What a chart image needs: a builder of the page's chart and the words around it.

    `build(title, source_line)` returns the page's Altair chart; the image passes an empty
    source line and draws the source in its footer instead.
    """

    build: Callable[[str, str], object]
    title: str
    source: str
    subject: str
    unit: str = ""
    years: tuple[int | None, int | None] = (None, None)
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Height over width that suits the chart on a slide (a one-bar bullet chart is flat).
    slide_aspect: float | None = None
    # For a layout Vega cannot fit by itself (the map and its legend side by side):
    # build_sized(title, width, height) draws exactly width x height pixels.
    build_sized: Callable[[str, int, int], object] | None = None
    # For a chart whose scale leaves room for its labels: build_width(title, source, width)
    # fits the chart to the image's width instead of the page's.
    build_width: Callable[[str, str, int], object] | None = None


class FontMissing(RuntimeError):
    """No CJK font is installed, so Chinese text would come out as empty boxes."""


_font_lock = threading.Lock()
_fonts_registered: list[str] = []


def cjk_font_directories() -> list[Path]:
    return [
        folder
        for folder in FONT_DIRECTORIES
        if folder.is_dir() and any(path.suffix in FONT_FILE_SUFFIXES for path in folder.iterdir())
    ]


@lru_cache(maxsize=1)
def font_available() -> bool:
    """Whether a CJK font is installed (checked once per process)."""
    return bool(cjk_font_directories())


def ensure_fonts() -> list[str]:
    """Register the CJK font folders with vl-convert once per process; raise if there is none."""
    import vl_convert

    with _font_lock:
        if not _fonts_registered:
            folders = cjk_font_directories()
            if not folders:
                raise FontMissing(
                    "No CJK font found in "
                    + ", ".join(str(folder) for folder in FONT_DIRECTORIES)
                    + ": install Debian's fonts-wqy-microhei (`make run` does so as root)."
                )
            for folder in folders:
                vl_convert.register_font_directory(str(folder))
                _fonts_registered.append(str(folder))
    return list(_fonts_registered)


def columns_for(width_px: float, font_px: float) -> int:
    """How many display columns (a Chinese character takes two) fit on a line."""
    return max(20, int(width_px / (EM_PER_COLUMN * font_px)))


def rewrap(lines: list[str], columns: int) -> list[str]:
    return [piece for line in lines if line for piece in wrap(line, columns)]


def footer_lines(image: ChartImage, size: ImageSize) -> list[str]:
    columns = columns_for(size.width - 2 * PADDING, FOOTER_PX)
    return rewrap([image.source, *image.notes], columns)


def vega_lite_spec(image: ChartImage, size: ImageSize, bare: bool = False) -> dict:
    """The page's chart as a Vega-Lite dict fitted to `size`, minus the footer's height.

    `bare` leaves out the title and footer, for a slide whose title and source are real text.
    """
    footer = 0 if bare else footer_height(footer_lines(image, size))
    if image.build_sized is not None:
        chart = image.build_sized("" if bare else image.title, size.width, size.height - footer)
        spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
        spec["padding"], spec["background"] = PADDING, "white"
        return spec
    if image.build_width is not None:
        chart = image.build_width("" if bare else image.title, "", size.width - 2 * PADDING)
    else:
        chart = image.build("" if bare else image.title, "")
    spec = chart.to_dict(validate=False)
    spec["width"], spec["height"] = size.width, size.height - footer
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    spec["padding"] = PADDING
    spec["background"] = "white"
    title = spec.get("title")
    if bare:
        spec.pop("title", None)
    elif isinstance(title, dict):
        inner = size.width - 2 * PADDING
        title_lines = rewrap([_joined(title.get("text", ""))], columns_for(inner, TITLE_PX))
        subtitle = rewrap(_as_list(title.get("subtitle")), columns_for(inner, SUBTITLE_PX))
        spec["title"] = {
            **title,
            "text": title_lines or "",
            "subtitle": subtitle,
            "fontSize": TITLE_PX,
            "subtitleFontSize": SUBTITLE_PX,
            "subtitlePadding": 6,
            "offset": 12,
        }
    return spec


def subtitle_lines(image: ChartImage) -> list[str]:
    """The chart's subtitle (unit, years, how to read it), for a slide to set as real text."""
    chart = image.build(image.title, "")
    title = (chart if isinstance(chart, dict) else chart.to_dict(validate=False)).get("title")
    if not isinstance(title, dict):
        return []
    return [line for line in _as_list(title.get("subtitle")) if line]


def footer_height(lines: list[str]) -> int:
    return (len(lines) * FOOTER_LINE_PX + 14) if lines else 0


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _joined(value) -> str:
    """A title wrapped into lines, whole again: Latin words get back the space the wrap took."""
    if not isinstance(value, list):
        return str(value or "")
    joined = ""
    for piece in _as_list(value):
        latin = (
            joined[-1:].isascii()
            and joined[-1:].isalnum()
            and piece[:1].isascii()
            and piece[:1].isalnum()
        )
        joined += (" " if latin else "") + piece
    return joined


def svg_text(image: ChartImage, size: ImageSize, bare: bool = False) -> str:
    """The chart as SVG text: vl-convert's drawing plus the footer of source and notes."""
    import vl_convert

    ensure_fonts()
    spec = vega_lite_spec(image, size, bare)
    # No base URL is allowed: the chart's data is inline, and nothing may leave the machine.
    drawing = vl_convert.vegalite_to_svg(spec, vl_version="6.4", allowed_base_urls=[])
    lines = [] if bare else footer_lines(image, size)
    return _with_footer(drawing, size, lines, bare)


def _with_footer(drawing: str, size: ImageSize, lines: list[str], bare: bool) -> str:
    """Set the SVG to the exact size and add the footer lines as real, selectable text."""
    root = ElementTree.fromstring(drawing)
    chart_height = size.height - (0 if bare else footer_height(lines))
    root.set("width", str(size.width))
    root.set("height", str(size.height))
    root.set("viewBox", f"0 0 {size.width} {size.height}")
    background = ElementTree.Element(
        f"{{{SVG_NS}}}rect",
        {"x": "0", "y": "0", "width": str(size.width), "height": str(size.height), "fill": "white"},
    )
    root.insert(0, background)
    if lines:
        footer = ElementTree.SubElement(
            root,
            f"{{{SVG_NS}}}g",
            {"class": "civdash-footer", "font-family": FONT, "fill": FOOTER_COLOUR},
        )
        rule_y = chart_height + 2
        ElementTree.SubElement(
            footer,
            f"{{{SVG_NS}}}line",
            {
                "x1": str(PADDING),
                "x2": str(size.width - PADDING),
                "y1": str(rule_y),
                "y2": str(rule_y),
                "stroke": "#d0d4d9",
            },
        )
        for index, line in enumerate(lines):
            element = ElementTree.SubElement(
                footer,
                f"{{{SVG_NS}}}text",
                {
                    "x": str(PADDING),
                    "y": str(rule_y + 6 + FOOTER_LINE_PX * (index + 1) - 4),
                    "font-size": str(FOOTER_PX),
                },
            )
            element.text = line
    return ElementTree.tostring(root, encoding="unicode")


def svg_bytes(image: ChartImage, size: ImageSize = SLIDE) -> bytes:
    return svg_text(image, size).encode("utf-8")


def png_bytes(image: ChartImage, size: ImageSize = SLIDE, bare: bool = False) -> bytes:
    """PNG of exactly `size.pixels`, drawn from the same SVG so both formats match."""
    import vl_convert

    return vl_convert.svg_to_png(svg_text(image, size, bare), scale=size.scale)


def file_name(image: ChartImage, size: ImageSize, extension: str) -> str:
    """e.g. civil-affairs_elderly-care-beds_beds_2013-2022_slide.svg (ASCII only)."""
    parts = ["civil-affairs", slug(image.subject)]
    if image.unit:
        parts.append(slug(image.unit))
    parts += [file_years(*image.years), size.key]
    return "_".join(parts) + f".{extension}"


def text_width_px(value: str, font_px: float) -> float:
    return display_width(value) * EM_PER_COLUMN * font_px


def lines_needed(value: str, width_px: float, font_px: float) -> int:
    """Lines a text takes when wrapped into `width_px` (for laying out slide text)."""
    return max(1, math.ceil(text_width_px(value, font_px) / max(width_px, 1)))


# --- the page's charts as images: each calls the builder the page itself uses -----------------


def _user_notes(rows: pd.DataFrame, lang: str) -> tuple[str, ...]:
    if "user_supplied" in rows.columns and rows["user_supplied"].astype(bool).any():
        return (text("notice.user_rows", lang),)
    return ()


def _years(rows: pd.DataFrame) -> tuple[int | None, int | None]:
    return years_of(rows)


def _unit(rows: pd.DataFrame) -> str:
    return str(rows["unit"].iloc[0]) if len(rows) else ""


def trend_image(
    rows: pd.DataFrame, dataset, lang: str, title: str, source: str, extra_lines=()
) -> ChartImage:
    """The trends page's chart (and the profile's small trends) as an image.

    `extra_lines` are the subtitle lines of a normalised view (denominator, years, source).
    """
    indicator = str(rows["indicator_id"].iloc[0]) if len(rows) else "trend"
    regions = rows["region_en"].astype(str).unique() if len(rows) else []
    subject = indicator + (f"_{regions[0]}" if len(regions) == 1 else "")
    return ChartImage(
        build=lambda chart_title, line: charts.trend_chart(
            rows, dataset, lang, chart_title, line, present=True, extra_lines=extra_lines
        ),
        title=title,
        source=source,
        subject=subject,
        unit=_unit(rows),
        years=_years(rows),
        notes=_user_notes(rows, lang),
    )


def profile_trend_image(rows: pd.DataFrame, dataset, lang: str) -> ChartImage:
    """A profile chart: titled with the indicator's name, as small_trend titles it."""
    from civdash.data.source_names import source_line

    name = str(rows["indicator_zh" if lang == "zh" else "indicator_en"].iloc[0])
    return trend_image(rows, dataset, lang, name, source_line(dataset, rows["source_id"], lang))


def comparison_image(
    rows: pd.DataFrame, dataset, lang: str, title: str, source: str, note: str = "", extra_lines=()
) -> ChartImage:
    """The compare page's bar chart as an image."""
    indicator = str(rows["indicator_id"].iloc[0]) if len(rows) else "comparison"
    return ChartImage(
        build=lambda chart_title, line: charts.comparison_chart(
            rows, dataset, lang, chart_title, line, note, present=True, extra_lines=extra_lines
        ),
        build_width=lambda chart_title, line, width: charts.comparison_chart(
            rows,
            dataset,
            lang,
            chart_title,
            line,
            note,
            present=True,
            extra_lines=extra_lines,
            width_px=width,
        ),
        title=title,
        source=source,
        subject=f"{indicator}_latest",
        unit=_unit(rows),
        years=_years(rows),
        notes=_user_notes(rows, lang),
    )


def bullet_image(
    row: dict, lang: str, title: str, source: str, plan_id: str, note: str | None = None
) -> ChartImage:
    """A plan target's bullet chart as an image; the plan's source goes in the footer.

    The unit note (a goal written per 1,000 drawn per 100) is part of the image, as on screen,
    so a slide's title never contradicts its axis.
    """
    from civdash.method.targets import unit_note

    notes = (text("notice.user_rows", lang),) if row.get("latest_user_supplied") else ()
    baseline = row.get("baseline_year")
    first = int(baseline) if baseline is not None and not pd.isna(baseline) else None
    note = unit_note(row, lang) if note is None else note
    extra = [note] if note else None
    return ChartImage(
        build=lambda chart_title, _line: charts.bullet_chart(
            row, lang, chart_title, True, extra_lines=extra
        ),
        title=title,
        source=source,
        subject=f"{plan_id}_{row['target_id']}",
        unit=str(row["unit"]),
        years=(first, int(row["target_year"])),
        notes=notes,
        slide_aspect=0.3,
    )
