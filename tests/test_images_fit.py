"""Exported chart images: every piece of text Vega draws lies inside the image (M5).

Vega's own scenegraph of the exported spec gives each text item's position; its width is
measured with the font the image is drawn in, so a label cut at the right edge fails.
"""

from __future__ import annotations

import pytest
import vl_convert
from PIL import ImageFont

from civdash.data.loader import cached_dataset, data_dir
from civdash.figures import chart_images
from civdash.views import compare

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def text_extents(spec: dict) -> list[tuple[str, float, float]]:
    """(text, left, right) in image pixels for every text item Vega draws from `spec`."""
    chart_images.ensure_fonts()
    scene = vl_convert.vegalite_to_scenegraph(spec, vl_version="6.4", allowed_base_urls=[])
    found: list[tuple[str, float, float]] = []

    def walk(mark: dict, left: float) -> None:
        for item in mark.get("items", []):
            if mark.get("marktype") == "group":
                inner = left + float(item.get("x", 0))
                for child in item.get("items", []):
                    walk(child, inner)
            elif mark.get("marktype") == "text" and item.get("text"):
                lines = item["text"] if isinstance(item["text"], list) else [item["text"]]
                font = ImageFont.truetype(FONT_FILE, round(float(item.get("fontSize", 11))))
                width = max(font.getlength(str(line)) for line in lines)
                x = left + float(item.get("x", 0)) + float(item.get("dx", 0))
                align = item.get("align", "left")
                start = x - width if align == "right" else x - width / 2 if align == "center" else x
                found.append((str(lines[0]), start, start + width))

    walk(scene["scenegraph"], float(scene["origin"][0]))
    return found


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", chart_images.SIZES, ids=lambda size: size.key)
@pytest.mark.parametrize(
    "indicator", ["elderly_care_beds_per_100_elderly", "elderly_care_institutions"]
)
def test_compare_image_keeps_every_bar_label_inside(dataset, lang, size, indicator):
    view = compare.build(dataset, compare.CompareChoice(indicator), lang)
    spec = chart_images.vega_lite_spec(view.image, size)
    extents = text_extents(spec)
    bar_labels = set(view.shown.rows.pipe(lambda rows: rows["year"].astype(str)))
    labels = [item for item in extents if any(f"({year}" in item[0] for year in bar_labels)]
    assert labels, extents
    for label, left, right in extents:
        assert left >= 0 and right <= size.width, (label, left, right, size.width)


def inside(spec: dict, size: chart_images.ImageSize) -> None:
    for label, left, right in text_extents(spec):
        assert left >= -1 and right <= size.width + 1, (label, left, right, size.width)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", chart_images.SIZES, ids=lambda size: size.key)
def test_trend_and_bullet_images_keep_their_text_inside(dataset, lang, size):
    from civdash.views import plans as plan_views
    from civdash.views import trends

    for indicator in ("elderly_care_institutions", "welfare_lottery_sales"):
        regions = tuple(trends.region_choices(dataset, indicator)[1])
        view = trends.build(dataset, trends.TrendsChoice(indicator, regions), lang)
        inside(chart_images.vega_lite_spec(view.image, size), size)
    plan = plan_views.plan_view(dataset, "huangshigang_13fyp_2016_2020", lang)
    for bullet in plan.bullets:
        image = chart_images.bullet_image(bullet.row, lang, bullet.title, plan.source, plan.plan_id)
        inside(chart_images.vega_lite_spec(image, size), size)
