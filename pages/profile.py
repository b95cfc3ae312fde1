"""City profile: every figure a region reports, grouped by category, with its plans."""

import streamlit as st

from civdash import charts, curated, deck, images, levels, ui, views
from civdash.i18n import category_name
from civdash.views import map as map_view
from civdash.wording import fact_value

context = ui.page_setup("profile")
dataset, lang = context.dataset, context.lang

st.title(context.t("page.profile"))
region = ui.param_choice(
    context,
    "region",
    views.regions_with_data(dataset),
    curated.default(dataset, "profile_region"),
    context.t("profile.choose"),
    lambda region_id: dataset.region_name(region_id, lang),
    key="profile_region",
    container=ui.controls(context),
)
region_row = dataset.regions.set_index("region_id").loc[region]
parent = region_row["parent_id"]
if isinstance(parent, str) and parent:
    st.caption(ui.plain(context.t("profile.parent", parent=dataset.region_name(parent, lang))))
children = [
    child for child in views.regions_with_data(dataset) if dataset.parent_of.get(child) == region
]
if children:
    st.caption(
        ui.plain(
            context.t(
                "profile.children",
                children=", ".join(dataset.region_name(child, lang) for child in children),
            )
        )
    )

ui.deck_download(
    context,
    lambda: deck.region_deck(dataset, region, lang),
    deck.region_file_name(dataset, region),
    key="profile_deck",
)
st.markdown(f"**{context.t('profile.links')}**")
# Each link opens a view about this region: an indicator it reports, its own plan, its figures.
links = views.profile_links(dataset, region, map_view.map_indicator_options(dataset, lang))
shared = {"lang": lang if lang != "zh" else None, "present": "1" if context.present else None}
link_pages = list(views.PROFILE_LINK_PAGES)
link_columns = st.columns(len(link_pages))
for column, page in zip(link_columns, link_pages, strict=True):
    if page in links:
        params = {key: value for key, value in {**links[page], **shared}.items() if value}
        column.page_link(
            f"pages/{page}.py",
            label=context.t(f"page.{page}"),
            query_params=params,
        )
missing_pages = [context.t(f"page.{page}") for page in link_pages if page not in links]
if missing_pages:
    st.caption(
        context.t(
            "profile.no_link",
            pages="、".join(missing_pages) if lang == "zh" else ", ".join(missing_pages),
        )
    )

rows = views.profile_rows(dataset, region)
if rows.empty:
    st.info(context.t("profile.empty"))
for category, category_rows in rows.groupby("category_order", sort=True):
    category_id = category_rows["category"].iloc[0]
    first = category == rows["category_order"].min()
    expander_key = f"profile_category_{category_id}"
    # Opening a category reruns the page, so its small charts are built only once someone looks:
    # a region with a hundred indicators would otherwise build a hundred charts per rerun.
    with st.expander(
        f"{category_name(category_id, lang)} ({category_rows['indicator_id'].nunique()})",
        expanded=first,
        key=expander_key,
        on_change="rerun",
    ):
        is_open = bool(st.session_state.get(expander_key, first))
        for indicator_id, indicator_rows in category_rows.groupby(
            "indicator_id", observed=True, sort=False
        ):
            name = dataset.indicator_name(indicator_id, lang)
            if indicator_rows["year"].nunique() > 1 and not is_open:
                continue
            # Peer context: who else reports this, in which year, and where this region stands.
            peers = levels.peer_summary(dataset, indicator_id, region, lang)
            if indicator_rows["year"].nunique() > 1:
                ui.guarded(
                    context,
                    lambda indicator_rows=indicator_rows, indicator_id=indicator_id: ui.show_chart(
                        lambda: charts.small_trend(indicator_rows, dataset, lang, context.present),
                        key=f"profile_chart_{indicator_id}",
                        dataset=dataset,
                        memo_key=("profile", region, indicator_id, lang, context.present),
                    ),
                )
                ui.image_downloads(
                    context,
                    images.profile_trend_image(indicator_rows, dataset, lang),
                    f"profile_image_{indicator_id}",
                )
                st.caption(ui.plain(peers))
                ui.about_data(context, indicator_id, indicator_rows, key=f"profile_{indicator_id}")
            else:
                latest = indicator_rows.iloc[-1]
                value = fact_value(
                    latest["value"],
                    latest["unit"],
                    lang,
                    latest["qualifier"],
                    latest["period_start"],
                )
                st.markdown(ui.plain(f"{name}: {value} ({views.period_label(latest)})"))
                note = views.note_column(indicator_rows.tail(1), lang).iloc[0]
                st.caption(
                    ui.plain(
                        views.source_titles(dataset, [latest["source_id"]], lang)
                        + " · "
                        + str(latest["excerpt"])
                        + (f" · {note}" if note else "")
                        + f" · {peers}"
                    )
                )
                ui.source_link(
                    context,
                    str(latest["source_id"]),
                    str(latest["observation_id"]),
                    f"profile_link_{indicator_id}",
                )
        table = dataset.memo(
            ("profile_table", region, category_id, lang),
            lambda category_rows=category_rows: views.display_table(dataset, category_rows, lang),
        )
        ui.table(table, key=f"profile_table_{category_id}", present=context.present)

st.header(context.t("profile.sources"))
region_sources = set(rows["source_id"].astype(str))
for source_id in dataset.sources["source_id"]:
    if source_id in region_sources:
        st.markdown("- " + ui.plain(views.source_titles(dataset, [source_id], lang)))
st.header(context.t("profile.plans"))
plans = dataset.plans[dataset.plans["region_id"] == region]
if plans.empty:
    st.caption(context.t("profile.no_plans"))
for plan in plans.itertuples():
    st.markdown(
        "- "
        + ui.plain(plan.name_zh if lang == "zh" else plan.name_en)
        + f" ({plan.start_year}–{plan.end_year})"
    )
if not rows.empty:
    ui.downloads(
        context,
        dataset.memo(
            ("profile_all", region, lang), lambda: views.display_table(dataset, rows, lang)
        ),
        f"profile-{region}",
        (int(rows["year"].min()), int(rows["year"].max())),
        key="profile_download",
    )
