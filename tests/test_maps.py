"""Coverage-map builders on the real dataset and geo/, and the map page through AppTest."""

from __future__ import annotations

import base64
import json
import math
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from civdash import curated, map_overlay, maps, views
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


def hatched_share(deck, geometry, region_id: str) -> float:
    """Share of a region's pixels that the overlay image hatches (half-opaque grey)."""
    import io

    import numpy as np
    import shapely
    from PIL import Image, ImageDraw

    spec = json.loads(deck.to_json())
    view = maps.pdk.ViewState(**spec["initialViewState"])
    png = base64.b64decode(layer(spec, "labels")["image"].split(",", 1)[1])
    image = np.asarray(Image.open(io.BytesIO(png)))
    ratio = map_overlay.PIXEL_RATIO
    mask = Image.new("L", (image.shape[1], image.shape[0]), 0)
    for polygon in shapely.get_parts(geometry.outlines[region_id]):
        ring = [maps._pixel(lon, lat, view) for lon, lat in polygon.exterior.coords]
        centre = (image.shape[1] / 2, image.shape[0] / 2)
        ImageDraw.Draw(mask).polygon(
            [(centre[0] + x * ratio, centre[1] + y * ratio) for x, y in ring], fill=255
        )
    inside = np.asarray(mask) > 0
    alpha = image[..., 3]
    hatch = (alpha > 100) & (alpha < 200)
    return float((hatch & inside).sum() / max(inside.sum(), 1))


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
    stations = curated.station_indicators(dataset)
    leading = options[: len([item for item in stations if item in options])]
    assert set(leading) <= set(stations)
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
        for layer_id in ("regions-prefecture", "regions-prefecture-not-reported")
        for item in features(spec, layer_id)
    }
    gap = shapes["330100"]
    assert gap["fill"][:3] == [229, 229, 229]
    # Not reported is hatched (in the overlay image): Hangzhou is, Ningbo (77 %) is not.
    assert hatched_share(deck, geometry, "330100") > 0.05
    assert hatched_share(deck, geometry, "330200") < 0.01
    lowest = maps.hex_to_rgb(maps.RAMP[0])
    assert gap["fill"][:3] != lowest[:3]
    assert shapes["330200"]["fill"][:3] == maps.hex_to_rgb(maps.RAMP[3])[:3]  # 77 % in 60-80
    assert "77%" in shapes["330200"]["tooltip"] and "2012" in shapes["330200"]["tooltip"]
    view = spec["initialViewState"]
    assert 119 < view["longitude"] < 122 and 27 < view["latitude"] < 33 and view["zoom"] > 5


def test_count_deck_sizes_symbols_by_square_root_and_labels_in_cjk(dataset, geometry):
    table = maps.map_table(dataset, "elderly_care_institutions", "zh")
    deck = maps.build_deck(geometry, table, maps.COUNT, "zh", dataset.colours, False)
    spec = json.loads(deck.to_json())
    symbols = list(deck.symbol_marks)  # drawn into the overlay image
    assert {"ScatterplotLayer", "TextLayer"}.isdisjoint(item["@@type"] for item in spec["layers"])
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
    texts = [item["text"] for item in deck.placed_labels]
    assert "宁波市 205个 (2011)" in texts
    assert "杭州市\n未报告" in texts
    # Labels reach the browser as one image over the view, not as a TextLayer (whose CJK
    # glyph atlas froze software WebGL); the image is a real PNG of the view's size.
    overlay = layer(spec, "labels")
    assert overlay["@@type"] == "BitmapLayer" and "TextLayer" not in deck.to_json()
    png = base64.b64decode(overlay["image"].removeprefix("data:image/png;base64,"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == maps.MAP_WIDTH_PX * map_overlay.PIXEL_RATIO
    assert "PathStyleExtension" not in deck.to_json()


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


def test_geometry_is_read_from_disk_once_per_process(monkeypatch, tmp_path):
    folder = tmp_path / "geo"
    shutil.copytree(REPO_ROOT / "geo", folder)
    reads = []
    original = maps.load_boundaries
    monkeypatch.setattr(maps, "load_boundaries", lambda geo: reads.append(geo) or original(geo))
    for _ in range(2):
        geometry = maps.map_geometry(str(folder))
        regions = maps.boundary_regions(str(folder))
    assert len(reads) == 2  # once for the map's shapes, once for the analysis' frame
    assert set(regions["region_id"]) == set(geometry.shapes)


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
    table = maps.coverage_table(dataset, result, 10, "en")
    assert table["Stations"].tolist() == [1]
    # The chosen district's outline is thick and on top; stations are named; a scale shows.
    outlines = features(spec, "boundaries")
    assert outlines[-1]["properties"]["width"] > outlines[0]["properties"]["width"]
    texts = [item["text"] for item in deck.placed_labels]
    assert "分析地区:330203" in texts  # no names passed: the id stands in
    assert "海曙站" in texts and "海曙区" in texts and any(t.endswith("公里") for t in texts)
    assert "scale-bar" in [item["id"] for item in spec["layers"]]


def test_circles_download_is_wgs84_and_says_so(dataset):
    """GCJ-02 circles come back to WGS-84: a GPS point's circle is centred on that GPS point."""
    from civdash.coords import from_gcj02

    data = "name,type,lon,lat,crs\n西湖站,community,120.1551,30.2741,wgs84\n".encode()
    stations, _ = read_stations(data, "stations.csv")
    result = coverage_by_region(stations, maps.boundary_regions(), 750.0, region_id="330100")
    collection = json.loads(maps.circles_geojson(result.circles, 10))
    feature = collection["features"][0]
    assert feature["properties"]["datum"] == "WGS-84 (EPSG:4326)"
    assert feature["properties"]["walking_minutes"] == 10
    ring = feature["geometry"]["coordinates"][0]
    centre_lon = sum(point[0] for point in ring[:-1]) / len(ring[:-1])
    centre_lat = sum(point[1] for point in ring[:-1]) / len(ring[:-1])
    assert centre_lon == pytest.approx(120.1551, abs=2e-5)
    assert centre_lat == pytest.approx(30.2741, abs=2e-5)
    gcj_lon, _ = from_gcj02([stations["lon"].iloc[0]], [stations["lat"].iloc[0]], "wgs84")
    assert abs(stations["lon"].iloc[0] - 120.1551) > 1e-3  # the analysis itself ran in GCJ-02
    assert gcj_lon[0] == pytest.approx(120.1551, abs=1e-6)
    name = maps.circles_file_name(dataset.region_name("330100", "en"), 10)
    assert name == "civil-affairs_walking-circles_hangzhou_10min_wgs84.geojson"


def test_coverage_areas_have_thousands_separators(dataset):
    data = "name,type,lon,lat\n西湖站,community,120.1551,30.2741\n".encode()
    stations, _ = read_stations(data, "stations.csv")
    result = coverage_by_region(stations, maps.boundary_regions(), 750.0, region_id="330100")
    shown = maps.coverage_styler(maps.coverage_table(dataset, result, 10, "zh")).to_html()
    assert "16,8" in shown  # Hangzhou's ~16,850 km²


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("missing lat", "缺少 lat 的值"),
        ("lat is not a number: 'thirty'", "lat 不是数字:'thirty'"),
        ("(30.2, 120.1) is outside China (73-136°E, 3-54°N); lon and lat look swapped", "填反"),
        ("(2.35, 48.85) is outside China (73-136°E, 3-54°N)", "不在中国境内"),
        ("unknown crs 'utm'; use wgs84, gcj02, bd09", "无法识别"),
        ("Excel file: save it as CSV (UTF-8) first", "另存为 CSV"),
        ("something new", "something new"),
    ],
)
def test_station_problems_speak_the_pages_language(message, expected):
    assert expected in maps.problem_message(message, "zh")
    assert maps.problem_message(message, "en")


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


def test_drawn_boundaries_are_light_but_keep_every_region(geometry):
    import shapely

    from civdash.boundaries import load_boundaries

    source = sum(
        int(shapely.get_num_coordinates(frame.geometry.values).sum())
        for frame in load_boundaries().values()
    )
    drawn = sum(int(shapely.get_num_coordinates(shape)) for shape in geometry.outlines.values())
    assert drawn < source / 2
    assert set(geometry.outlines) == set(maps.boundary_regions()["region_id"])
    assert all(not shape.is_empty for shape in geometry.outlines.values())


def test_deck_json_is_small(dataset, geometry):
    """The review measured 600 KB per deck, resent and re-tessellated on every indicator."""
    table = maps.map_table(dataset, "elderly_care_institutions", "zh")
    deck = maps.build_deck(geometry, table, maps.COUNT, "zh", dataset.colours, False)
    assert len(deck.to_json()) < 200_000


def test_far_region_is_out_of_the_view_with_an_arrow_and_an_inset(dataset, geometry):
    table = maps.map_table(dataset, "elderly_care_institutions", "zh")
    assert maps.far_regions(geometry, table["region_id"].tolist()) == ["420202"]
    deck = maps.build_deck(geometry, table, maps.COUNT, "zh", dataset.colours, False)
    spec = json.loads(deck.to_json())
    view = maps.pdk.ViewState(**spec["initialViewState"])
    west, south, east, north = maps.view_box(view, maps.MAP_WIDTH_PX, maps.MAP_HEIGHT_PX)
    for region in table["region_id"]:
        lon, lat = geometry.points[region]
        inside = west < lon < east and south < lat < north
        assert inside == (region != "420202"), region
    texts = [item["text"] for item in deck.placed_labels]
    assert "← 黄石港区 6个 (2015)" in texts
    inset = maps.inset_chart(geometry, table, maps.COUNT, "zh", dataset.colours).to_dict()
    assert "黄石港区" in json.dumps(inset, ensure_ascii=False)
    assert inset["projection"]["type"] == "mercator"


def test_scale_bar_is_a_round_length_in_map_units(dataset, geometry):
    table = maps.map_table(dataset, "elderly_care_institutions", "en")
    deck = maps.build_deck(geometry, table, maps.COUNT, "en", {}, False)
    (start, end) = deck.scale_bar["path"]
    km = math.radians(end[0] - start[0]) * 6371.0 * math.cos(math.radians(start[1]))
    label = next(item["text"] for item in deck.placed_labels if "km" in item["text"])
    assert km == pytest.approx(float(label.split()[0]), rel=0.01)
    assert label in ("100 km", "200 km", "50 km")


@pytest.mark.parametrize(
    "indicator", ["elderly_care_institutions", "rural_community_service_coverage"]
)
def test_not_reported_labels_stay_off_other_regions(dataset, geometry, indicator):
    import shapely

    table = maps.map_table(dataset, indicator, "zh")
    kind = maps.indicator_kind(dataset, indicator)
    deck = maps.build_deck(geometry, table, kind, "zh", {}, False)
    view = maps.pdk.ViewState(**json.loads(deck.to_json())["initialViewState"])
    gaps = [
        item
        for item in deck.placed_labels
        if item.get("reported") is False and not item["text"].startswith("←")
    ]
    assert len(gaps) >= 6
    for label in gaps:
        box = maps._fixed_box(label, view)
        west, north = maps._lon_lat(box[0], box[1], view)
        east, south = maps._lon_lat(box[2], box[3], view)
        rectangle = shapely.box(west, south, east, north)
        spill = sum(
            rectangle.intersection(shape).area
            for region, shape in geometry.outlines.items()
            if region != label["region_id"] and geometry.levels[region] == "prefecture"
        )
        assert spill <= 0.3 * rectangle.area, label["text"]


def test_map_table_never_shows_a_gap_as_none(dataset):
    table = maps.map_table(dataset, "disaster_shelter_coverage_village", "zh")
    shown = maps.display_table(dataset, table, "disaster_shelter_coverage_village", "zh")
    assert list(shown.columns[:3]) == ["地区", "年份", "显示值"]
    assert not shown.isna().any().any()
    assert shown["年份"].tolist() == [2013]
    assert "None" not in shown.to_csv() and "nan" not in shown.to_csv()
    note = maps.not_reported_note(table, "zh")
    assert note.startswith("未报告该指标的地区") and "杭州市" in note and "衢州市" not in note


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
    spec = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    assert maps.MAP_HEIGHT_PRESENT_PX <= 600
    assert spec["initialViewState"]["zoom"] > 5.5
    assert any('"projection"' in chart.proto.spec for chart in app.get("vega_lite_chart"))


def test_labels_that_would_overlap_move_or_are_left_off():
    view = maps.pdk.ViewState(longitude=120.0, latitude=30.0, zoom=7)
    label = {"lon": 120.0, "lat": 30.0, "text": "宁波市 504个 (2012)", "size": 13, "radius": 10}
    placed = maps.place_labels(
        [label, dict(label), dict(label), dict(label), dict(label)], [], view
    )
    assert [item["baseline"] for item in placed[:2]] == ["top", "bottom"]
    assert len(placed) == 4  # below, above, right, left; the fifth has no room
