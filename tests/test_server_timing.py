"""The server benchmark's widget changes: labels map back to values, shared labels are skipped."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

from tests.conftest import REPO_ROOT

spec = importlib.util.spec_from_file_location(
    "server_timing", REPO_ROOT / "bench" / "server_timing.py"
)
server_timing = importlib.util.module_from_spec(spec)
spec.loader.exec_module(server_timing)

NAMES = {"330100": "杭州市", "330200": "宁波市", "120101": "和平区", "210102": "和平区"}


def selectbox(values: list[str]) -> SimpleNamespace:
    """What AppTest shows of a selectbox: its labels and its format_func, nothing more."""

    def label(value: str) -> str:
        return f"{NAMES[value]} ({value[:2]})"

    return SimpleNamespace(options=[label(value) for value in values], format_func=label)


def test_labels_map_back_to_the_values_the_page_holds():
    widget = selectbox(["330100", "330200"])
    candidates = ["dibao_standard_urban", "330200", "330100"]  # an indicator raises KeyError
    assert server_timing.option_values(widget, candidates) == {
        "杭州市 (33)": "330100",
        "宁波市 (33)": "330200",
    }


def test_a_label_two_options_share_is_left_out():
    widget = SimpleNamespace(options=["和平区", "和平区", "杭州市"], format_func=NAMES.get)
    values = server_timing.option_values(widget, list(NAMES))
    assert values == {"杭州市": "330100"}


def test_options_shown_as_themselves_stay_as_they_are():
    widget = SimpleNamespace(options=["a", "b"], format_func=str)
    assert server_timing.option_values(widget, list(NAMES)) == {"a": "a", "b": "b"}


def test_every_page_has_a_main_widget_to_change():
    from civdash.i18n import PAGE_KEYS

    assert set(server_timing.WIDGETS) == {"reference", *PAGE_KEYS}
