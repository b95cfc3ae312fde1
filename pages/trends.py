"""Indicator trends: one indicator over time for one or more regions."""

import streamlit as st

from civdash import charts, curated, images, levels, normalise, ui, views

context = ui.page_setup("trends")
dataset, lang = context.dataset, context.lang

st.title(context.t("page.trends"))
options = views.indicator_options(dataset, lang)
columns = ui.controls(context).columns([3, 2])
indicator = ui.param_choice(
    context,
    "indicator",
    options,
    curated.default(dataset, "trends_indicator"),
    context.t("label.indicator"),
    lambda item: views.indicator_label(dataset, item, lang),
    key="trends_indicator",
    container=columns[0],
    placeholder=context.t("label.search_indicator"),
)
region_options = views.reporting_regions(dataset, indicator)
default_regions = region_options[: views.TREND_REGIONS_DEFAULT]
previous = st.session_state.get("trends_regions_indicator")
if previous not in (None, indicator) and "trends_regions" in st.session_state:
    # The old selection belongs to the old indicator: never hide a region that reports this one.
    st.session_state["trends_regions"] = views.regions_after_indicator_change(
        st.session_state["trends_regions"],
        views.reporting_regions(dataset, previous)[: views.TREND_REGIONS_DEFAULT],
        region_options,
        default_regions,
    )
st.session_state["trends_regions_indicator"] = indicator
regions = ui.param_multi(
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

also = views.also_reported_by(regions, region_options)
if also:
    names = [dataset.region_name(region, lang) for region in also[:12]]
    more = context.t("map.and_more", count=len(also) - 12) if len(also) > 12 else ""
    note, button = st.columns([5, 1], vertical_alignment="center")
    note.caption(
        ui.plain(
            context.t(
                "trends.also_reported", regions=("、" if lang == "zh" else ", ").join(names) + more
            )
        )
    )
    if len(region_options) <= views.TREND_REGIONS_MAX:
        button.button(
            context.t("trends.show_all"),
            key="trends_show_all",
            on_click=lambda: st.session_state.update(trends_regions=list(region_options)),
        )

if len(regions) > views.TREND_REGIONS_MAX:
    st.info(context.t("trends.too_many", shown=views.TREND_REGIONS_MAX, chosen=len(regions)))
    regions = regions[: views.TREND_REGIONS_MAX]
rows = views.trend_rows(dataset, indicator, regions)
per = ui.per_resident_choice(
    context,
    normalise.available_modes(dataset, indicator, regions),
    normalise.RAW,
    key="trends_per",
    blocked_note=normalise.unavailable_note(dataset, indicator, lang),
)
view = normalise.normalise(dataset, rows, per, lang)
comparability = views.comparability_note(dataset, indicator, lang)
if comparability:
    st.caption(ui.plain(context.t("compare.comparability", text=comparability)))
if rows.empty:
    st.info(context.t("trends.empty"))
else:
    title = normalise.titled(dataset.indicator_name(indicator, lang), per, lang)
    line = views.source_line(dataset, view.rows["source_id"], lang)

    def render_chart() -> None:
        ui.show_chart(
            lambda: charts.trend_chart(
                view.rows,
                dataset,
                lang,
                title,
                line,
                present=context.present,
                extra_lines=view.subtitle,
            ),
            key="trends_chart",
            dataset=dataset,
            memo_key=("trend", indicator, tuple(regions), lang, context.present, per),
        )

    if not view.rows.empty:
        ui.guarded(context, render_chart)
        ui.image_downloads(
            context,
            images.trend_image(view.rows, dataset, lang, title, line, extra_lines=view.subtitle),
            "trends_image",
        )
    if view.without_base:
        st.caption(ui.plain(normalise.without_base_note(dataset, view, lang)))
    for level_note in levels.level_notes(dataset, view.rows["region_id"], lang):
        st.caption(ui.plain(level_note))
    if rows["year"].nunique() == 1:
        st.caption(context.t("trends.single_point"))
    if rows["user_supplied"].any():
        st.caption(context.t("notice.user_rows"))
    ui.about_data(context, indicator, rows)
    st.header(context.t("trends.table"))
    table = normalise.rate_table(
        view, views.display_table(dataset, normalise.raw_table_rows(view), lang), lang
    )
    ui.table(table, key="trends_table", present=context.present)
    years = (int(rows["year"].min()), int(rows["year"].max()))
    subject = indicator if per == normalise.RAW else f"{indicator}-{per}"
    ui.downloads(context, table, subject, years, key="trends_download", extra_sheets=None)
