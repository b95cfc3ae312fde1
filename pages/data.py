"""Data & sources: filter every figure, download it, and cite the source documents."""

import streamlit as st

from civdash import views
from civdash.app import display, downloads, page_context, widgets
from civdash.i18n import category_name
from civdash.views import data

context = page_context.page_setup("data")
dataset, lang = context.dataset, context.lang

st.title(context.t("page.data"))
with st.container(border=True):
    st.markdown(f"**{context.t('data.filters')}**")
    top = st.columns(3)
    regions = widgets.param_multi(
        context,
        "region",
        views.regions_with_data(dataset),
        [],
        context.t("label.regions"),
        lambda region_id: dataset.region_name(region_id, lang),
        key="data_regions",
        container=top[0],
    )
    categories = widgets.param_multi(
        context,
        "category",
        views.category_options(dataset),
        [],
        context.t("label.categories"),
        lambda category: category_name(category, lang),
        key="data_categories",
        container=top[1],
    )
    indicators = widgets.param_multi(
        context,
        "indicator",
        data.indicator_choices(dataset, categories, lang),
        [],
        context.t("label.indicators"),
        lambda item: views.indicator_label(dataset, item, lang),
        key="data_indicators",
        container=top[2],
        placeholder=context.t("label.search_indicator"),
    )
    bottom = st.columns([2, 1])
    year_from, year_to = widgets.param_year_range(
        context,
        ("from", "to"),
        data.year_bounds(dataset),
        context.t("label.years"),
        key="data_years",
        container=bottom[0],
    )
    sources = widgets.param_multi(
        context,
        "source",
        dataset.sources["source_id"].tolist(),
        [],
        context.t("label.sources"),
        lambda source_id: data.source_label(dataset, source_id, lang),
        key="data_sources",
        container=bottom[1],
    )

choice = data.DataChoice(
    tuple(regions), tuple(categories), tuple(indicators), year_from, year_to, tuple(sources)
)
view = data.build(dataset, choice, lang)
st.markdown(f"**{view.count}**")
if view.rows.empty:
    st.info(context.t("data.empty"))
else:
    display.table(view.table, key="data_table", height=420)
    if view.shown_first:
        st.caption(view.shown_first)
    downloads.downloads(
        context,
        view.table,
        view.subject,
        view.years,
        key="data_download",
        full=view.full_table,
        total_rows=len(view.rows),
        extra_sheets=view.extra_sheets,
    )
st.download_button(
    context.t("data.download_package"),
    # Built on click: zipping the package takes a moment, seconds for a national dataset.
    data=lambda: data.package_zip(dataset),
    file_name="civil-affairs_data-package.zip",
    mime="application/zip",
    key="data_package",
    on_click="ignore",
)

st.header(context.t("data.sources"))
for card in data.source_cards(dataset, lang):
    with st.container(border=True):
        st.markdown("**" + display.plain(card.title) + "**")
        st.caption(display.plain(card.meta))
        display.source_link(context, card.source_id, None, key=f"data_source_link_{card.source_id}")
        st.caption(context.t("data.cite"))
        # Wrapped: a block that scrolls sideways cannot be scrolled by keyboard.
        st.code(card.citation, language=None, wrap_lines=True)
st.caption(context.t("data.cite_dataset"))
st.code(data.dataset_citation(dataset, lang), language=None, wrap_lines=True)
