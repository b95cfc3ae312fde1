"""Overview: what the data covers, headline figures for a region, and the sources' years."""

import streamlit as st

from civdash import charts, curated, levels, ui, views
from civdash.i18n import category_name

context = ui.page_setup("overview")
dataset, lang = context.dataset, context.lang
bad_page = st.session_state.pop("bad_page", None)
if bad_page:
    ui.notice_bad_param("page", bad_page, lang)

st.title(context.t("app.title"))
st.caption(context.t("app.tagline"))
st.markdown(
    "**"
    + context.t(
        "overview.stats",
        regions=len(views.regions_with_data(dataset)),
        indicators=dataset.facts["indicator_id"].nunique(),
        figures=len(dataset.facts),
        sources=len(dataset.sources),
    )
    + "**"
)

st.header(context.t("overview.search"))
query = st.text_input(
    context.t("overview.search_label"),
    value=ui.query_value("q") or "",
    max_chars=levels.SEARCH_MAX_CHARS,
    key="overview_search",
)
ui.set_param("q", query.strip() or None)
if query.strip():
    found, more = levels.search_indicators(dataset, query, lang)
    if not found:
        st.info(context.t("overview.search_none"))
    shared = {"lang": lang} if lang != "zh" else {}
    if context.present:
        shared["present"] = "1"
    for result in found:
        columns = st.columns([6, 1, 1], vertical_alignment="center")
        columns[0].markdown(f"**{ui.plain(result.label)}**  \n{ui.plain(result.regions)}")
        for column, page in zip(columns[1:], ("compare", "trends"), strict=True):
            column.page_link(
                f"pages/{page}.py",
                label=context.t(f"overview.search_{page}"),
                query_params={"indicator": result.indicator_id, **shared},
            )
    if more:
        st.caption(context.t("overview.search_more", count=more))

st.header(context.t("overview.coverage"))
st.caption(context.t("overview.coverage_help"))
matrix, region_ids, category_ids = views.coverage_matrix(dataset, lang)


def open_cell(region_id: str, category: str) -> None:
    st.switch_page(
        "pages/data.py",
        query_params={
            key: value
            for key, value in {
                "lang": None if lang == "zh" else lang,
                "region": region_id,
                "category": category,
                "present": "1" if context.present else None,
            }.items()
            if value
        },
    )


selection = ui.show_chart(
    lambda: charts.coverage_heatmap(views.coverage_cells(dataset, lang), lang, context.present),
    key="overview_matrix",
    dataset=dataset,
    memo_key=("coverage_heatmap", lang, context.present),
    on_select="rerun",
)
cell = ui.selected_point(selection, "cell")
if cell:
    open_cell(cell["region_id"], cell["category_id"])

with st.expander(context.t("overview.choose_cell")):
    columns = st.columns([2, 2, 1])
    chosen_region = columns[0].selectbox(
        context.t("label.region"),
        region_ids,
        key="overview_cell_region",
        format_func=lambda region_id: dataset.region_name(region_id, lang),
    )
    chosen_category = columns[1].selectbox(
        context.t("label.category"),
        category_ids,
        key="overview_cell_category",
        format_func=lambda category: category_name(category, lang),
    )
    if columns[2].button(context.t("label.go"), key="overview_cell_go"):
        open_cell(chosen_region, chosen_category)

st.header(context.t("overview.headline"))
region = ui.param_choice(
    context,
    "region",
    views.regions_with_data(dataset),
    curated.default(dataset, "overview_region"),
    context.t("overview.headline_region"),
    lambda region_id: dataset.region_name(region_id, lang),
    key="overview_region",
)
cards = views.headline_cards(dataset, region, lang)
if not cards:
    st.info(context.t("overview.no_headline"))
for start in range(0, len(cards), 4):
    columns = st.columns(4)
    for column, card in zip(columns, cards[start : start + 4], strict=False):
        with column.container(border=True):
            ui.headline_card(card)
            ui.source_link(
                context,
                card["source_id"],
                card["observation_id"],
                f"card_link_{card['indicator_id']}",
            )

st.header(context.t("overview.sources"))
ui.table(views.source_ranges(dataset, lang), key="overview_sources")
