"""Region colours: WCAG contrast for marks and text labels, and colour-blind separation."""

from __future__ import annotations

import itertools

import pytest
from coloraide import Color

from civdash.core import colours

FOCUS = colours.PALETTE[: colours.FOCUS_COLOURS]
# CIEDE2000 distance below which two colours are easily confused; focus colours must stay
# farther apart than this in normal vision and under the two common colour-vision
# deficiencies (Machado 2009 simulation at full severity).
MIN_DISTANCE = 7.0
DEFICIENCIES = ("deutan", "protan")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#FFFFFF", 21.0),
        ("#FFFFFF", "#FFFFFF", 1.0),
        ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes 4.5:1 on white
        ("#777777", "#FFFFFF", 4.48),
        ("#0072B2", "#FFFFFF", 5.19),
    ],
)
def test_contrast_ratio_follows_the_wcag_formula(first, second, expected):
    assert colours.contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)
    assert colours.contrast_ratio(second, first) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("colour", colours.PALETTE)
def test_contrast_agrees_with_an_independent_implementation(colour):
    expected = Color(colour).contrast(colours.BACKGROUND, method="wcag21")
    assert colours.contrast_ratio(colour) == pytest.approx(
        expected, rel=1e-3
    )  # its matrix has more digits


@pytest.mark.parametrize("colour", colours.PALETTE)
def test_every_mark_colour_reaches_three_to_one_on_the_background(colour):
    assert colours.contrast_ratio(colour, colours.BACKGROUND) >= colours.MARK_CONTRAST


@pytest.mark.parametrize("colour", colours.PALETTE)
def test_text_labels_reach_four_and_a_half_to_one_in_the_same_hue(colour):
    shade = colours.text_colour(colour)
    assert colours.contrast_ratio(shade, colours.BACKGROUND) >= colours.TEXT_CONTRAST
    if colours.contrast_ratio(colour) >= colours.TEXT_CONTRAST:
        assert shade == colour
        return
    original, darker = Color(colour).convert("oklch"), Color(shade).convert("oklch")
    assert darker["lightness"] < original["lightness"]
    assert abs(darker["hue"] - original["hue"]) < 6  # the same hue, only darker
    # Not darker than needed: 4.5:1 with little to spare, so the label keeps its colour.
    assert colours.contrast_ratio(shade) < colours.TEXT_CONTRAST + 0.3


def test_the_hard_to_read_colours_of_the_review_now_pass():
    """Browser review m8: Nantong's olive and Ningbo's yellow were hard to read on white."""
    region_order = ["330100", "330200", "330300", "330400", "330500", "330600", "330700"]
    region_order += ["330800", "330900", "331000", "331100", "320600", "420202"]
    assigned = colours.region_colours(region_order)
    for region_id in ("330200", "320600"):
        assert colours.contrast_ratio(assigned[region_id]) >= colours.MARK_CONTRAST
        assert colours.contrast_ratio(colours.text_colour(assigned[region_id])) >= 4.5


def _views(colour: str) -> list[Color]:
    base = Color(colour)
    return [base.convert("lab")] + [
        base.filter(kind, method="machado").convert("lab") for kind in DEFICIENCIES
    ]


def test_focus_colours_stay_apart_in_normal_and_colour_blind_vision():
    views = {colour: _views(colour) for colour in FOCUS}
    too_close = []
    for first, second in itertools.combinations(FOCUS, 2):
        distance = min(
            a.delta_e(b, method="2000") for a, b in zip(views[first], views[second], strict=True)
        )
        if distance < MIN_DISTANCE:
            too_close.append((first, second, round(distance, 1)))
    assert not too_close


def test_palette_has_no_duplicates_and_a_colour_for_every_region():
    assert len({colour.upper() for colour in colours.PALETTE}) == len(colours.PALETTE)
    assigned = colours.region_colours([f"r{index}" for index in range(30)])
    assert assigned["r0"] == assigned[f"r{len(colours.PALETTE)}"]
