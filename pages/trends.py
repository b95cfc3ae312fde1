"""Indicator trends: one indicator over time for one or more regions."""

import streamlit as st

from civdash import views
from civdash.app import display, downloads, errors, page_context, widgets
from civdash.views import per_resident, trends

context = page_context.page_setup("trends")
dataset, lang = context.dataset, context.lang

st.title(context.t("page.trends"))
# In presentation mode every choice, and the notes about choosing, fold into one expander.
controls = widgets.controls(context)
columns = controls.columns([3, 2])
indicator = widgets.indicator_picker(
    context, "trends_indicator", views.default(dataset, "trends_indicator"), container=columns[0]
)
region_options, default_regions = trends.region_choices(dataset, indicator)
previous = st.session_state.get("trends_regions_indicator")
if previous not in (None, indicator) and "trends_regions" in st.session_state:
    # The old selection belongs to the old indicator: never hide a region that reports this one.
    st.session_state["trends_regions"] = views.regions_after_indicator_change(
        st.session_state["trends_regions"],
        trends.region_choices(dataset, previous)[1],
        region_options,
        default_regions,
    )
st.session_state["trends_regions_indicator"] = indicator
regions = widgets.param_multi(
    context,
    "regions",
    region_options,
    # Focus regions come first; a chart of thousands of lines would help no one.
    default_regions,
    context.t("label.regions"),
    lambda region_id: dataset.region_name(region_id, lang),
    key="trends_regions",
    container=columns[1],
)
notes = trends.region_notes(dataset, indicator, regions, lang)
if notes.also_reported:
    note, button = controls.columns([5, 1], vertical_alignment="center")
    note.caption(display.plain(notes.also_reported))
    if trends.can_show_all(dataset, indicator):
        button.button(
            context.t("trends.show_all"),
            key="trends_show_all",
            on_click=lambda: st.session_state.update(trends_regions=list(region_options)),
        )
if notes.too_many:
    controls.info(notes.too_many)
offered = per_resident.options(dataset, indicator, notes.drawn, lang)
per = widgets.per_resident_choice(
    context,
    offered.modes,
    offered.default,
    key="trends_per",
    blocked_note=offered.blocked_note,
    container=controls,
)
view = trends.build(dataset, trends.TrendsChoice(indicator, tuple(regions), per), lang)
if view.comparability and not context.present:
    st.caption(display.plain(view.comparability))
if view.rows.empty:
    st.info(context.t("trends.empty"))
else:
    if view.image is not None:
        errors.guarded(
            context,
            lambda: display.show_chart(
                lambda: view.chart(context.present),
                key="trends_chart",
                dataset=dataset,
                memo_key=("trends", view.key, context.present),
            ),
        )
        downloads.image_downloads(context, view.image, "trends_image")
    if view.comparability and context.present:
        st.caption(
            display.plain(view.comparability)
        )  # under the chart, so the chart fits the screen
    display.captions(view.notes)
    display.about_data(context, indicator, view.rows)
    st.header(context.t("trends.table"))
    display.table(view.table, key="trends_table", present=context.present)
    downloads.downloads(context, view.table, view.subject, view.years, key="trends_download")
