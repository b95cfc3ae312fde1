"""The one civdash module that imports streamlit: shared state, URL parameters and widgets."""

from __future__ import annotations

import html
import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit import dataframe_util
from streamlit.runtime.app_session import AppSession

from civdash.core import file_names, limits, links, logs, params
from civdash.core.safe_text import escape_markdown
from civdash.data.loader import Dataset, cached_dataset, data_dir, sources_dir, with_user_rows
from civdash.figures import accessibility
from civdash.i18n import DEFAULT_LANGUAGE, LANGUAGES, text
from civdash.outputs import tables

LOGGER = logging.getLogger("civdash")
APP_MARKER = "routed_by_app"
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


def log_this_run(page: str | None = None) -> None:
    """Set up the operator log (once per process) and name this run's page and session in it."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    logs.configure()
    run = get_script_run_ctx()
    # Eight letters and digits of Streamlit's session id (a UUID) tell sessions apart in a log.
    session = "".join(char for char in run.session_id if char.isalnum())[:8] if run else None
    logs.bind(page, session)


def problem_reasons(problems) -> str:
    """The i18n keys of the problems (what kind of refusal), never the cells they quote."""
    return ",".join(sorted({problem.key for problem in problems if problem.key})[:6]) or "-"


def log_refused_upload(kind: str, data: bytes, name: str, **counts) -> None:
    """One INFO record per refused upload: its kind, size and counts, never its content.

    The page and session come from the run (log_this_run); of the name only its type is kept.
    """
    suffix = Path(name).suffix.lower()[:10] or "-"
    details = " ".join(f"{key}={value}" for key, value in counts.items())
    LOGGER.info(
        "upload refused: %s, %d bytes, type %s%s",
        kind,
        len(data),
        suffix,
        f", {details}" * bool(details),
    )


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


def param_choice(
    context: Context,
    name: str,
    options: Sequence[str],
    default: str | None,
    label: str,
    format_func: Callable[[str], str],
    key: str,
    container=None,
    **widget_options,
) -> str | None:
    """A selectbox whose value lives in ?name=; an invalid value falls back with a notice."""
    if not options:
        return None
    raw = query_value(name)
    if key not in st.session_state or history_navigation():
        if params.identifier(raw) is not None and raw in options:
            st.session_state[key] = raw
        else:
            if raw is not None:
                notice_bad_param(name, raw, context.lang)
            st.session_state[key] = default if default in options else options[0]
    elif st.session_state[key] not in options:
        st.session_state[key] = default if default in options else options[0]
    target = container or st
    value = target.selectbox(
        label, list(options), format_func=format_func, key=key, **widget_options
    )
    # A page opened without the parameter shows its default without writing it: a write would
    # push a second history entry, and Back would land on the same view (two Backs per page).
    explicit = raw is not None and raw == value
    if explicit or value != fallback_default(default, options):
        set_param(name, value)
    else:
        set_param(name, None)
        share_default(name, value)
    return value


def fallback_default(default: str | None, options: Sequence[str]) -> str:
    return default if default in options else options[0]


def indicator_picker(context: Context, key: str, default: str, container=None) -> str:
    """The searchable '类别 · 指标' selectbox kept in ?indicator= (trends, compare, map)."""
    from civdash.data.indicator_names import indicator_label, indicator_options

    dataset, lang = context.dataset, context.lang
    return param_choice(
        context,
        "indicator",
        indicator_options(dataset, lang),
        default,
        context.t("label.indicator"),
        lambda item: indicator_label(dataset, item, lang),
        key=key,
        container=container,
        placeholder=context.t("label.search_indicator"),
    )


def region_picker(
    context: Context, key: str, default: str, label: str, container=None
) -> str | None:
    """A selectbox of the regions with figures, focus regions first, kept in ?region=."""
    from civdash.data.region_names import regions_with_data

    dataset, lang = context.dataset, context.lang
    return param_choice(
        context,
        "region",
        regions_with_data(dataset),
        default,
        label,
        lambda region_id: dataset.region_name(region_id, lang),
        key=key,
        container=container,
    )


def captions(lines: Sequence[str]) -> None:
    """Notes under a chart, each as plain text (a note may quote data)."""
    for line in lines:
        if line:
            st.caption(plain(line))


def param_multi(
    context: Context,
    name: str,
    options: Sequence[str],
    default: Sequence[str],
    label: str,
    format_func: Callable[[str], str],
    key: str,
    container=None,
    **widget_options,
) -> list[str]:
    """A multiselect stored as ?name=a,b,c; unknown items are dropped with a notice."""
    raw = query_value(name)
    if key not in st.session_state or history_navigation():
        chosen = list(default)
        if raw is not None:
            items, well_formed = params.identifier_list(raw)
            known = [item for item in items if item in options]
            unknown = [item for item in items if item not in options]
            regions = set(context.dataset.regions["region_id"].astype(str))
            if well_formed and name in ("region", "regions") and set(unknown) <= regions:
                # A real region that does not report the indicator is not an invalid link.
                if unknown:
                    names = ("、" if context.lang == "zh" else ", ").join(
                        context.dataset.region_name(item, context.lang) for item in unknown
                    )
                    st.info(plain(text("notice.not_reporting", context.lang, regions=names)))
            elif not well_formed or len(known) != len(items):
                notice_bad_param(name, raw, context.lang)
            chosen = known or list(default)
        st.session_state[key] = [item for item in chosen if item in options]
    target = container or st
    # Streamlit's own placeholder is English ("Choose options"); ours follows the language.
    widget_options.setdefault("placeholder", context.t("label.all_placeholder"))
    values = target.multiselect(
        label, list(options), format_func=format_func, key=key, **widget_options
    )
    explicit = raw is not None and raw == ",".join(values)
    unchanged = not explicit and list(values) == [item for item in default if item in options]
    set_param(name, ",".join(values) if values and not unchanged else None)
    if unchanged and values:
        share_default(name, ",".join(values))
    return values


def param_year_range(
    context: Context,
    names: tuple[str, str],
    bounds: tuple[int, int],
    label: str,
    key: str,
    container=None,
) -> tuple[int, int]:
    """A year slider stored as ?from=&to=; values outside the data fall back to the bounds,
    and a range given backwards is swapped; each fallback shows a notice."""
    low, high = bounds
    if key not in st.session_state or history_navigation():
        chosen = [low, high]
        for position, name in enumerate(names):
            raw = query_value(name)
            if raw is None:
                continue
            year = params.year(raw)
            if year is not None and low <= year <= high:
                chosen[position] = year
            else:
                notice_bad_param(name, raw, context.lang)
        if chosen[0] > chosen[1]:
            st.info(
                text(
                    "notice.swapped_years",
                    context.lang,
                    start=chosen[0],
                    end=chosen[1],
                    low=chosen[1],
                    high=chosen[0],
                ),
                icon="ℹ️",
            )
        st.session_state[key] = (min(chosen), max(chosen))
    target = container or st
    if low == high:
        target.caption(f"{label}: {low}")
        return low, high
    start, end = target.slider(label, min_value=low, max_value=high, step=1, key=key)
    set_param(names[0], str(start) if start != low else None)
    set_param(names[1], str(end) if end != high else None)
    return start, end


def show_chart(
    chart: Callable[[], Any] | Any,
    key: str,
    dataset: Dataset | None = None,
    memo_key: tuple | None = None,
    on_select: str | None = None,
) -> Any:
    """An Altair chart (or a function that builds one), sent as its Vega-Lite spec.

    With `dataset` and `memo_key` the spec is built once per dataset and reused by every rerun
    and session: building and serialising a layered chart is most of a page's rerun time.
    Our builders make the same, tested charts every time, so Altair's JSON-schema validation
    is skipped; the spec and its data are unchanged.
    """

    def spec() -> dict:
        from civdash.figures.charts import spec as chart_spec

        vega_spec = chart_spec(chart if hasattr(chart, "to_dict") else chart())
        # Datasets go to the browser as Arrow; converting them here, once, spares Streamlit
        # converting them on every rerun (about 10 ms a chart, a second for a national profile).
        vega_spec["datasets"] = {
            name: dataframe_util.convert_anything_to_arrow_bytes(pd.DataFrame(values))
            for name, values in vega_spec.get("datasets", {}).items()
        }
        return vega_spec

    if dataset is not None and memo_key is not None:
        vega_spec = dataset.memo(("chart", *memo_key), spec)
    else:
        vega_spec = spec()
    if on_select is None:
        st.vega_lite_chart(vega_spec, width="stretch", key=key)
        return None
    return st.vega_lite_chart(vega_spec, width="stretch", key=key, on_select=on_select)


def selected_point(selection: Any, name: str) -> dict | None:
    """The fields of the point a user clicked in a chart's selection `name`, if any."""
    if not selection:
        return None
    points = selection.get("selection", {}).get(name) or []
    return points[0] if points else None


def screen_reader_text(sentence: str, lang: str) -> None:
    """A sentence read aloud but not drawn, such as a map's summary beside its canvas."""
    st.html(accessibility.screen_reader_html(sentence, lang))


def source_link(context: Context, source_id: str, observation_id: str | None, key: str) -> None:
    """'查看原文 / view in source': the report opened at this figure, highlighted."""
    from civdash.figures.source_text import source_query

    if source_id == "user":
        return
    with st.container(key=key):
        st.page_link(
            "pages/source.py",
            label=context.t("label.view_source"),
            icon=":material/article:",
            query_params=source_query(source_id, observation_id, context.lang, context.present),
            help=context.t("label.view_source_help"),
        )


def about_data(
    context: Context, indicator_id: str, rows: pd.DataFrame | None = None, key: str = ""
) -> None:
    """The folded 'About this data' panel under a chart or map (a popover inside an expander)."""
    from civdash.figures.about_panel import about

    # The panel describes the figures on screen: the regions and years shown decide it.
    facts_key = (tuple(sorted(rows["observation_id"].astype(str))),) if rows is not None else ()
    info = context.dataset.memo(
        ("about", indicator_id, context.lang, facts_key),
        lambda: about(context.dataset, indicator_id, context.lang, rows),
    )
    title = context.t("about.title")
    folded = st.popover(title, key=f"about_{key}") if key else st.expander(title)
    with folded:
        lines = [
            (context.t("about.definition"), info.definition),
            (context.t("about.unit"), info.unit),
            (context.t("about.comparability"), info.comparability),
            (context.t("about.latest"), str(info.latest_year or "–")),
        ]
        for label, value in lines:
            if value:
                st.markdown(f"**{plain(label)}**: {plain(value)}")
        st.markdown(f"**{plain(context.t('about.sources'))}**")
        for source in info.sources:
            st.markdown("- " + plain(source))
        st.markdown(f"**{plain(context.t('about.limits'))}**")
        for limit in info.limits:
            st.markdown("- " + plain(limit))
        st.page_link(
            "pages/method.py",
            label=context.t("about.method_link"),
            icon=":material/menu_book:",
            query_params={"lang": context.lang} if context.lang != "zh" else None,
        )


def follow_link_params(names_and_keys: dict[str, str]) -> None:
    """A link into a page with ?name= wins over what the session chose there before."""
    for name, key in names_and_keys.items():
        raw = query_value(name)
        if raw is not None and st.session_state.get(key) not in (None, raw):
            del st.session_state[key]


def plain(value: object) -> str:
    """Data text made safe for a Markdown-rendering widget."""
    return escape_markdown(value)


# The table builder's link to each figure's sentence in its report (views.display_table).
LINK_COLUMNS = {text("label.view_source", lang): lang for lang in LANGUAGES}


def without_links(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for a file: app-relative links mean nothing outside the app."""
    links = [column for column in frame.columns if column in LINK_COLUMNS]
    return frame.drop(columns=links) if links else frame


# In presentation mode a table up to this long is drawn as text that grows with the page's font
# (the interactive grid is a canvas with a fixed small font); longer ones stay a grid.
PRESENT_TABLE_ROWS = 40


def table(frame: pd.DataFrame, key: str, height: int | str = "auto", present: bool = False) -> None:
    """A data table: cells are rendered as text by the grid, never as Markdown or HTML."""
    if present and len(frame) <= PRESENT_TABLE_ROWS:
        # A projected text table cannot be clicked: its link column would only show addresses,
        # and ids are for analysts' downloads, not for a room; what is left fits the screen.
        shown = without_links(frame)
        shown = shown[[c for c in shown.columns if not str(c).endswith((" ID", "_id"))]]
        st.table(text_cells(shown).style.hide(axis="index"), border="horizontal")
        return
    config = {
        column: st.column_config.LinkColumn(
            column,
            display_text=column,
            help=text("label.view_source_help", LINK_COLUMNS[column]),
        )
        for column in frame.columns
        if column in LINK_COLUMNS
    }
    st.dataframe(
        frame, hide_index=True, width="stretch", key=key, height=height, column_config=config
    )


def text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell and header as escaped text, missing as '–' (st.table renders Markdown)."""

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "–"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return plain(value)

    shown = frame.map(cell)
    shown.columns = [plain(column) for column in frame.columns]
    return shown.reset_index(drop=True)


CARD_STYLE = (
    "<style>.civdash-card{line-height:1.25}"
    ".civdash-card .label{font-size:0.875rem;overflow-wrap:anywhere}"
    ".civdash-card .number{font-size:2.1rem;font-weight:600;overflow-wrap:anywhere}"
    ".civdash-card .unit{font-size:1rem;color:#4a4f55;overflow-wrap:anywhere}"
    ".civdash-card .source{font-size:0.8rem;color:#5f6368;margin-top:0.5rem;"
    "overflow-wrap:anywhere}</style>"
)


def headline_card(card: dict) -> None:
    """One key figure: label and year, the number large, its unit on a line of its own.

    Nothing is cut off: a long unit or label wraps instead (st.metric truncates with '…').
    """
    number, unit = card["parts"]
    st.html(
        CARD_STYLE + '<div class="civdash-card">'
        f'<div class="label">{html.escape(card["label"])} ({card["year"]})</div>'
        f'<div class="number">{html.escape(number)}</div>'
        f'<div class="unit">{html.escape(unit) or "&nbsp;"}</div>'
        f'<div class="source">{html.escape(card["source"])}</div></div>'
    )


def controls(context: Context):
    """Where a page's choices go; in presentation mode they fold away so the chart leads."""
    if context.present:
        return st.expander(context.t("present.controls"), expanded=False)
    return st.container()


def downloads(
    context: Context,
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    subject: str,
    years: tuple[int | None, int | None] | None,
    key: str,
    extra_sheets: Callable[[], dict[str, pd.DataFrame]] | None = None,
    full: Callable[[], pd.DataFrame] | None = None,
    total_rows: int | None = None,
) -> None:
    """CSV (UTF-8 with BOM) and XLSX of the table on screen, sources included.

    When the screen shows only the first rows of a long selection, `full` builds the whole
    table and `total_rows` says how long it is; the files then hold every row. `frame` may be
    a function that builds the table (with `total_rows` given). `extra_sheets` builds the
    workbook's other sheets, on click like the rest.
    """
    # Side by side, left-aligned: two equal columns put the XLSX button half a page away.
    row = st.container(horizontal=True, gap="small")
    build = full or (frame if callable(frame) else (lambda: frame))
    total_rows = len(frame) if total_rows is None else total_rows

    def whole() -> pd.DataFrame:
        return without_links(build())

    # The bytes are built only when someone clicks (a callable): writing a CSV and a workbook
    # was a third of a page's rerun, paid on every rerun for files rarely downloaded.
    row.download_button(
        context.t("data.download_csv"),
        data=lambda: tables.csv_bytes(whole()),
        file_name=file_names.file_name(subject, years, "csv"),
        mime="text/csv",
        key=f"{key}_csv",
        help=context.t("data.download_help"),
        on_click="ignore",
    )

    def sheets() -> dict[str, pd.DataFrame]:
        return {context.t("export.sheet_data"): whole(), **(extra_sheets() if extra_sheets else {})}

    too_long = total_rows > tables.XLSX_MAX_ROWS
    row.download_button(
        context.t("data.download_xlsx"),
        data=b"" if too_long else (lambda: tables.xlsx_bytes(sheets())),
        file_name=file_names.file_name(subject, years, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
        disabled=too_long,
        help=context.t("data.xlsx_too_long", limit=f"{tables.XLSX_MAX_ROWS:,}")
        if too_long
        else None,
    )


# Set by tests/conftest.py: under tests a failing page part must fail the test, not hide
# behind the calm warning an official sees.
RAISE_ERRORS_ENV = "CIVDASH_RAISE_ERRORS"


def raise_errors() -> bool:
    return os.environ.get(RAISE_ERRORS_ENV) == "1"


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


def run_heavy(context: Context, function: Callable, *args, budget_seconds: float) -> Any | None:
    """function(*args) in a worker process (civdash.jobs.worker), so other sessions keep being
    served; None after a message in the page's language when it was busy, slow or failed.

    While the job waits its place in the queue is shown, and while it runs a progress bar
    (the share of its time budget used); the session's id keeps it to one worker slot."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from civdash.jobs import worker

    run_context = get_script_run_ctx()
    owner = run_context.session_id if run_context is not None else ""
    input_bytes = sum(len(value) for value in args if isinstance(value, bytes | str))
    bar = st.empty()

    def waiting(position: int) -> None:
        bar.progress(0.0, text=context.t("input.queued", position=position))

    def running(share: float) -> None:
        bar.progress(share, text=context.t("input.working"))

    try:
        return worker.run(
            function,
            *args,
            budget_seconds=budget_seconds,
            owner=owner,
            input_bytes=input_bytes,
            on_wait=waiting,
            on_progress=running,
        )
    except worker.WorkerError as error:
        st.error(context.t(error.key, **error.values))
        return None
    finally:
        bar.empty()


def upload_limit_help(context: Context, help_text: str) -> str:
    """An uploader's help text followed by the documented size limit."""
    return f"{help_text} " + context.t(
        "input.limit_help", limit_mb=limits.MAX_UPLOAD_MB, limit=f"{limits.MAX_UPLOAD_BYTES:,}"
    )


def guarded(context: Context, render: Callable[[], None]) -> None:
    """Run one part of a page; a failure shows a calm message instead of a traceback."""
    try:
        render()
    except Exception:  # noqa: BLE001 - a page part must never show a traceback to an official
        LOGGER.exception("page part failed on %s", context.page)
        if raise_errors():
            raise
        st.warning(context.t("error.generic"))


def per_resident_choice(
    context: Context,
    modes: Sequence[str],
    default: str,
    key: str,
    blocked_note: str = "",
    container=None,
) -> str:
    """The raw / per 10,000 residents / per 1,000 aged 60+ switch, kept in ?per=.

    Only the modes with a population base are offered. With none, the switch is shown
    disabled on the raw value, and `blocked_note` says why (a rate, a standard, no base).
    """
    from civdash.method.per_capita import MODES, RAW, mode_label

    target = container or st
    options = list(modes) or [RAW]
    if len(options) == 1 and st.session_state.get("present"):
        # A presenter's screen shows no switch that cannot switch, nor its note (m13).
        set_param("per", None)
        return options[0]
    default = default if default in options else RAW
    raw = query_value("per")
    # After Back or Forward the URL is the view: the switch follows it. Writing the session's
    # value instead would replace the URL the user went back to (Streamlit replaces, not
    # pushes, during history navigation), so Back could never undo a change of mode.
    if key not in st.session_state or history_navigation():
        valid = params.identifier(raw) is not None and raw in options
        if raw is not None and not valid:
            from civdash.method.per_capita import MODES

            if raw in MODES:
                # A real mode this indicator cannot offer: say why, not "invalid".
                reason = (
                    blocked_note
                    if len(options) == 1 and blocked_note
                    else context.t("notice.per_no_base_here")
                )
                st.info(
                    plain(
                        context.t(
                            "notice.per_not_offered",
                            mode=mode_label(raw, context.lang),
                            reason=reason,
                            shown=mode_label(default, context.lang),
                        )
                    )
                )
            else:
                notice_bad_param("per", raw, context.lang)
        st.session_state[key] = raw if valid else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    value = target.radio(
        context.t("per.label"),
        options if len(options) > 1 else [RAW],
        format_func=lambda mode: mode_label(mode, context.lang),
        key=key,
        horizontal=True,
        disabled=len(options) == 1,
        help=context.t("per.help"),
    )
    if len(options) == 1 and blocked_note:
        target.caption(blocked_note)
    set_param("per", None if value == default else value)
    return value


def image_downloads(context: Context, image: Any, key: str) -> None:
    """下载图片: PNG and SVG of a chart at slide and A4 sizes, each drawn only when clicked.

    `image` is a ChartImage (cheap: it holds the builder, not a drawing); nothing is rendered
    on a rerun.
    """
    from civdash.figures import chart_images

    with st.popover(
        context.t("image.download"), icon=":material/image:", help=context.t("image.help")
    ):
        if not chart_images.font_available():
            st.warning(context.t("image.font_missing"))
            return
        for size in chart_images.SIZES:
            st.caption(context.t(f"image.{'slide' if size is chart_images.SLIDE else 'document'}"))
            columns = st.columns(2)
            for column, extension, mime in (
                (columns[0], "png", "image/png"),
                (columns[1], "svg", "image/svg+xml"),
            ):
                column.download_button(
                    extension.upper(),
                    data=_deferred_image(image, size, extension),
                    file_name=chart_images.file_name(image, size, extension),
                    mime=mime,
                    key=f"{key}_{size.key}_{extension}",
                    on_click="ignore",
                )


def _deferred_image(image: Any, size: Any, extension: str) -> Callable[[], bytes]:
    from civdash.figures import chart_images

    def render() -> bytes:
        try:
            if extension == "png":
                return chart_images.png_bytes(image, size)
            return chart_images.svg_bytes(image, size)
        except Exception:
            LOGGER.exception(
                "chart image failed: %s", chart_images.file_name(image, size, extension)
            )
            raise

    return render


def deck_download(context: Context, build: Callable[[], bytes], file_name: str, key: str) -> None:
    """生成汇报PPT: a .pptx built when clicked (it renders several charts)."""
    st.download_button(
        context.t("deck.button"),
        data=build,
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key=key,
        icon=":material/slideshow:",
        help=context.t("deck.help"),
        on_click="ignore",
    )


def picture(png: bytes, key: str, width_px: int, alt: str) -> None:
    """A server-drawn picture shown at most `width_px` CSS pixels wide, with its alt text.

    Drawn with more pixels than that for sharpness; `width="stretch"` keeps Streamlit from
    resizing it on every rerun, and the style caps its width on screen.
    """
    with st.container(key=key):
        st.html(f"<style>.st-key-{key} img{{max-width:{int(width_px)}px}}</style>")
        # PNG as drawn: "auto" would re-encode an opaque image as JPEG on every rerun.
        st.image(png, width="stretch", alt=alt, output_format="PNG")
