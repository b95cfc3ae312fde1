"""Method: how the figures were curated and checked, what the rules mean, and how to cite."""

import streamlit as st

from civdash import ui

context = ui.page_setup("method")
st.title(context.t("page.method"))
