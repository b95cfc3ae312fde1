"""Reading a typed actual: units, translated messages and the plausibility check."""

import pytest

from civdash.method import actuals


def test_the_value_label_names_the_unit():
    assert actuals.value_label("beds_per_100_elderly", "zh") == "数值(张/百名老人)"
    assert actuals.value_label("percent", "en") == "Value (percent)"


@pytest.mark.parametrize(
    ("raw", "value", "qualifier"),
    [
        ("3.2", 3.2, "exact"),
        ("三", 3.0, "exact"),
        ("1.2万", 12000.0, "exact"),
        ("800多", 800.0, "at_least"),
    ],
)
def test_numbers_as_people_type_them_are_read(raw, value, qualifier):
    reading = actuals.read_value(raw, "count", "zh")
    assert (reading.value, reading.qualifier, reading.error) == (value, qualifier, "")


def test_a_unit_after_the_number_gets_a_hint_in_the_page_language():
    zh = actuals.read_value("3个", "count", "zh")
    assert zh.value is None and "带了单位" in zh.error and "3" in zh.error
    en = actuals.read_value("3 beds", "beds", "en")
    assert "includes a unit" in en.error and "e.g. 3" in en.error


@pytest.mark.parametrize("raw", ["", "abc", "一万二", "12abc", "x" * 100])
def test_text_that_is_not_a_number_is_refused_with_a_translated_message(raw):
    reading = actuals.read_value(raw, "count", "zh")
    assert reading.value is None and reading.error
    assert "file" not in reading.error and "文件" not in reading.error


def test_percent_and_sign_limits():
    assert "0到100" in actuals.read_value("120", "percent", "zh").error
    assert "负数" in actuals.read_value("-3", "beds", "zh").error
    assert "百分数" in actuals.read_value("30%", "beds", "zh").error


def test_32_per_1000_is_flagged_with_the_likely_slip():
    message, suggestion = actuals.implausible(32.0, "beds_per_100_elderly", "en", (2015, 2.7), 3.0)
    assert suggestion == pytest.approx(3.2)
    assert message.startswith("32 is 12× the 2015 baseline")
    assert "Did you mean 3.2 beds/100 elderly?" in message
    assert "32 per 1,000 elderly = 3.2 per 100" in message


def test_values_within_five_times_of_baseline_or_target_pass():
    assert actuals.implausible(3.2, "beds_per_100_elderly", "zh", (2015, 2.7), 3.0) == ("", None)
    assert actuals.implausible(14.0, "beds_per_100_elderly", "zh", (2015, 2.7), 3.0) == ("", None)
    # Far from the baseline but near the target: plausible progress.
    assert actuals.implausible(140.0, "count", "zh", (2019, 10.0), 150.0) == ("", None)


def test_a_fraction_typed_for_a_percentage_is_named():
    message, suggestion = actuals.implausible(0.85, "percent", "zh", (None, None), 100.0)
    assert suggestion == pytest.approx(85.0)
    assert "小数 0.85 = 85%" in message


def test_nothing_to_compare_with_means_no_warning():
    assert actuals.implausible(32.0, "count", "zh", (None, None), None) == ("", None)
