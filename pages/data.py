"""Data & sources: filter every figure, download it, and cite the source documents."""

import streamlit as st

from civdash import package, ui, views
from civdash.i18n import category_name
from civdash.loader import used_categories

context = ui.page_setup("data")
dataset, lang = context.dataset, context.lang
facts = dataset.facts

st.title(context.t("page.data"))
with st.container(border=True):
    st.markdown(f"**{context.t('data.filters')}**")
    top = st.columns(3)
    regions = ui.param_multi(
        context,
        "region",
        views.regions_with_data(dataset),
        [],
        context.t("label.regions"),
        lambda region_id: dataset.region_name(region_id, lang),
        key="data_regions",
        container=top[0],
    )
    category_options = views.category_options(dataset)
    categories = ui.param_multi(
        context,
        "category",
        category_options,
        [],
        context.t("label.categories"),
        lambda category: category_name(category, lang),
        key="data_categories",
        container=top[1],
    )
    indicator_options = views.indicator_options(dataset, lang)
    if categories:
        indicator_options = [
            i for i in indicator_options if dataset.indicator_rows[i]["category"] in categories
        ]
    indicators = ui.param_multi(
        context,
        "indicator",
        indicator_options,
        [],
        context.t("label.indicators"),
        lambda item: views.indicator_label(dataset, item, lang),
        key="data_indicators",
        container=top[2],
        placeholder=context.t("label.search_indicator"),
    )
    bottom = st.columns([2, 1])
    bounds = (int(facts["year"].min()), int(facts["year"].max()))
    year_from, year_to = ui.param_year_range(
        context,
        ("from", "to"),
        bounds,
        context.t("label.years"),
        key="data_years",
        container=bottom[0],
    )
    sources = ui.param_multi(
        context,
        "source",
        dataset.sources["source_id"].tolist(),
        [],
        context.t("label.sources"),
        lambda source_id: views.source_titles(dataset, [source_id], lang),
        key="data_sources",
        container=bottom[1],
    )

rows = views.filter_rows(dataset, regions, categories, indicators, year_from, year_to, sources)
st.markdown(f"**{context.t('data.count', count=len(rows))}**")
if rows.empty:
    st.info(context.t("data.empty"))
else:
    # The grid shows at most DISPLAY_ROWS rows: a national selection has millions, which no
    # one reads on screen and which would take seconds to send; the downloads hold them all.
    table = views.display_table(dataset, rows.head(views.DISPLAY_ROWS), lang)
    ui.table(table, key="data_table", height=420)
    if len(rows) > views.DISPLAY_ROWS:
        st.caption(
            context.t("data.shown_first", shown=f"{views.DISPLAY_ROWS:,}", total=f"{len(rows):,}")
        )
    subject = views.download_subject(regions, categories, indicators)
    ui.downloads(
        context,
        table,
        subject,
        (int(rows["year"].min()), int(rows["year"].max())),
        key="data_download",
        full=lambda: views.display_table(dataset, rows, lang),
        total_rows=len(rows),
        extra_sheets=lambda: {
            context.t("export.sheet_indicators"): views.indicator_sheet(
                dataset, used_categories(rows["indicator_id"]), lang
            ),
            context.t("export.sheet_sources"): views.source_sheet(
                dataset, used_categories(rows["source_id"]), lang
            ),
        },
    )
st.download_button(
    context.t("data.download_package"),
    # Built on click: zipping the package takes a moment, seconds for a national dataset.
    data=lambda: package.package_zip(dataset.folder),
    file_name="civil-affairs_data-package.zip",
    mime="application/zip",
    key="data_package",
    on_click="ignore",
)

st.header(context.t("data.sources"))
for source in dataset.sources.itertuples():
    with st.container(border=True):
        publisher, title = views.source_names(source._asdict(), lang)
        st.markdown("**" + ui.plain(title) + "**")
        st.caption(
            ui.plain(
                f"{publisher} · {source.published} · "
                f"{context.t('kind.' + source.kind)} · sources/{source.file}"
            )
        )
        ui.source_link(context, source.source_id, None, key=f"data_source_link_{source.source_id}")
        st.caption(context.t("data.cite"))
        st.code(
            f"{publisher}.《{title}》. {source.published}."
            if lang == "zh"
            else f'{publisher}. "{title}". {source.published}. '
            f"(Chinese; text in the data package: sources/{source.file})",
            language=None,
            # Wrapped: a block that scrolls sideways cannot be scrolled by keyboard.
            wrap_lines=True,
        )
st.caption(context.t("data.cite_dataset"))
version, released = package.release(dataset.folder)
st.code(
    context.t("data.dataset_citation", version=version, date=released),
    language=None,
    wrap_lines=True,
)
