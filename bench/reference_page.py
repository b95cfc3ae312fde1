"""Benchmark reference: one 200-point Altair line chart and a 200-row table, with a selectbox."""

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

series = st.selectbox("Series", ["a", "b", "c", "d"], key="reference_series")
generator = np.random.default_rng(ord(series))
frame = pd.DataFrame(
    {"step": np.arange(200), "value": np.cumsum(generator.normal(size=200)), "series": series}
)
chart = alt.Chart(frame).mark_line().encode(x="step:Q", y="value:Q", tooltip=["step", "value"])
st.altair_chart(chart, width="stretch", key="reference_chart")
st.dataframe(frame, hide_index=True, width="stretch", key="reference_table")
