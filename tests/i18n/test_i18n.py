"""Every string, indicator, region, unit and category exists in both languages."""

import re

from civdash.core import units
from civdash.core.params import language
from civdash.core.units import unit_name
from civdash.core.vocab import CATEGORIES
from civdash.data.loader import load_dataset
from civdash.i18n import STRINGS, text
from tests.conftest import REPO_ROOT

CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_ui_string_has_chinese_and_english():
    for key, (zh, en) in STRINGS.items():
        if key == "sidebar.language":
            continue  # the switch to English is labelled in English in both languages
        # {placeholders} are filled in later; only the words around them must be Chinese.
        words = re.sub(r"{\w+}", "", zh)
        assert CJK.search(zh) or not re.search(r"[A-Za-z]{4,}", words), key
        assert zh and en, key
        # English text may quote the Chinese terms it explains, in parentheses; the method
        # page's prose also quotes short terms inline (截止2011年底 is 2011), never a sentence.
        if key.startswith("method.section."):
            assert not re.search(r"[\u3400-\u9fff]{9,}", en), key
            continue
        assert not CJK.search(re.sub(r"\([^)]*\)", "", en)), key


def test_placeholders_match_between_languages():
    for key, (zh, en) in STRINGS.items():
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key


def test_names_exist_in_both_languages():
    dataset = load_dataset(REPO_ROOT / "data")
    for frame in (dataset.regions, dataset.indicators):
        assert frame["name_zh"].str.contains(CJK).all()
        assert not frame["name_en"].str.contains(CJK).any()
    for unit in units.ids():
        assert unit_name(unit, "zh") and unit_name(unit, "en")
    for zh, en in (STRINGS[f"category.{category}"] for category in CATEGORIES):
        assert CJK.search(zh) and not CJK.search(en)


def test_language_fallback():
    assert language("en") == ("en", True)
    assert language("fr") == ("zh", False)
    assert language(None) == ("zh", True)
    assert text("compare.mixed_years", "en", years="2013, 2022").startswith("Note")


def test_catalogues_give_every_key_both_languages_with_the_same_placeholders():
    """A translator edits the TOML files: each entry is exactly zh and en, neither empty, and
    both fill the same {placeholders} (a missing one would raise on screen, an extra one show
    its braces)."""
    import string
    import tomllib

    from civdash.i18n import CATALOGUES

    seen: dict[str, str] = {}
    files = sorted(CATALOGUES.glob("*.toml"))
    assert len(files) >= 5
    for path in files:
        with path.open("rb") as handle:
            entries = tomllib.load(handle)
        for key, entry in entries.items():
            assert set(entry) == {"zh", "en"}, (path.name, key)
            assert entry["zh"].strip() or entry["en"].strip() == "", (path.name, key)
            names = [
                {field for _, field, _, _ in string.Formatter().parse(entry[lang]) if field}
                for lang in ("zh", "en")
            ]
            assert names[0] == names[1], (path.name, key, names)
            assert key not in seen, f"{key} is in {seen.get(key)} and {path.name}"
            seen[key] = path.name
    assert set(seen) == set(STRINGS)
