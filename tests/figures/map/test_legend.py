"""The map legend beside the map."""

from __future__ import annotations

import json

import pytest

from civdash.data.loader import cached_dataset, data_dir
from civdash.figures.map import legend, style
from civdash.views import map as map_view


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def test_legend_lists_steps_sizes_and_not_reported(dataset):
    rate = map_view.map_table(dataset, "rural_community_service_coverage", "en")
    items = legend.legend_items(rate, style.RATE, "en")
    assert [item["label"] for item in items][:2] == ["0–20%", "20–40%"]
    assert items[-1]["kind"] == "not_reported" and items[-1]["label"] == "not reported"
    assert items[-1]["colour"] not in style.RAMP
    count = map_view.map_table(dataset, "community_service_stations_urban", "zh")
    sizes = [
        item for item in legend.legend_items(count, style.COUNT, "zh") if item["kind"] == "symbol"
    ]
    assert sizes[0]["radius"] > sizes[-1]["radius"] > 0
    chart = legend.legend_chart(items, "en").to_dict()
    assert "Legend" in json.dumps(chart)
