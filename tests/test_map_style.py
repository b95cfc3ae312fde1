"""How the map marks a figure: rate or count, colour classes, symbol sizes."""

from __future__ import annotations

import pytest

from civdash import (
    map_style,
)
from civdash.loader import cached_dataset, data_dir
from tests.conftest import REPO_ROOT

APP = str(REPO_ROOT / "app.py")
ONLINE_BASEMAPS = ("carto", "mapbox", "maptiler", "openstreetmap", "arcgis", "googleapis")


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def test_kind_follows_the_unit(dataset):
    assert map_style.indicator_kind(dataset, "community_service_stations_urban") == map_style.COUNT
    assert map_style.indicator_kind(dataset, "elderly_care_beds") == map_style.COUNT
    assert map_style.indicator_kind(dataset, "rural_community_service_coverage") == map_style.RATE
