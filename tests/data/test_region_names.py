"""views/regions.py: which regions a page offers, focus first and districts beside their city."""

import pytest

from civdash import views
from civdash.data.loader import load_dataset
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_related_regions_are_districts_of_focus_cities_only(dataset):
    focus = views.focus_regions(dataset)
    rows = dataset.facts[dataset.facts["indicator_id"] == "elderly_care_project_investment"]
    related = views.related_regions(dataset, focus, rows["region_id"])
    assert set(related) == {"330203", "330204", "330211", "330225"}
    assert all(dataset.parent_of[region] == "330200" for region in related)
    assert views.related_regions(dataset, ["330200"], rows["region_id"].iloc[:0]) == []


def test_reporting_regions_and_category_options(dataset):
    regions = views.reporting_regions(dataset, "social_work_exam_applicants")
    assert regions == ["331000"]
    options = views.category_options(dataset)
    assert options[0] == "social_assistance" and "elderly_care" in options
    assert len(options) == len(set(dataset.facts["category"].astype(str)))
