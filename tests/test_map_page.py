"""The map page through AppTest: picture first, deck on demand, notes and layout."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from civdash.data.loader import cached_dataset, data_dir
from civdash.figures.map import geometry
from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "app.py")
ONLINE_BASEMAPS = ("carto", "mapbox", "maptiler", "openstreetmap", "arcgis", "googleapis")


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def run_map(timeout: int = 60, **params) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in params.items():
        app.query_params[name] = value
    app.switch_page("pages/map.py")
    return app.run()


def zoomable(app: AppTest) -> AppTest:
    """The page after the user asks for the zoomable (deck.gl) map."""
    return app.toggle(key="map_interactive").set_value(True).run()


def test_map_page_shows_a_picture_first_and_the_deck_on_demand(dataset):
    app = run_map(lang="zh", indicator="rural_community_service_coverage")
    assert not app.exception
    assert not app.get("deck_gl_json_chart"), "no WebGL until the user asks for it"
    images = app.get("image")
    assert len(images) == 1
    name = dataset.indicator_name("rural_community_service_coverage", "zh")
    assert images[0].proto.imgs[0].alt == f"地图:{name}"
    app = zoomable(app)
    assert not app.exception
    assert len(app.get("deck_gl_json_chart")) == 1 and not app.get("image")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_page_renders_a_deck_without_online_basemap(lang):
    app = zoomable(run_map(lang=lang))
    assert not app.exception, [item.value for item in app.exception]
    assert not app.error
    decks = app.get("deck_gl_json_chart")
    assert decks
    spec_text = decks[0].proto.json
    spec = json.loads(spec_text)
    style = str(spec.get("mapStyle", ""))
    assert style in ("", "__MAP_STYLE__")
    assert not any(name in spec_text.lower() for name in ONLINE_BASEMAPS)
    assert decks[0].proto.tooltip
    title = app.title[0].value
    assert any("\u4e00" <= char <= "\u9fff" for char in title) == (lang == "zh")
    assert app.dataframe, "the table behind the map"
    assert any(
        item.proto.id and "map_stations_upload" in item.proto.id
        for item in app.get("file_uploader")
    )


def test_indicator_comes_from_the_url():
    app = zoomable(run_map(lang="en", indicator="rural_community_service_coverage"))
    assert not app.exception
    assert app.selectbox(key="map_indicator").value == "rural_community_service_coverage"
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    assert "regions-prefecture" in [item["id"] for item in spec["layers"]]
    assert "symbols" not in [item["id"] for item in spec["layers"]]


def test_mixed_years_are_flagged():
    app = run_map(lang="en", indicator="elderly_care_institutions")
    warnings = " ".join(item.value for item in app.warning)
    assert "different years" in warnings


def test_single_reporting_region_is_said_plainly():
    app = run_map(lang="zh", indicator="disaster_shelter_coverage_village")
    assert not app.exception
    assert any("只有 1 个地区报告此指标" in item.value for item in app.info)
    assert "衢州市" in " ".join(item.value for item in app.info)
    frame = app.dataframe[0].value
    assert not frame.isna().any().any()


def test_map_page_shows_the_inset_and_the_source_beside_the_map():
    app = run_map(lang="en", indicator="elderly_care_institutions")
    assert not app.exception
    charts = app.get("vega_lite_chart")
    assert any('"projection"' in chart.proto.spec for chart in charts)  # the inset
    captions = " ".join(item.value for item in app.caption)
    assert "Huangshigang" in captions and "Regions that do not report" in captions


def test_presentation_map_keeps_title_legend_inset_and_source_on_one_screen():
    app = run_map(lang="zh", indicator="elderly_care_institutions", present="1")
    assert not app.exception
    assert not app.warning  # the mixed-year box becomes a one-line caption
    captions = " ".join(item.value for item in app.caption)
    assert "不同年份" in captions and "来源" in captions
    assert app.get("image")
    spec = json.loads(zoomable(app).get("deck_gl_json_chart")[0].proto.json)
    assert geometry.MAP_HEIGHT_PRESENT_PX <= 600
    assert spec["initialViewState"]["zoom"] > 5.5
    assert any('"projection"' in chart.proto.spec for chart in app.get("vega_lite_chart"))
