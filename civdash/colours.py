"""One colour per region, from colour-blind-safe palettes, used by every chart and map."""

from __future__ import annotations

from collections.abc import Iterable

# Okabe & Ito (2008) first, then Paul Tol's 'muted' and 'light' schemes: all chosen to stay
# distinguishable with the common colour-vision deficiencies. Grey is kept for context only.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#332288",
    "#117733",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#DDCC77",
    "#88CCEE",
    "#CC6677",
    "#77AADD",
    "#EE8866",
    "#44BB99",
    "#BBCC33",
    "#AAAA00",
    "#FFAABB",
    "#99DDFF",
    "#EEDD88",
)
CONTEXT_GREY = "#BBBBBB"
NOT_REPORTED_GREY = "#E5E5E5"
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
