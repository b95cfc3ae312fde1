"""The status vocabulary: labels in both languages, readable tints, thresholds the page states."""

import re

import pytest

from civdash.core.colours import contrast_ratio
from civdash.i18n import text
from civdash.method import status
from civdash.method.progress import classify_ratio

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("key", status.STATUSES)
def test_each_status_has_a_label_in_both_languages(key):
    zh, en = status.label(key, "zh"), status.label(key, "en")
    assert CJK.search(zh) and not re.search(r"[A-Za-z]", zh)
    assert en.isascii() and en.strip() and not CJK.search(en)


def test_labels_tell_the_statuses_apart():
    for lang in ("zh", "en"):
        labels = [status.label(key, lang) for key in status.STATUSES]
        assert len(set(labels)) == len(labels)


def test_tints_keep_dark_text_readable_and_follow_the_label():
    for lang in ("zh", "en"):
        tints = status.tints_by_label(lang)
        for key in status.STATUSES:
            assert tints[status.label(key, lang)] == status.tint(key)
            # The summary and the table put #111 text on the tint (WCAG AA needs 4.5:1).
            assert contrast_ratio("#111111", status.tint(key)) >= 4.5


def test_only_unassessed_statuses_lack_a_ratio_or_a_verdict():
    assert set(status.UNASSESSED) == {"insufficient_data", "not_measurable"}
    assert {item.key for item in status.RATIO_STATUSES} == {
        "on_track",
        "moderate",
        "limited",
        "moving_away",
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_thresholds_the_page_states_are_the_ones_that_classify(lang):
    # The ratio help reads "≥0.95 on track, 0.60–0.95 moderate, 0–0.60 limited, <0 moving
    # away": each number it names is where the class changes, the number itself on the
    # higher side.
    stated = {
        float(number) for number in re.findall(r"\d+\.\d+|\b0\b", text("plans.ratio_help", lang))
    }
    stated.discard(1.0)  # "1 means exactly on plan"
    assert stated == {0.95, 0.60, 0.0}
    for threshold in stated:
        assert classify_ratio(threshold) != classify_ratio(threshold - 0.001)
    assert [classify_ratio(ratio) for ratio in (0.95, 0.60, 0.0, -0.001)] == [
        "on_track",
        "moderate",
        "limited",
        "moving_away",
    ]
