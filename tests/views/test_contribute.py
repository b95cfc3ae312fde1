"""The contribute page's view: keys, indicator choices and the in-memory bundle check."""

import pandas as pd
import pytest

from civdash.data.loader import load_dataset
from civdash.i18n import text
from civdash.views import contribute as contribute_view
from civdash.workbench.review import NEW_INDICATOR_PREFIX, editor_frame, read_and_extract
from tests.conftest import REPO_ROOT

TEXT = "2014年，全市新增养老床位300张。"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def form(**changes) -> contribute_view.SourceForm:
    fields = {
        "source_id": "quzhou_2014_view_test",
        "region_id": "330800",
        "title_zh": "衢州市民政局2014年工作总结",
        "title_en": "Quzhou 2014 summary",
        "publisher": "衢州市民政局",
        "publisher_en": "Quzhou Civil Affairs Bureau",
        "published": "2015-01-20",
        "language": "zh-Hans",
        "kind": "annual_summary",
        "url": "",
    }
    return contribute_view.SourceForm(**{**fields, **changes})


def reviewed(dataset, accept: bool, indicator: str = "elderly_care_beds") -> pd.DataFrame:
    names = contribute_view.indicator_names(dataset, "zh")
    report = read_and_extract(
        "q.txt", TEXT.encode(), "330800", 2014, contribute_view.extraction_tables(dataset)
    )
    candidates = report.candidates
    edited = editor_frame(candidates, names)
    edited["accept"] = accept
    edited["indicator_id"] = indicator
    return edited


def test_editor_key_changes_with_the_file_the_region_and_the_year():
    keys = {
        contribute_view.editor_key("a", "330800", 2014),
        contribute_view.editor_key("b", "330800", 2014),
        contribute_view.editor_key("a", "330100", 2014),
        contribute_view.editor_key("a", "330800", 2015),
    }
    assert len(keys) == 4
    assert contribute_view.file_key(b"x") == contribute_view.file_key(b"x")


def test_indicators_added_on_the_page_come_first(dataset):
    names = contribute_view.indicator_names(dataset, "en")
    added = contribute_view.new_indicator(
        " my_new ", (" 新 ", " New "), "elderly", "count", "annual", ("", "")
    )
    assert (added["indicator_id"], added["name_zh"], added["name_en"]) == ("my_new", "新", "New")
    options = contribute_view.indicator_options(names, [added])
    assert options[0] == f"{NEW_INDICATOR_PREFIX}my_new"
    assert options[1:] == sorted(names)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_bad_source_id_or_missing_metadata_stops_the_bundle(dataset, lang):
    edited = reviewed(dataset, accept=True)
    names = contribute_view.indicator_names(dataset, lang)
    bad = contribute_view.check_bundle(form(source_id="Bad id!"), edited, TEXT, names, [], lang)
    assert bad.error == text("contribute.bad_source_id", lang) and bad.bundle is None
    untitled = contribute_view.check_bundle(form(title_en=" "), edited, TEXT, names, [], lang)
    assert text("contribute.title_en", lang) in untitled.error and untitled.bundle is None


def test_nothing_accepted_is_a_warning(dataset):
    names = contribute_view.indicator_names(dataset, "zh")
    check = contribute_view.check_bundle(
        form(), reviewed(dataset, accept=False), TEXT, names, [], "zh"
    )
    assert check.warning == text("contribute.none_accepted", "zh") and check.bundle is None


def test_accepted_rows_become_a_checked_bundle(dataset):
    names = contribute_view.indicator_names(dataset, "zh")
    check = contribute_view.check_bundle(
        form(), reviewed(dataset, accept=True), TEXT, names, [], "zh"
    )
    assert check.problems is None, check.problems
    assert check.bundle and check.bundle.startswith(b"PK") and check.rows == 1


def test_an_unknown_indicator_is_listed_as_a_problem_in_plain_text(dataset):
    names = contribute_view.indicator_names(dataset, "en")
    edited = reviewed(dataset, accept=True, indicator="no_such_indicator")
    check = contribute_view.check_bundle(form(), edited, TEXT, names, [], "en")
    assert check.bundle is None and check.problems_key == "contribute_slips"
    cells = check.problems[text("contribute.column.problem", "en")].tolist()
    assert any("no_such_indicator" in cell for cell in cells)
