"""The benchmark's synthetic national dataset: valid, sized as asked, and never in data/."""

from civdash.data import choices
from civdash.data.loader import load_dataset
from civdash.data.validate import validate_dataset
from tools.synthetic_data import Region, county_regions, national_regions, write_synthetic_dataset

REGIONS = [
    Region("330000", "浙江省", "province", ""),
    Region("330100", "杭州市", "prefecture", "330000"),
    Region("330102", "上城区", "district", "330100"),
    Region("330122", "桐庐县", "county", "330100"),
]


def test_every_county_gets_every_indicator_and_year(tmp_path):
    counts = write_synthetic_dataset(tmp_path, REGIONS, indicators=5, years=3)
    assert counts["observations"] == 2 * 5 * 3
    dataset = load_dataset(tmp_path)
    assert set(dataset.facts["region_id"].astype(str)) == {"330102", "330122"}
    assert sorted(dataset.facts["year"].unique()) == [2011, 2012, 2013]
    assert dataset.facts.groupby(["region_id", "indicator_id"], observed=True).size().eq(3).all()


def test_synthetic_dataset_passes_the_validator(tmp_path):
    write_synthetic_dataset(tmp_path, REGIONS, indicators=8, years=2)
    report = validate_dataset(tmp_path, display="synthetic")
    assert [problem.format() for problem in report.errors] == []


def test_approximate_figures_keep_their_qualifier(tmp_path):
    write_synthetic_dataset(tmp_path, REGIONS, indicators=20, years=10)
    facts = load_dataset(tmp_path).facts
    approximate = facts[facts["qualifier"] == "approx"]
    assert len(approximate) > 0
    assert approximate["value_as_written"].str.startswith("约").all()


def test_national_regions_come_from_the_cnmaps_index():
    regions = national_regions()
    by_code = {region.region_id: region for region in regions}
    assert len(county_regions(regions)) > 2800
    assert by_code["420202"].level == "district" and by_code["420202"].parent_id == "420200"
    assert by_code["330200"].level == "prefecture"
    assert all(len(code) == 6 and code.isdigit() for code in by_code)


def test_synthetic_data_keeps_the_curated_choices_it_has_figures_for(tmp_path):
    write_synthetic_dataset(tmp_path, REGIONS, indicators=8, years=2)
    dataset = load_dataset(tmp_path)
    # The pages open on the curated default indicators; headline cards and map order survive.
    assert choices.default(dataset, "trends_indicator") == "dibao_standard_urban"
    assert choices.default(dataset, "map_indicator") == "elderly_care_institutions"
    assert choices.headline_indicators(dataset)[0] == "dibao_standard_urban"
    assert "elderly_care_institutions" in choices.station_indicators(dataset)
    # Ningbo and the curated plan have no figures here: those pages open on their first option.
    assert choices.default(dataset, "overview_region") is None
    assert choices.default(dataset, "plans_plan") is None
