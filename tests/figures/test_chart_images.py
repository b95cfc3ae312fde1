"""Chart images: SVG text, PNG sizes, the footer's source, file names, the static map."""

from __future__ import annotations

import io
import os
import struct
import xml.etree.ElementTree as ElementTree

import pytest

from civdash import views
from civdash.data.loader import cached_dataset, data_dir
from civdash.figures import chart_images
from civdash.figures.map import picture
from civdash.views import map as map_view

# On CI a missing font is a failure (make test installs it); elsewhere the tests say why they skip.
NO_FONT = not chart_images.font_available() and os.environ.get("CI") != "true"
pytestmark = pytest.mark.skipif(
    NO_FONT,
    reason="fonts-wqy-microhei is not installed (make test installs it)",
)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def svg_texts(svg: str) -> str:
    root = ElementTree.fromstring(svg)
    return "\n".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def lottery_image(dataset, lang: str) -> chart_images.ChartImage:
    rows = views.trend_rows(dataset, "welfare_lottery_sales", ["330200"])
    title = dataset.indicator_name("welfare_lottery_sales", lang)
    return chart_images.trend_image(
        rows, dataset, lang, title, views.source_line(dataset, rows["source_id"], lang)
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_svg_parses_and_holds_title_subtitle_and_source(dataset, lang):
    image = lottery_image(dataset, lang)
    svg = chart_images.svg_text(image, chart_images.SLIDE)
    root = ElementTree.fromstring(svg)
    assert (root.get("width"), root.get("height")) == ("960", "540")
    words = svg_texts(svg)
    assert dataset.indicator_name("welfare_lottery_sales", lang) in words
    publisher = "宁波市民政局" if lang == "zh" else "Ningbo Civil Affairs Bureau"
    footer = "".join(
        "".join(element.itertext())
        for element in root.iter(f"{SVG}g")
        if element.get("class") == "civdash-footer"
    )
    assert publisher in footer and "2012-09-13" in footer
    assert ("单位" if lang == "zh" else "Unit") in words
    assert ("2002–2011" in words) and "None" not in words and "nan" not in words


@pytest.mark.parametrize("size", chart_images.SIZES, ids=lambda size: size.key)
def test_png_has_the_stated_size(dataset, size):
    data = chart_images.png_bytes(lottery_image(dataset, "zh"), size)
    assert png_size(data) == size.pixels
    assert chart_images.SLIDE.pixels == (1920, 1080)
    assert chart_images.DOCUMENT.pixels[0] == 1654  # A4's 210 mm at 200 dpi


def test_chinese_text_is_drawn_with_the_cjk_font(dataset):
    """Glyphs, not boxes: two different seven-character titles must draw differently.

    Without a CJK font every character becomes the same missing-glyph box, so the two title
    bands would be identical.
    """
    from PIL import Image, ImageChops

    rows = views.trend_rows(dataset, "welfare_lottery_sales", ["330200"])
    bands = []
    for title in ("福利彩票销售额", "养老机构床位数"):
        image = chart_images.trend_image(rows, dataset, "zh", title, "来源:示例")
        picture = Image.open(io.BytesIO(chart_images.png_bytes(image, chart_images.SLIDE))).convert(
            "L"
        )
        band = picture.crop((36, 20, 600, 80))
        assert sum(band.histogram()[:100]) > 1000  # there is ink where the title is
        bands.append(band)
    assert ImageChops.difference(*bands).getbbox() is not None
    assert "WenQuanYi Micro Hei" in chart_images.svg_text(image, chart_images.SLIDE)


def test_user_supplied_rows_are_named_in_the_image(dataset):
    rows = views.trend_rows(dataset, "welfare_lottery_sales", ["330200"]).copy()
    rows["user_supplied"] = [False, True]
    image = chart_images.trend_image(rows, dataset, "en", "Lottery", "Source: x")
    assert "user-supplied" in svg_texts(chart_images.svg_text(image, chart_images.DOCUMENT)).lower()


def test_bare_image_for_a_slide_has_no_title_or_footer(dataset):
    image = lottery_image(dataset, "zh")
    words = svg_texts(chart_images.svg_text(image, chart_images.SLIDE, bare=True))
    assert "福利彩票销售额" not in words and "来源" not in words
    assert chart_images.subtitle_lines(image)[0].startswith("单位")


def test_file_names_are_meaningful_ascii(dataset):
    image = lottery_image(dataset, "zh")
    name = chart_images.file_name(image, chart_images.SLIDE, "svg")
    assert name == "civil-affairs_welfare-lottery-sales-ningbo_yuan_2002-2011_slide.svg"
    assert name.isascii()
    assert chart_images.file_name(image, chart_images.DOCUMENT, "png").endswith("_2002-2011_a4.png")


def test_long_subtitles_wrap_inside_the_image():
    lines = chart_images.rewrap(
        ["来源:" + "很长的来源标题" * 30], chart_images.columns_for(900, 17)
    )
    assert len(lines) > 1
    assert all(chart_images.text_width_px(line, 17) <= 900 for line in lines)


def test_missing_cjk_font_is_reported(monkeypatch, tmp_path):
    monkeypatch.setattr(chart_images, "FONT_DIRECTORIES", (tmp_path / "none",))
    assert chart_images.cjk_font_directories() == []


@pytest.mark.slow
def test_static_map_has_legend_gaps_and_source(dataset):
    table = map_view.map_table(dataset, "elderly_care_institutions", "zh")
    image = picture.map_image(dataset, "elderly_care_institutions", "zh", table)
    svg = chart_images.svg_text(image, chart_images.SLIDE)
    words = svg_texts(svg)
    assert "养老机构数" in words and "图例" in words and "未报告" in words
    assert "宁波市" in words and "(2011)" in words
    assert "来源" in words and "GCJ-02" in words
    # Not-reported regions keep the page's dashed outline.
    assert 'stroke-dasharray="4,3"' in svg or 'stroke-dasharray="4 3"' in svg
    assert image.subject == "elderly_care_institutions_map"
    assert png_size(chart_images.png_bytes(image, chart_images.SLIDE)) == (1920, 1080)
