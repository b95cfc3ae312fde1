"""Coverage map: the latest station counts and coverage rates per region, and a station upload."""

import streamlit as st

from civdash import views
from civdash.app import display, downloads, errors, operator_log, page_context, url_state, widgets
from civdash.core import limits
from civdash.data import choices, geo
from civdash.figures import accessibility
from civdash.figures.map import legend, picture, style
from civdash.figures.map.geometry import map_geometry, map_height, map_width
from civdash.figures.map.style import COUNT
from civdash.jobs import station_job
from civdash.method import per_capita, walking_coverage
from civdash.views import map as map_view

context = page_context.page_setup("map")
dataset, lang = context.dataset, context.lang

st.title(context.t("map.title"))
if not context.present:  # a presenter's screen keeps the map, title, legend and source
    st.caption(context.t("map.intro"))
# In presentation mode the choices fold away, so the map and its legend fill the first screen.
controls = widgets.controls(context)
indicator = widgets.param_choice(
    context,
    "indicator",
    map_view.map_indicator_options(dataset, lang),
    choices.default(dataset, "map_indicator"),
    context.t("label.indicator"),
    lambda item: views.indicator_label(dataset, item, lang),
    key="map_indicator",
    placeholder=context.t("label.search_indicator"),
    container=controls,
)
figures = map_view.map_figures(dataset, indicator, lang)
modes = per_capita.available_modes(dataset, indicator, figures.reported["region_id"])
per = widgets.per_resident_choice(
    context,
    modes,
    map_view.default_mode(dataset, indicator, modes),
    key="map_per",
    blocked_note=per_capita.unavailable_note(dataset, indicator, lang),
    container=controls,
)
# The zoomable map is part of the view: ?zoom=1 opens it, and Back follows it (m8).
if "map_interactive" not in st.session_state or url_state.history_navigation():
    st.session_state["map_interactive"] = url_state.query_value("zoom") == "1"
url_state.set_param("zoom", "1" if st.session_state.get("map_interactive") else None)
figures = map_view.map_figures(dataset, indicator, lang, per)
table, reported, kind = figures.table, figures.reported, figures.kind
if reported.empty:
    st.info(context.t("map.empty"))
else:
    years = figures.years
    mixed = context.t("compare.mixed_years", years=", ".join(map(str, years)))
    if len(years) > 1 and not context.present:
        st.warning(mixed)
    comparability = views.comparability_note(dataset, indicator, lang)
    if comparability and not context.present:
        st.caption(display.plain(context.t("compare.comparability", text=comparability)))
    if len(reported) == 1:
        only = reported.iloc[0]
        st.info(
            context.t(
                "map.single_region", region=only["region"], value=only["label"], year=only["year"]
            )
        )
    name = per_capita.titled(dataset.indicator_name(indicator, lang), per, lang)
    st.header(context.t("map.indicator_title", indicator=name))
    if len(years) > 1 and context.present:
        st.caption(mixed)  # one line under the title instead of a box, so the map fits
    # Presentation mode gives the legend column a quarter, so the source fits beside the map.
    map_column, legend_column = st.columns([3, 1] if context.present else [4, 1])

    def render_map() -> None:
        with map_column:
            # A picture first: deck.gl compiles shaders for seconds on PCs without graphics
            # acceleration (issue 12), so the zoomable map starts only when asked for.
            if st.session_state.get("map_interactive"):
                st.pydeck_chart(
                    map_view.map_deck_for(dataset, figures, context.present),
                    key="map_deck",
                    height=map_height(context.present),
                )
            else:
                display.picture(
                    map_view.map_picture(dataset, figures, context.present),
                    key="map_picture",
                    width_px=map_width(context.present),
                    alt=context.t("map.picture_alt", indicator=name),
                )
            # Neither the canvas nor the picture says its figures; this sentence does.
            display.screen_reader_text(accessibility.map_summary(name, table, lang), lang)
            # A presenter finds the zoomable map among the folded choices.
            (controls if context.present else st).toggle(
                context.t("map.interactive"),
                key="map_interactive",
                help=context.t("map.interactive_help"),
            )

    def render_legend() -> None:
        items = legend.legend_items(table, kind, lang, context.present)
        with legend_column, st.container(key="map_legend_box"):
            display.show_chart(
                lambda: legend.legend_chart(items, lang, context.present),
                key="map_legend",
                dataset=dataset,
                memo_key=("map_legend", *figures.key, context.present),
            )
            if not context.present:
                kind_note = "map.kind_count" if kind == COUNT else "map.kind_rate"
                st.caption(context.t("per.map_kind" if per != per_capita.RAW else kind_note))

    def render_inset() -> None:
        note = map_view.inset_note(dataset, figures)
        if not note:
            return
        with legend_column, st.container(key="map_inset_box"):
            display.show_chart(
                lambda: legend.inset_chart(
                    map_geometry(), table, kind, lang, dataset.colours, context.present
                ),
                key="map_inset",
                dataset=dataset,
                memo_key=("map_inset", *figures.key, context.present),
            )
            if not context.present:
                st.caption(note)

    errors.guarded(context, render_map)
    errors.guarded(context, render_legend)
    errors.guarded(context, render_inset)
    downloads.image_downloads(
        context, picture.map_image(dataset, indicator, lang, table, kind, per), "map_image"
    )
    # Every figure drawn names its report, a no-base region's raw figure included. Presenting,
    # it sits under the map at full width, so it ends above the fold in English too.
    with map_column if context.present else legend_column:
        drawn = table[table["reported"] | style.no_base_mask(table)]
        st.caption(display.plain(views.source_line(dataset, drawn["source_id"], lang)))
    if per != per_capita.RAW:
        view_lines = per_capita.map_subtitle(dataset, reported, per, lang)
        for line in [*view_lines, per_capita.no_base_regions(dataset, table, lang)]:
            if line:
                st.caption(display.plain(line))
    if comparability and context.present:
        st.caption(display.plain(context.t("compare.comparability", text=comparability)))
    gaps = map_view.not_reported_note(table, lang)
    if gaps:
        st.caption(display.plain(gaps))
    if reported["level"].isin(["district", "county"]).any():
        st.caption(context.t("compare.level_note"))
    not_drawn = map_view.not_drawn_note(dataset, figures)
    if not_drawn:
        st.caption(display.plain(not_drawn))
    st.caption(context.t("map.boundary_note"))
    display.about_data(context, indicator)
    st.header(context.t("map.table"))
    shown = map_view.shown_table(dataset, figures)
    display.table(shown, key="map_table")
    subject = map_view.download_subject(figures)
    downloads.downloads(context, shown, subject, (years[0], years[-1]), key="map_download")

st.divider()
st.header(context.t("map.stations_title"))
st.markdown(display.plain(context.t("map.stations_intro")))
controls = st.columns([3, 2, 3])
upload = controls[0].file_uploader(
    context.t("map.stations_upload"),
    type=["csv"],
    key="map_stations_upload",
    help=downloads.upload_limit_help(context, context.t("map.stations_upload_help")),
    max_upload_size=limits.UPLOADER_BACKSTOP_MB,
)
region_options = map_view.station_region_options(dataset, map_geometry())
region_id = controls[1].selectbox(
    context.t("map.stations_region"),
    region_options,
    format_func=lambda region: dataset.region_name(region, lang),
    key="map_stations_region",
)
minutes = controls[2].radio(
    context.t("map.stations_minutes"),
    list(walking_coverage.PRESET_RADII_M),
    horizontal=True,
    format_func=lambda value: context.t(
        "map.stations_minutes_option",
        minutes=value,
        metres=round(walking_coverage.PRESET_RADII_M[value]),
    ),
    key="map_stations_minutes",
)
st.caption(
    context.t(
        "map.stations_speed",
        speed=round(walking_coverage.WALKING_SPEED_M_PER_MIN),
        kmh=f"{map_view.walking_speed_kmh():g}",
    )
)


ANALYSIS = "map_station_analysis"


def analyse() -> station_job.StationAnalysis | None:
    """This session's one analysis, run in a worker process when the upload or a choice changes.

    Only the latest analysis is held, in the session: a new upload or choice releases the
    old one, and it goes when the session ends.
    """
    key = (upload.file_id, minutes, region_id, lang, context.present)
    held = st.session_state.get(ANALYSIS)
    if held is not None and held[0] == key:
        return held[1]
    st.session_state.pop(ANALYSIS, None)
    outcome = errors.run_heavy(
        context,
        station_job.analyse,
        upload.getvalue(),
        upload.name,
        walking_coverage.PRESET_RADII_M[minutes],
        region_id,
        lang,
        context.present,
        str(geo.DEFAULT_GEO_DIR),
        {region: dataset.region_name(region, lang) for region in region_options},
        minutes,
        budget_seconds=limits.COVERAGE_BUDGET_SECONDS,
    )
    if outcome is not None:
        st.session_state[ANALYSIS] = (key, outcome)
        if outcome.problems or outcome.result is None:
            operator_log.log_refused_upload(
                "stations",
                upload.getvalue(),
                upload.name,
                read=len(outcome.stations),
                refused=len(outcome.problems),
                reasons=operator_log.problem_reasons(outcome.problems),
            )
    return outcome


def render_stations() -> None:
    analysis = analyse()
    if analysis is None:
        return
    stations, problems, result = analysis.stations, analysis.problems, analysis.result
    if len(stations):
        # The encoding is worth a word only when it was not the expected UTF-8.
        gbk = stations.attrs.get("encoding") == "gb18030"
        st.caption(
            context.t("map.stations_read_gbk" if gbk else "map.stations_read", count=len(stations))
        )
    if problems:
        st.warning(context.t("map.stations_problems", count=len(problems)))
        display.table(map_view.problems_table(problems, lang), key="map_stations_problems")
    if result is None:
        st.info(context.t("map.stations_none"))
        return
    st.markdown(f"**{context.t('map.stations_result')}**")
    result_table = map_view.coverage_table(dataset, result, minutes, lang)
    display.table(map_view.coverage_styler(result_table), key="map_stations_result")
    st.caption(context.t("map.stations_outside_region", count=len(result.outside_selected)))
    if len(result.outside_selected):
        outside = map_view.stations_table(result.outside_selected, lang)
        display.table(outside, key="map_stations_outside_region")
    st.caption(context.t("map.stations_outside_all", count=len(result.outside_all)))
    if len(result.outside_all):
        display.table(
            map_view.stations_table(result.outside_all, lang), key="map_stations_outside_all"
        )
    # Built and serialised in the worker process (station_analysis.PrebuiltDeck).
    st.pydeck_chart(analysis.deck, key="map_stations_deck", height=map_height(context.present))
    st.caption(context.t("map.stations_map_caption"))
    st.caption(context.t("map.stations_map_datum"))
    region_en = dataset.region_name(region_id, "en")
    subject = map_view.coverage_subject(region_en, minutes)
    downloads.downloads(context, result_table, subject, None, key="map_stations_download")
    st.download_button(
        context.t("map.stations_download_circles"),
        data=analysis.circles_geojson,
        file_name=map_view.circles_file_name(region_en, minutes),
        mime="application/geo+json",
        key="map_circles_geojson",
        help=context.t("map.stations_circles_help"),
        on_click="ignore",
    )


if upload is None:
    st.session_state.pop(ANALYSIS, None)
    st.info(context.t("map.stations_prompt"))
else:
    errors.guarded(context, render_stations)
