"""m10: the traditional-character Nantong report opens in simplified characters."""

from __future__ import annotations

from tests.conftest import run_page


def test_nantong_report_opens_simplified_and_can_show_the_original():
    app = run_page("source", source="nantong_2012_2022_review")
    assert not app.exception
    assert app.toggle(key="source_simplified").value is True
    body = next(item.proto.body for item in app.get("html") if "civdash-source" in item.proto.body)
    assert "民政" in body and "繪" not in body
    app.toggle(key="source_simplified").set_value(False).run()
    original = next(
        item.proto.body for item in app.get("html") if "civdash-source" in item.proto.body
    )
    assert "繪" in original or "產" in original or "養" in original
