"""City comparison: the latest value per region, each bar labelled with its year."""

import streamlit as st

from civdash import views
from civdash.app import display, downloads, errors, page_context, url_state, widgets
from civdash.views import compare, per_resident

context = page_context.page_setup("compare")
dataset, lang = context.dataset, context.lang

st.title(context.t("page.compare"))
controls = widgets.controls(context)
indicator = widgets.indicator_picker(
    context, "compare_indicator", views.default(dataset, "compare_indicator"), container=controls
)
years_available = compare.years_available(dataset, indicator)
window_in_url = url_state.query_value("from") is not None or url_state.query_value("to") is not None
if url_state.history_navigation() or "compare_use_window" not in st.session_state:
    st.session_state["compare_use_window"] = window_in_url
use_window = controls.toggle(context.t("label.year_window"), key="compare_use_window")
year_from = year_to = None
if use_window and years_available:
    year_from, year_to = widgets.param_year_range(
        context,
        ("from", "to"),
        (years_available[0], years_available[-1]),
        context.t("label.years"),
        key="compare_years",
        container=controls,
    )
else:
    url_state.set_param("from", None)
    url_state.set_param("to", None)

choice = compare.CompareChoice(indicator, year_from, year_to)
offered = per_resident.options(
    dataset, indicator, compare.latest(dataset, choice).rows["region_id"], lang
)
per = widgets.per_resident_choice(
    context,
    offered.modes,
    offered.default,
    key="compare_per",
    blocked_note=offered.blocked_note,
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
        st.caption(display.plain(view.comparability))
    if view.image is not None:
        errors.guarded(
            context,
            lambda: display.show_chart(
                lambda: view.chart(context.present),
                key="compare_chart",
                dataset=dataset,
                memo_key=("compare", view.key, context.present),
            ),
        )
        downloads.image_downloads(context, view.image, "compare_image")
    if context.present:
        display.captions([view.comparability])  # the chart's subtitle already warns of mixed years
    display.captions(view.notes)
    display.about_data(context, indicator, view.result.rows)
if view.outside_window:
    st.markdown(display.plain(view.outside_window))
if view.not_reported:
    st.markdown(display.plain(view.not_reported))
if not view.empty:
    display.table(view.table, key="compare_table", present=context.present)
    downloads.downloads(context, view.table, view.subject, view.years, key="compare_download")
