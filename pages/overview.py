"""Overview: what the data covers, headline figures for a region, and the sources' years."""

import streamlit as st

from civdash import views
from civdash.app import display, page_context, url_state, widgets
from civdash.i18n import category_name
from civdash.views import overview

context = page_context.page_setup("overview")
dataset, lang = context.dataset, context.lang
bad_page = st.session_state.pop("bad_page", None)
if bad_page:
    url_state.notice_bad_param("page", bad_page, lang)

st.title(context.t("app.title"))
st.caption(context.t("app.tagline"))
view = overview.build(dataset, lang)
st.markdown(f"**{view.stats}**")

# A presenter's overview leads with the coverage matrix; the search folds into the controls.
search_box = widgets.controls(context)
if not context.present:
    search_box.header(context.t("overview.search"))
query = search_box.text_input(
    context.t("overview.search_label"),
    value=url_state.query_value("q") or "",
    max_chars=overview.SEARCH_MAX_CHARS,
    key="overview_search",
)
url_state.set_param("q", query.strip() or None)
if query.strip():
    found, more = overview.search(dataset, query, lang, context.present)
    if not found:
        st.info(context.t("overview.search_none"))
    for result in found:
        columns = st.columns([6, 1, 1], vertical_alignment="center")
        columns[0].markdown(f"**{display.plain(result.label)}**  \n{display.plain(result.regions)}")
        for column, page in zip(columns[1:], overview.SEARCH_PAGES, strict=True):
            column.page_link(
                f"pages/{page}.py",
                label=context.t(f"overview.search_{page}"),
                query_params=result.queries[page],
            )
    if more:
        st.caption(context.t("overview.search_more", count=more))

st.header(context.t("overview.coverage"))
st.caption(context.t("overview.coverage_help"))
if view.heatmap_note:
    st.caption(view.heatmap_note)


def open_cell(region_id: str, category: str) -> None:
    st.switch_page(
        "pages/data.py",
        query_params=overview.cell_query(region_id, category, lang, context.present),
    )


selection = display.show_chart(
    lambda: view.heatmap(context.present),
    key="overview_matrix",
    dataset=dataset,
    memo_key=("coverage_heatmap", lang, context.present),
    on_select="rerun",
)
cell = display.selected_point(selection, "cell")
if cell:
    open_cell(cell["region_id"], cell["category_id"])

with st.expander(context.t("overview.choose_cell")):
    columns = st.columns([2, 2, 1])
    chosen_region = columns[0].selectbox(
        context.t("label.region"),
        view.region_ids,
        key="overview_cell_region",
        format_func=lambda region_id: dataset.region_name(region_id, lang),
    )
    chosen_category = columns[1].selectbox(
        context.t("label.category"),
        view.category_ids,
        key="overview_cell_category",
        format_func=lambda category: category_name(category, lang),
    )
    if columns[2].button(context.t("label.go"), key="overview_cell_go"):
        open_cell(chosen_region, chosen_category)

st.header(context.t("overview.headline"))
region = widgets.region_picker(
    context,
    "overview_region",
    views.default(dataset, "overview_region"),
    context.t("overview.headline_region"),
)
cards = views.headline_cards(dataset, region, lang)
if not cards:
    st.info(context.t("overview.no_headline"))
for start in range(0, len(cards), 4):
    columns = st.columns(4)
    for column, card in zip(columns, cards[start : start + 4], strict=False):
        with column.container(border=True):
            display.headline_card(card)
            display.source_link(
                context,
                card["source_id"],
                card["observation_id"],
                f"card_link_{card['indicator_id']}",
            )

st.header(context.t("overview.sources"))
display.table(view.sources, key="overview_sources")
