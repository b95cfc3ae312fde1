"""Method: how the figures were curated and checked, what the rules mean, and how to cite."""

import streamlit as st

from civdash import about, package, ui, views
from civdash.method_text import SECTIONS

context = ui.page_setup("method")
dataset, lang = context.dataset, context.lang

st.title(context.t("page.method"))
version, released = package.release(dataset.folder)
st.caption(context.t("method.release", version=version, date=released))
for section in SECTIONS:
    heading, body = section[lang]
    st.header(heading)
    st.markdown(body)

st.header(context.t("method.vintage"))
st.caption(context.t("method.vintage_help"))
vintage = dataset.memo(("vintage", lang), lambda: about.vintage(dataset, lang))
ui.table(vintage, key="method_vintage", height=36 * (len(vintage) + 1) + 4)

st.header(context.t("method.cite"))
st.caption(context.t("data.cite_dataset"))
st.code(context.t("data.dataset_citation", version=version, date=released), language=None)
st.caption(context.t("method.cite_sources"))
for source_id in dataset.sources["source_id"]:
    st.markdown("- " + ui.plain(views.source_titles(dataset, [source_id], lang)))
st.page_link(
    "pages/source.py",
    label=context.t("page.source"),
    icon=":material/article:",
    query_params={"lang": lang} if lang != "zh" else None,
)
