"""One colour per region, from colour-blind-safe palettes, used by every chart and map."""

from __future__ import annotations

from collections.abc import Iterable

# One colour per focus region first (regions.csv order: Hangzhou, Ningbo, ... Nantong,
# Huangshigang), then colours for counties and provinces. Each is a mark colour with at least
# 3:1 contrast on the white chart background (WCAG 2.1, 1.4.11). They started from Okabe & Ito
# (2008) and Paul Tol's 'muted' scheme; the light ones (Ningbo's orange, Jinhua's yellow, sky
# blue, teal, olive) were darkened in their own hue or, where no shade of the hue reaches 3:1
# and stays apart from its neighbours (yellow), replaced, choosing each so that the focus
# colours stay apart under simulated deuteranopia and protanopia (tests/test_colours.py).
PALETTE = (
    "#0072B2",
    "#A79144",
    "#009E73",
    "#BF7593",
    "#3A95B9",
    "#AA6052",
    "#7C7BFF",
    "#332288",
    "#117733",
    "#882255",
    "#2CA2A3",
    "#607E16",
    "#AA4499",
    "#A4933D",
    "#589BBB",
    "#CC6677",
    "#6597C9",
    "#DB7755",
    "#26A584",
    "#8D9B00",
    "#9E6887",
    "#CC7C8D",
    "#638941",
    "#D12B47",
)
FOCUS_COLOURS = 13  # the focus regions, which appear together on most charts
BACKGROUND = "#FFFFFF"
MARK_CONTRAST = 3.0  # WCAG 2.1 1.4.11 non-text contrast
TEXT_CONTRAST = 4.5  # WCAG 2.1 1.4.3 contrast (minimum) for text under 18 pt
CONTEXT_GREY = "#BBBBBB"
NOT_REPORTED_GREY = "#E5E5E5"
# A region that reports a figure but has no population base: pale sand, never a ramp colour
# (viridis ends in a saturated yellow) and never the hatched grey of "not reported".
NO_BASE_FILL = "#EFE1C6"
USER_SUPPLIED_COLOUR = "#7F7F7F"


def region_colours(region_ids: Iterable[str]) -> dict[str, str]:
    """Stable colours: the n-th region of regions.csv always gets the n-th palette colour."""
    colours = {}
    for position, region_id in enumerate(region_ids):
        colours[region_id] = PALETTE[position % len(PALETTE)]
    return colours


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    """'#0072B2' -> [0, 114, 178, alpha], the form pydeck layers take."""
    colour = colour.lstrip("#")
    return [int(colour[index : index + 2], 16) for index in (0, 2, 4)] + [alpha]


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour such as '#0072B2'."""
    red, green, blue = (channel / 255 for channel in hex_to_rgb(colour)[:3])
    linear = [
        value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        for value in (red, green, blue)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str = BACKGROUND) -> float:
    """WCAG 2.1 contrast ratio, from 1 (same luminance) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _to_srgb(linear: float) -> int:
    value = linear * 12.92 if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055
    return max(0, min(255, round(value * 255)))


def _to_linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def text_colour(colour: str, background: str = BACKGROUND) -> str:
    """The colour itself when text in it reads at 4.5:1, else a darker shade of the same hue.

    Scaling the linear-light channels by one factor keeps the chromaticity (hue and purity)
    and lowers only the luminance, down to the level 4.5:1 needs.
    """
    if contrast_ratio(colour, background) >= TEXT_CONTRAST:
        return colour
    linear = [_to_linear(channel) for channel in hex_to_rgb(colour)[:3]]
    wanted = (relative_luminance(background) + 0.05) / TEXT_CONTRAST - 0.05
    factor = wanted / relative_luminance(colour)
    while True:
        shade = "#" + "".join(f"{_to_srgb(value * factor):02X}" for value in linear)
        if contrast_ratio(shade, background) >= TEXT_CONTRAST:
            return shade
        factor *= 0.98  # rounding to 8 bits can land just short of the ratio
