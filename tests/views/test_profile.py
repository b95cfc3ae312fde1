"""The profile view: sections by category, links about the region, its plans."""

import pytest

from civdash.data.loader import load_dataset
from civdash.views import profile
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_every_figure_of_the_region_appears_in_one_section(dataset):
    view = profile.build(dataset, "330200", "en", False)
    assert sum(len(section.table) for section in view.sections) == len(view.rows)
    assert [section.first for section in view.sections].count(True) == 1
    single = [item for section in view.sections for item in section.items if not item.multi_year]
    assert single and all("(" in item.line and item.source_id for item in single)
    assert all(item.chart is not None for s in view.sections for item in s.items if item.multi_year)
    assert len(view.table()) == len(view.rows)


def test_links_carry_the_language_and_name_missing_pages(dataset):
    view = profile.build(dataset, "330200", "en", True)
    assert view.links["overview"] == {"region": "330200", "lang": "en", "present": "1"}
    assert view.links["data"]["region"] == "330200"
    for page in profile.PROFILE_LINK_PAGES:
        assert page in view.links or view.missing_links


def test_a_district_names_its_city_and_a_city_its_districts(dataset):
    district = profile.build(dataset, "420202", "zh", False)
    assert dataset.region_name("420200", "zh") in district.parent
