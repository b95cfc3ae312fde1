"""The source viewer: marks on curated figures only, escaped text, display-only reading aids."""

import html
import re

import pandas as pd
import pytest

from civdash.data.loader import load_dataset, sources_dir
from civdash.figures import source_text
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def figures(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["observation_id", "excerpt", "value_as_written"])


def test_marks_the_written_figure_inside_its_excerpt_only():
    text = "去年有12家。今年新建居家养老服务中心12家,\n服务站32个。"
    marked = source_text.mark_figures(
        text, figures([("a", "居家养老服务中心12家", "12"), ("b", "服务站 32个", "32")])
    )
    spans = [text[mark.start : mark.end] for mark in marked.marks]
    assert spans == ["12", "32"]
    # The first 12 (去年有12家) was never curated, so it stays unmarked.
    assert marked.marks[0].start == text.index("中心12") + 2
    assert marked.first_mark == {"a": 0, "b": 1}
    assert marked.not_found == []


def test_one_figure_read_twice_is_one_mark_naming_both():
    text = "标准统一提高到780元。"
    marked = source_text.mark_figures(
        text, figures([("urban", "提高到780元", "780"), ("rural", "提高到780元", "780")])
    )
    assert len(marked.marks) == 1
    assert marked.marks[0].observation_ids == ["urban", "rural"]


def test_rendered_text_and_labels_are_escaped():
    text = '<script>alert(1)</script>共有<b>5</b>个 & "引号"'
    marked = source_text.mark_figures(text, figures([("x", "共有<b>5</b>个", "5")]))
    body = source_text.render_html(marked, {"x": '指标 "<img src=x onerror=alert(1)>"'}, "zh-Hans")
    assert "<script>" not in body and "<b>" not in body and "<img" not in body
    assert "&lt;script&gt;" in body and "&amp;" in body
    mark = re.search(r"<mark [^>]*>", body).group(0)
    assert 'title="指标 &quot;&lt;img src=x onerror=alert(1)&gt;&quot;"' in mark
    assert re.fullmatch(
        r'<mark id="fig-0" class="fig" tabindex="0" title="[^"]*" aria-label="[^"]*">', mark
    )


def test_target_mark_is_flagged_and_scroll_script_holds_a_number_only():
    marked = source_text.mark_figures("甲1乙2", figures([("one", "甲1", "1"), ("two", "乙2", "2")]))
    body = source_text.render_html(marked, {}, "zh-Hans", target="two")
    assert '<mark id="fig-1" class="fig target"' in body
    assert '<mark id="fig-0" class="fig"' in body
    assert "getElementById('fig-1')" in source_text.scroll_script(1)


def test_reading_aids_change_the_display_never_the_excerpt():
    raw = "全市養(yǎng)老機(jī)構(gòu)298家,社區(qū)"
    assert source_text.strip_pinyin(raw) == "全市養老機構298家,社區"
    assert source_text.reading_text(raw, hide_pinyin=True, simplified=True) == (
        "全市养老机构298家,社区"
    )
    # Ordinary brackets and the data-bearing text stay: only toned readings go.
    assert source_text.strip_pinyin("村(社区)(ICP)备案") == "村(社区)(ICP)备案"
    # Where the scrape lost characters the '?' stays, so the loss is still visible.
    assert source_text.strip_pinyin("創新鏈?zhǔn)金B老模式") == "創新鏈?金B老模式"


def test_every_curated_figure_is_found_in_its_report(dataset):
    for source in dataset.sources.itertuples():
        text = (sources_dir(dataset.folder) / source.file).read_text(encoding="utf-8")
        rows = dataset.facts[dataset.facts["source_id"] == source.source_id]
        marked = source_text.mark_figures(text, rows)
        assert marked.not_found == [], source.source_id
        assert set(marked.first_mark) == set(rows["observation_id"])


def test_nantong_marks_render_with_pinyin_hidden(dataset):
    source = dataset.source_rows["nantong_2012_2022_review"]
    text = (sources_dir(dataset.folder) / source["file"]).read_text(encoding="utf-8")
    rows = dataset.facts[dataset.facts["source_id"] == "nantong_2012_2022_review"]
    marked = source_text.mark_figures(text, rows)
    target = "nantong_2012_2022_review:320600:dibao_standard_urban:2022"
    body = source_text.render_html(marked, {}, "zh-Hant", hide_pinyin=True, target=target)
    assert "(yǎng)" not in body and "養老" in html.unescape(body)
    assert body.count('class="fig target"') == 1
    target_html = re.search(r'<mark [^>]*class="fig target"[^>]*>([^<]*)</mark>', body)
    assert target_html.group(1) == "780"


def test_links_carry_source_figure_and_language():
    assert source_text.source_url("ningbo_2012_review", "a:b:c:2012", "en") == (
        "source?source=ningbo_2012_review&obs=a%3Ab%3Ac%3A2012&lang=en"
    )
    rows = pd.DataFrame({"source_id": ["demo", "user", ""], "observation_id": ["x", "y", ""]})
    assert source_text.source_urls(rows, "zh") == ["source?source=demo&obs=x", None, None]


def test_a_figure_is_never_marked_inside_a_year():
    text = "截止目前辖区养老机构由2011年的2家发展到6家"
    marked = source_text.mark_figures(text, figures([("base", text, "2"), ("now", text, "6")]))
    assert [text[mark.start : mark.end] for mark in marked.marks] == ["2", "6"]
    assert marked.marks[0].start == text.index("的2家") + 1


def test_the_linked_figure_carries_a_visible_label():
    marked = source_text.mark_figures("共有5个", figures([("x", "共有5个", "5")]))
    body = source_text.render_html(marked, {"x": "指标 · 2015 · 5个"}, "zh-Hans", target="x")
    assert '<span class="fig-label">指标 · 2015 · 5个</span>' in body


def test_the_indexed_search_finds_what_the_plain_search_finds(monkeypatch):
    text = "宁波市2012年低保对象 12,345 人。全市2012年低保对象 12,345 人。短句 7 家。" * 3
    figures = pd.DataFrame(
        {
            "observation_id": ["long", "short"],
            "excerpt": ["2012年低保对象 12,345 人", "7 家"],
            "value_as_written": ["12,345", "7"],
        }
    )
    plain = source_text.mark_figures(text, figures)
    monkeypatch.setattr(source_text, "INDEXED_FROM", 1)
    indexed = source_text.mark_figures(text, figures)
    assert [(mark.start, mark.end) for mark in indexed.marks] == [
        (mark.start, mark.end) for mark in plain.marks
    ]
    assert len(plain.marks) == 9 and not plain.not_found
