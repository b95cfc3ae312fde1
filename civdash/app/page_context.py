"""The page context: language, presentation mode, the shared and session datasets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from civdash.app.operator_log import log_this_run
from civdash.app.routing import ensure_app_navigation
from civdash.app.url_state import (
    LOGGER,
    SHARED_DEFAULTS,
    _share,
    current_language,
    current_present,
    flush_params,
    history_navigation,
    notice_bad_param,
    refresh_share_link,
    set_param,
)
from civdash.core import limits
from civdash.core.safe_text import escape_markdown
from civdash.data.loader import Dataset, cached_dataset, data_dir, sources_dir, with_user_rows
from civdash.figures import accessibility
from civdash.i18n import DEFAULT_LANGUAGE, text

# Validating 2.9 million synthetic rows line by line would take minutes; large folders get the
# structural checks at load and the full check from `python -m civdash validate`.
FULL_VALIDATION_ROW_LIMIT = 20_000


@st.cache_resource(show_spinner=False)
def shared_dataset(folder: str) -> tuple[Dataset, list[str]]:
    """Load, join and validate the data once per process; every session shares the result."""
    from civdash.data.validate import validate_dataset

    dataset = cached_dataset(folder)
    problems: list[str] = []
    if len(dataset.observations) <= FULL_VALIDATION_ROW_LIMIT:
        report = validate_dataset(folder, sources_dir(Path(folder)), display="data")
        problems = [problem.format() for problem in report.errors]
        for problem in problems:
            LOGGER.error("data problem: %s", problem)
        if problems:
            LOGGER.error("%d data problem(s); run `python -m civdash validate`", len(problems))
    return dataset, problems


@dataclass
class Context:
    """What every page needs: language, presentation mode and the shared dataset."""

    lang: str
    present: bool
    dataset: Dataset
    page: str

    def t(self, key: str, **values) -> str:
        return text(key, self.lang, **values)


def page_setup(page: str) -> Context:
    """Sidebar toggles and URL state common to every page; returns the page's context."""
    log_this_run(page)
    ensure_app_navigation()
    st.session_state[SHARED_DEFAULTS] = {}  # this run's page records its own
    lang = current_language()
    present = current_present()
    dataset, problems = shared_dataset(str(data_dir()))
    context = Context(lang=lang, present=present, dataset=session_dataset(dataset), page=page)
    # First element of every page: <html lang> follows the language, focus rings, hidden text.
    st.html(accessibility.page_head(lang), unsafe_allow_javascript=True)
    if history_navigation():
        # Back or Forward: the toggles follow the URL's language and mode, not the session's.
        # (Dropped, not set: a set value beside value= would show Streamlit's warning.)
        st.session_state.pop("toggle_lang", None)
        st.session_state.pop("toggle_present", None)
    with st.sidebar:
        english = st.toggle(text("sidebar.language", lang), value=lang == "en", key="toggle_lang")
        presenting = st.toggle(
            text("sidebar.present", lang),
            value=present,
            key="toggle_present",
            help=text("sidebar.present_help", lang),
        )
        st.caption(text("sidebar.about", lang))
        share_link(context)
    chosen_lang = "en" if english else "zh"
    if chosen_lang != lang or presenting != present:
        st.session_state["lang"], st.session_state["present"] = chosen_lang, presenting
        set_param("lang", None if chosen_lang == DEFAULT_LANGUAGE else chosen_lang)
        set_param("present", "1" if presenting else None)
        flush_params()
        st.rerun()
    set_param("lang", None if lang == DEFAULT_LANGUAGE else lang)
    set_param("present", "1" if present else None)
    st.session_state["present"] = present
    bad_lang = st.session_state.pop("bad_lang", None)
    if bad_lang:
        notice_bad_param("lang", bad_lang, lang)
    bad_present = st.session_state.pop("bad_present", None)
    if bad_present:
        st.info(escape_markdown(text("notice.bad_present", lang, value=bad_present[:60])), icon="ℹ️")
    if problems:
        # Officials get a calm sentence; the operator's log names each problem and the command.
        st.warning(text("notice.data_problems", lang, count=len(problems)))
    user_banner(lang)
    # Streamlit leaves about 100 px above every title; 4rem clears its fixed header and no more.
    if present:
        # Presentation mode: wider content and larger base text for a projector.
        st.html(
            '<style>[data-testid="stMainBlockContainer"]{max-width:100%;padding-top:4rem;'
            "padding-bottom:2rem}html{font-size:19px}</style>"
        )
    else:
        st.html('<style>[data-testid="stMainBlockContainer"]{padding-top:4rem}</style>')
    return context


USER_ROWS = "user_rows"


def user_rows() -> pd.DataFrame | None:
    """Rows an analyst added in this session; they never touch data/ on disk."""
    return st.session_state.get(USER_ROWS)


def add_user_rows(frame: pd.DataFrame, lang: str) -> bool:
    """Hold an analyst's rows in the session, within limits.MAX_USER_ROWS_PER_SESSION.

    False, after saying so in the page's language, when they would take the session over it.
    """
    current = user_rows()
    if (0 if current is None else len(current)) + len(frame) > limits.MAX_USER_ROWS_PER_SESSION:
        st.error(text("input.session_rows", lang, limit=f"{limits.MAX_USER_ROWS_PER_SESSION:,}"))
        return False
    combined = frame if current is None else pd.concat([current, frame], ignore_index=True)
    # A newer entry for the same region, indicator and year replaces the older one.
    st.session_state[USER_ROWS] = combined.drop_duplicates(
        ["region_id", "indicator_id", "year"], keep="last"
    ).reset_index(drop=True)
    return True


def user_banner(lang: str) -> None:
    """On every page while this session holds user rows: they are marked and not kept."""
    rows = user_rows()
    if rows is not None and not rows.empty:
        st.warning(text("notice.user_rows_banner", lang, count=len(rows)), icon="✍️")


def clear_user_rows() -> None:
    st.session_state.pop(USER_ROWS, None)


def session_dataset(shared: Dataset) -> Dataset:
    """The shared dataset, plus this session's user rows when there are any (built once)."""
    rows = user_rows()
    if rows is None or rows.empty:
        return shared
    cached = st.session_state.get("session_dataset")
    if cached is not None and cached[0] is rows:
        return cached[1]
    session = with_user_rows(shared, rows)
    st.session_state["session_dataset"] = (rows, session)
    return session


def share_link(context: Context) -> None:
    """A 'share link' popover with the full URL of the view, ready to copy.

    Widgets further down the page change the URL after this runs, so the link lives in a slot
    that set_param refills whenever a parameter changes: the link is always the final view's.
    """
    with st.popover(context.t("share.button"), icon=":material/link:", width="stretch"):
        st.caption(context.t("share.intro"))
        slot = st.empty()
        if user_rows() is not None:
            st.warning(context.t("share.user_rows_note"))
        else:
            st.caption(context.t("share.user_rows_note"))
    _share.slot = (slot, context.page)
    refresh_share_link()
