"""Streamlit entry point: page config, localised navigation and ?page= deep links."""

import streamlit as st

from civdash.app import operator_log, url_state
from civdash.i18n import PAGE_KEYS, text

# The operator log is set up before anything can log; each page names itself in page_setup.
operator_log.log_this_run()
# The one parse of ?lang= and ?present= (the page's setup reads the same, with its notices).
lang, present = url_state.current_language(), url_state.current_present()
st.set_page_config(
    page_title=text("app.title", lang),
    page_icon="📊",
    layout="wide",
    # "auto" folds the sidebar on a phone (a link opened in WeChat) and opens it on a desktop.
    initial_sidebar_state="collapsed" if present else "auto",
)

# File names give the URL paths (/trends, /compare, ...); a custom url_path breaks deep links
# when the folder is called pages/.
pages = {
    key: st.Page(f"pages/{key}.py", title=text(f"page.{key}", lang), default=key == "overview")
    for key in PAGE_KEYS
}
current = st.navigation(list(pages.values()), position="sidebar")

requested = st.query_params.get("page")
if requested:
    remaining = {name: value for name, value in st.query_params.to_dict().items() if name != "page"}
    if requested in pages and pages[requested].url_path != current.url_path:
        st.switch_page(pages[requested], query_params=remaining)
    if requested not in pages:
        st.session_state["bad_page"] = requested
    del st.query_params["page"]

st.session_state["routed_by_app"] = True
# The page's URL changes are written once, after it ran: one history entry per change of view.
url_state.finish_run(current.run)
