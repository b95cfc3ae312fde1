"""Widgets bound to URL parameters: pickers, year ranges, per-resident choice."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from civdash.app.display import plain
from civdash.app.page_context import Context
from civdash.app.url_state import (
    history_navigation,
    notice_bad_param,
    query_value,
    set_param,
    share_default,
)
from civdash.core import params
from civdash.i18n import text


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


def controls(context: Context):
    """Where a page's choices go; in presentation mode they fold away so the chart leads."""
    if context.present:
        return st.expander(context.t("present.controls"), expanded=False)
    return st.container()


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
