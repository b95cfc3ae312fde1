"""Query parameters: explicit ASCII patterns, a notice for every fallback, no crash from a link."""

from __future__ import annotations

import functools
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civdash.core import limits, params
from civdash.i18n import PAGE_KEYS
from tests.conftest import REPO_ROOT, SHARED_PARAMS, notices, parameters_read, run_page


@functools.cache
def page_params(page: str) -> tuple[str, ...]:
    """Every parameter the page reads from its URL, besides lang, present and page (one run)."""
    return tuple(sorted(parameters_read(page) - SHARED_PARAMS))


# The review's hostile values (section 2), including the digits int() cannot read.
HOSTILE = [
    "no_such_id",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "\u202eevil\u202c مرحبا",
    "[x](javascript:alert(1))",
    "\x00",
    "\n# H1 injected\n",
    "²⁰¹⁵",
    "①",
    "２０１５",
    "😀",
    "0",
    "99999",
    "-1",
    ",,,,",
]


def test_years_need_ascii_digits():
    assert params.year("2015") == 2015
    for raw in ("²⁰¹⁵", "①", "２０１５", "٢٠١٥", "201", "20150", " 2015", None):
        assert params.year(raw) is None, raw


def test_identifiers_and_lists_are_ascii_patterns():
    assert params.identifier("dibao_standard_urban") == "dibao_standard_urban"
    assert params.identifier("330100") == "330100"
    assert params.identifier("demo:330200:dibao_households:2012") is not None
    for raw in ("３３０１００", "a b", "<x>", "x" * 129, "", "①"):
        assert params.identifier(raw) is None, raw
    assert params.identifier_list("330100,330200") == (["330100", "330200"], True)
    assert params.identifier_list("330100,①") == (["330100"], False)
    many = ",".join(["330100"] * (params.MAX_LIST_ITEMS + 5))
    items, valid = params.identifier_list(many)
    assert len(items) == params.MAX_LIST_ITEMS and not valid


def test_language_and_presentation_mode():
    assert params.language("en") == ("en", True)
    assert params.language("EN") == ("zh", False)
    assert params.language(None) == ("zh", True)
    assert params.present("1") == (True, True)
    assert params.present("0") == (False, True)
    assert params.present("abc") == (None, False)
    assert params.present(None) == (None, True)


@pytest.mark.parametrize("page", ["compare", "data"])
@pytest.mark.parametrize("value", ["①", "²⁰¹⁵"])
def test_unicode_digit_years_fall_back_with_a_notice(page, value):
    """M1: '²⁰¹⁵'.isdigit() is True but int() fails: this crashed both pages on 57fd356."""
    app = run_page(page, indicator="dibao_standard_urban", **{"from": value, "to": value})
    assert not app.exception, [item.value for item in app.exception]
    assert "not valid" in notices(app) or "无效" in notices(app)
    # The year window falls back to every year the page offers.
    slider = app.slider(key=f"{page}_years")
    assert slider.value == (slider.min, slider.max)
    assert "from" not in app.query_params and "to" not in app.query_params


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_invalid_presentation_mode_is_noticed(page):
    """L7: ?present=abc was silently ignored on every page."""
    app = run_page(page, lang="en", present="abc")
    assert not app.exception
    assert "present=abc is not valid" in notices(app)
    # It falls back to the normal view, and the URL no longer carries the bad value.
    assert app.toggle(key="toggle_present").value is False
    assert app.session_state["present"] is False
    assert "present" not in app.query_params


@pytest.mark.parametrize("page", ["compare", "data"])
def test_backwards_year_range_is_swapped_with_a_notice(page):
    """L7: from later than to was swapped silently."""
    app = run_page(
        page, lang="en", indicator="dibao_standard_urban", **{"from": "2022", "to": "2012"}
    )
    assert not app.exception
    assert "from=2022 and to=2012 were in the wrong order" in notices(app)
    slider = app.slider(key=f"{page}_years")
    assert slider.value == (2012, 2022)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGE_KEYS)
def test_review_sweep_shows_no_exception_and_a_notice(page):
    """The review's query-parameter sweep: every page x the hostile values, all at once."""
    for value in HOSTILE[:: 3 if page not in ("compare", "data") else 1]:
        # A page without parameters of its own gets the value as ?present=.
        values = dict.fromkeys(page_params(page) or ("present",), value)
        if values.get("present") in (*params.PRESENT_ON, *params.PRESENT_OFF):
            continue
        app = run_page(page, lang="en", **values)
        assert not app.exception, (page, value, [item.value for item in app.exception])
        assert "not valid" in notices(app), (page, value)


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGE_KEYS)
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_arbitrary_unicode_in_any_parameter_never_raises(page, data):
    """Hypothesis: any text in every parameter of the page, plus lang, present and page."""
    names = (*page_params(page), *sorted(SHARED_PARAMS))
    values = {name: data.draw(st.text(min_size=1, max_size=40), label=name) for name in names}
    app = run_page(page, **values)
    assert not app.exception, (values, [item.value for item in app.exception])


def test_no_error_view_links_off_the_machine_and_upload_caps_agree():
    """Info 3 and L8: no 'Ask Google/ChatGPT' links; Streamlit's cap sits just above ours."""
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorLinks"] == "false"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] == limits.UPLOADER_BACKSTOP_MB
    # Streamlit's browser check counts 1,000,000 bytes a megabyte (outside Windows, where it
    # counts 1,048,576): every file up to a megabyte over our limit reaches our own check.
    assert limits.UPLOADER_BACKSTOP_MB * 1_000_000 > limits.MAX_UPLOAD_BYTES
    for page in ("map", "plans"):
        source = (REPO_ROOT / "pages" / f"{page}.py").read_text("utf-8")
        assert "max_upload_size=limits.UPLOADER_BACKSTOP_MB" in source
