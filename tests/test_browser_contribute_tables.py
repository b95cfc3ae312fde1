"""Chromium: two cities' statistical tables in one upload, reviewed, built into one bundle."""

from __future__ import annotations

import io
import shutil

import pytest

from civdash.cli import main
from civdash.data.loader import sources_dir
from civdash.data.validate import validate_dataset
from civdash.i18n import text
from civdash.workbench.bundle import read_bundle
from tests.browser_helpers import MAIN_ELEMENT, REPO_ROOT, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = REPO_ROOT.parent / "shots" / "tables24"


def workbook(city: str, institutions: int, beds: float) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "月报"
    for row in (
        [f"{city}2024年12月民政统计数据", None, None],
        ["指标名称", "单位", "数量"],
        ["一、民政机构和设施", None, None],
        ["1.提供住宿的民政机构", "个", institutions + 12],
        ["养老机构", "个", institutions],
        ["2.提供住宿的民政机构床位", "万张", beds + 0.4],
        ["养老机构床位", "万张", beds],
        ["二、社会组织", None, None],
        ["基金会", "个", 45],
        ["临时救助", None, 8.2],
    ):
        sheet.append(row)
    sheet.merge_cells("A1:C1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def shoot(page, name: str, bottom: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    if bottom:  # the app scrolls inside its main section, not the window
        page.evaluate(
            "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
            " if (m) m.scrollTop = m.scrollHeight; }"
        )
        page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def upload_two(page, server, tmp_path, query: str) -> None:
    ningbo, wenzhou = tmp_path / "宁波市2024年12月民政统计.xlsx", tmp_path / "wz_2024.xlsx"
    ningbo.write_bytes(workbook("宁波市", 210, 4.3))
    wenzhou.write_bytes(workbook("温州市", 330, 6.1))
    page.goto(f"{server}/contribute{query}")
    wait_for_app(page, MAIN_ELEMENT["contribute"])
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(ningbo), str(wenzhou)]
    )


@pytest.mark.xfail(
    reason="open: no bundle button within 120 s in the merged run",
    strict=False,
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_tables_in_one_upload_to_one_bundle(server, page, tmp_path, lang):
    page.set_viewport_size({"width": 1440, "height": 900})
    upload_two(page, server, tmp_path, "?lang=en" if lang == "en" else "")
    page.get_by_text(text("contribute.preview", lang)).wait_for(timeout=180_000)
    wait_for_app(page, '[data-testid="stDataFrame"]', timeout=120_000)
    body = page.inner_text("body")
    # One progress line per file, each with its count of candidates.
    for name in ("宁波市2024年12月民政统计.xlsx", "wz_2024.xlsx"):
        assert text("contribute.read_done", lang, name=name, count=6) in body
    assert page.locator('[data-testid="stException"]').count() == 0
    shoot(page, f"contribute_tables_{lang}_1440.png")
    page.get_by_label(text("contribute.publisher", lang), exact=True).fill("浙江省各市民政局")
    page.get_by_label(text("contribute.publisher_en", lang), exact=True).fill(
        "Zhejiang city civil-affairs bureaus"
    )
    published = page.get_by_label(text("contribute.published", lang), exact=True)
    published.fill("2025-01-20")
    published.press("Enter")
    wait_for_app(page, '[data-testid="stDataFrame"]')
    page.get_by_role("button", name=text("contribute.build", lang)).click()
    download_button = page.get_by_role("button", name=text("contribute.download", lang))
    try:
        download_button.wait_for(timeout=120_000)
    finally:
        shoot(page, f"contribute_tables_{lang}_built.png", bottom=True)
    with page.expect_download(timeout=60_000) as info:
        download_button.click()
    bundle_path = tmp_path / "bundle.zip"
    info.value.save_as(bundle_path)
    bundle = read_bundle(bundle_path.read_bytes())
    observations = bundle.tables["observations"]
    # Both cities, every pre-accepted cell in base units; 临时救助 without a unit stays out.
    assert set(observations["region_id"]) == {"330200", "330300"}
    beds = observations[observations["indicator_id"] == "elderly_care_beds_institutional"]
    assert sorted(beds["value"].astype(float)) == [43_000.0, 61_000.0]
    assert "temporary_assistance_person_times" not in set(observations["indicator_id"])
    assert len(bundle.texts) == 2 and set(bundle.tables["sources"]["kind"]) == {"statistical_table"}
    data, sources = tmp_path / "data", tmp_path / "sources"
    shutil.copytree(REPO_ROOT / "data", data, ignore=shutil.ignore_patterns("sources"))
    shutil.copytree(sources_dir(), sources)
    assert main(["add", str(bundle_path), "--data", str(data), "--sources", str(sources)]) == 0
    assert validate_dataset(data, sources).errors == []


def test_present_mode_at_1920(server, page, tmp_path):
    page.set_viewport_size({"width": 1920, "height": 1080})
    upload_two(page, server, tmp_path, "?present=1")
    page.get_by_text(text("contribute.preview", "zh")).wait_for(timeout=180_000)
    wait_for_app(page, '[data-testid="stDataFrame"]', timeout=120_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    shoot(page, "contribute_tables_zh_present_1920.png")
