"""URL state: query parameters read and written once per run, Back and Forward."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import streamlit as st

from civdash.core import links, params
from civdash.core.safe_text import escape_markdown
from civdash.i18n import text

LOGGER = logging.getLogger("civdash")


def history_navigation() -> bool:
    """True when the browser's Back or Forward button started this run.

    Streamlit pushes a history entry whenever st.query_params changes, and on Back reruns with
    the older URL but this session's widget values; the widgets must then follow the URL.
    Streamlit (1.67, pinned) flags such runs on its script-run context; a version without the
    flag reads as False, and Back then keeps the session's widget values.
    """
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    context = get_script_run_ctx()
    return bool(getattr(context, "is_history_navigation", False))


def query_value(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value not in ("", None) else None


def notice_bad_param(name: str, value: str, lang: str) -> None:
    # The offending value is shown escaped: a URL is untrusted input.
    st.info(escape_markdown(text("notice.bad_param", lang, name=name, value=value[:60])), icon="ℹ️")


def current_language() -> str:
    """Language from ?lang=, remembered across page switches (navigation drops the query)."""
    raw = query_value("lang")
    lang, valid = params.language(raw)
    # A page switch drops the query, so the session remembers the language; after Back or
    # Forward the URL itself is the view, and no ?lang= means Chinese.
    if raw is None and "lang" in st.session_state and not history_navigation():
        lang = st.session_state["lang"]
    if not valid:
        st.session_state["bad_lang"] = raw
    st.session_state["lang"] = lang
    return lang


def current_present() -> bool:
    """?present=1 or 0; an invalid value keeps the session's mode and is noticed."""
    raw = query_value("present")
    present, valid = params.present(raw)
    if not valid:
        st.session_state["bad_present"] = raw
    if present is None:
        if history_navigation() and raw is None:
            return False  # Back to a URL without ?present=: the ordinary view
        return bool(st.session_state.get("present", False))
    return present


PENDING_PARAMS = "pending_query_params"


BATCHING_PARAMS = "batching_query_params"


def set_param(name: str, value: str | None) -> None:
    """Keep the URL in step with the view; None removes the parameter.

    Changes are collected and written once at the end of the run (flush_params): Streamlit
    pushes a browser-history entry for every write, so one change of view must be one write,
    or Back would stop at half-updated views.
    """
    if not st.session_state.get(BATCHING_PARAMS):
        # A page run without app.py (AppTest reruns a page directly) writes at once.
        _write_params({name: value})
        return
    pending = st.session_state.get(PENDING_PARAMS) or {}
    pending[name] = value
    st.session_state[PENDING_PARAMS] = pending
    refresh_share_link()


def flush_params() -> None:
    """Write this run's URL changes in a single update (one history entry)."""
    pending = st.session_state.pop(PENDING_PARAMS, None)
    if pending:
        _write_params(pending)


def _with_changes(current: dict[str, str], pending: dict[str, str | None]) -> dict[str, str]:
    wanted = dict(current)
    for name, value in pending.items():
        if value is None:
            wanted.pop(name, None)
        else:
            wanted[name] = value
    return wanted


SHARED_DEFAULTS = "shared_default_params"


def share_default(name: str, value: str) -> None:
    """A default choice the URL leaves out (one history entry per page) but the share link
    spells out, so that a shared link keeps its view even if the defaults change."""
    defaults = st.session_state.setdefault(SHARED_DEFAULTS, {})
    defaults[name] = value
    refresh_share_link()


def view_params() -> dict[str, str]:
    """The URL parameters of the view as it stands now, this run's pending changes included."""
    wanted = _with_changes(st.query_params.to_dict(), st.session_state.get(PENDING_PARAMS) or {})
    for name, value in (st.session_state.get(SHARED_DEFAULTS) or {}).items():
        wanted.setdefault(name, value)
    return wanted


def _write_params(pending: dict[str, str | None]) -> None:
    current = st.query_params.to_dict()
    wanted = _with_changes(current, pending)
    if wanted != current:
        st.query_params.from_dict(wanted)
        refresh_share_link()


def finish_run(run: Callable[[], None]) -> None:
    """Run a page, then write its URL; a switch to another page drops the old page's changes."""
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    st.session_state[BATCHING_PARAMS] = True
    try:
        run()
    except RerunException as rerun:
        context = get_script_run_ctx()
        same_page = context is None or rerun.rerun_data.page_script_hash in (
            "",
            context.page_script_hash,
        )
        if same_page:
            flush_params()
        else:
            st.session_state.pop(PENDING_PARAMS, None)
        raise
    finally:
        st.session_state.pop(BATCHING_PARAMS, None)
        flush_params()


# The share link's slot in this run's page: one script thread runs one session's script at a
# time, and a widget handle has no place in session state (which may have to be serialisable).
_share = threading.local()


def current_share_url(page: str) -> str:
    headers = st.context.headers
    return links.share_url(
        st.context.url,
        {name: headers.get(name) for name in links.HEADER_NAMES if headers.get(name)},
        "" if page == "overview" else page,
        view_params(),
    )


def refresh_share_link() -> None:
    held = getattr(_share, "slot", None)
    if held is None:
        return
    slot, page = held
    # st.code shows the text verbatim with a copy button; a URL is never rendered as Markdown.
    slot.code(current_share_url(page), language=None, wrap_lines=True)


def follow_link_params(names_and_keys: dict[str, str]) -> None:
    """A link into a page with ?name= wins over what the session chose there before."""
    for name, key in names_and_keys.items():
        raw = query_value(name)
        if raw is not None and st.session_state.get(key) not in (None, raw):
            del st.session_state[key]
