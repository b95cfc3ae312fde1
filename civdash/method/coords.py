"""Vectorised WGS-84 / GCJ-02 / BD-09 conversions, wrapping the coordTransform package."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

GCJ02 = "gcj02"
WGS84 = "wgs84"
BD09 = "bd09"
CRS_NAMES = (WGS84, GCJ02, BD09)

# Spellings people type into a CSV; all map onto the three names above.
_ALIASES = {"gps": WGS84, "epsg4326": WGS84, "mars": GCJ02, "amap": GCJ02, "baidu": BD09}

# coordTransform inverts the GCJ-02 offset in one step, which is off by up to ~5 m;
# each fixed-point pass shrinks the error about a thousandfold.
_INVERSE_PASSES = 3


def normalise_crs(name: str | None) -> str | None:
    """'WGS-84', 'wgs_84', 'GCJ02', 'BD-09' ... -> 'wgs84' / 'gcj02' / 'bd09'; unknown -> None."""
    key = "".join(character for character in str(name or "").lower() if character.isalnum())
    key = _ALIASES.get(key, key)
    return key if key in CRS_NAMES else None


def _arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    lon_array = np.asarray(lon, dtype=np.float64)
    lat_array = np.asarray(lat, dtype=np.float64)
    if lon_array.shape != lat_array.shape:
        raise ValueError(f"lon and lat differ in shape: {lon_array.shape} vs {lat_array.shape}")
    return lon_array, lat_array


def _call(function, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if lon.size == 0:
        return lon.copy(), lat.copy()
    out_lon, out_lat = function(np.ravel(lon), np.ravel(lat))
    return np.asarray(out_lon).reshape(lon.shape), np.asarray(out_lat).reshape(lat.shape)


def _check(crs: str) -> str:
    name = normalise_crs(crs)
    if name is None:
        raise ValueError(f"unknown crs {crs!r}; expected one of {', '.join(CRS_NAMES)}")
    return name


def to_gcj02(lon: ArrayLike, lat: ArrayLike, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Convert lon/lat arrays from `crs` (wgs84, gcj02 or bd09) to GCJ-02.

    Outside China (coordTransform's box 73.66-135.05 E, 3.86-53.55 N) WGS-84 passes unchanged,
    as GCJ-02 is only defined inside it.
    """
    import coordTransform

    name = _check(crs)
    lon_array, lat_array = _arrays(lon, lat)
    if name == GCJ02:
        return lon_array.copy(), lat_array.copy()
    function = coordTransform.wgs84_to_gcj02 if name == WGS84 else coordTransform.bd09_to_gcj02
    return _call(function, lon_array, lat_array)


def from_gcj02(lon: ArrayLike, lat: ArrayLike, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Convert GCJ-02 lon/lat arrays to `crs`; the inverse of `to_gcj02`."""
    import coordTransform

    name = _check(crs)
    lon_array, lat_array = _arrays(lon, lat)
    if name == GCJ02:
        return lon_array.copy(), lat_array.copy()
    if name == BD09:
        return _call(coordTransform.gcj02_to_bd09, lon_array, lat_array)
    wgs_lon, wgs_lat = _call(coordTransform.gcj02_to_wgs84, lon_array, lat_array)
    for _ in range(_INVERSE_PASSES):
        gcj_lon, gcj_lat = _call(coordTransform.wgs84_to_gcj02, wgs_lon, wgs_lat)
        wgs_lon = wgs_lon - (gcj_lon - lon_array)
        wgs_lat = wgs_lat - (gcj_lat - lat_array)
    return wgs_lon, wgs_lat
