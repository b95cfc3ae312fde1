"""Journey: from every chart, the image download (and the deck) shows what the screen shows.

Each page is run as a user reaches it (AppTest); the files it offers are built as a click
would build them, and the spec each image was drawn from (vl-convert's input) is compared
with the chart on screen: the same regions, years, values and unit, in every mode. Pixels
are never compared. The map's image has its own journey (lane views25a).
"""

from __future__ import annotations

import io
import json

import pytest
import vl_convert
from pptx import Presentation
from streamlit.runtime.media_file_manager import MediaFileManager

from civdash.core.vocab import CATEGORIES
from tests.conftest import chart_rows, run_page, vega_specs

MODES = ("raw", "per_10k", "per_1k_60")


@pytest.fixture
def drawn(monkeypatch):
    """Every file a run offers, by name (built on click as the browser would), and every
    Vega-Lite spec vl-convert is asked to draw while building them."""
    offered: dict[str, object] = {}
    specs: list[dict] = []
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name or ""] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    real_svg = vl_convert.vegalite_to_svg

    def record(spec, *args, **kwargs):
        specs.append(json.loads(json.dumps(spec, default=str)))
        return real_svg(spec, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", record)
    return offered, specs


def squeeze(lines) -> str:
    """A title or subtitle without its line breaks and spaces (each side wraps to its width)."""
    lines = lines if isinstance(lines, list) else [lines]
    return "".join("".join(lines).split())


def clean(app):
    assert not app.exception, [item.value for item in app.exception]
    return app


def figures(spec: dict) -> set[tuple]:
    """(region id, year, value) of every drawn figure; value rounded past float noise."""
    return {
        (str(row["region_id"]), int(row["year"]), round(float(row["value"]), 6))
        for row in chart_rows(spec)
        if row.get("region_id") is not None
        and row.get("value") is not None
        and "segment" not in row
        and "year" in row
    }


def unit_line(spec: dict) -> str:
    subtitle = spec.get("title", {}).get("subtitle") or []
    subtitle = subtitle if isinstance(subtitle, list) else [subtitle]
    return subtitle[0] if subtitle else ""


def image_spec(offered, specs, prefix: str) -> dict:
    """Build the slide SVG a click on `prefix`'s download makes; return the spec it drew."""
    name = next(name for name in offered if name.endswith("_slide.svg") and prefix in name)
    specs.clear()
    offered[name]()
    assert len(specs) == 1
    return specs[0]


def assert_same(screen: dict, image: dict) -> None:
    assert figures(screen), "the screen chart drew no figure"
    assert figures(image) == figures(screen)
    # The unit and years line heads both subtitles (the image may wrap it narrower).
    assert unit_line(screen).split(";")[0] in "".join(image["title"]["subtitle"])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["compare", "trends"])
def test_compare_and_trend_images_match_the_screen_in_every_mode(drawn, page, lang):
    offered, specs = drawn
    for indicator in ("elderly_care_institutions", "elderly_care_beds"):
        for mode in MODES:
            offered.clear()
            app = clean(run_page(page, indicator=indicator, per=mode, lang=lang))
            if app.radio(key=f"{page}_per").value != mode:
                continue  # the mode is not offered for this indicator: nothing to export
            screen = vega_specs(app)[0]
            assert_same(screen, image_spec(offered, specs, indicator.replace("_", "-")))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_profile_images_match_the_screen(drawn, lang):
    offered, specs = drawn
    app = run_page("profile", region="420202", lang=lang)
    for category in CATEGORIES:  # every category opened, so every chart is drawn
        app.session_state[f"profile_category_{category}"] = True
    clean(app.run())
    screens = {
        squeeze(spec["title"]["text"]): spec
        for spec in vega_specs(app)
        if isinstance(spec.get("title"), dict)
    }
    compared = 0
    for name in [name for name in offered if name.endswith("_slide.svg")]:
        image = image_spec(offered, specs, name)
        screen = screens.get(squeeze(image["title"]["text"]))
        assert screen is not None, name
        assert_same(screen, image)
        compared += 1
    assert compared, "no profile chart was compared with its image"
    # The region's deck: each chart picture draws the figures of a profile chart.
    deck_name = next(name for name in offered if name.endswith(".pptx"))
    specs.clear()
    Presentation(io.BytesIO(offered[deck_name]()))
    on_screen = {squeeze(spec["title"]["text"]): figures(spec) for spec in vega_specs(app)}
    assert specs
    for spec in specs:
        # A slide's picture is bare (its title is slide text): match it by its figures.
        assert figures(spec) in on_screen.values(), sorted(figures(spec))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_bullet_images_and_deck_match_the_screen(drawn, lang):
    offered, specs = drawn
    app = clean(run_page("plans", lang=lang))
    screens = [spec for spec in vega_specs(app) if "layer" in spec or "mark" in spec]
    bullets = {json.dumps(spec["title"]["text"], ensure_ascii=False): spec for spec in screens}
    assert bullets
    slide_names = [name for name in offered if name.endswith("_slide.svg")]
    assert len(slide_names) == len(bullets)
    for name in slide_names:
        image = image_spec(offered, specs, name)
        title = squeeze(image["title"]["text"])
        screen = next(spec for key, spec in bullets.items() if squeeze(json.loads(key)) == title)
        assert chart_rows(image) and sorted(map(json.dumps, chart_rows(image))) == sorted(
            map(json.dumps, chart_rows(screen))
        )
        # The screen's subtitle lines (status, key, unit note) all reach the image.
        # (the source line, which the image sets in its footer, aside).
        lines = squeeze(screen["title"]["subtitle"])
        lines = lines.split("来源:")[0].split("Source:")[0]
        assert lines in squeeze(image["title"]["subtitle"])
    # The deck draws the same bullets: each picture's data is a screen bullet's data.
    deck_name = next(name for name in offered if name.endswith(".pptx"))
    specs.clear()
    Presentation(io.BytesIO(offered[deck_name]()))
    screen_data = {json.dumps(sorted(map(json.dumps, chart_rows(spec)))) for spec in screens}
    deck_data = [json.dumps(sorted(map(json.dumps, chart_rows(spec)))) for spec in specs]
    assert deck_data and all(data in screen_data for data in deck_data)
