"""Map geometry: boundaries read once, simplified but complete."""

from __future__ import annotations

import pytest

from civdash import map_geometry


@pytest.fixture(scope="module")
def geometry():
    return map_geometry.map_geometry()


def test_geometry_is_read_once_per_process():
    assert map_geometry.map_geometry() is map_geometry.map_geometry()
    assert map_geometry.boundary_regions() is map_geometry.boundary_regions()


def test_drawn_boundaries_are_light_but_keep_every_region(geometry):
    import shapely

    from civdash.boundaries import load_boundaries

    source = sum(
        int(shapely.get_num_coordinates(frame.geometry.values).sum())
        for frame in load_boundaries().values()
    )
    drawn = sum(int(shapely.get_num_coordinates(shape)) for shape in geometry.outlines.values())
    assert drawn < source / 2
    assert set(geometry.outlines) == set(map_geometry.boundary_regions()["region_id"])
    assert all(not shape.is_empty for shape in geometry.outlines.values())
