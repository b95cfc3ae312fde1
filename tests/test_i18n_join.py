"""i18n.join: the one list joiner per language."""

from civdash.i18n import join


def test_each_language_has_one_separator():
    assert join(["宁波市", "衢州市", "南通市"], "zh") == "宁波市、衢州市、南通市"
    assert join(["Ningbo", "Quzhou", "Nantong"], "en") == "Ningbo, Quzhou, Nantong"
    assert join([2010, 2020], "zh") == "2010、2020"
    assert join([], "en") == ""


def test_items_that_hold_the_separator_are_set_off_with_semicolons():
    items = ["Quzhou 14,820 beds (2013)", "Ningbo 20,000 beds (2012)"]
    assert join(items, "en") == "Quzhou 14,820 beds (2013); Ningbo 20,000 beds (2012)"
    assert join(["宁波市、奉化区", "衢州市"], "zh") == "宁波市、奉化区;衢州市"
