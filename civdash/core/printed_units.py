"""Units as statistical tables print them (万人, 元/人·月, 张/千人): base unit and scale."""

from __future__ import annotations

from dataclasses import dataclass

MULTIPLIER_WORDS = (
    ("千万", 1e7),
    ("百万", 1e6),
    ("十万", 1e5),
    ("万", 1e4),
    ("萬", 1e4),
    ("亿", 1e8),
    ("億", 1e8),
    ("千", 1e3),
    ("百", 1e2),
)
# Unit words with the punctuation between their parts removed (元/人·月 → 元人月).
BASE_UNITS = {
    "人": ("persons", 1.0),
    "名": ("persons", 1.0),
    "人次": ("person_times", 1.0),
    "户": ("households", 1.0),
    "戶": ("households", 1.0),
    "张": ("beds", 1.0),
    "張": ("beds", 1.0),
    "床": ("beds", 1.0),
    "元": ("yuan", 1.0),
    "个": ("count", 1.0),
    "個": ("count", 1.0),
    "家": ("count", 1.0),
    "处": ("count", 1.0),
    "所": ("count", 1.0),
    "座": ("count", 1.0),
    "件": ("count", 1.0),
    "对": ("count", 1.0),
    "對": ("count", 1.0),
    "例": ("count", 1.0),
    "项": ("count", 1.0),
    "次": ("count", 1.0),
    "元人月": ("yuan_per_person_month", 1.0),
    "元月人": ("yuan_per_person_month", 1.0),
    "元人年": ("yuan_per_person_year", 1.0),
    "元年人": ("yuan_per_person_year", 1.0),
    "元户月": ("yuan_per_household_month", 1.0),
    "%": ("percent", 1.0),
    "％": ("percent", 1.0),
    "百分点": ("percent_change", 1.0),
    "张千人": ("beds_per_100_elderly", 0.1),
    "张千名老人": ("beds_per_100_elderly", 0.1),
    "张千名老年人": ("beds_per_100_elderly", 0.1),
    "张百人": ("beds_per_100_elderly", 1.0),
    "张百名老人": ("beds_per_100_elderly", 1.0),
    "张百名老年人": ("beds_per_100_elderly", 1.0),
    "小时": ("hours", 1.0),
    "平方米": ("square_metres", 1.0),
    "亩": ("mu", 1.0),
    "天": ("days", 1.0),
}
UNIT_PUNCTUATION = str.maketrans("", "", "/／·•.．、()（） \u3000")


@dataclass(frozen=True)
class PrintedUnit:
    """A unit as a table prints it: the base unit, the scale its 万/亿 gives, the text."""

    base: str
    scale: float
    printed: str


def parse_unit(text: str) -> PrintedUnit | None:
    """万人 → persons × 10⁴, 元/人·月 → yuan per person and month, 张/千人 → per 100 × 0.1."""
    printed = str(text or "").strip()[:20]
    squeezed = printed.translate(UNIT_PUNCTUATION)
    if not squeezed:
        return None
    scale = 1.0
    for word, multiplier in MULTIPLIER_WORDS:
        if squeezed.startswith(word) and squeezed[len(word) :] in BASE_UNITS:
            scale = multiplier
            squeezed = squeezed[len(word) :]
            break
    found = BASE_UNITS.get(squeezed)
    if found is None:
        return None
    return PrintedUnit(found[0], found[1] * scale, printed)
