"""Map geometry: boundaries read once, simplified but complete."""

from __future__ import annotations

import shutil

import pytest

from civdash.figures.map import geometry as map_geometry
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def geometry():
    return map_geometry.map_geometry()


def test_geometry_is_read_from_disk_once_per_process(monkeypatch, tmp_path):
    folder = tmp_path / "geo"
    shutil.copytree(REPO_ROOT / "geo", folder)
    reads = []
    original = map_geometry.load_boundaries
    monkeypatch.setattr(
        map_geometry, "load_boundaries", lambda geo: reads.append(geo) or original(geo)
    )
    for _ in range(2):
        geometry = map_geometry.map_geometry(str(folder))
        regions = map_geometry.boundary_regions(str(folder))
    assert len(reads) == 2  # once for the map's shapes, once for the analysis' frame
    assert set(regions["region_id"]) == set(geometry.shapes)


def test_drawn_boundaries_are_light_but_keep_every_region(geometry):
    import shapely

    from civdash.data.geo import load_boundaries

    source = sum(
        int(shapely.get_num_coordinates(frame.geometry.values).sum())
        for frame in load_boundaries().values()
    )
    drawn = sum(int(shapely.get_num_coordinates(shape)) for shape in geometry.outlines.values())
    assert drawn < source / 2
    assert set(geometry.outlines) == set(map_geometry.boundary_regions()["region_id"])
    assert all(not shape.is_empty for shape in geometry.outlines.values())
