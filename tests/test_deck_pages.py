"""m6: decks never put a lone row on a "(continued)" slide, nor repeat a slide's heading."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from civdash.data.loader import cached_dataset, data_dir
from civdash.i18n import text
from civdash.outputs import slides


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def test_a_table_split_over_slides_leaves_no_lone_row():
    widths = [slides.CONTENT_WIDTH_IN]
    rows = [[f"row {index} " + "text " * 20] for index in range(40)]
    for count in range(2, 40):
        pages, _ = slides._pages(rows[:count], widths, 3.0, ["header"])
        if len(pages) > 1:
            assert len(pages[-1]) >= 2, (count, [len(page) for page in pages])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_decks_have_no_one_row_continuation_and_no_doubled_heading(dataset, lang):
    continued = text("deck.continued", lang)
    for data in (
        slides.plan_deck(dataset, "huangshigang_13fyp_2016_2020", lang),
        slides.region_deck(dataset, "420202", lang),
        slides.region_deck(dataset, "330200", lang),
    ):
        for slide in Presentation(io.BytesIO(data)).slides:
            title = slide.shapes.title.text if slide.shapes.title is not None else ""
            tables = [shape.table for shape in slide.shapes if shape.has_table]
            for table in tables:
                if continued.strip() in title:
                    assert len(table.rows) - 1 >= 2, title
                assert table.cell(0, 0).text.strip() != title.strip(), title
