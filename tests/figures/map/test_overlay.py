"""civdash.figures.map.overlay: hatching stays inside its rings, symbols and labels land where they
are placed (from the frame's centre, y down), and everything else stays transparent."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from civdash.figures.map import overlay

FRAME = (200, 100)


def pixels(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGBA"
    ratio = overlay.PIXEL_RATIO
    assert image.size == (FRAME[0] * ratio, FRAME[1] * ratio)
    return image


def alpha_at(image: Image.Image, x: float, y: float) -> int:
    """Alpha at (x, y) CSS pixels from the frame's centre."""
    ratio = overlay.PIXEL_RATIO
    return image.getpixel((round((FRAME[0] / 2 + x) * ratio), round((FRAME[1] / 2 + y) * ratio)))[3]


def opaque_columns(image: Image.Image) -> tuple[int, int]:
    """Leftmost and rightmost drawn column, in CSS pixels from the centre."""
    left, _, right, _ = image.getchannel("A").getbbox()
    ratio = overlay.PIXEL_RATIO
    return left / ratio - FRAME[0] / 2, right / ratio - FRAME[0] / 2


def label(text: str, anchor: str = "middle", **changes) -> dict:
    return {
        "x": 0,
        "y": 0,
        "text": text,
        "size": 14,
        "colour": (20, 20, 20),
        "anchor": anchor,
        "baseline": "center",
        **changes,
    }


def test_nothing_to_draw_is_a_transparent_frame():
    image = pixels(overlay.overlay_png([], [], FRAME))
    assert image.getchannel("A").getbbox() is None


def test_hatching_fills_its_ring_and_nothing_outside():
    square = [(-40.0, -30.0), (0.0, -30.0), (0.0, 30.0), (-40.0, 30.0), (-40.0, -30.0)]
    image = pixels(overlay.overlay_png([], [square], FRAME))
    left, top, right, bottom = image.getchannel("A").getbbox()
    ratio = overlay.PIXEL_RATIO
    assert left >= (FRAME[0] / 2 - 40) * ratio - 1 and right <= FRAME[0] / 2 * ratio + 1
    assert top >= (FRAME[1] / 2 - 30) * ratio - 1 and bottom <= (FRAME[1] / 2 + 30) * ratio + 1
    # Diagonal lines, not a fill: some pixels inside stay clear.
    inside = [alpha_at(image, x, y) for x in range(-39, 0) for y in (-5, 0, 5)]
    assert any(inside) and not all(inside)


def test_a_symbol_is_drawn_at_its_place_with_its_fill():
    symbol = {"x": 50, "y": -20, "radius": 8, "fill": (200, 30, 30, 255)}
    image = pixels(overlay.overlay_png([], [], FRAME, symbols=[symbol]))
    ratio = overlay.PIXEL_RATIO
    centre = image.getpixel(
        (round((FRAME[0] / 2 + 50) * ratio), round((FRAME[1] / 2 - 20) * ratio))
    )
    assert centre == (200, 30, 30, 255)
    assert alpha_at(image, 0, 0) == 0 and alpha_at(image, 50, 0) == 0


def test_a_line_joins_its_points():
    line = {"points": [(-60, 10), (60, 10)], "colour": (0, 0, 0, 255), "width": 2}
    image = pixels(overlay.overlay_png([], [], FRAME, lines=[line]))
    assert alpha_at(image, -30, 10) == 255 and alpha_at(image, 30, 10) == 255
    assert alpha_at(image, 0, 30) == 0


@pytest.mark.skipif(overlay.font_path() is None, reason="no CJK font installed")
def test_labels_sit_on_the_side_their_anchor_says():
    start = opaque_columns(pixels(overlay.overlay_png([label("宁波市", "start")], [], FRAME)))
    end = opaque_columns(pixels(overlay.overlay_png([label("宁波市", "end")], [], FRAME)))
    middle = opaque_columns(pixels(overlay.overlay_png([label("宁波市")], [], FRAME)))
    assert start[0] >= -4 and start[1] > 20  # grows rightwards from x (less the padding)
    assert end[1] <= 4 and end[0] < -20
    assert middle[0] < 0 < middle[1] and abs(middle[0] + middle[1]) <= 2


@pytest.mark.skipif(overlay.font_path() is None, reason="no CJK font installed")
def test_a_two_line_label_is_taller_than_one():
    def height(text: str) -> int:
        png = overlay.overlay_png([label(text)], [], FRAME)
        _, top, _, bottom = pixels(png).getchannel("A").getbbox()
        return bottom - top

    assert height("宁波市\n1,234") > 1.6 * height("宁波市")


def test_data_url_carries_the_png():
    png = overlay.overlay_png([], [], FRAME)
    url = overlay.data_url(png)
    assert url.startswith("data:image/png;base64,")
    assert base64.b64decode(url.split(",", 1)[1]) == png
