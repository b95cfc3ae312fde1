"""Plan bullet charts (M6): band, ticks and bar on one row, no unexplained mark, whole
numbers for counts, and the per-1,000 -> per-100 note in every export."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from civdash.data.loader import cached_dataset, data_dir, with_user_rows
from civdash.figures import chart_images, charts
from civdash.outputs import slides
from civdash.views import plans as plan_views

PLAN = "huangshigang_13fyp_2016_2020"


@pytest.fixture(scope="module")
def dataset():
    cached = cached_dataset(str(data_dir()))
    actual = plan_views.typed_actual(cached, "001_t02", "3.2", 2020, "区民政局统计", "zh")
    return with_user_rows(cached, actual.frame)


def bullets(dataset, lang):
    return {
        bullet.row["target_id"]: bullet
        for bullet in plan_views.plan_view(dataset, PLAN, lang).bullets
    }


def marks(spec: dict) -> list[dict]:
    """Each drawn layer: its mark type and the vertical span of its data (on the 0-1 row)."""
    found = []
    for layer in spec["layer"]:
        rows = spec["datasets"][layer.get("data", spec.get("data"))["name"]]
        mark = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        found.append(
            {
                "mark": mark,
                "y": layer["encoding"].get("y", {}).get("field"),
                "centres": {(row["y0"] + row["y1"]) / 2 for row in rows},
            }
        )
    return found


def test_band_ticks_and_bar_share_one_row(dataset):
    bullet = bullets(dataset, "zh")["001_t02"]
    spec = charts.spec(charts.bullet_chart(bullet.row, "zh", bullet.title))
    layers = marks(spec)
    # Target band, user-supplied bar and baseline tick: three marks, all centred on one line.
    assert [layer["mark"] for layer in layers] == ["rect", "rect", "rule"]
    assert all(layer["y"] == "y0" for layer in layers)
    assert {centre for layer in layers for centre in layer["centres"]} == {0.5}
    subtitle = " ".join(spec["title"]["subtitle"])
    # A ranged target is a band only; the key explains each mark drawn, and no other.
    assert "灰色区间 = 目标" in subtitle and "黑色竖线 = 基期" in subtitle


def test_a_count_target_has_whole_number_ticks_and_no_unexplained_baseline(dataset):
    bullet = bullets(dataset, "en")["001_t05"]
    spec = charts.spec(charts.bullet_chart(bullet.row, "en", bullet.title))
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["tickMinStep"] == 1
    subtitle = " ".join(spec["title"]["subtitle"])
    # Every mark drawn is explained, and nothing else: the target line, and the baseline tick
    # (6 demonstration communities in 2015, stated in the plan) since the audit recorded it.
    assert "Dark grey line = target" in subtitle and "black tick = baseline 6 (2015)" in subtitle
    assert [layer["mark"] for layer in marks(spec)] == ["rule", "rule"]


@pytest.mark.parametrize(("lang", "words"), [("zh", "每千名老人"), ("en", "per 1,000")])
def test_the_unit_note_reaches_the_image_and_the_deck(dataset, lang, words):
    plan = plan_views.plan_view(dataset, PLAN, lang)
    bullet = bullets(dataset, lang)["001_t02"]
    image = chart_images.bullet_image(bullet.row, lang, bullet.title, plan.source, PLAN)
    subtitle = " ".join(chart_images.vega_lite_spec(image, chart_images.SLIDE)["title"]["subtitle"])
    assert bullet.note and words in bullet.note
    assert bullet.note.split("。")[0][:20] in subtitle.replace("\n", "")
    presentation = Presentation(io.BytesIO(slides.plan_deck(dataset, PLAN, lang)))
    texts = [
        shape.text_frame.text
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    chart_slides = [text for text in texts if bullet.note[:15] in text]
    assert chart_slides, "the deck's bullet slide lost the per-1,000 note"
