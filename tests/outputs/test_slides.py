"""Briefing decks: slides, real text at 14 pt or more, sources, status colours, 16:9."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from pptx import Presentation
from pptx.util import Pt

from civdash.data.loader import cached_dataset, data_dir
from civdash.figures import chart_images
from civdash.method import status, targets
from civdash.outputs import slides as deck

# On CI a missing font is a failure (make test installs it); elsewhere the tests say why they skip.
NO_FONT = not chart_images.font_available() and os.environ.get("CI") != "true"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(NO_FONT, reason="fonts-wqy-microhei is not installed"),
]
PLAN = "huangshigang_13fyp_2016_2020"


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


@pytest.fixture(scope="module")
def ningbo(dataset):
    return Presentation(io.BytesIO(deck.region_deck(dataset, "330200", "zh")))


@pytest.fixture(scope="module")
def plan_deck_en(dataset):
    return Presentation(io.BytesIO(deck.plan_deck(dataset, PLAN, "en")))


def slide_title(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def every_run(presentation):
    for slide in presentation.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    yield from (run for run in paragraph.runs if run.text)


def check_layout(presentation) -> None:
    """16:9, every font at least 14 pt, every shape inside the slide, text wraps."""
    width, height = presentation.slide_width, presentation.slide_height
    assert abs(width / height - 16 / 9) < 0.01
    for run in every_run(presentation):
        assert run.font.size is not None and run.font.size >= Pt(14), run.text
    for slide in presentation.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= width, (slide_title(slide), shape.name)
            assert shape.top + shape.height <= height, (slide_title(slide), shape.name)
            if shape.has_text_frame:
                assert shape.text_frame.word_wrap is True


def test_ningbo_deck_has_title_figures_charts_and_sources(dataset, ningbo):
    titles = [slide_title(slide) for slide in ningbo.slides]
    assert titles[0] == "宁波市"
    assert titles[1] == "关键数字"
    assert titles[-1] == "来源"
    charts = deck.chart_indicators(dataset, "330200")
    assert titles[2 : 2 + len(charts)] == [dataset.indicator_name(item, "zh") for item in charts]
    assert len(charts) == deck.DECK_CHARTS
    assert len(ningbo.slides) == 3 + len(charts)
    for slide in list(ningbo.slides)[2 : 2 + len(charts)]:
        pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
        assert len(pictures) == 1
        assert "来源:宁波市民政局" in slide_text(slide)
        assert slide.notes_slide.notes_text_frame.text  # the excerpts, for the presenter
    check_layout(ningbo)


def test_key_figures_state_value_year_qualifier_and_source(dataset, ningbo):
    figures = deck.key_figures(dataset, "330200", "zh")
    assert figures
    text = "\n".join(slide_text(slide) for slide in list(ningbo.slides)[1:2])
    for figure in figures:
        assert figure.value in text and figure.year in text and figure.source in text
        assert figure.qualifier in text
    sources_text = slide_text(list(ningbo.slides)[-1])
    for source_id in {figure.source_id for figure in figures}:
        assert dataset.source_rows[source_id]["title"] in sources_text


def test_title_slide_dates_the_data_not_today(dataset, ningbo):
    text = slide_text(ningbo.slides[0])
    assert "2002–2019" in text
    assert datetime.date.today().isoformat() not in "\n".join(
        slide_text(slide) for slide in ningbo.slides
    )


def test_plan_deck_has_status_slide_with_words_and_colours(dataset, plan_deck_en):
    titles = [slide_title(slide) for slide in plan_deck_en.slides]
    assert titles[0].startswith("Huangshigang District 13th Five-Year Plan")
    assert "Key figures" in titles and "Progress towards targets" in titles
    assert titles[-1] == "Sources"
    assessed = targets.assess_plan(dataset, PLAN, "en")
    status_slides = [s for s in plan_deck_en.slides if slide_title(s).startswith("Progress")]
    table = next(shape.table for s in status_slides for shape in s.shapes if shape.has_table)
    rows = list(table.rows)[1:]
    for row, record in zip(rows, assessed.to_dict("records"), strict=False):
        status_cell = row.cells[1]
        assert status_cell.text == status.label(record["status"], "en")
        colour = str(status_cell.fill.fore_color.rgb)
        assert colour == status.colour(record["status"]).lstrip("#").upper()
    text = "\n".join(slide_text(slide) for slide in status_slides)
    for goal in assessed["goal"]:
        assert goal in text
    numeric = assessed[(assessed["kind"] == "numeric") & assessed["target_value"].notna()]
    assert sum(1 for title in titles if title.startswith("Huangshigang District ·")) == len(numeric)
    check_layout(plan_deck_en)
    assert "Huangshigang District People's Government" in slide_text(list(plan_deck_en.slides)[-1])


def test_long_names_wrap_and_long_tables_continue_on_a_new_slide():
    from pptx import Presentation as New

    prs = deck._new_presentation("t", "en")
    rows = [
        [f"indicator {index} " + "with a very long name " * 6, "1", "2020"] for index in range(30)
    ]
    slides = deck._table_slides(prs, "Key figures", ["a", "b", "c"], rows, [8.0, 2.0, 2.133], "en")
    assert len(slides) > 1
    assert (
        deck.slide_title_text(slides[1]).endswith("(continued)")
        if hasattr(deck, "slide_title_text")
        else True
    )
    saved = io.BytesIO()
    prs.save(saved)
    check_layout(New(io.BytesIO(saved.getvalue())))
    assert deck.lines_for("x" * 400, 5, 14) > 1
