"""City comparison: the latest value per region, each bar labelled with its year."""

import streamlit as st

from civdash.app import ui
from civdash.data import choices
from civdash.method import per_capita
from civdash.views import compare

context = ui.page_setup("compare")
dataset, lang = context.dataset, context.lang

st.title(context.t("page.compare"))
controls = ui.controls(context)
indicator = ui.indicator_picker(
    context, "compare_indicator", choices.default(dataset, "compare_indicator"), container=controls
)
years_available = compare.years_available(dataset, indicator)
window_in_url = ui.query_value("from") is not None or ui.query_value("to") is not None
if ui.history_navigation() or "compare_use_window" not in st.session_state:
    st.session_state["compare_use_window"] = window_in_url
use_window = controls.toggle(context.t("label.year_window"), key="compare_use_window")
year_from = year_to = None
if use_window and years_available:
    year_from, year_to = ui.param_year_range(
        context,
        ("from", "to"),
        (years_available[0], years_available[-1]),
        context.t("label.years"),
        key="compare_years",
        container=controls,
    )
else:
    ui.set_param("from", None)
    ui.set_param("to", None)

choice = compare.CompareChoice(indicator, year_from, year_to)
per = ui.per_resident_choice(
    context,
    per_capita.available_modes(
        dataset, indicator, compare.latest(dataset, choice).rows["region_id"]
    ),
    per_capita.RAW,
    key="compare_per",
    blocked_note=per_capita.unavailable_note(dataset, indicator, lang),
    container=controls,
)
view = compare.build(dataset, compare.CompareChoice(indicator, year_from, year_to, per), lang)
if view.empty:
    st.info(view.empty)
else:
    # A presenter's first screen keeps the chart whole: the notes go under it.
    if view.mixed_years and not context.present:
        st.warning(view.mixed_years)
    if view.comparability and not context.present:
        st.caption(ui.plain(view.comparability))
    if view.image is not None:
        ui.guarded(
            context,
            lambda: ui.show_chart(
                lambda: view.chart(context.present),
                key="compare_chart",
                dataset=dataset,
                memo_key=("compare", view.key, context.present),
            ),
        )
        ui.image_downloads(context, view.image, "compare_image")
    if context.present:
        ui.captions([view.comparability])  # the chart's subtitle already warns of mixed years
    ui.captions(view.notes)
    ui.about_data(context, indicator, view.result.rows)
if view.outside_window:
    st.markdown(ui.plain(view.outside_window))
if view.not_reported:
    st.markdown(ui.plain(view.not_reported))
if not view.empty:
    ui.table(view.table, key="compare_table", present=context.present)
    ui.downloads(context, view.table, view.subject, view.years, key="compare_download")
