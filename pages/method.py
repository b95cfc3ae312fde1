"""Method: how the figures were curated and checked, what the rules mean, and how to cite."""

import streamlit as st

from civdash.app import display, page_context
from civdash.views import method

context = page_context.page_setup("method")
dataset, lang = context.dataset, context.lang
view = method.build(dataset, lang)

st.title(context.t("page.method"))
st.caption(view.release)
for heading, body in view.sections:
    st.header(heading)
    st.markdown(body)

st.header(context.t("method.vintage"))
st.caption(context.t("method.vintage_help"))
display.table(view.vintage, key="method_vintage", height=36 * (len(view.vintage) + 1) + 4)

st.header(context.t("method.cite"))
st.caption(context.t("data.cite_dataset"))
st.code(view.citation, language=None)
st.caption(context.t("method.cite_sources"))
for source in view.sources:
    st.markdown("- " + display.plain(source))
st.page_link(
    "pages/source.py",
    label=context.t("page.source"),
    icon=":material/article:",
    query_params=view.source_query or None,
)
