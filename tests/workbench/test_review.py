"""The 数据采集 page: upload a report, accept and edit candidates, download a bundle for `add`."""

import json
import shutil

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from civdash.cli import main
from civdash.data.loader import sources_dir
from civdash.data.validate import validate_dataset
from civdash.workbench import review
from civdash.workbench.bundle import read_bundle
from tests.conftest import APP, REPO_ROOT

TEXT = (
    "衢州市民政局2014年工作总结\n"
    "截至2014年底,全市养老机构床位15200张,新建居家养老服务照料中心300个。\n"
    "联系电话:0570-3021234\n"
)


def edit_table(app: AppTest, edits: dict[int, dict], index: int = -1) -> AppTest:
    """Set a data editor's edits as the browser sends them (AppTest cannot type into grids)."""
    editor = app.data_editor[index]
    states = app._tree.get_widget_states()
    state = WidgetState(id=editor.proto.id)
    state.string_value = json.dumps(
        {"edited_rows": {str(k): v for k, v in edits.items()}, "added_rows": [], "deleted_rows": []}
    )
    states.widgets.append(state)
    return app._run(states)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_lists_candidates_and_builds_a_bundle(lang, captured_files, tmp_path):  # noqa: F811
    app = AppTest.from_file(APP, default_timeout=60)
    if lang == "en":
        app.query_params["lang"] = "en"
    app.run()
    app.switch_page("pages/contribute.py").run()
    assert not app.exception
    app.file_uploader(key="contribute_upload").set_value(
        [("quzhou-2014.txt", TEXT.encode("gb18030"), "text/plain")]
    )
    app.run()
    app.text_input(key="contribute_publisher").set_value("衢州市民政局")
    app.text_input(key="contribute_publisher_en").set_value("Quzhou Civil Affairs Bureau")
    app.text_input(key="contribute_published").set_value("2015-01-20")
    app.run()
    assert not app.exception
    files, table = app.data_editor[0].value, app.data_editor[1].value
    # Region, year and kind come from the title: a 工作总结 is an annual summary.
    assert files["region"].tolist() == ["衢州市" if lang == "zh" else "Quzhou"]
    assert files["year"].tolist() == [2014]
    assert files["kind"].tolist() == ["年度总结" if lang == "zh" else "annual summary"]
    # The phone number is not a figure; the two figures are, with their year and unit, and the
    # grid speaks the page's language: no unit code, no indicator id.
    assert table["value_as_written"].tolist() == ["15200", "300"]
    assert table["year"].tolist() == [2014, 2014]
    assert table["unit"].tolist() == (["张", "个/处/家"] if lang == "zh" else ["beds", "count"])
    names = {"zh": "养老床位数", "en": "Elderly-care beds"}
    assert "_" not in "".join(table["indicator"].tolist())
    edit_table(app, {0: {"accept": True, "indicator": names[lang]}, 1: {"accept": True}})
    assert not app.exception
    # 15200 beds is 11× Quzhou's latest figure of the first suggestion: the slip check names
    # it; with the right indicator chosen the row is plausible and nothing stops the build.
    preview = app.dataframe[-1].value
    assert list(preview.index) == ["衢州市" if lang == "zh" else "Quzhou"]
    assert names[lang] in preview.columns
    app.button(key="contribute_build").click().run()
    assert not app.exception
    assert [s.value for s in app.success], [e.value for e in app.error]
    bundles = [f for f in captured_files if (f["filename"] or "").endswith(".zip")]
    bundle = read_bundle(bundles[-1]["data"])
    observations = bundle.tables["observations"]
    assert observations["indicator_id"].tolist() == [
        "elderly_care_beds",
        "home_community_care_centres_new",
    ]
    assert bundle.tables["sources"]["kind"].tolist() == ["annual_summary"]
    assert bundle.texts["330800_2014_annual_summary.txt"].decode("utf-8") == TEXT
    # The maintainer's side: `add` merges it into a copy of data/, which still validates.
    data, sources = tmp_path / "data", tmp_path / "sources"
    shutil.copytree(REPO_ROOT / "data", data, ignore=shutil.ignore_patterns("sources"))
    shutil.copytree(sources_dir(), sources)
    path = tmp_path / "bundle.zip"
    path.write_bytes(bundles[-1]["data"])
    assert main(["add", str(path), "--data", str(data), "--sources", str(sources)]) == 0
    assert validate_dataset(data, sources).errors == []


def test_highlighted_text_escapes_the_report():
    from civdash.workbench.extract import extract

    text = "<script>alert(1)</script>全市养老机构205家"
    html = review.highlighted_html(text, extract(text, reference_year=2019), {0})
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<mark class="accepted"' in html and ">205</mark>" in html


def test_a_refused_file_is_named_in_the_page_language():
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("pages/contribute.py").run()
    app.file_uploader(key="contribute_upload").set_value(
        [("report.txt", "衢州".encode("utf-16"), "text/plain")]
    )
    app.run()
    assert not app.exception
    assert any("请另存为" in error.value for error in app.error)
    assert not app.data_editor


def test_a_files_region_and_year_corrected_by_hand_read_it_again():
    raw = "指标名称,单位,数量\n养老机构床位,万张,4.3\n基金会,个,45\n".encode()
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("pages/contribute.py").run()
    app.file_uploader(key="contribute_upload").set_value([("table.csv", raw, "text/csv")])
    app.run()
    assert not app.exception
    review = app.data_editor[1].value
    # Neither the name nor the title says where or when: nothing is pre-accepted.
    assert not review["accept"].any()
    edit_table(app, {0: {"region": "宁波市", "year": 2023}}, index=0)
    app.run()
    assert not app.exception
    review = app.data_editor[1].value
    assert set(review["region"]) == {"宁波市"} and set(review["year"]) == {2023}
    assert review["accept"].all()  # now unit, indicator, year and region are all certain
