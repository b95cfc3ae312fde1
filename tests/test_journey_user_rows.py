"""Journey: a user-supplied actual on the plans page, then every page and indicator it touches.

Each step asserts that the run raised nothing (AppTest keeps a page's exception in
`app.exception` and carries on, so a test that does not look never sees the red box).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from civdash.data.loader import cached_dataset, data_dir, with_user_rows
from civdash.i18n import text
from civdash.views import plans as plan_views
from tests.conftest import chart_rows, run_page, vega_specs

PLAN = "huangshigang_13fyp_2016_2020"
HUANGSHIGANG = "420202"
# Two targets of the Huangshigang plan: a rate (beds per 100 elderly) and a count (communities).
ACTUALS = {"001_t02": ("3.2", "elderly_care_beds_per_100_elderly"), "001_t05": ("2", None)}
MARK = {"zh": "用户补充", "en": "user-supplied"}
YES = {"zh": "是", "en": "yes"}


def clean(app: AppTest) -> AppTest:
    """The run ended without an exception (the red box) or an error message."""
    assert not app.exception, [item.value for item in app.exception]
    assert not app.error, [item.value for item in app.error]
    return app


def with_actuals(lang: str) -> AppTest:
    app = clean(run_page("plans", lang=lang))
    for target, (value, _) in ACTUALS.items():
        app.selectbox(key=f"plans_add_target_{PLAN}").set_value(target).run()
        app.text_input(key="plans_add_value").set_value(value)
        app.number_input(key="plans_add_year").set_value(2020)
        next(button for button in app.button if button.proto.is_form_submitter).click().run()
        clean(app)
    assert len(app.session_state["user_rows"]) == len(ACTUALS)
    return app


def visit(app: AppTest, page: str, **params) -> AppTest:
    app.switch_page(f"pages/{page}.py")
    for name in list(app.query_params):
        if name != "lang":
            del app.query_params[name]
    for name, value in params.items():
        app.query_params[name] = value
    return clean(app.run())


def touched_indicators() -> list[str]:
    dataset = cached_dataset(str(data_dir()))
    targets = dataset.targets.set_index("target_id")
    return [str(targets.loc[target, "indicator_id"]) for target in ACTUALS]


def user_table_rows(app: AppTest, lang: str) -> pd.DataFrame:
    """Rows of the page's tables that are marked user-supplied."""
    column = text("label.user_supplied", lang)
    marked = [
        frame.value[frame.value[column] == YES[lang]]
        for frame in app.dataframe
        if column in frame.value.columns
    ]
    return pd.concat(marked) if marked else pd.DataFrame()


def test_a_user_row_has_the_observation_tables_types():
    """The root cause of the crash: a user row lacked an id and held float NaN in text columns."""
    dataset = cached_dataset(str(data_dir()))
    result = plan_views.typed_actual(dataset, "001_t02", "3.2", 2020, "区民政局统计", "zh")
    session = with_user_rows(dataset, result.frame)
    user = session.facts[session.facts["user_supplied"]]
    assert user["observation_id"].tolist() == [
        f"user:{HUANGSHIGANG}:elderly_care_beds_per_100_elderly:2020"
    ]
    for column, dtype in dataset.facts.dtypes.items():
        assert str(session.facts[column].dtype) == str(dtype), column
    # Every text column sorts: no float NaN sits among strings.
    for column in ("observation_id", "excerpt", "value_as_written", "note"):
        sorted(session.facts[column].dropna().astype(str))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_user_actuals_flow_through_every_page_marked(lang):
    app = with_actuals(lang)
    indicators = touched_indicators()
    for indicator in indicators:
        for page in ("compare", "trends"):
            visit(app, page, indicator=indicator, lang=lang)
            user_points = [
                row
                for spec in vega_specs(app)
                for row in chart_rows(spec)
                if row.get("user_supplied")
            ]
            assert user_points, (page, indicator)
            drawn = json.dumps(vega_specs(app), ensure_ascii=False)
            assert MARK[lang] in drawn, (page, indicator)
            # The table and the downloads below the chart are there, the user row marked.
            assert not user_table_rows(app, lang).empty, (page, indicator)
            assert app.get("download_button"), (page, indicator)
        for per in ("per_10k", "per_1k_60"):
            visit(app, "compare", indicator=indicator, per=per, lang=lang)
        visit(app, "data", indicator=indicator, lang=lang)
        assert not user_table_rows(app, lang).empty, indicator
        visit(app, "map", indicator=indicator, per="raw", lang=lang)
        if app.selectbox(key="map_indicator").value == indicator:
            # The map's table is the one table: the user row is there, marked.
            assert not user_table_rows(app, lang).empty, ("map", indicator)
    visit(app, "profile", region=HUANGSHIGANG, lang=lang)
    app.session_state["profile_category_elderly_care"] = True
    clean(app.run())
    assert MARK[lang] in json.dumps(vega_specs(app), ensure_ascii=False)
    visit(app, "overview", lang=lang)
    visit(app, "plans", lang=lang)
    assert len(user_table_rows(app, lang)) == len(ACTUALS)
