"""Coverage-map builders on the real dataset and geo/, and the map page through AppTest."""

from __future__ import annotations

import json
import math

import pytest
from streamlit.testing.v1 import AppTest

from civdash import maps, views
from civdash.coverage import coverage_by_region, read_stations
from civdash.loader import cached_dataset, data_dir
from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "app.py")
ONLINE_BASEMAPS = ("carto", "mapbox", "maptiler", "openstreetmap", "arcgis", "googleapis")


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


@pytest.fixture(scope="module")
def geometry():
    return maps.map_geometry()


def layer(spec: dict, layer_id: str) -> dict:
    return next(item for item in spec["layers"] if item["id"] == layer_id)


def features(spec: dict, layer_id: str) -> list[dict]:
    return layer(spec, layer_id)["data"]["features"]


def run_map(timeout: int = 60, **params) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in params.items():
        app.query_params[name] = value
    app.switch_page("pages/map.py")
    return app.run()


# --- options and table -------------------------------------------------------------------------


def test_station_like_indicators_come_first(dataset):
    options = maps.map_indicator_options(dataset)
    assert options[0] == "community_service_stations_urban"
    leading = options[: len([item for item in maps.STATION_INDICATORS if item in options])]
    assert set(leading) <= set(maps.STATION_INDICATORS)
    assert "rural_community_service_coverage" in leading
    assert "dibao_standard_urban" in options  # other indicators stay available, later
    assert options.index("dibao_standard_urban") > options.index("elderly_care_beds")
    # A multi-year total is never mapped as if it were a yearly level.
    assert "welfare_lottery_sales_cumulative" not in options


def test_kind_follows_the_unit(dataset):
    assert maps.indicator_kind(dataset, "community_service_stations_urban") == maps.COUNT
    assert maps.indicator_kind(dataset, "elderly_care_beds") == maps.COUNT
    assert maps.indicator_kind(dataset, "rural_community_service_coverage") == maps.RATE


def test_ningbo_urban_service_stations_is_504_in_2012(dataset):
    table = maps.map_table(dataset, "community_service_stations_urban", "zh").set_index("region_id")
    ningbo = table.loc["330200"]
    assert ningbo["value"] == 504
    assert ningbo["year"] == 2012
    assert ningbo["value_as_written"] == "504"
    assert ningbo["reported"]
    assert "宁波" in ningbo["source"]
    assert ningbo["excerpt"]
    assert ningbo["label"] == "504个"


def test_focus_region_without_a_figure_is_not_reported_never_zero(dataset):
    table = maps.map_table(dataset, "community_service_stations_urban", "en").set_index("region_id")
    hangzhou = table.loc["330100"]
    assert not hangzhou["reported"]
    assert math.isnan(hangzhou["value"])
    assert hangzhou["label"] == "not reported"
    assert set(views.focus_regions(dataset)) <= set(table.index)
    assert (table["value"].fillna(-1) != 0).all()


def test_county_figures_stay_at_county_level(dataset):
    table = maps.map_table(dataset, "elderly_care_project_investment", "zh").set_index("region_id")
    assert table.loc["330203", "level"] == "district"
    assert table.loc["330225", "level"] == "county"
    assert table.loc["330200", "level"] == "prefecture"
    assert table.loc["330203", "value"] == 116_000_000


# --- decks -------------------------------------------------------------------------------------


def test_rate_deck_has_no_basemap_layers_tooltip_and_a_distinct_gap_colour(dataset, geometry):
    table = maps.map_table(dataset, "rural_community_service_coverage", "zh")
    deck = maps.build_deck(geometry, table, maps.RATE, "zh", dataset.colours, False)
    assert deck.map_provider is None
    spec = json.loads(deck.to_json())
    # pydeck's placeholder, which Streamlit reads as "no basemap"; an absent key would not be.
    assert spec["mapStyle"] == "__MAP_STYLE__"
    ids = [item["id"] for item in spec["layers"]]
    assert ids[0] == "context-provinces" and "regions-prefecture" in ids and "labels" in ids
    assert deck._tooltip["text"] == "{tooltip}"
    shapes = {
        item["properties"]["region_id"]: item["properties"]
        for item in features(spec, "regions-prefecture")
    }
    gap = shapes["330100"]
    assert gap["fill"][:3] == [229, 229, 229]
    assert gap["dash"] != [0, 0]
    lowest = maps.hex_to_rgb(maps.RAMP[0])
    assert gap["fill"][:3] != lowest[:3]
    assert shapes["330200"]["fill"][:3] == maps.hex_to_rgb(maps.RAMP[3])[:3]  # 77 % in 60-80
    assert "77%" in shapes["330200"]["tooltip"] and "2012" in shapes["330200"]["tooltip"]
    view = spec["initialViewState"]
    assert 113 < view["longitude"] < 123 and 27 < view["latitude"] < 33 and view["zoom"] > 5


def test_count_deck_sizes_symbols_by_square_root_and_labels_in_cjk(dataset, geometry):
    table = maps.map_table(dataset, "elderly_care_institutions", "zh")
    deck = maps.build_deck(geometry, table, maps.COUNT, "zh", dataset.colours, False)
    spec = json.loads(deck.to_json())
    symbols = layer(spec, "symbols")["data"]
    radius = {round(item["lon"], 3): item["radius"] for item in symbols}
    assert len(radius) == 4  # Nantong 298, Ningbo 205, Quzhou 112, Huangshigang 6
    largest = max(radius.values())
    assert largest == maps.MAX_SYMBOL_PX
    colour = {
        region: maps.hex_to_rgb(dataset.colours[region])[:3] for region in ("320600", "330200")
    }
    nantong = next(item for item in symbols if item["fill"][:3] == colour["320600"])
    assert nantong["radius"] == pytest.approx(largest)
    ningbo = next(item for item in symbols if item["fill"][:3] == colour["330200"])
    assert ningbo["radius"] == pytest.approx(largest * math.sqrt(205 / 298))
    labels = layer(spec, "labels")
    assert labels["characterSet"] == "auto"
    assert "WenQuanYi Micro Hei" in labels["fontFamily"]
    texts = [item["text"] for item in labels["data"]]
    assert "宁波市 205个 (2011)" in texts
    assert "杭州市 未报告" in texts


def test_tooltip_is_plain_text_so_data_never_becomes_markup(dataset, geometry):
    table = maps.map_table(dataset, "community_service_stations_urban", "en")
    table.loc[table["region_id"] == "330200", "source"] = "<img src=x onerror=alert(1)>"
    deck = maps.build_deck(geometry, table, maps.COUNT, "en", dataset.colours, False)
    assert "html" not in deck._tooltip
    spec = json.loads(deck.to_json())
    tip = next(
        item["properties"]["tooltip"]
        for item in features(spec, "regions-prefecture")
        if item["properties"]["region_id"] == "330200"
    )
    assert "Ningbo" in tip and "<img" in tip  # kept verbatim, shown as text by deck.gl


def test_legend_lists_steps_sizes_and_not_reported(dataset):
    rate = maps.map_table(dataset, "rural_community_service_coverage", "en")
    items = maps.legend_items(rate, maps.RATE, "en")
    assert [item["label"] for item in items][:2] == ["0–20%", "20–40%"]
    assert items[-1]["kind"] == "not_reported" and items[-1]["label"] == "not reported"
    assert items[-1]["colour"] not in maps.RAMP
    count = maps.map_table(dataset, "community_service_stations_urban", "zh")
    sizes = [
        item for item in maps.legend_items(count, maps.COUNT, "zh") if item["kind"] == "symbol"
    ]
    assert sizes[0]["radius"] > sizes[-1]["radius"] > 0
    chart = maps.legend_chart(items, "en").to_dict()
    assert "Legend" in json.dumps(chart)


def test_geometry_is_read_once_per_process():
    assert maps.map_geometry() is maps.map_geometry()
    assert maps.boundary_regions() is maps.boundary_regions()


def test_basemap_only_when_a_deployer_sets_one(dataset, geometry, monkeypatch):
    table = maps.map_table(dataset, "rural_community_service_coverage", "zh")
    monkeypatch.setenv(maps.BASEMAP_ENV, "https://tiles.intranet.example/style.json")
    deck = maps.build_deck(geometry, table, maps.RATE, "zh", dataset.colours, False)
    assert json.loads(deck.to_json())["mapStyle"] == "https://tiles.intranet.example/style.json"


def test_stations_deck_and_circles_geojson(dataset, geometry):
    data = (
        "name,type,lon,lat,crs\n"
        "海曙站,community,121.55,29.87,gcj02\n"
        "远处站,community,120.15,30.27,gcj02\n"
    ).encode()
    stations, problems = read_stations(data, "stations.csv")
    assert not problems
    result = coverage_by_region(stations, maps.boundary_regions(), 750.0, region_id="330203")
    deck = maps.stations_deck(geometry, stations, result, "330203", "zh")
    spec = json.loads(deck.to_json())
    assert spec["mapStyle"] == "__MAP_STYLE__"
    points = layer(spec, "stations")["data"]
    outside = [item for item in points if item["fill"][:3] == [0xD5, 0x5E, 0x00]]
    assert len(points) == 2 and len(outside) == 1
    collection = json.loads(maps.circles_geojson(result.circles))
    assert collection["datum"] == "GCJ-02" and len(collection["features"]) == 2
    table = maps.coverage_table(dataset, result, 10, "en")
    assert table["Stations"].tolist() == [1]


# --- the page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_page_renders_a_deck_without_online_basemap(lang):
    app = run_map(lang=lang)
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
    app = run_map(lang="en", indicator="rural_community_service_coverage")
    assert not app.exception
    assert app.selectbox(key="map_indicator").value == "rural_community_service_coverage"
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    assert "regions-prefecture" in [item["id"] for item in spec["layers"]]
    assert "symbols" not in [item["id"] for item in spec["layers"]]


def test_mixed_years_are_flagged():
    app = run_map(lang="en", indicator="elderly_care_institutions")
    warnings = " ".join(item.value for item in app.warning)
    assert "different years" in warnings


def test_labels_that_would_overlap_move_or_are_left_off():
    view = maps.pdk.ViewState(longitude=120.0, latitude=30.0, zoom=7)
    label = {"lon": 120.0, "lat": 30.0, "text": "宁波市 504个 (2012)", "size": 13, "radius": 10}
    placed = maps.place_labels(
        [label, dict(label), dict(label), dict(label), dict(label)], [], view
    )
    assert [item["baseline"] for item in placed[:2]] == ["top", "bottom"]
    assert len(placed) == 4  # below, above, right, left; the fifth has no room
