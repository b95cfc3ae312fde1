"""Read the committed boundary GeoJSON in geo/ (GCJ-02 lon/lat) for the app and analyses.

GCJ-02 has no EPSG code, so frames are labelled EPSG:4326: projecting them to a metric CRS
is then possible, and lengths and areas come out right because the GCJ-02 offset is a smooth
shift of a few hundred metres. Overlay them only on GCJ-02 data (Amap tiles, converted points).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas
    import pandas

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GEO_DIR = REPO_ROOT / "geo"
LON_LAT_CRS = "EPSG:4326"
MANIFEST_FILE = "manifest.json"
# Layer name -> the regions.csv levels it holds; layer files are `<name>.geojson`.
LAYER_LEVELS = {
    "context_provinces": ("province",),
    "prefectures": ("prefecture",),
    "counties": ("district", "county"),
}
PROPERTY_COLUMNS = ["region_id", "name_zh", "level", "parent_id"]


def layer_file(layer: str) -> str:
    return f"{layer}.geojson"


def read_layer(path: Path | str) -> geopandas.GeoDataFrame:
    """One layer file as a GeoDataFrame; region_id stays a six-digit string."""
    import geopandas

    collection = json.loads(Path(path).read_text(encoding="utf-8"))
    frame = geopandas.GeoDataFrame.from_features(collection["features"], crs=LON_LAT_CRS)
    return frame[[*PROPERTY_COLUMNS, "geometry"]]


def load_boundaries(geo_dir: Path | str = DEFAULT_GEO_DIR) -> dict[str, geopandas.GeoDataFrame]:
    """Every layer in geo/, keyed by layer name (context_provinces, prefectures, counties)."""
    folder = Path(geo_dir)
    return {layer: read_layer(folder / layer_file(layer)) for layer in LAYER_LEVELS}


def all_regions(boundaries: dict[str, geopandas.GeoDataFrame]) -> geopandas.GeoDataFrame:
    """All layers stacked into one frame with one row per region_id, sorted by region_id."""
    import pandas

    frame = pandas.concat(list(boundaries.values()), ignore_index=True)
    return frame.sort_values("region_id", ignore_index=True)


def representative_points(frame: geopandas.GeoDataFrame) -> pandas.DataFrame:
    """region_id, lon, lat of a point well inside each region, for labels and symbols.

    The centre of the largest inscribed circle: unlike the centroid it always lies inside the
    region, and it sits in the bulk of the mainland rather than among islands.
    """
    import pandas
    import shapely

    centres = shapely.get_point(shapely.maximum_inscribed_circle(frame.geometry.values), 0)
    return pandas.DataFrame(
        {
            "region_id": frame["region_id"].to_numpy(),
            "lon": shapely.get_x(centres),
            "lat": shapely.get_y(centres),
        }
    )


def missing_regions(geo_dir: Path | str = DEFAULT_GEO_DIR) -> list[dict]:
    """Regions of regions.csv that have no boundary, as recorded by the build."""
    manifest = json.loads((Path(geo_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    return manifest["missing"]
