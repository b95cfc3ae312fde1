"""The indicator map's drawing, deck and picture on the real dataset and geo/."""

from __future__ import annotations

import base64
import json
import math

import pydeck as pdk
import pytest

from civdash.core import colours
from civdash.data.loader import cached_dataset, data_dir
from civdash.figures.map import drawing as map_deck
from civdash.figures.map import geometry as map_geometry
from civdash.figures.map import legend, style
from civdash.figures.map import overlay as map_overlay
from civdash.views import map as map_view


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


@pytest.fixture(scope="module")
def geometry():
    return map_geometry.map_geometry()


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
    view = pdk.ViewState(**spec["initialViewState"])
    png = base64.b64decode(layer(spec, "labels")["image"].split(",", 1)[1])
    image = np.asarray(Image.open(io.BytesIO(png)))
    ratio = map_overlay.PIXEL_RATIO
    mask = Image.new("L", (image.shape[1], image.shape[0]), 0)
    for polygon in shapely.get_parts(geometry.outlines[region_id]):
        ring = [map_geometry.pixel_offset(lon, lat, view) for lon, lat in polygon.exterior.coords]
        centre = (image.shape[1] / 2, image.shape[0] / 2)
        ImageDraw.Draw(mask).polygon(
            [(centre[0] + x * ratio, centre[1] + y * ratio) for x, y in ring], fill=255
        )
    inside = np.asarray(mask) > 0
    alpha = image[..., 3]
    hatch = (alpha > 100) & (alpha < 200)
    return float((hatch & inside).sum() / max(inside.sum(), 1))


def test_rate_deck_has_no_basemap_layers_tooltip_and_a_distinct_gap_colour(dataset, geometry):
    table = map_view.map_table(dataset, "rural_community_service_coverage", "zh")
    deck = map_deck.build_deck(geometry, table, style.RATE, "zh", dataset.colours, False)
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
    lowest = colours.hex_to_rgb(style.RAMP[0])
    assert gap["fill"][:3] != lowest[:3]
    assert shapes["330200"]["fill"][:3] == colours.hex_to_rgb(style.RAMP[3])[:3]  # 77 % in 60-80
    assert "77%" in shapes["330200"]["tooltip"] and "2012" in shapes["330200"]["tooltip"]
    view = spec["initialViewState"]
    assert 119 < view["longitude"] < 122 and 27 < view["latitude"] < 33 and view["zoom"] > 5


def test_count_deck_sizes_symbols_by_square_root_and_labels_in_cjk(dataset, geometry):
    table = map_view.map_table(dataset, "elderly_care_institutions", "zh")
    deck = map_deck.build_deck(geometry, table, style.COUNT, "zh", dataset.colours, False)
    spec = json.loads(deck.to_json())
    symbols = list(deck.symbol_marks)  # drawn into the overlay image
    assert {"ScatterplotLayer", "TextLayer"}.isdisjoint(item["@@type"] for item in spec["layers"])
    radius = {round(item["lon"], 3): item["radius"] for item in symbols}
    assert len(radius) == 4  # Nantong 298, Ningbo 205, Quzhou 112, Huangshigang 6
    largest = max(radius.values())
    assert largest == style.MAX_SYMBOL_PX
    colour = {
        region: colours.hex_to_rgb(dataset.colours[region])[:3] for region in ("320600", "330200")
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
    assert width == map_geometry.MAP_WIDTH_PX * map_overlay.PIXEL_RATIO
    assert "PathStyleExtension" not in deck.to_json()


def test_tooltip_is_plain_text_so_data_never_becomes_markup(dataset, geometry):
    table = map_view.map_table(dataset, "community_service_stations_urban", "en")
    table.loc[table["region_id"] == "330200", "source"] = "<img src=x onerror=alert(1)>"
    deck = map_deck.build_deck(geometry, table, style.COUNT, "en", dataset.colours, False)
    assert "html" not in deck._tooltip
    spec = json.loads(deck.to_json())
    tip = next(
        item["properties"]["tooltip"]
        for item in features(spec, "regions-prefecture")
        if item["properties"]["region_id"] == "330200"
    )
    assert "Ningbo" in tip and "<img" in tip  # kept verbatim, shown as text by deck.gl


def test_basemap_only_when_a_deployer_sets_one(dataset, geometry, monkeypatch):
    table = map_view.map_table(dataset, "rural_community_service_coverage", "zh")
    monkeypatch.setenv(map_deck.BASEMAP_ENV, "https://tiles.intranet.example/style.json")
    deck = map_deck.build_deck(geometry, table, style.RATE, "zh", dataset.colours, False)
    assert json.loads(deck.to_json())["mapStyle"] == "https://tiles.intranet.example/style.json"


def test_picture_draws_the_decks_colours_hatching_and_labels(dataset, geometry):
    """The static map is the deck's drawing in one image: same view, fills, gaps and labels."""
    import io

    import numpy as np
    from PIL import Image

    table = map_view.map_table(dataset, "rural_community_service_coverage", "en")
    drawing = map_deck.map_drawing(geometry, table, style.RATE, "en", dataset.colours)
    image = np.asarray(Image.open(io.BytesIO(map_deck.map_picture(geometry, drawing))))
    ratio = map_overlay.picture_ratio(map_geometry.MAP_WIDTH_PX)
    assert image.shape[:2] == (
        round(map_geometry.MAP_HEIGHT_PX * ratio),
        round(map_geometry.MAP_WIDTH_PX * ratio),
    )
    assert image.shape[1] <= map_overlay.MAX_PICTURE_PX  # Streamlit never resizes it
    labelled = {label.get("region_id") for label in drawing.labels}
    for region in drawing.regions:
        if region["region_id"] not in geometry.points or region["region_id"] in labelled:
            continue  # a label box covers the point
        x, y = map_geometry.pixel_offset(*geometry.points[region["region_id"]], drawing.view)
        column = round(image.shape[1] / 2 + x * ratio)
        row = round(image.shape[0] / 2 + y * ratio)
        if not (0 <= row < image.shape[0] and 0 <= column < image.shape[1]):
            continue
        pixel = image[row, column, :3].astype(float)
        fill = region["fill"]
        alpha = (fill[3] if len(fill) == 4 else 255) / 255
        # Over the grey provinces or white, a translucent fill lands within a few levels.
        expected = np.array(fill[:3]) * alpha + 247 * (1 - alpha)
        if region["reported"]:
            assert np.abs(pixel - expected).max() < 12, (region["region_id"], pixel, expected)
    gaps = [region for region in drawing.regions if not region["reported"]]
    assert gaps and len(drawing.hatched) == len(gaps)


def test_deck_json_is_small(dataset, geometry):
    """The review measured 600 KB per deck, resent and re-tessellated on every indicator."""
    table = map_view.map_table(dataset, "elderly_care_institutions", "zh")
    deck = map_deck.build_deck(geometry, table, style.COUNT, "zh", dataset.colours, False)
    assert len(deck.to_json()) < 200_000


def test_far_region_is_out_of_the_view_with_an_arrow_and_an_inset(dataset, geometry):
    table = map_view.map_table(dataset, "elderly_care_institutions", "zh")
    assert map_geometry.far_regions(geometry, table["region_id"].tolist()) == ["420202"]
    deck = map_deck.build_deck(geometry, table, style.COUNT, "zh", dataset.colours, False)
    spec = json.loads(deck.to_json())
    view = pdk.ViewState(**spec["initialViewState"])
    west, south, east, north = map_geometry.view_box(
        view, map_geometry.MAP_WIDTH_PX, map_geometry.MAP_HEIGHT_PX
    )
    for region in table["region_id"]:
        lon, lat = geometry.points[region]
        inside = west < lon < east and south < lat < north
        assert inside == (region != "420202"), region
    texts = [item["text"] for item in deck.placed_labels]
    assert "← 黄石港区 6个 (2015)" in texts
    inset = legend.inset_chart(geometry, table, style.COUNT, "zh", dataset.colours).to_dict()
    assert "黄石港区" in json.dumps(inset, ensure_ascii=False)
    assert inset["projection"]["type"] == "mercator"


def test_scale_bar_is_a_round_length_in_map_units(dataset, geometry):
    table = map_view.map_table(dataset, "elderly_care_institutions", "en")
    deck = map_deck.build_deck(geometry, table, style.COUNT, "en", {}, False)
    (start, end) = deck.scale_bar["path"]
    km = math.radians(end[0] - start[0]) * 6371.0 * math.cos(math.radians(start[1]))
    label = next(item["text"] for item in deck.placed_labels if "km" in item["text"])
    assert km == pytest.approx(float(label.split()[0]), rel=0.01)
    assert label in ("100 km", "200 km", "50 km")
