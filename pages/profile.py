"""City profile: every figure a region reports, grouped by category, with its plans."""

import streamlit as st

from civdash import views
from civdash.app import display, downloads, errors, page_context, widgets
from civdash.outputs import slides
from civdash.views import profile

context = page_context.page_setup("profile")
dataset, lang = context.dataset, context.lang

# The heading names the region ("宁波市 · 城市档案"): in presentation mode the picker is folded
# away, and the first screen must still say whose profile it is.
heading = st.empty()
region = widgets.region_picker(
    context,
    "profile_region",
    views.default(dataset, "profile_region"),
    context.t("profile.choose"),
    container=widgets.controls(context),
)
heading.title(
    context.t("profile.heading", region=dataset.region_name(region, lang))
    if region
    else context.t("page.profile")
)
view = profile.build(dataset, region, lang, context.present)
display.captions([view.parent, view.children])

downloads.deck_download(
    context,
    lambda: slides.region_deck(dataset, region, lang),
    slides.region_file_name(dataset, region),
    key="profile_deck",
)
st.markdown(f"**{context.t('profile.links')}**")
# Each link opens a view about this region: an indicator it reports, its own plan, its figures.
link_columns = st.columns(len(profile.PROFILE_LINK_PAGES))
for column, page in zip(link_columns, profile.PROFILE_LINK_PAGES, strict=True):
    if page in view.links:
        column.page_link(
            f"pages/{page}.py", label=context.t(f"page.{page}"), query_params=view.links[page]
        )
if view.missing_links:
    st.caption(view.missing_links)

if view.rows.empty:
    st.info(context.t("profile.empty"))
for section in view.sections:
    expander_key = f"profile_category_{section.category_id}"
    # Opening a category reruns the page, so its small charts are built only once someone looks:
    # a region with a hundred indicators would otherwise build a hundred charts per rerun.
    with st.expander(section.label, expanded=section.first, key=expander_key, on_change="rerun"):
        is_open = bool(st.session_state.get(expander_key, section.first))
        for item in section.items:
            if item.multi_year and not is_open:
                continue
            if item.multi_year:
                errors.guarded(
                    context,
                    lambda item=item: display.show_chart(
                        lambda: item.chart(context.present),
                        key=f"profile_chart_{item.indicator_id}",
                        dataset=dataset,
                        memo_key=("profile", region, item.indicator_id, lang, context.present),
                    ),
                )
                downloads.image_downloads(context, item.image, f"profile_image_{item.indicator_id}")
                st.caption(display.plain(item.peers))
                display.about_data(
                    context, item.indicator_id, item.rows, key=f"profile_{item.indicator_id}"
                )
            else:
                st.markdown(display.plain(item.line))
                st.caption(display.plain(item.detail))
                display.source_link(
                    context,
                    item.source_id,
                    item.observation_id,
                    f"profile_link_{item.indicator_id}",
                )
        display.table(
            section.table, key=f"profile_table_{section.category_id}", present=context.present
        )

st.header(context.t("profile.sources"))
for source in view.sources:
    st.markdown("- " + display.plain(source))
st.header(context.t("profile.plans"))
if not view.plans:
    st.caption(context.t("profile.no_plans"))
for plan in view.plans:
    st.markdown("- " + display.plain(plan))
if not view.rows.empty:
    downloads.downloads(
        context,
        view.table,
        f"profile-{region}",
        view.years,
        key="profile_download",
        total_rows=len(view.rows),
    )
