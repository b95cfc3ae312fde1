"""Briefing decks: an editable 16:9 .pptx for a region profile or a plan, with sources.

Slides: a title (the region or plan and the years of its data, never today's date), key
figures (value, year, qualifier, source), one slide per chart (the page's chart drawn by
civdash.figures.chart_images, with a real-text title and source footer), a plan's target status,
and full citations. Every text is real text, at least 14 pt, laid out by estimated line counts so
that long names wrap inside the slide; tables too long for one slide continue on the next.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from civdash import views
from civdash.core.file_names import slug
from civdash.core.formatting import file_years
from civdash.data import choices
from civdash.data.loader import Dataset
from civdash.figures import chart_images
from civdash.i18n import qualifier_name, text
from civdash.method import targets
from civdash.method.status import colour as status_colour
from civdash.views import plans as plan_views

SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN = 13.333, 7.5
MARGIN_IN = 0.6
CONTENT_WIDTH_IN = SLIDE_WIDTH_IN - 2 * MARGIN_IN
TITLE_PT, BODY_PT, SUBTITLE_PT, TABLE_PT, FOOTER_PT = 30, 18, 16, 14, 14
MIN_PT = 14
LINE_SPACING = 1.25  # a line's height in units of its font size
CELL_MARGIN_IN = 0.08
# Chinese decks use Microsoft YaHei, the face PowerPoint in Chinese offices has; LibreOffice
# substitutes WenQuanYi Micro Hei through fontconfig.
FONT_NAME = "Microsoft YaHei"
INK, MUTED, HEADER_FILL = RGBColor(0x1B, 0x1F, 0x24), RGBColor(0x4A, 0x4F, 0x55), "1F5F8B"
# A profile deck shows the trends with the most years; every chart is on the profile page.
DECK_CHARTS = 3
MAX_KEY_FIGURES = 12


@dataclass
class Figure:
    """One key figure as the deck states it."""

    label: str
    value: str
    year: str
    qualifier: str
    source: str
    excerpt: str
    source_id: str


# --- text layout -------------------------------------------------------------------------------


# Slide text is estimated wider than chart text: PowerPoint and LibreOffice may substitute a
# wider face, and a title is bold. Overestimating costs a little space; underestimating clips.
WIDTH_SAFETY = 1.2


def lines_for(value: str, width_in: float, size_pt: float) -> int:
    """Lines a text takes in a box `width_in` wide (explicit line breaks included)."""
    width_pt = max(width_in * 72 / WIDTH_SAFETY, 1)
    return sum(
        chart_images.lines_needed(part, width_pt, size_pt) for part in str(value).split("\n")
    )


def text_height_in(value: str, width_in: float, size_pt: float) -> float:
    return lines_for(value, width_in, size_pt) * size_pt * LINE_SPACING / 72


def _style_run(run, size_pt: float, lang: str, bold: bool = False, colour=INK) -> None:
    font = run.font
    font.size = Pt(max(size_pt, MIN_PT))
    font.bold = bold
    font.color.rgb = colour
    font.name = FONT_NAME
    properties = run._r.get_or_add_rPr()
    properties.set("lang", "zh-CN" if lang == "zh" else "en-GB")
    # East Asian text takes its face from <a:ea>, not from <a:latin>.
    for tag in ("a:ea", "a:cs"):
        element = properties.find(qn(tag))
        if element is None:
            element = properties.makeelement(qn(tag), {})
            properties.append(element)
        element.set("typeface", FONT_NAME)


def _fill_frame(frame, paragraphs: list[tuple[str, float, bool, RGBColor]], lang: str) -> None:
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Inches(CELL_MARGIN_IN)
    frame.margin_top = frame.margin_bottom = Inches(0.04)
    for index, (value, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.line_spacing = LINE_SPACING * 0.9
        run = paragraph.add_run()
        run.text = value
        _style_run(run, size, lang, bold, colour)


def _text_box(slide, left, top, width, height, paragraphs, lang: str):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    _fill_frame(box.text_frame, paragraphs, lang)
    return box


def _title(slide, value: str, lang: str) -> float:
    """The slide's title placeholder, wrapped; returns where the content may start (inches)."""
    size = TITLE_PT
    # A long indicator name steps down to 24 pt before it wraps.
    while size > 24 and lines_for(value, CONTENT_WIDTH_IN - 0.2, size) > 1:
        size -= 2
    height = text_height_in(value, CONTENT_WIDTH_IN - 0.2, size) + 0.15
    shape = slide.shapes.title
    shape.left, shape.top = Inches(MARGIN_IN), Inches(0.35)
    shape.width, shape.height = Inches(CONTENT_WIDTH_IN), Inches(height)
    frame = shape.text_frame
    frame.clear()
    frame.vertical_anchor = MSO_ANCHOR.TOP
    _fill_frame(frame, [(value, size, True, INK)], lang)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    return 0.35 + height + 0.15


def _footer(slide, value: str, lang: str) -> float:
    """Source footer at the bottom; returns its top (inches)."""
    height = text_height_in(value, CONTENT_WIDTH_IN - 0.2, FOOTER_PT) + 0.1
    top = SLIDE_HEIGHT_IN - 0.25 - height
    _text_box(
        slide, MARGIN_IN, top, CONTENT_WIDTH_IN, height, [(value, FOOTER_PT, False, MUTED)], lang
    )
    return top


def _notes(slide, lines: list[str]) -> None:
    if lines:
        slide.notes_slide.notes_text_frame.text = "\n".join(lines)


# --- tables ------------------------------------------------------------------------------------


def _row_height(cells: list[str], widths: list[float], size: float) -> float:
    return (
        max(
            text_height_in(cell, width - 2 * CELL_MARGIN_IN - 0.05, size)
            for cell, width in zip(cells, widths, strict=True)
        )
        + 2 * 0.05
        + 0.04
    )


# Rows a continuation slide holds at least, when the table allows it.
MIN_CONTINUED_ROWS = 2


def _pages(rows: list[list[str]], widths: list[float], available_in: float, header: list[str]):
    """Rows split into slide-sized pages by their estimated heights (header on every page)."""
    header_height = _row_height(header, widths, TABLE_PT)
    pages, current, used = [], [], header_height
    for row in rows:
        height = _row_height(row, widths, TABLE_PT)
        if current and used + height > available_in:
            pages.append(current)
            current, used = [], header_height
        current.append((row, height))
        used += height
    if current or not pages:
        pages.append(current)
    # No lone row on a "(continued)" slide: the page before gives it company (it only gets
    # shorter, so it still fits).
    while len(pages) > 1 and len(pages[-1]) < MIN_CONTINUED_ROWS and len(pages[-2]) > 2:
        pages[-1].insert(0, pages[-2].pop())
    return pages, header_height


def _table(slide, top_in: float, header: list[str], page, header_height, widths, lang, fills=None):
    rows = [header] + [row for row, _height in page]
    heights = [header_height] + [height for _row, height in page]
    shape = slide.shapes.add_table(
        len(rows),
        len(header),
        Inches(MARGIN_IN),
        Inches(top_in),
        Inches(sum(widths)),
        Inches(sum(heights)),
    )
    table = shape.table
    for index, width in enumerate(widths):
        table.columns[index].width = Inches(width)
    for index, height in enumerate(heights):
        table.rows[index].height = Inches(height)
    for row_index, row in enumerate(rows):
        for column_index, value in enumerate(row):
            cell = table.cell(row_index, column_index)
            cell.text_frame.clear()
            header_row = row_index == 0
            colour = RGBColor(0xFF, 0xFF, 0xFF) if header_row else INK
            _fill_frame(cell.text_frame, [(str(value), TABLE_PT, header_row, colour)], lang)
            cell.margin_top = cell.margin_bottom = Inches(0.05)
            cell.fill.solid()
            if header_row:
                cell.fill.fore_color.rgb = RGBColor.from_string(HEADER_FILL)
            elif fills and (row_index - 1, column_index) in fills:
                cell.fill.fore_color.rgb = RGBColor.from_string(
                    fills[(row_index - 1, column_index)]
                )
            else:
                shade = "F2F5F8" if row_index % 2 == 0 else "FFFFFF"
                cell.fill.fore_color.rgb = RGBColor.from_string(shade)
    return shape


def _table_slides(prs, title, header, rows, widths, lang, footer="", fills_of=None, notes=None):
    """One or more slides holding a table; continuation slides say so in their title."""
    slides = []
    probe_height = text_height_in(title, CONTENT_WIDTH_IN - 0.2, TITLE_PT) + 0.65
    footer_height = (
        (text_height_in(footer, CONTENT_WIDTH_IN - 0.2, FOOTER_PT) + 0.45) if footer else 0.3
    )
    available = SLIDE_HEIGHT_IN - probe_height - footer_height
    pages, header_height = _pages(rows, widths, available, header)
    start = 0
    for number, page in enumerate(pages):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        shown = title if number == 0 else title + text("deck.continued", lang)
        top = _title(slide, shown, lang)
        fills = None
        if fills_of:
            fills = {
                (index, column): colour
                for (row_index, column), colour in fills_of.items()
                for index in [row_index - start]
                if 0 <= index < len(page)
            }
        _table(slide, top, header, page, header_height, widths, lang, fills)
        if footer:
            _footer(slide, footer, lang)
        if notes:
            _notes(slide, notes[start : start + len(page)])
        start += len(page)
        slides.append(slide)
    return slides


# --- content -----------------------------------------------------------------------------------


def key_figures(dataset: Dataset, region_id: str, lang: str) -> list[Figure]:
    """The region's headline figures (as on the overview), each with qualifier and source."""
    latest = dataset.latest[dataset.latest["region_id"] == region_id]
    by_indicator = {row["indicator_id"]: row for row in latest.to_dict("records")}
    figures = []
    for card in views.headline_cards(dataset, region_id, lang)[:MAX_KEY_FIGURES]:
        row = by_indicator.get(card["indicator_id"], {})
        figures.append(
            Figure(
                label=card["label"],
                value=card["value"],
                year=str(card["year"]),
                qualifier=qualifier_name(str(row.get("qualifier", "")), lang),
                source=card["source"],
                excerpt=str(card["excerpt"]),
                source_id=str(row.get("source_id", "")),
            )
        )
    return figures


def chart_indicators(dataset: Dataset, region_id: str, limit: int = DECK_CHARTS) -> list[str]:
    """The region's trends for a deck: headline indicators first, then those with most years."""
    rows = views.profile_rows(dataset, region_id)
    points = rows[rows["period_start"].isna()] if "period_start" in rows.columns else rows
    years = points.groupby("indicator_id", observed=True)["year"].nunique()
    multi = [str(indicator) for indicator, count in years.items() if count > 1]
    headline = {item: index for index, item in enumerate(choices.headline_indicators(dataset))}
    multi.sort(key=lambda item: (headline.get(item, len(headline)), -int(years[item]), item))
    return multi[:limit]


def citation(dataset: Dataset, source_id: str, lang: str) -> str:
    """A full citation: publisher, title, date, link where the source has one."""
    row = dataset.source_rows.get(source_id)
    if row is None:
        return text("label.user_supplied", lang) if source_id == "user" else source_id
    url = row.get("url")
    link = f" {url}" if isinstance(url, str) and url.strip() else ""
    if lang == "zh":
        return f"{row['publisher']}《{row['title']}》,{row['published']}发布。{link}".strip()
    return (
        f'{row["publisher_en"]}. "{row["title_en"]}" ({row["publisher"]}《{row["title"]}》). '
        f"Published {row['published']}.{link}"
    )


def _data_date(dataset: Dataset, source_ids: list[str]) -> str:
    dates = [
        str(dataset.source_rows[source]["published"])
        for source in source_ids
        if source in dataset.source_rows
    ]
    return max(dates) if dates else ""


# --- slides ------------------------------------------------------------------------------------


def _new_presentation(title: str, lang: str):
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    prs.core_properties.title = title
    prs.core_properties.subject = text("deck.subtitle", lang)
    prs.core_properties.author = "civdash"
    prs.core_properties.language = "zh-CN" if lang == "zh" else "en-GB"
    return prs


def _title_slide(prs, heading: str, lines: list[str], lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    size = 40
    while size > 28 and lines_for(heading, CONTENT_WIDTH_IN - 0.2, size) > 2:
        size -= 4
    height = text_height_in(heading, CONTENT_WIDTH_IN - 0.2, size) + 0.2
    shape = slide.shapes.title
    shape.left, shape.top = Inches(MARGIN_IN), Inches(2.2)
    shape.width, shape.height = Inches(CONTENT_WIDTH_IN), Inches(height)
    shape.text_frame.clear()
    shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    _fill_frame(shape.text_frame, [(heading, size, True, INK)], lang)
    shape.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    body = [(line, 22 if index == 0 else BODY_PT, False, MUTED) for index, line in enumerate(lines)]
    body_height = sum(text_height_in(line, CONTENT_WIDTH_IN - 0.2, s) + 0.1 for line, s, *_ in body)
    _text_box(slide, MARGIN_IN, 2.2 + height + 0.2, CONTENT_WIDTH_IN, body_height + 0.2, body, lang)


def _figures_slides(prs, figures: list[Figure], lang: str) -> None:
    header = [
        text("label.indicator", lang),
        text("label.value", lang),
        text("label.year", lang),
        text("label.qualifier", lang),
        text("label.source", lang),
    ]
    if not figures:
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        top = _title(slide, text("deck.key_figures", lang), lang)
        _text_box(
            slide,
            MARGIN_IN,
            top,
            CONTENT_WIDTH_IN,
            0.6,
            [(text("deck.no_figures", lang), BODY_PT, False, INK)],
            lang,
        )
        return
    rows = [[f.label, f.value, f.year, f.qualifier or "–", f.source] for f in figures]
    widths = [2.5, 1.8, 0.8, 1.5, CONTENT_WIDTH_IN - 6.6]
    notes = [f"{f.label} {f.value} ({f.year}): {f.excerpt}" for f in figures]
    _table_slides(prs, text("deck.key_figures", lang), header, rows, widths, lang, notes=notes)


def _chart_slide(
    prs, image: chart_images.ChartImage, lang: str, excerpts: list[str], caption: str = ""
) -> None:
    """Real-text title and subtitle, the chart drawn without them, a caption, a source footer."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    top = _title(slide, image.title, lang)
    subtitle = "\n".join(chart_images.subtitle_lines(image))
    if subtitle:
        height = text_height_in(subtitle, CONTENT_WIDTH_IN - 0.2, SUBTITLE_PT) + 0.1
        _text_box(
            slide,
            MARGIN_IN,
            top - 0.1,
            CONTENT_WIDTH_IN,
            height,
            [(line, SUBTITLE_PT, False, MUTED) for line in subtitle.split("\n")],
            lang,
        )
        top += height
    footer = "\n".join(line for line in (image.source, *image.notes) if line)
    bottom = _footer(slide, footer, lang) - 0.1
    if caption:
        height = text_height_in(caption, CONTENT_WIDTH_IN - 0.2, BODY_PT) + 0.15
        bottom -= height
        _text_box(
            slide,
            MARGIN_IN,
            bottom,
            CONTENT_WIDTH_IN,
            height,
            [(caption, BODY_PT, False, INK)],
            lang,
        )
    box_width, box_height = CONTENT_WIDTH_IN, max(bottom - top, 1.5)
    if image.slide_aspect:
        box_height = min(box_height, box_width * image.slide_aspect)
    size = chart_images.ImageSize("deck", 960, max(200, round(960 * box_height / box_width)))
    picture = io.BytesIO(chart_images.png_bytes(image, size, bare=True))
    slide.shapes.add_picture(picture, Inches(MARGIN_IN), Inches(top), width=Inches(box_width))
    shape = slide.shapes[-1]
    # Alternative text for screen readers: the chart's title and source.
    shape._element.nvPicPr.cNvPr.set("descr", f"{image.title}. {image.source}")
    _notes(slide, excerpts)


def _sources_slides(prs, dataset: Dataset, source_ids: list[str], lang: str) -> None:
    citations = [citation(dataset, source, lang) for source in dict.fromkeys(source_ids) if source]
    if not citations:
        return
    # The slide's title says "Sources"; the column says what each line is.
    header = [text("deck.citation_header", lang)]
    rows = [[f"{index}. {value}"] for index, value in enumerate(citations, start=1)]
    _table_slides(prs, text("deck.sources", lang), header, rows, [CONTENT_WIDTH_IN], lang)


def _bytes(prs) -> bytes:
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _excerpts(rows: pd.DataFrame, lang: str) -> list[str]:
    return [
        f"{views.period_label(row)}: {row['value_as_written']} · {row['excerpt']}"
        for row in rows.to_dict("records")
    ][:20]


def region_deck(dataset: Dataset, region_id: str, lang: str) -> bytes:
    """Title, key figures, up to DECK_CHARTS trend charts, sources."""
    name = dataset.region_name(region_id, lang)
    rows = views.profile_rows(dataset, region_id)
    source_ids = [str(source) for source in dict.fromkeys(rows["source_id"].astype(str))]
    prs = _new_presentation(f"{name} · {text('deck.subtitle', lang)}", lang)
    lines = [text("deck.subtitle", lang)]
    if len(rows):
        lines.append(text("deck.data_years", lang, years=views.years_span(rows["year"])))
    date = _data_date(dataset, source_ids)
    if date:
        lines.append(text("deck.latest_source", lang, date=date))
    if len(rows) and rows["user_supplied"].astype(bool).any():
        lines.append(text("deck.user_rows", lang))
    _title_slide(prs, name, lines, lang)
    figures = key_figures(dataset, region_id, lang)
    _figures_slides(prs, figures, lang)
    for indicator in chart_indicators(dataset, region_id):
        indicator_rows = rows[rows["indicator_id"] == indicator]
        _chart_slide(
            prs,
            chart_images.profile_trend_image(indicator_rows, dataset, lang),
            lang,
            _excerpts(indicator_rows, lang),
        )
    cited = [figure.source_id for figure in figures] + source_ids
    _sources_slides(prs, dataset, cited, lang)
    return _bytes(prs)


def plan_deck(dataset: Dataset, plan_id: str, lang: str) -> bytes:
    """Title, key figures of its region, target status, a chart per numeric target, sources."""
    plan = dataset.plans.set_index("plan_id").loc[plan_id]
    region_id = str(plan["region_id"])
    name = str(plan["name_zh"] if lang == "zh" else plan["name_en"])
    assessed = targets.assess_plan(dataset, plan_id, lang)
    prs = _new_presentation(name, lang)
    source_ids = [str(plan["source_id"])]
    latest_sources = [str(source) for source in assessed.get("latest_source", []) if source]
    lines = [
        dataset.region_name(region_id, lang) + " · " + text("deck.subtitle", lang),
        text("deck.plan_period", lang, start=plan["start_year"], end=plan["end_year"]),
    ]
    years = [
        year for year in assessed.get("latest_year", []) if year is not None and not pd.isna(year)
    ]
    if years:
        lines.append(text("deck.data_years", lang, years=views.years_span(pd.Series(years))))
    date = _data_date(dataset, source_ids + latest_sources)
    if date:
        lines.append(text("deck.latest_source", lang, date=date))
    if len(assessed) and assessed["latest_user_supplied"].astype(bool).any():
        lines.append(text("deck.user_rows", lang))
    _title_slide(prs, name, lines, lang)
    figures = key_figures(dataset, region_id, lang)
    _figures_slides(prs, figures, lang)
    _status_slides(prs, dataset, assessed, lang, views.source_line(dataset, source_ids, lang))
    plan_source = views.source_line(dataset, source_ids, lang)
    numeric = assessed[(assessed["kind"] == "numeric") & assessed["target_value"].notna()]
    for row in numeric.to_dict("records"):
        title = f"{dataset.region_name(row['region_id'], lang)} · {row['goal']}"
        image = chart_images.bullet_image(row, lang, title, plan_source, plan_id)
        _chart_slide(prs, image, lang, [str(row["excerpt"])], caption=row["explanation"])
    cited = source_ids + latest_sources + [figure.source_id for figure in figures]
    _sources_slides(prs, dataset, cited, lang)
    return _bytes(prs)


def _status_slides(prs, dataset: Dataset, assessed: pd.DataFrame, lang: str, footer: str) -> None:
    if assessed.empty:
        return
    table = plan_views.display_table(dataset, assessed, lang)
    keys = ("plans.goal", "plans.status", "plans.baseline", "plans.latest", "plans.target")
    header = [text(key, lang) for key in keys]
    rows = [
        [str(value) if value is not None else "–" for value in record]
        for record in table[header].itertuples(index=False)
    ]
    widths = [3.8, 1.9, 2.0, 2.6, CONTENT_WIDTH_IN - 10.3]
    fills = {
        (index, 1): status_colour(key).lstrip("#") for index, key in enumerate(assessed["status"])
    }
    notes = [str(value) for value in table[text("plans.explanation", lang)]]
    _table_slides(prs, text("deck.status", lang), header, rows, widths, lang, footer, fills, notes)


def region_file_name(dataset: Dataset, region_id: str) -> str:
    rows = views.profile_rows(dataset, region_id)
    span = file_years(rows["year"].min(), rows["year"].max()) if len(rows) else "all-years"
    return f"civil-affairs_briefing_{slug(dataset.region_name(region_id, 'en'))}_{span}.pptx"


def plan_file_name(plan_id: str) -> str:
    return f"civil-affairs_briefing_{slug(plan_id)}.pptx"
