"""Read and measure one station upload: the job the map page runs in a worker process."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from civdash.core import limits
from civdash.data.csv_input import InputRefused
from civdash.data.geo import DEFAULT_GEO_DIR, all_regions, load_boundaries
from civdash.method.walking_coverage import (
    CoverageResult,
    Problem,
    coverage_by_region,
    read_stations,
)

if TYPE_CHECKING:
    import geopandas


@dataclass
class StationAnalysis:
    """What the page keeps of one analysis: the stations, why rows were left out, the result,
    and the station map and circles download already serialised (the costly part)."""

    stations: geopandas.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    result: CoverageResult | None = None
    deck: PrebuiltDeck | None = None
    circles_geojson: bytes = b""


class PrebuiltDeck:
    """A pydeck map serialised in the worker; st.pydeck_chart sends its JSON unchanged.

    Serialising the deck of 5,000 stations and circles takes seconds of GIL-holding work;
    done here it never stalls the server, and a rerun reuses the string.
    """

    layers = None
    mapbox_key = None

    def __init__(self, spec: str, tooltip: dict | None) -> None:
        self.spec, self._tooltip = spec, tooltip

    def to_json(self) -> str:
        return self.spec


def _prebuilt_deck(deck) -> PrebuiltDeck:
    import pandas

    # What st.pydeck_chart does before serialising (pydeck cannot serialise pandas 3 frames).
    for layer in deck.layers or []:
        if isinstance(getattr(layer, "data", None), pandas.DataFrame):
            layer.data = layer.data.to_dict("records")
    tooltip = getattr(deck, "_tooltip", None)
    return PrebuiltDeck(deck.to_json(), tooltip if isinstance(tooltip, dict) else None)


def analyse(
    data: bytes,
    filename: str,
    radius_m: float,
    region_id: str,
    lang: str = "zh",
    present: bool = False,
    geo_dir: str = str(DEFAULT_GEO_DIR),
    names: dict[str, str] | None = None,
    minutes: int | None = None,
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
            None,
            "input.too_many_stations",
            {"count": f"{len(stations):,}", "limit": f"{limits.MAX_STATIONS_PER_ANALYSIS:,}"},
        )
        return StationAnalysis(stations.iloc[0:0], [*problems, refusal.problem()])
    from civdash.figures.map import geometry as map_geometry
    from civdash.figures.map import stations as station_map

    regions = all_regions(load_boundaries(geo_dir))
    result = coverage_by_region(stations, regions, radius_m, region_id=region_id)
    geometry = map_geometry.map_geometry(geo_dir)
    deck = station_map.stations_deck(
        geometry, stations, result, region_id, lang, present, dataset_names=names
    )
    return StationAnalysis(
        stations,
        problems,
        result,
        _prebuilt_deck(deck),
        station_map.circles_geojson(result.circles, minutes),
    )
