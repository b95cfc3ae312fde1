"""ui: a failing page part reaches the tests, and shows a calm warning to an official."""

from __future__ import annotations

import pytest

from civdash.data.loader import Dataset
from civdash.figures import charts
from tests.conftest import run_page


class BuilderBroke(RuntimeError):
    pass


def broken(*args, **kwargs):
    raise BuilderBroke("chart builder failed")


@pytest.fixture
def no_memo(monkeypatch):
    """Build every chart afresh, so a spec memoised by an earlier test cannot hide the failure."""
    monkeypatch.setattr(Dataset, "memo", lambda self, key, compute: compute())


@pytest.mark.page_exception
@pytest.mark.parametrize(
    ("page", "builder", "params"),
    [
        ("trends", "trend_chart", {}),
        ("compare", "comparison_chart", {}),
        ("profile", "small_trend", {"region": "330200"}),
        ("plans", "bullet_chart", {}),
    ],
)
def test_a_failing_chart_builder_fails_the_page_test(
    monkeypatch, caplog, no_memo, page, builder, params
):
    monkeypatch.setattr(charts, builder, broken)
    app = run_page(page, **params)
    # The app hides error details from the browser (client.showErrorDetails), so the page shows
    # a redacted exception box; the log names the builder's own exception.
    assert app.exception, f"{builder} raised but the {page} page test saw no exception"
    failures = [record for record in caplog.records if record.exc_info]
    assert failures and failures[0].exc_info[0] is BuilderBroke


def test_outside_tests_a_failing_part_shows_a_warning(monkeypatch, no_memo):
    monkeypatch.delenv("CIVDASH_RAISE_ERRORS")
    monkeypatch.setattr(charts, "trend_chart", broken)
    app = run_page("trends", lang="en")
    assert not app.exception
    assert any("cannot be shown" in item.value for item in app.warning)
    assert app.title[0].value == "Indicator trends"
