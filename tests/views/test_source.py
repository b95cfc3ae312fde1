"""The source view: the report's text, its marked figures in reading order."""

import pytest

from civdash.data.loader import load_dataset
from civdash.views import source
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_each_source_has_its_figures_marked_in_reading_order(dataset):
    source_id = str(dataset.sources["source_id"].iloc[0])
    view = source.build(dataset, source_id, "en")
    assert view.raw
    assert view.in_order and set(view.in_order) <= set(view.labels)
    positions = [view.marked.first_mark[item] for item in view.in_order]
    assert positions == sorted(positions)
    html = source.body_html(dataset, view, "en", False, False, view.in_order[0])
    assert "<mark" in html
