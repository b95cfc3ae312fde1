"""Map label placement: beside each symbol, clear of other labels, inside the frame."""

from __future__ import annotations

import pydeck as pdk

from civdash.figures.map.geometry import MapGeometry, lon_lat_at, pixel_offset
from civdash.i18n import text

# Share of a not-reported label's box that may lie over other regions (the sea is fine).
LABEL_SPILL = 0.25


# Gap in pixels kept between a label and its symbol, and between any two labels.
LABEL_GAP_PX = 4


def edge_label(label: dict, box: tuple[float, float, float, float], lang: str) -> dict:
    """'← 黄石港区 6个 (2015)' at the edge of the view nearest to a region outside it."""
    west, south, east, north = box
    to_west = label["lon"] < (west + east) / 2
    lat = min(max(label["lat"], south + (north - south) * 0.2), north - (north - south) * 0.1)
    first_line = label["text"].split("\n")[0]
    rest = label["text"][len(first_line) :]
    arrow = text("map.far_west" if to_west else "map.far_east", lang, x=first_line) + rest
    return {
        **label,
        "lon": west if to_west else east,
        "lat": lat,
        "text": arrow,
        "anchor": "start" if to_west else "end",
        "baseline": "center",
        "offset": [8, 0] if to_west else [-8, 0],
    }


def _text_width(value: str, size: float) -> float:
    # CJK glyphs are about one em wide, Latin letters and digits a little over half.
    return sum(size if ord(char) >= 0x2E80 else 0.6 * size for char in value)


def _overlaps(box: tuple, others: list[tuple]) -> bool:
    left, top, right, bottom = box
    return any(
        left < other[2] + LABEL_GAP_PX
        and other[0] < right + LABEL_GAP_PX
        and top < other[3] + LABEL_GAP_PX
        and other[1] < bottom + LABEL_GAP_PX
        for other in others
    )


def _placements(x: float, y: float, width: float, height: float, gap: float) -> list[tuple]:
    """(anchor, baseline, pixel offset, top-left corner) of each position to try, best first.

    Beside a symbol: below, above, right, left of it. A shaded region: on its centre, then just
    below and just above.
    """
    if gap:
        return [
            ("middle", "top", [0, gap], (x - width / 2, y + gap)),
            ("middle", "bottom", [0, -gap], (x - width / 2, y - gap - height)),
            ("start", "center", [gap, 0], (x + gap, y - height / 2)),
            ("end", "center", [-gap, 0], (x - gap - width, y - height / 2)),
        ]
    half = height / 2
    return [
        ("middle", "center", [0, 0], (x - width / 2, y - half)),
        ("middle", "top", [0, half], (x - width / 2, y + half)),
        ("middle", "bottom", [0, -half], (x - width / 2, y - half - height)),
    ]


def _label_size(label: dict) -> tuple[float, float]:
    lines = str(label["text"]).split("\n")
    width = max(_text_width(line, label["size"]) for line in lines)
    return width, label["size"] * 1.25 * len(lines)


def _fixed_box(label: dict, view: pdk.ViewState) -> tuple[float, float, float, float]:
    """The pixel box of a label placed with an explicit anchor, baseline and offset."""
    x, y = pixel_offset(label["lon"], label["lat"], view)
    width, height = _label_size(label)
    x, y = x + label["offset"][0], y + label["offset"][1]
    left = {"start": x, "middle": x - width / 2, "end": x - width}[label["anchor"]]
    top = {"top": y, "center": y - height / 2, "bottom": y - height}[label["baseline"]]
    return (left, top, left + width, top + height)


def _over_other_regions(
    box: tuple, region_id: str, view: pdk.ViewState, boundaries: MapGeometry
) -> bool:
    """True when more than LABEL_SPILL of the label's box lies over other mapped regions."""
    import shapely

    west, north = lon_lat_at(box[0], box[1], view)
    east, south = lon_lat_at(box[2], box[3], view)
    rectangle = shapely.box(west, south, east, north)
    spill = sum(
        shapely.intersection(rectangle, shape).area
        for other, shape in boundaries.outlines.items()
        if other != region_id
        and boundaries.levels.get(other) != "province"
        and other != boundaries.parents.get(region_id)
        and shapely.intersects(rectangle, shape)
    )
    return spill > LABEL_SPILL * rectangle.area


def place_labels(
    labels: list[dict],
    symbols: list[dict],
    view: pdk.ViewState,
    boundaries: MapGeometry | None = None,
    frame: tuple[int, int] | None = None,
    fixed: list[dict] | None = None,
) -> list[dict]:
    """Labels that fit at the initial view: below, above, right or left of their point.

    Labels come in priority order (figures by size, then gaps); one that overlaps a placed
    label or another region's symbol in every position is left off the map, because its
    region's tooltip and the table still carry it and overlapping text helps nobody. With
    `boundaries`, a not-reported label must also stay mostly over its own region (or the sea):
    a grey "未报告" lying on a neighbour reads as the neighbour's status. `fixed` labels
    (scale bar, edge arrows) keep their place and are obstacles; with `frame` (width, height)
    a label must lie inside the view.
    """
    obstacles = []
    for symbol in symbols:
        x, y = pixel_offset(symbol["lon"], symbol["lat"], view)
        radius = symbol["radius"]
        obstacles.append(((x, y), (x - radius, y - radius, x + radius, y + radius)))
    placed_boxes: list[tuple] = [_fixed_box(label, view) for label in fixed or []]
    placed = []
    for label in labels:
        x, y = pixel_offset(label["lon"], label["lat"], view)
        width, height = _label_size(label)
        gap = label["radius"] + LABEL_GAP_PX if label["radius"] else 0.0
        candidates = _placements(x, y, width, height, gap)
        others = placed_boxes + [box for centre, box in obstacles if centre != (x, y)]
        for anchor, baseline, offset, (left, top) in candidates:
            box = (left, top, left + width, top + height)
            if _overlaps(box, others):
                continue
            if frame is not None and not _inside_frame(box, frame):
                continue
            if (
                boundaries is not None
                and not label.get("reported", True)
                and _over_other_regions(box, label["region_id"], view, boundaries)
            ):
                continue
            placed_boxes.append(box)
            placed.append({**label, "anchor": anchor, "baseline": baseline, "offset": offset})
            break
    return placed


def _inside_frame(box: tuple, frame: tuple[int, int]) -> bool:
    half_width, half_height = frame[0] / 2, frame[1] / 2
    return (
        box[0] >= -half_width and box[2] <= half_width and box[1] >= -half_height
        and box[3] <= half_height
    )  # fmt: skip
