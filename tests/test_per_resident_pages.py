"""AppTest: the per-resident toggle on compare, trends and the map, in zh and en, kept in the URL;
level marks, peer context on the profile and the overview's indicator search."""

from __future__ import annotations

import json

import pytest

from tests.conftest import chart_rows, run_page, vega_specs

BEDS = "elderly_care_beds"


@pytest.mark.parametrize(
    ("lang", "label", "subtitle_words"),
    [
        (
            "zh",
            "每千名60岁及以上老人",
            ("60岁及以上常住人口", "2020", "黄石港区第七次全国人口普查"),
        ),
        (
            "en",
            "Per 1,000 aged 60+",
            ("residents aged 60+", "2020", "Huangshigang District 2020 census communiqué"),
        ),
    ],
)
def test_compare_beds_per_thousand_elderly_from_the_url(lang, label, subtitle_words):
    app = run_page("compare", indicator=BEDS, per="per_1k_60", lang=lang)
    assert not app.exception, [item.value for item in app.exception]
    toggle = app.radio(key="compare_per")
    assert toggle.value == "per_1k_60"
    assert label in toggle.options
    assert app.query_params["per"] == "per_1k_60"
    spec = vega_specs(app)[0]
    bars = [row for row in chart_rows(spec) if "value" in row and "region_id" in row]
    # Only Huangshigang has a published 60+ base: ≈800 beds ÷ 49,725 × 1,000.
    assert {row["region_id"] for row in bars} == {"420202"}
    assert bars[0]["value"] == pytest.approx(round(800 / 49_725 * 1_000))  # 近800: ≈16
    subtitle = " ".join(spec["title"]["subtitle"])
    for word in subtitle_words:
        assert word in subtitle, subtitle
    captions = " ".join(caption.value for caption in app.caption)
    assert ("无人口基数" if lang == "zh" else "No population base") in captions
    # Nantong reports all beds but has no published 60+ base (Quzhou's are institutional beds).
    assert ("南通" if lang == "zh" else "Nantong") in captions


def test_switching_the_toggle_updates_the_url_and_back(captured_files):  # noqa: F811
    app = run_page("trends", indicator=BEDS, lang="en")
    toggle = app.radio(key="trends_per")
    assert toggle.value == "raw"
    assert "per" not in app.query_params
    app = toggle.set_value("per_10k").run()
    assert not app.exception
    assert app.query_params["per"] == "per_10k"
    spec = vega_specs(app)[0]
    assert any("per 10,000 residents" in line for line in spec["title"]["subtitle"])
    csv_file = next(
        item for item in reversed(captured_files) if (item["filename"] or "").endswith(".csv")
    )
    header = csv_file["data"].decode("utf-8-sig").splitlines()[0]
    for column in ("Rate (Per 10,000 residents)", "Denominator (persons)", "Denominator source"):
        assert column in header
    app = app.radio(key="trends_per").set_value("raw").run()
    assert "per" not in app.query_params


def test_a_rate_disables_the_toggle_and_says_why():
    app = run_page("compare", indicator="elderly_population_share", per="per_10k")
    toggle = app.radio(key="compare_per")
    assert toggle.disabled and toggle.value == "raw"
    assert any("比率或占比" in caption.value for caption in app.caption)


def test_map_defaults_a_count_to_a_per_resident_choropleth():
    # Symbols are drawn into the map's server-side overlay, so the legend tells the two apart:
    # shaded swatches for a choropleth, sized circles for proportional symbols.
    def legend_kinds(app) -> set:
        return {row.get("kind") for spec in vega_specs(app) for row in chart_rows(spec)}

    app = run_page("map", indicator="elderly_care_institutions")
    assert not app.exception
    assert app.radio(key="map_per").value == "per_10k"
    assert "swatch" in legend_kinds(app) and "symbol" not in legend_kinds(app)
    raw = run_page("map", indicator="elderly_care_institutions", per="raw")
    assert "symbol" in legend_kinds(raw) and "swatch" not in legend_kinds(raw)
    assert raw.query_params["per"] == "raw"


def test_district_beside_cities_is_marked_on_the_chart():
    app = run_page("compare", indicator=BEDS)
    spec = vega_specs(app)[0]
    regions = {row["region"] for row in chart_rows(spec) if "region" in row}
    assert "黄石港区(区)" in regions
    assert any("区县" in line for line in spec["title"]["subtitle"])
    assert json.dumps(spec).count('"strokeDash": [5, 3]') >= 1


def test_profile_shows_peer_context_with_years():
    app = run_page("profile", region="420202")
    assert not app.exception
    captions = [caption.value for caption in app.caption]
    assert any("2 个地区报告此指标" in caption and "南通市 2022" in caption for caption in captions)


@pytest.mark.parametrize(
    ("lang", "query", "name"), [("zh", "床位", "养老床位数"), ("en", "beds", "Elderly")]
)
def test_overview_indicator_search_links_to_compare_and_trends(lang, query, name):
    app = run_page("overview", q=query, lang=lang)
    assert not app.exception
    assert app.text_input(key="overview_search").value == query
    assert any(name in markdown.value for markdown in app.markdown)
    links = [link for link in app.get("page_link") if "indicator=" in str(link.proto)]
    assert any(BEDS in str(link.proto) for link in links)
