"""Map label placement: labels never overlap and gaps stay over their own region."""

from __future__ import annotations

import json

import pydeck as pdk
import pytest

from civdash.data.loader import cached_dataset, data_dir
from civdash.figures.map import drawing, labels, style
from civdash.figures.map import geometry as map_geometry
from civdash.views import map as map_view


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


@pytest.fixture(scope="module")
def geometry():
    return map_geometry.map_geometry()


@pytest.mark.parametrize(
    "indicator", ["elderly_care_institutions", "rural_community_service_coverage"]
)
def test_not_reported_labels_stay_off_other_regions(dataset, geometry, indicator):
    import shapely

    table = map_view.map_table(dataset, indicator, "zh")
    kind = style.indicator_kind(dataset, indicator)
    deck = drawing.build_deck(geometry, table, kind, "zh", {}, False)
    view = pdk.ViewState(**json.loads(deck.to_json())["initialViewState"])
    gaps = [
        item
        for item in deck.placed_labels
        if item.get("reported") is False and not item["text"].startswith("←")
    ]
    assert len(gaps) >= 6
    for label in gaps:
        box = labels._fixed_box(label, view)
        west, north = map_geometry.lon_lat_at(box[0], box[1], view)
        east, south = map_geometry.lon_lat_at(box[2], box[3], view)
        rectangle = shapely.box(west, south, east, north)
        spill = sum(
            rectangle.intersection(shape).area
            for region, shape in geometry.outlines.items()
            if region != label["region_id"] and geometry.levels[region] == "prefecture"
        )
        assert spill <= 0.3 * rectangle.area, label["text"]


def test_labels_that_would_overlap_move_or_are_left_off():
    view = pdk.ViewState(longitude=120.0, latitude=30.0, zoom=7)
    label = {"lon": 120.0, "lat": 30.0, "text": "宁波市 504个 (2012)", "size": 13, "radius": 10}
    placed = labels.place_labels(
        [label, dict(label), dict(label), dict(label), dict(label)], [], view
    )
    assert [item["baseline"] for item in placed[:2]] == ["top", "bottom"]
    assert len(placed) == 4  # below, above, right, left; the fifth has no room
