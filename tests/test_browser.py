"""Real-browser end-to-end tests: Debian's Chromium drives the app served on 127.0.0.1.

The deep-link rules every view must meet (check_view) run in test_render.test_view's one visit per
view; this file holds the journeys: navigation, uploads, downloads, source links.
"""

from __future__ import annotations

import json
import math

import pytest

from civdash.i18n import PAGE_KEYS, text
from tests.browser_helpers import ARTIFACTS, MAIN_ELEMENT, settle, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def check_view(tab, page_key: str, lang: str) -> None:
    """What a deep link to the page must show: its title, no traceback, the bundled font.

    Run on every visit of test_render.test_view (each page x language x mode) and by the
    navigation test below.
    """
    assert tab.locator('[data-testid="stException"]').count() == 0
    body = tab.inner_text("body")
    assert "Traceback" not in body
    title = text(f"page.{page_key}" if page_key != "overview" else "app.title", lang)
    if page_key == "map":
        title = text("map.title", lang)
    if page_key == "plans":
        title = text("plans.title", lang)
    assert title in body
    assert tab.evaluate("() => document.fonts.check('16px \"WenQuanYi Micro Hei\"', '民政')")
    # The language stays in the address, so the link reproduces the view.
    assert ("lang=en" in tab.url) == (lang == "en"), tab.url
    assert not tab.external_requests, tab.external_requests[:3]


def check_page(tab, page_key: str, lang: str, how: str) -> None:
    wait_for_app(tab, MAIN_ELEMENT[page_key])
    check_view(tab, page_key, lang)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{page_key}_{lang}_{how}.png"), full_page=True)


@pytest.mark.xfail(
    reason="open bug (issue 25, M1): a sidebar page switch drops ?lang=en",
    strict=False,
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_navigation_visits_every_page(server, page, lang):
    page.goto(f"{server}/" + ("?lang=en" if lang == "en" else ""))
    wait_for_app(page, MAIN_ELEMENT["overview"])
    for page_key in PAGE_KEYS:
        if page_key == "overview":
            continue
        page.locator('[data-testid="stSidebarNav"] a').filter(
            has_text=text(f"page.{page_key}", lang)
        ).first.click()
        page.wait_for_url(f"**/{page_key}**")
        check_page(page, page_key, lang, "nav")


def test_language_toggle_switches_to_english(server, page):
    page.goto(f"{server}/trends")
    wait_for_app(page, MAIN_ELEMENT["trends"])
    page.get_by_text("English", exact=True).click()
    page.wait_for_url("**lang=en**")
    wait_for_app(page, MAIN_ELEMENT["trends"])
    assert "Indicator trends" in page.inner_text("body")


def test_csv_download_through_the_browser(server, page, tmp_path):
    page.goto(f"{server}/data?indicator=dibao_standard_urban")
    wait_for_app(page, MAIN_ELEMENT["data"])
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载 CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("civil-affairs_dibao-standard-urban")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert "原文摘录" in lines[0]
    assert len(lines) == 5  # header + Nantong 2012, 2022, Quzhou 2013, Jiaxing 2018


def test_malformed_upload_shows_errors_and_changes_nothing(server, page, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "region_id,indicator_id,year,value\n330800,dibao_standard_urban,20x3,abc\n",
        encoding="utf-8",
    )
    page.goto(f"{server}/plans?lang=en")
    wait_for_app(page, MAIN_ELEMENT["plans"])
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    page.get_by_text("bad.csv").wait_for()
    settle(page)
    page.get_by_role("button", name="Validate and apply").click()
    page.get_by_text("The file has errors; nothing was changed").wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "User-supplied rows in this session" not in body
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "plans_upload_error.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_hostile_query_parameters_never_show_a_traceback(server, page):
    page.goto(f"{server}/compare?indicator=%3Cscript%3Ealert(1)%3C/script%3E&lang=xx&from=abc")
    wait_for_app(page, '[data-testid="stAlert"]')
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "not valid" in page.inner_text("body") or "无效" in page.inner_text("body")


def test_map_is_a_picture_until_the_user_asks_to_zoom(server, page):
    """No WebGL on first paint; the toggle starts deck.gl, still without a basemap request."""
    page.goto(f"{server}/map?lang=en")
    wait_for_app(page, MAIN_ELEMENT["map"])
    picture = page.locator(MAIN_ELEMENT["map"])
    assert picture.evaluate("(image) => image.complete && image.naturalWidth") > 1400
    assert picture.get_attribute("alt").startswith("Map: ")
    assert page.locator('[data-testid="stDeckGlJsonChart"]').count() == 0
    page.get_by_text("Zoomable map").click()
    wait_for_app(page, '[data-testid="stDeckGlJsonChart"] canvas', timeout=120_000)
    assert page.locator(MAIN_ELEMENT["map"]).count() == 0


@pytest.mark.xfail(
    reason="open: timed out at 120 s in the merged CI run under load; not yet diagnosed",
    strict=False,
)
def test_station_upload_gives_coverage_figures_and_downloads(server, page, tmp_path):
    """One station deep inside Hangzhou covers exactly one 750 m disc: π·0.75² ≈ 1.767 km²."""
    stations = tmp_path / "stations.csv"
    stations.write_text(
        "name,type,lon,lat,crs\n"
        "西湖站,community,120.1551,30.2741,gcj02\n"
        "宁波站,community,121.5440,29.8683,gcj02\n"
        "北京站,community,116.4040,39.9150,gcj02\n"
        "缺纬度,community,120.2,,gcj02\n",
        encoding="gb18030",
    )
    page.goto(f"{server}/map?lang=en")
    wait_for_app(page, MAIN_ELEMENT["map"])
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(stations))
    page.get_by_text("Coverage result").wait_for(timeout=45_000)
    wait_for_app(page, '[data-testid="stDeckGlJsonChart"]')
    body = page.inner_text("body")
    assert "Read 3 station(s)" in body
    assert "Stations outside the chosen region: 2" in body
    assert "Stations outside every region: 1" in body
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").nth(1).click()
    lines = download_info.value.path().read_bytes().decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    hangzhou = next(line.split(",") for line in lines[1:] if "330100" in line)
    row = dict(zip(header, hangzhou, strict=False))
    assert row["Stations"] == "1"
    assert abs(float(row["Covered (km²)"]) - math.pi * 0.75**2) < 0.02
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download circles (GeoJSON, WGS-84)").click()
    assert download_info.value.suggested_filename.endswith("_10min_wgs84.geojson")
    circles = json.loads(download_info.value.path().read_bytes())
    assert len(circles["features"]) == 3
    assert {item["properties"]["datum"] for item in circles["features"]} == {"WGS-84 (EPSG:4326)"}
    ARTIFACTS.mkdir(exist_ok=True)
    # Streamlit scrolls inside its own container, so a tall viewport captures the whole page.
    page.set_viewport_size({"width": 1400, "height": 3400})
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "map_stations_en.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0


NANTONG_780 = "nantong_2012_2022_review:320600:dibao_standard_urban:2022"


IN_VIEWPORT_JS = """(selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
}"""


def in_viewport(tab, selector: str) -> bool:
    return tab.evaluate(IN_VIEWPORT_JS, selector)


@pytest.mark.xfail(
    reason="open bug: the simplified source view shows the pinyin notes (m10)",
    strict=False,
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_source_deep_link_opens_the_report_at_the_highlighted_figure(server, page, lang):
    query = f"source=nantong_2012_2022_review&obs={NANTONG_780}" + (
        "&lang=en" if lang == "en" else ""
    )
    page.goto(f"{server}/source?{query}")
    wait_for_app(page, ".civdash-source mark.fig.target")
    target = page.locator(".civdash-source mark.fig.target")
    assert target.count() == 1
    assert target.inner_text() == "780"
    label = target.get_attribute("title")
    name = "城市低保标准" if lang == "zh" else "Urban minimum living allowance"
    assert name in label and "2022" in label and "780" in label
    assert "Rural" in label or "农村" in label  # the same 780 is read as the rural standard too
    # Scrolled there: the figure stands inside the window, far down a long report.
    page.wait_for_function(IN_VIEWPORT_JS, arg=".civdash-source mark.fig.target")
    assert in_viewport(page, ".civdash-source mark.fig.target")
    assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") > 300
    # Highlighted apart from the other marks; uncurated figures carry no mark at all.
    colours = page.evaluate(
        """() => [...document.querySelectorAll('.civdash-source mark.fig')].map(
            (mark) => getComputedStyle(mark).backgroundColor)"""
    )
    target_colour = target.evaluate("(mark) => getComputedStyle(mark).backgroundColor")
    assert colours.count(target_colour) == 1 and len(colours) >= 50
    marked_text = page.inner_text(".civdash-source")
    assert "(yǎng)" not in marked_text and "養老" in marked_text
    assert "2029" in marked_text  # a curated figure...
    # ...while the plan's 15-minute service circle (打造15分鐘), never curated, stays unmarked.
    assert "打造15分鐘" in marked_text
    marked_15 = page.evaluate(
        """() => [...document.querySelectorAll('.civdash-source mark.fig')].some(
            (mark) => mark.textContent === '15'
                && (mark.nextSibling?.textContent || '').startsWith('分鐘'))"""
    )
    assert not marked_15
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"source_deep_link_{lang}.png"))
    assert page.locator('[data-testid="stException"]').count() == 0


def test_hover_shows_the_figure_and_the_simplified_aid_converts(server, page):
    page.goto(f"{server}/source?source=nantong_2012_2022_review")
    wait_for_app(page, ".civdash-source mark.fig")
    first = page.locator(".civdash-source mark.fig").first
    assert "·" in first.get_attribute("title")
    page.get_by_text("以简体字显示", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('.civdash-source').innerText.includes('养老')"
    )
    assert page.locator(".civdash-source").get_attribute("lang") == "zh-Hans"


def test_two_clicks_from_a_profile_figure_to_its_sentence(server, page):
    page.goto(f"{server}/profile?region=330400")
    wait_for_app(page, MAIN_ELEMENT["profile"])
    page.get_by_role("link", name="查看原文").first.click()
    page.wait_for_url("**/source?**obs=**")
    wait_for_app(page, ".civdash-source mark.fig.target")
    assert page.locator(".civdash-source mark.fig.target").count() == 1
    assert "source=zhejiang_2019_features" in page.url
