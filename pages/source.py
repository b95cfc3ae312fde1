"""Source texts: each report in full, every curated figure marked; ?source=&obs= opens a figure."""

import streamlit as st

from civdash.app import display, page_context, url_state, widgets
from civdash.views import source as source_page

context = page_context.page_setup("source")
dataset, lang = context.dataset, context.lang

st.title(context.t("page.source"))
st.caption(context.t("source.intro"))
source_ids = dataset.sources["source_id"].tolist()
url_state.follow_link_params({"source": "source_choice", "obs": "source_figure"})
columns = st.columns([3, 2])
source = widgets.param_choice(
    context,
    "source",
    source_ids,
    source_ids[0],
    context.t("source.choose"),
    lambda source_id: source_page.source_label(dataset, source_id, lang),
    key="source_choice",
    container=columns[0],
)
view = source_page.build(dataset, source, lang)
if view.raw is None:
    st.error(context.t("source.missing"))
    st.stop()
target = widgets.param_choice(
    context,
    "obs",
    ["", *view.in_order],
    "",
    context.t("source.figure"),
    lambda observation_id: (
        view.labels.get(observation_id, context.t("source.no_figure"))
        if observation_id
        else context.t("source.no_figure")
    ),
    key="source_figure",
    container=columns[1],
)

toggles = st.columns(3)
hide_pinyin = simplified = False
if view.traditional:
    hide_pinyin = toggles[0].toggle(
        context.t("source.hide_pinyin"),
        value=True,
        key="source_hide_pinyin",
        help=context.t("source.hide_pinyin_help"),
    )
    # Readers of this dashboard read simplified characters: the scrape is shown simplified
    # unless they ask for the original (the stored text and excerpts never change).
    simplified = toggles[1].toggle(
        context.t("source.simplified"),
        value=True,
        key="source_simplified",
        help=context.t("source.simplified_help"),
    )
toggles[2].download_button(
    context.t("source.download"),
    data=view.raw.encode("utf-8"),
    file_name=view.file_name,
    mime="text/plain",
    key="source_download",
    on_click="ignore",
)

with st.container(border=True):
    st.markdown("**" + display.plain(view.title) + "**")
    display.captions([view.original_title, view.meta, view.count])

if target:
    target_row = view.figures[view.figures["observation_id"] == target].iloc[0]
    with st.container(border=True, key="source_target"):
        st.markdown(display.plain(context.t("source.target", label=view.labels[target])))
        st.caption(display.plain(context.t("source.excerpt", excerpt=target_row["excerpt"])))

body = source_page.body_html(dataset, view, lang, hide_pinyin, simplified, target)
st.html(body)
if target and target in view.marked.first_mark:
    # The script holds the mark's number only; the text above is escaped data.
    st.html(source_page.scroll_script(view, target), unsafe_allow_javascript=True)
