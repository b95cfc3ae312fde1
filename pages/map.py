"""Coverage map: the latest station counts and coverage rates per region, and a station upload."""

import streamlit as st

from civdash import accessibility, coverage, map_image, maps, normalise, ui, views

context = ui.page_setup("map")
dataset, lang = context.dataset, context.lang
geometry = maps.map_geometry()

st.title(context.t("map.title"))
st.caption(context.t("map.intro"))
options = maps.map_indicator_options(dataset, lang)
indicator = ui.param_choice(
    context,
    "indicator",
    options,
    maps.DEFAULT_INDICATOR,
    context.t("label.indicator"),
    lambda item: views.indicator_label(dataset, item, lang),
    key="map_indicator",
    placeholder=context.t("label.search_indicator"),
)

table = dataset.memo(
    ("map_table", indicator, lang), lambda: maps.map_table(dataset, indicator, lang)
)
reported = maps.reported_rows(table)
kind = maps.indicator_kind(dataset, indicator)
# A count defaults to a per-resident choropleth where bases exist; ?per=raw keeps the symbols.
modes = normalise.available_modes(dataset, indicator, reported["region_id"])
per = ui.per_resident_choice(
    context,
    modes,
    normalise.PER_10K if kind == maps.COUNT and normalise.PER_10K in modes else normalise.RAW,
    key="map_per",
    blocked_note=normalise.unavailable_note(dataset, indicator, lang),
)
if per != normalise.RAW:
    table = dataset.memo(
        ("map_table", indicator, lang, per),
        lambda: normalise.map_table(dataset, table, per, lang),
    )
    reported = maps.reported_rows(table)
    kind = maps.RATE
if reported.empty:
    st.info(context.t("map.empty"))
else:
    years = sorted({int(year) for year in reported["year"]})
    if len(years) > 1:
        st.warning(context.t("compare.mixed_years", years=", ".join(map(str, years))))
    comparability = views.comparability_note(dataset, indicator, lang)
    if comparability:
        st.caption(ui.plain(context.t("compare.comparability", text=comparability)))
    st.header(
        context.t(
            "map.indicator_title",
            indicator=normalise.titled(dataset.indicator_name(indicator, lang), per, lang),
        )
    )
    map_column, legend_column = st.columns([4, 1])

    def render_map() -> None:
        # The deck and its JSON depend only on the shared data and these choices.
        deck = dataset.memo(
            ("map_deck", indicator, lang, context.present, per),
            lambda: maps.build_deck(geometry, table, kind, lang, dataset.colours, context.present),
        )
        with map_column:
            st.pydeck_chart(deck, key="map_deck", height=maps.map_height(context.present))
            # The canvas says nothing to a screen reader; this sentence does.
            name = normalise.titled(dataset.indicator_name(indicator, lang), per, lang)
            ui.screen_reader_text(accessibility.map_summary(name, table, lang), lang)

    def render_legend() -> None:
        items = maps.legend_items(table, kind, lang, context.present)
        with legend_column:
            ui.show_chart(
                lambda: maps.legend_chart(items, lang, context.present),
                key="map_legend",
                dataset=dataset,
                memo_key=("map_legend", indicator, lang, context.present, per),
            )
            kind_note = "map.kind_count" if kind == maps.COUNT else "map.kind_rate"
            st.caption(context.t("per.map_kind" if per != normalise.RAW else kind_note))

    ui.guarded(context, render_map)
    ui.guarded(context, render_legend)
    ui.image_downloads(context, map_image.map_image(dataset, indicator, lang, table), "map_image")
    st.caption(ui.plain(views.source_line(dataset, reported["source_id"], lang)))
    if per != normalise.RAW:
        view_lines = normalise.map_subtitle(dataset, reported, per, lang)
        for line in [*view_lines, normalise.no_base_regions(dataset, table, lang)]:
            if line:
                st.caption(ui.plain(line))
    if reported["level"].isin(["district", "county"]).any():
        st.caption(context.t("compare.level_note"))
    not_drawn = [region for region in reported["region_id"] if region not in geometry.shapes]
    if not_drawn:
        names = "、".join if lang == "zh" else ", ".join
        st.caption(
            ui.plain(
                context.t(
                    "map.not_drawn",
                    regions=names(dataset.region_name(region, lang) for region in not_drawn[:20])
                    + (
                        context.t("map.and_more", count=len(not_drawn) - 20)
                        if len(not_drawn) > 20
                        else ""
                    ),
                )
            )
        )
    st.caption(context.t("map.boundary_note"))
    ui.about_data(context, indicator)
    st.header(context.t("map.table"))
    shown = dataset.memo(
        ("map_display", indicator, lang, per),
        lambda: normalise.map_rate_columns(
            maps.display_table(dataset, table, indicator, lang), table, lang
        ),
    )
    ui.table(shown, key="map_table")
    subject = f"{indicator}-map" + ("" if per == normalise.RAW else f"-{per}")
    ui.downloads(context, shown, subject, (years[0], years[-1]), key="map_download")

st.divider()
st.header(context.t("map.stations_title"))
st.markdown(ui.plain(context.t("map.stations_intro")))
controls = st.columns([3, 2, 3])
upload = controls[0].file_uploader(
    context.t("map.stations_upload"),
    type=["csv"],
    key="map_stations_upload",
    help=context.t("map.stations_upload_help"),
)
region_options = maps.station_region_options(dataset, geometry)
region_id = controls[1].selectbox(
    context.t("map.stations_region"),
    region_options,
    format_func=lambda region: dataset.region_name(region, lang),
    key="map_stations_region",
)
minutes = controls[2].radio(
    context.t("map.stations_minutes"),
    list(coverage.PRESET_RADII_M),
    horizontal=True,
    format_func=lambda value: context.t(
        "map.stations_minutes_option", minutes=value, metres=round(coverage.PRESET_RADII_M[value])
    ),
    key="map_stations_minutes",
)
st.caption(
    context.t(
        "map.stations_speed",
        speed=round(coverage.WALKING_SPEED_M_PER_MIN),
        kmh=f"{maps.walking_speed_kmh():g}",
    )
)


@st.cache_data(show_spinner=False, max_entries=8)
def analyse(data: bytes, name: str, radius_m: float, region: str):
    """Read and measure one upload; cached so that other widgets' reruns don't redo it."""
    stations, problems = coverage.read_stations(data, name)
    if stations.empty:
        return stations, problems, None
    result = coverage.coverage_by_region(
        stations, maps.boundary_regions(), radius_m, region_id=region
    )
    return stations, problems, result


def render_stations() -> None:
    stations, problems, result = analyse(
        upload.getvalue(), upload.name, coverage.PRESET_RADII_M[minutes], region_id
    )
    if len(stations):
        st.caption(
            context.t(
                "map.stations_read",
                count=len(stations),
                encoding=stations.attrs.get("encoding", "?"),
            )
        )
    if problems:
        st.warning(context.t("map.stations_problems", count=len(problems)))
        ui.table(maps.problems_table(problems, lang), key="map_stations_problems")
    if result is None:
        st.info(context.t("map.stations_none"))
        return
    st.markdown(f"**{context.t('map.stations_result')}**")
    result_table = maps.coverage_table(dataset, result, minutes, lang)
    ui.table(result_table, key="map_stations_result")
    st.caption(context.t("map.stations_outside_region", count=len(result.outside_selected)))
    if len(result.outside_selected):
        ui.table(
            maps.stations_table(result.outside_selected, lang), key="map_stations_outside_region"
        )
    st.caption(context.t("map.stations_outside_all", count=len(result.outside_all)))
    if len(result.outside_all):
        ui.table(maps.stations_table(result.outside_all, lang), key="map_stations_outside_all")
    deck = maps.stations_deck(geometry, stations, result, region_id, lang, context.present)
    st.pydeck_chart(deck, key="map_stations_deck", height=maps.map_height(context.present))
    st.caption(context.t("map.stations_map_caption"))
    subject = f"station-coverage-{region_id}-{minutes}min"
    ui.downloads(context, result_table, subject, (None, None), key="map_stations_download")
    st.download_button(
        context.t("map.stations_download_circles"),
        data=maps.circles_geojson(result.circles),
        file_name=f"civil-affairs_{subject}_circles.geojson",
        mime="application/geo+json",
        key="map_circles_geojson",
        help=context.t("map.stations_circles_help"),
        on_click="ignore",
    )


if upload is None:
    st.info(context.t("map.stations_prompt"))
else:
    ui.guarded(context, render_stations)
