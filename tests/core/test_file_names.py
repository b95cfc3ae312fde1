"""civdash.core.file_names: download names are meaningful ASCII with the years they cover."""

from civdash.core.file_names import file_name, slug


def test_file_names_are_meaningful_ascii():
    assert file_name("dibao_standard_urban", (2012, 2022), "csv") == (
        "civil-affairs_dibao-standard-urban_2012-2022.csv"
    )
    assert file_name("低保", (None, None), "xlsx") == "civil-affairs_all_all-years.xlsx"
    assert file_name("x", (2019, 2019), "csv").endswith("_2019.csv")
    assert file_name("station coverage Haishu 10min", None, "csv") == (
        "civil-affairs_station-coverage-haishu-10min.csv"
    )
    assert slug("Plan: 13th FYP!") == "plan-13th-fyp"
