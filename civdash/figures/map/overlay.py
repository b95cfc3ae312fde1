"""Map labels, symbols and hatching drawn server-side: a PNG overlay for the deck, or the whole map.

deck.gl's TextLayer and its dashed-line shader each cost 30-40 s of frozen tab in Chromium's
software WebGL (measured in bench/map_paint.py), against about 4 s for the polygons and symbols
alone. A georeferenced image over the initial view draws the same labels for the cost of one
texture. The image lies in web-Mercator pixel space, exactly like deck.gl's view, so each label
sits where it was placed; zoomed in, the labels grow with the map. The page shows the whole map
(regions too) as one opaque picture first, and starts deck.gl only when asked to.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from pathlib import Path

# System CJK fonts, best first; Debian's fonts-wqy-microhei is what the Makefile installs.
FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
# Drawn at the CSS pixel size: twice that is sharper on high-density screens but doubles the
# image's bytes and its decoding and texture upload in the browser.
PIXEL_RATIO = 1
# The static picture is drawn at twice its CSS size: the browser's downscaling smooths its
# edges on ordinary screens, and it stays sharp on high-density ones and in screenshots.
PICTURE_PIXEL_RATIO = 2
# Streamlit resizes (and re-encodes) a wider image on every rerun (MAXIMUM_CONTENT_WIDTH).
MAX_PICTURE_PX = 1460
# zlib's fastest level: a third of the encoding time of the default for a little more bytes,
# which stay on the intranet. The picture is drawn afresh for each new indicator.
PICTURE_COMPRESSION = 1
LABEL_BACKGROUND = (255, 255, 255, 215)
HATCH_COLOUR = (95, 99, 104, 150)
HATCH_SPACING_PX = 7
LINE_HEIGHT = 1.25


@lru_cache(maxsize=1)
def font_path() -> str | None:
    """The first CJK font found on this machine, or None (labels then fall back to Latin only)."""
    return next((path for path in FONT_PATHS if Path(path).is_file()), None)


@lru_cache(maxsize=16)
def _font(size_px: int):
    from PIL import ImageFont

    path = font_path()
    if path is None:
        return ImageFont.load_default(size=size_px)
    return ImageFont.truetype(path, size_px)


@lru_cache(maxsize=4)
def _hatch_lines(draw_size: tuple[int, int], ratio: float):
    """Diagonal lines over the whole frame: the same for every map of a size, so drawn once."""
    from PIL import Image, ImageDraw

    lines = Image.new("RGBA", draw_size, (255, 255, 255, 0))
    lines_draw = ImageDraw.Draw(lines)
    width, height = draw_size
    step = round(HATCH_SPACING_PX * ratio)
    for start in range(-height, width, step):
        lines_draw.line(
            [(start, height), (start + height, 0)], fill=HATCH_COLOUR, width=max(1, round(ratio))
        )
    return lines


def _hatch(draw_size: tuple[int, int], rings: list[list[tuple[float, float]]], ratio: float):
    """A hatched layer (diagonal lines) clipped to the polygons given as pixel rings."""
    from PIL import Image, ImageDraw

    mask = Image.new("L", draw_size, 0)
    mask_draw = ImageDraw.Draw(mask)
    for ring in rings:
        if len(ring) >= 3:
            mask_draw.polygon(ring, fill=255)
    empty = Image.new("RGBA", draw_size, (255, 255, 255, 0))
    return Image.composite(_hatch_lines(draw_size, ratio), empty, mask)


def _draw_marks(image, to_image, ratio: float, hatched_rings, symbols, lines) -> None:
    """Hatching, then symbols with a white rim, then lines (the scale bar), onto `image`."""
    from PIL import Image, ImageDraw

    size = image.size
    if hatched_rings:
        rings = [[to_image(x, y) for x, y in ring] for ring in hatched_rings]
        image.alpha_composite(_hatch(size, rings, ratio))
    for symbol in symbols:
        fill = tuple(symbol["fill"])
        translucent = len(fill) == 4 and fill[3] < 255
        # A translucent circle on a layer of its own, so it shows what lies beneath; an
        # opaque one straight onto the image.
        layer = Image.new("RGBA", size, (255, 255, 255, 0)) if translucent else image
        x, y = to_image(symbol["x"], symbol["y"])
        radius = symbol["radius"] * ratio
        ImageDraw.Draw(layer).ellipse(
            [x - radius, y - radius, x + radius, y + radius],
            fill=fill,
            outline=(255, 255, 255, 255),
            width=max(1, round(1.5 * ratio)),
        )
        if translucent:
            image.alpha_composite(layer)
    draw = ImageDraw.Draw(image)
    for line in lines:
        draw.line(
            [to_image(x, y) for x, y in line["points"]],
            fill=tuple(line["colour"]),
            width=round(line["width"] * ratio),
        )


def _draw_labels(image, to_image, ratio: float, labels) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for label in labels:
        font = _font(round(label["size"] * ratio))
        lines = str(label["text"]).split("\n")
        line_height = label["size"] * LINE_HEIGHT * ratio
        widths = [draw.textlength(line, font=font) for line in lines]
        box_width, box_height = max(widths), line_height * len(lines)
        x, y = to_image(label["x"], label["y"])
        left = {"start": x, "middle": x - box_width / 2, "end": x - box_width}[label["anchor"]]
        top = {"top": y, "center": y - box_height / 2, "bottom": y - box_height}[label["baseline"]]
        pad_x, pad_y = 3 * ratio, 1 * ratio
        if label.get("background", True):
            draw.rounded_rectangle(
                [left - pad_x, top - pad_y, left + box_width + pad_x, top + box_height + pad_y],
                radius=2 * ratio,
                fill=LABEL_BACKGROUND,
            )
        colour = tuple(label["colour"]) if len(label["colour"]) == 4 else (*label["colour"], 255)
        for index, (line, line_width) in enumerate(zip(lines, widths, strict=True)):
            line_left = left + (box_width - line_width) / 2
            draw.text(
                (line_left, top + index * line_height + line_height / 2),
                line,
                font=font,
                fill=colour,
                anchor="lm",
            )


def _to_image(width: int, height: int, ratio: float):
    centre_x, centre_y = width / 2, height / 2

    def to_image(x: float, y: float) -> tuple[float, float]:
        return centre_x + x * ratio, centre_y + y * ratio

    return to_image


def _png(image, compress_level: int = 6) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=compress_level)
    return buffer.getvalue()


def overlay_png(
    labels: list[dict],
    hatched_rings: list[list[tuple[float, float]]],
    frame: tuple[int, int],
    symbols: list[dict] = (),
    lines: list[dict] = (),
) -> bytes:
    """PNG of `frame` (width, height) CSS pixels: hatching, then symbols and lines, then labels.

    Symbols carry `x`, `y`, `radius` and `fill` (RGBA) and get a white rim; lines carry
    `points` [(x, y), ...], `colour` and `width`.

    Labels carry `x`, `y` (pixels from the frame's centre, y down, offset applied), `text`
    (lines split by newline), `size`, `colour` (RGBA), `anchor` (start/middle/end) and
    `baseline` (top/center/bottom), as placed by map_labels.place_labels. Rings are in the same
    pixel space.
    """
    from PIL import Image

    width, height = frame[0] * PIXEL_RATIO, frame[1] * PIXEL_RATIO
    to_image = _to_image(width, height, PIXEL_RATIO)
    # Transparent white, not transparent black: the browser filters the texture, and black
    # around a label would bleed into its edges as a dark fringe.
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    _draw_marks(image, to_image, PIXEL_RATIO, hatched_rings, symbols, lines)
    _draw_labels(image, to_image, PIXEL_RATIO, labels)
    return _png(image)


def picture_png(
    passes: list[list[dict]],
    labels: list[dict],
    hatched_rings: list[list[tuple[float, float]]],
    frame: tuple[int, int],
    symbols: list[dict] = (),
    lines: list[dict] = (),
    ratio: float | None = None,
) -> bytes:
    """The whole map as one opaque PNG: regions (filled and outlined, pass by pass), then the
    overlay's hatching, symbols, lines and labels, as overlay_png draws them.

    Each pass is a list of regions that do not overlap (one level of the map); a region carries
    `polygons` (each a list of pixel rings, the first the outline and the rest holes), `fill`
    and `line` (RGB or RGBA) and `width` (the outline in CSS pixels). The browser shows this as
    a plain image: no WebGL, so it paints as fast as any picture.
    """
    from PIL import Image, ImageDraw

    ratio = ratio or picture_ratio(frame[0])
    width, height = round(frame[0] * ratio), round(frame[1] * ratio)
    to_image = _to_image(width, height, ratio)
    image = Image.new("RGBA", (width, height), (255, 255, 255, 255))
    for regions in passes:
        # A pass on a layer of its own, so a hole shows what lies beneath and a translucent
        # fill blends with the pass below, as deck.gl blends its layers. Larger regions first:
        # an enclave is drawn after the hole cut for it.
        layer = Image.new("RGBA", (width, height), (255, 255, 255, 0))
        draw = ImageDraw.Draw(layer)
        outlines = []
        for region in sorted(regions, key=lambda item: -_extent(item["polygons"])):
            line_width = max(1, round(region["width"] * ratio))
            for rings in region["polygons"]:
                pixels = [[to_image(x, y) for x, y in ring] for ring in rings if len(ring) >= 3]
                if not pixels:
                    continue
                draw.polygon(pixels[0], fill=_rgba(region["fill"]))
                for hole in pixels[1:]:
                    draw.polygon(hole, fill=(255, 255, 255, 0))
                outlines += [(ring, _rgba(region["line"]), line_width) for ring in pixels]
        # Outlines after every fill of the pass, so a neighbour's fill never covers a border.
        for ring, colour, line_width in outlines:
            draw.line([*ring, ring[0]], fill=colour, width=line_width)
        image.alpha_composite(layer)
    _draw_marks(image, to_image, ratio, hatched_rings, symbols, lines)
    _draw_labels(image, to_image, ratio, labels)
    return _png(image.convert("RGB"), compress_level=PICTURE_COMPRESSION)


def picture_ratio(width_px: int) -> float:
    """Image pixels per CSS pixel: PICTURE_PIXEL_RATIO, or less so the image fits Streamlit's
    widest image unresized."""
    return min(float(PICTURE_PIXEL_RATIO), MAX_PICTURE_PX / width_px)


def _extent(polygons: list) -> float:
    points = [point for rings in polygons for point in rings[0]] if polygons else []
    if not points:
        return 0.0
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def _rgba(colour) -> tuple[int, int, int, int]:
    return tuple(colour) if len(colour) == 4 else (*colour, 255)


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
