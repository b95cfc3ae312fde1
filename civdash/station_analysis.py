"""Read and measure one station upload: the job the map page runs in a worker process."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from civdash import limits
from civdash.boundaries import DEFAULT_GEO_DIR, all_regions, load_boundaries
from civdash.coverage import CoverageResult, Problem, coverage_by_region, read_stations
from civdash.text_input import InputRefused

if TYPE_CHECKING:
    import geopandas


@dataclass
class StationAnalysis:
    """What the page keeps of one analysis: the stations, why rows were left out, the result."""

    stations: geopandas.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    result: CoverageResult | None = None


def analyse(
    data: bytes, filename: str, radius_m: float, region_id: str, geo_dir: str = str(DEFAULT_GEO_DIR)
) -> StationAnalysis:
    """Stations of an upload and their coverage of `region_id`, within the documented limits.

    More usable stations than limits.MAX_STATIONS_PER_ANALYSIS are refused before any
    geometry is built: the circles and their union grow with every station.
    """
    stations, problems = read_stations(data, filename)
    if stations.empty:
        return StationAnalysis(stations, problems)
    if len(stations) > limits.MAX_STATIONS_PER_ANALYSIS:
        refusal = InputRefused(
            0,
            "input.too_many_stations",
            {"count": f"{len(stations):,}", "limit": f"{limits.MAX_STATIONS_PER_ANALYSIS:,}"},
        )
        return StationAnalysis(stations.iloc[0:0], [*problems, Problem.of(refusal)])
    regions = all_regions(load_boundaries(geo_dir))
    result = coverage_by_region(stations, regions, radius_m, region_id=region_id)
    return StationAnalysis(stations, problems, result)
