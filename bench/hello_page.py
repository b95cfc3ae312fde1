"""Benchmark baseline: the smallest Streamlit page, one line of text."""

import streamlit as st

st.write("hello")
