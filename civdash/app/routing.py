"""Routing and the server session: deep links through st.navigation, no cache clearing."""

from __future__ import annotations

import os

import streamlit as st
from streamlit.runtime.app_session import AppSession

from civdash.app.url_state import LOGGER

APP_MARKER = "routed_by_app"


def ensure_app_navigation() -> None:
    """Route a first deep link through app.py's st.navigation.

    A process starts in Streamlit's legacy pages/ mode because the folder exists; until some
    run calls st.navigation, a deep link such as /trends runs pages/trends.py alone, with the
    file names as navigation. app.py marks every run it routes, so an unmarked run switches
    the process to st.navigation and reruns through app.py.

    Streamlit offers no supported switch for this (its advice is to rename the folder, which the
    project's layout rules out), so this sets the same class flag st.navigation itself sets.
    tests/test_routing.py fails loudly if an upgrade renames or stops reading that flag.
    """
    if st.session_state.get(APP_MARKER):
        return
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


# I2: Streamlit lets any websocket client send clear_cache, which empties the server-wide
# caches (the dataset every session shares) for everyone. In this product no client may:
# the data loads once per process and a restart reloads it. CIVDASH_ALLOW_CLEAR_CACHE=1
# (a developer's machine) keeps Streamlit's behaviour.
ALLOW_CLEAR_CACHE_ENV = "CIVDASH_ALLOW_CLEAR_CACHE"


def _refuse_clear_cache(session) -> None:
    if os.environ.get(ALLOW_CLEAR_CACHE_ENV) == "1":
        _streamlit_clear_cache(session)
        return
    LOGGER.warning("a client asked to clear the server-wide cache; refused")


_streamlit_clear_cache = AppSession._handle_clear_cache_request


AppSession._handle_clear_cache_request = _refuse_clear_cache
