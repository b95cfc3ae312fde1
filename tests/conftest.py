"""Shared fixtures and helpers: a tiny dataset, AppTest page runs, their charts, maps and files."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.runtime.state.query_params_proxy import QueryParamsProxy
from streamlit.testing.v1 import AppTest

from civdash.core.vocab import TABLES_BY_NAME, observation_id

# Browser fixtures live beside this file; importing them here makes them every test's fixtures.
from tests.browser_helpers import browser, open_tab, page, server  # noqa: F401

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = str(REPO_ROOT / "app.py")
# A failing chart or map builder must fail the test run (AppTest and browser servers inherit this),
# never turn into the calm warning `ui.guarded` shows an official.
os.environ["CIVDASH_RAISE_ERRORS"] = "1"
SOURCE_TEXT = (
    "目前全市有低保户40520户共61195人。福彩销量从2002年的700多万增长到2011年的14.27亿,"
    "市场份额扩大到57.7%。养老床位总数近800张。\n"
)


def tiny_tables() -> dict[str, list[dict]]:
    """A minimal consistent dataset: one province, two cities, three indicators."""
    observations = [
        {
            "region_id": "330200",
            "indicator_id": "dibao_households",
            "year": "2012",
            "value": "40520",
            "qualifier": "exact",
            "value_as_written": "40520",
            "source_id": "demo",
            "excerpt": "目前全市有低保户40520户共61195人",
        },
        {
            "region_id": "330200",
            "indicator_id": "welfare_lottery_sales",
            "year": "2002",
            "value": "7000000",
            "qualifier": "at_least",
            "value_as_written": "700多万",
            "source_id": "demo",
            "excerpt": "福彩销量从2002年的700多万增长到2011年的14.27亿",
        },
        {
            "region_id": "330200",
            "indicator_id": "welfare_lottery_sales",
            "year": "2011",
            "value": "1427000000",
            "qualifier": "exact",
            "value_as_written": "14.27亿",
            "source_id": "demo",
            "excerpt": "福彩销量从2002年的700多万增长到2011年的14.27亿",
        },
        {
            "region_id": "330300",
            "indicator_id": "lottery_market_share",
            "year": "2011",
            "value": "57.7",
            "qualifier": "exact",
            "value_as_written": "57.7%",
            "source_id": "demo",
            "excerpt": "市场份额扩大到57.7%",
        },
    ]
    for row in observations:
        row.update(period_start="", range_part="", derivation="", note="", note_zh="")
        row["observation_id"] = observation_id(row)
    return {
        "sources": [
            {
                "source_id": "demo",
                "file": "demo.txt",
                "title": "示例报告",
                "publisher": "示例局",
                "published": "2012-09-13",
                "region_id": "330200",
                "language": "zh-Hans",
                "kind": "review",
                "notes": "",
                "url": "",
                "title_en": "Demo report",
                "publisher_en": "Demo bureau",
            }
        ],
        "regions": [
            {
                "region_id": "330000",
                "name_zh": "浙江省",
                "name_en": "Zhejiang",
                "level": "province",
                "parent_id": "",
                "focus": "false",
                "note": "",
            },
            {
                "region_id": "330200",
                "name_zh": "宁波市",
                "name_en": "Ningbo",
                "level": "prefecture",
                "parent_id": "330000",
                "focus": "true",
                "note": "",
            },
            {
                "region_id": "330300",
                "name_zh": "温州市",
                "name_en": "Wenzhou",
                "level": "prefecture",
                "parent_id": "330000",
                "focus": "true",
                "note": "",
            },
        ],
        "indicators": [
            {
                "indicator_id": "dibao_households",
                "name_zh": "低保户数",
                "name_en": "Dibao households",
                "category": "social_assistance",
                "unit": "households",
                "higher_is_better": "",
                "definition_zh": "低保户",
                "definition_en": "Households",
                "comparability": "",
                "period_type": "point",
            },
            {
                "indicator_id": "welfare_lottery_sales",
                "name_zh": "福利彩票销售额",
                "name_en": "Welfare-lottery sales",
                "category": "charity_lottery",
                "unit": "yuan",
                "higher_is_better": "true",
                "definition_zh": "销售额",
                "definition_en": "Sales",
                "comparability": "",
                "period_type": "point",
            },
            {
                "indicator_id": "lottery_market_share",
                "name_zh": "福彩市场份额",
                "name_en": "Lottery market share",
                "category": "charity_lottery",
                "unit": "percent",
                "higher_is_better": "true",
                "definition_zh": "份额",
                "definition_en": "Share",
                "comparability": "",
                "period_type": "point",
            },
        ],
        "observations": observations,
        "plans": [
            {
                "plan_id": "demo_plan",
                "region_id": "330200",
                "name_zh": "示例规划",
                "name_en": "Demo plan",
                "start_year": "2011",
                "end_year": "2015",
                "source_id": "demo",
            }
        ],
        "targets": [
            {
                "target_id": "t1",
                "plan_id": "demo_plan",
                "region_id": "330200",
                "indicator_id": "welfare_lottery_sales",
                "baseline_year": "2002",
                "baseline_value": "7000000",
                "target_year": "2015",
                "target_value": "2000000000",
                "target_value_upper": "",
                "kind": "numeric",
                "source_id": "demo",
                "excerpt": "福彩销量从2002年的700多万增长到2011年的14.27亿",
                "note": "",
                "note_zh": "",
                "goal_zh": "示例目标",
                "goal_en": "Demo goal",
            }
        ],
    }


def write_tables(folder: Path, tables: dict[str, list[dict]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = TABLES_BY_NAME[name].column_names
        extra = [key for row in rows for key in row if key not in columns]
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns + sorted(set(extra)))
            writer.writeheader()
            writer.writerows(rows)
    return folder


@pytest.fixture
def tiny_dataset(tmp_path: Path) -> tuple[Path, Path]:
    """(data folder, sources folder) holding a small valid dataset."""
    # The texts sit where the validator looks by default: the data folder's sources/.
    sources = tmp_path / "data" / "sources"
    sources.mkdir(parents=True)
    (sources / "demo.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return write_tables(tmp_path / "data", tiny_tables()), sources


# --- A contribution bundle's parts: a Quzhou 2014 summary with two figures --------------------

CONTRIBUTION_TEXT = (
    "衢州市民政局2014年工作总结。\n"
    "截至2014年底,全市养老机构床位15200张,新建居家养老服务照料中心300个。\n"
)
CONTRIBUTION_SOURCE = {
    "source_id": "quzhou_2014_test_summary",
    "file": "quzhou_2014_test_summary.txt",
    "title": "衢州市民政局2014年工作总结",
    "publisher": "衢州市民政局",
    "published": "2015-01-20",
    "region_id": "330800",
    "language": "zh-Hans",
    "kind": "annual_summary",
    "notes": "",
    "url": "",
    "title_en": "Quzhou Civil Affairs Bureau 2014 summary",
    "publisher_en": "Quzhou Civil Affairs Bureau",
}


def contribution_observation(indicator_id, value, written, excerpt, **extra):
    return {
        "region_id": "330800",
        "indicator_id": indicator_id,
        "year": 2014,
        "value": value,
        "qualifier": "exact",
        "value_as_written": written,
        "source_id": CONTRIBUTION_SOURCE["source_id"],
        "excerpt": excerpt,
        **extra,
    }


CONTRIBUTION_ROWS = [
    contribution_observation("elderly_care_beds", 15200, "15200", "全市养老机构床位15200张"),
    contribution_observation(
        "home_community_care_centres_new", 300, "300", "新建居家养老服务照料中心300个"
    ),
]


# --- Speed: how any test file, old or new, shares the expensive parts --------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every browser test runs in one xdist worker, so a parallel run starts one server and one
    Chromium (session fixtures), while the other workers take the AppTest and unit tests.

    tryfirst: xdist reads the group mark in its own hook of the same name (`--dist loadgroup`).
    """
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))


# --- AppTest: run a page as a user would reach it, and read what it drew -------------------------


@pytest.fixture(autouse=True)
def page_exceptions_fail_the_test(request, monkeypatch):
    """Every AppTest run ends without Streamlit's exception box, or the test fails there.

    AppTest keeps a page's exception in `app.exception` and carries on: a test that does not
    look sees the table it checks and passes over a red box (B2 slipped past this way). A
    test that provokes one on purpose is marked `page_exception`.
    """
    if request.node.get_closest_marker("page_exception"):
        yield
        return
    original = AppTest._run

    def checked(self, *args, **kwargs):
        app = original(self, *args, **kwargs)
        if app.exception:
            pytest.fail(
                "the page ended in an exception: "
                + "; ".join(str(item.value)[:200] for item in app.exception)
                + " (see the log above for the traceback)"
            )
        return app

    monkeypatch.setattr(AppTest, "_run", checked)
    yield


def run_page(page_key: str, timeout: int = 60, **params) -> AppTest:
    """Run app.py at `page_key` with these query parameters, as a deep link would."""
    app = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in params.items():
        app.query_params[name] = value
    if page_key != "overview":
        app.switch_page(f"pages/{page_key}.py")
    return app.run()


_SHARED_RUNS: dict[tuple, AppTest] = {}


def shared_run(page_key: str, **params) -> AppTest:
    """The page run for these parameters, run once per test process and shared.

    For tests that only read what the run drew: never click, set a widget or run it again
    (use `run_page` for that), and never under a monkeypatch that changes what the page shows.
    """
    key = (page_key, tuple(sorted(params.items())))
    if key not in _SHARED_RUNS:
        app = run_page(page_key, timeout=180, **params)
        # A failed run is not kept: each test that asks sees the failure for itself.
        if app.exception:
            return app
        _SHARED_RUNS[key] = app
    return _SHARED_RUNS[key]


# URL parameters app.py and ui read on every page; the rest belong to one page each.
SHARED_PARAMS = frozenset({"lang", "present", "page"})


def parameters_read(page_key: str) -> set[str]:
    """Every URL parameter a first run of the page reads, whatever module reads it."""
    read: set[str] = set()
    original = QueryParamsProxy.__getitem__

    def spy(self, key):
        read.add(key)
        return original(self, key)

    QueryParamsProxy.__getitem__ = spy
    try:
        app = run_page(page_key)
    finally:
        QueryParamsProxy.__getitem__ = original
    assert not app.exception, [item.value for item in app.exception]
    return read


def vega_specs(app: AppTest) -> list[dict]:
    """Each chart's spec with its datasets put back in (Streamlit ships them as Arrow)."""
    specs = []
    for chart in app.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        spec["datasets"] = {
            dataset.name: convert_arrow_bytes_to_pandas_df(dataset.data.data).to_dict("records")
            for dataset in chart.proto.datasets
        }
        specs.append(spec)
    return specs


def chart_rows(spec: dict) -> list[dict]:
    """Every data row of an Altair spec, whichever dataset it sits in."""
    rows = []
    for dataset in spec.get("datasets", {}).values():
        rows.extend(dataset)
    return rows


def deck_specs(app: AppTest) -> list[dict]:
    """Each pydeck map's JSON spec as the browser receives it."""
    return [json.loads(deck.proto.json) for deck in app.get("deck_gl_json_chart")]


def notices(app: AppTest) -> str:
    """The visible text of every st.info notice (they are Markdown-escaped: a URL is untrusted)."""
    return " ".join(item.value for item in app.info).replace("\\", "")


@pytest.fixture
def captured_files(monkeypatch):
    """Bytes of every file a run offers for download, whether built at once or on click."""
    files: list[dict] = []
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes | bytearray):
            files.append({"data": bytes(path_or_data), "mimetype": mimetype, "filename": filename})
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    original_deferred = MediaFileManager.add_deferred

    def capture_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        # A table built on click: build it now, as the click would, and keep its bytes (images
        # and decks are left alone: drawing them is slow and tested elsewhere).
        if (file_name or "").endswith((".csv", ".xlsx")):
            files.append({"data": data_callable(), "mimetype": mimetype, "filename": file_name})
        return original_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture_deferred)
    return files
