"""City comparison: the latest value per region, each bar labelled with its year."""

import streamlit as st

from civdash import charts, curated, images, levels, normalise, ui, views

context = ui.page_setup("compare")
dataset, lang = context.dataset, context.lang
facts = dataset.facts

st.title(context.t("page.compare"))
options = views.indicator_options(dataset, lang)
controls = ui.controls(context)
indicator = ui.param_choice(
    context,
    "indicator",
    options,
    curated.default(dataset, "compare_indicator"),
    context.t("label.indicator"),
    lambda item: views.indicator_label(dataset, item, lang),
    key="compare_indicator",
    container=controls,
    placeholder=context.t("label.search_indicator"),
)
indicator_facts = facts[facts["indicator_id"] == indicator]
candidates = views.focus_regions(dataset)
counties = views.related_regions(dataset, candidates, indicator_facts["region_id"])
if counties:
    # Counties are shown beside, never summed into, their cities.
    candidates = candidates + counties

years_available = sorted({int(year) for year in indicator_facts["year"]})
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

result = views.comparison(dataset, indicator, candidates, year_from, year_to)
per = ui.per_resident_choice(
    context,
    normalise.available_modes(dataset, indicator, result.rows["region_id"]),
    normalise.RAW,
    key="compare_per",
    blocked_note=normalise.unavailable_note(dataset, indicator, lang),
)
view = normalise.normalise(dataset, result.rows, per, lang)
if result.rows.empty:
    st.info(context.t("compare.window_empty" if use_window else "compare.empty"))
else:
    note = ""
    shown_years = sorted({int(year) for year in view.rows["year"]})
    if len(shown_years) > 1:
        note = context.t("compare.mixed_years", years=", ".join(map(str, shown_years)))
        st.warning(note)
    comparability = views.comparability_note(dataset, indicator, lang)
    if comparability:
        st.caption(ui.plain(context.t("compare.comparability", text=comparability)))
    name = normalise.titled(dataset.indicator_name(indicator, lang), per, lang)
    title = context.t("compare.title", indicator=name)
    line = views.source_line(dataset, view.rows["source_id"], lang)

    def render_chart() -> None:
        ui.show_chart(
            lambda: charts.comparison_chart(
                view.rows,
                dataset,
                lang,
                title,
                line,
                note,
                present=context.present,
                extra_lines=view.subtitle,
            ),
            key="compare_chart",
            dataset=dataset,
            memo_key=(
                "compare",
                indicator,
                tuple(candidates),
                year_from,
                year_to,
                lang,
                context.present,
                per,
            ),
        )

    if not view.rows.empty:
        ui.guarded(context, render_chart)
        ui.image_downloads(
            context,
            images.comparison_image(
                view.rows, dataset, lang, title, line, note, extra_lines=view.subtitle
            ),
            "compare_image",
        )
    if view.without_base:
        st.caption(ui.plain(normalise.without_base_note(dataset, view, lang)))
    for level_note in levels.level_notes(dataset, view.rows["region_id"], lang):
        st.caption(ui.plain(level_note))
    ui.about_data(context, indicator, result.rows)
outside = (
    views.outside_window_text(dataset, result, (year_from, year_to), lang) if use_window else ""
)
if outside:
    st.markdown(ui.plain(outside))
if result.not_reported:
    names = "、".join if lang == "zh" else ", ".join
    st.markdown(
        ui.plain(
            context.t(
                "compare.not_reported",
                regions=names(dataset.region_name(region, lang) for region in result.not_reported),
            )
        )
    )
if not result.rows.empty:
    table = normalise.rate_table(
        view, views.display_table(dataset, normalise.raw_table_rows(view), lang), lang
    )
    ui.table(table, key="compare_table", present=context.present)
    ui.downloads(
        context,
        table,
        f"{indicator}-latest" + ("" if per == normalise.RAW else f"-{per}"),
        (min(result.years), max(result.years)),
        key="compare_download",
    )
