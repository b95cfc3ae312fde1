"""The one unit record per unit, read once from data/units.csv: names, suffixes, kind, range."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from civdash.i18n import text

# The table ships with the code (it is vocabulary, like vocab.CATEGORIES): a data folder chosen
# with CIVDASH_DATA_DIR uses the same units.
UNITS_FILE = Path(__file__).resolve().parents[2] / "data" / "units.csv"
COLUMNS = (
    "unit_id",
    "name_zh",
    "name_en",
    "suffix_zh",
    "suffix_en",
    "kind",
    "glued",
    "divisible",
    "floor",
    "ceiling",
    "meaning",
)
# count: quantities that add up (axes from zero, map symbols); rate: per some population;
# standard: a level or amount per person or case; percent: the percent family; multiple: 倍.
KINDS = ("count", "rate", "standard", "percent", "multiple")
COUNT, RATE, STANDARD, PERCENT, MULTIPLE = KINDS
BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class Unit:
    """What a unit is: how it reads, how it may be charted or divided, and its plausible range."""

    id: str
    name_zh: str
    name_en: str
    suffix_zh: str
    suffix_en: str
    kind: str
    # The suffix sticks to the number in both languages (97%, 3×), never spaced or split off.
    glued: bool
    # A per-resident or per-elderly rate may be computed (counts and money only).
    divisible: bool
    floor: float
    ceiling: float
    meaning: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def suffix(self, lang: str) -> str:
        return self.suffix_zh if lang == "zh" else self.suffix_en


def parse_row(row: dict[str, str]) -> Unit:
    """One CSV row as a Unit; ValueError names the column that is wrong."""
    for name in ("glued", "divisible"):
        if row.get(name) not in BOOLEANS:
            raise ValueError(f"{name}: {row.get(name)!r} is not true or false")
    if row.get("kind") not in KINDS:
        raise ValueError(f"kind: {row.get('kind')!r} is not one of {', '.join(KINDS)}")
    bounds = {}
    for name in ("floor", "ceiling"):
        try:
            bounds[name] = float(row.get(name) or "")
        except ValueError:
            raise ValueError(f"{name}: {row.get(name)!r} is not a number") from None
        if not math.isfinite(bounds[name]):
            raise ValueError(f"{name}: {row.get(name)!r} is not a finite number")
    if bounds["floor"] >= bounds["ceiling"]:
        raise ValueError("floor: must be below ceiling")
    return Unit(
        id=row["unit_id"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        suffix_zh=row["suffix_zh"],
        suffix_en=row["suffix_en"],
        kind=row["kind"],
        glued=BOOLEANS[row["glued"]],
        divisible=BOOLEANS[row["divisible"]],
        floor=bounds["floor"],
        ceiling=bounds["ceiling"],
        meaning=row["meaning"],
    )


def read_units(path: Path = UNITS_FILE) -> dict[str, Unit]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row["unit_id"]: parse_row(row) for row in csv.DictReader(handle)}


@cache
def table() -> dict[str, Unit]:
    """Every unit by id, read once per process."""
    return read_units()


def ids() -> tuple[str, ...]:
    return tuple(table())


def get(unit: str) -> Unit | None:
    """The record of a unit id; a per-resident rate ('beds/per_10k') is a rate of its base."""
    return table().get(str(unit).partition("/")[0])


def kind(unit: str) -> str | None:
    """count | rate | standard | percent | multiple; a per-resident rate is a rate."""
    record = get(unit)
    if record is None:
        return None
    return RATE if "/" in str(unit) else record.kind


def is_count(unit: str) -> bool:
    """A quantity that adds up: its axis starts at zero and a map symbol's area may show it."""
    return kind(unit) == COUNT


def is_percent(unit: str) -> bool:
    """The percent family: shares, changes and ratios written with %."""
    return kind(unit) == PERCENT


def is_glued(unit: str) -> bool:
    record = get(unit)
    return record is not None and record.glued


def divisible(unit: str) -> bool:
    """Whether a per-resident rate of this unit may be computed."""
    record = get(unit)
    return record is not None and "/" not in str(unit) and record.divisible


def is_money(unit: str) -> bool:
    return str(unit).startswith("yuan")


def range_problem(value: float, unit: str) -> str | None:
    """Why a value cannot be right for its unit ('share', 'negative', 'fall', 'ceiling'), or None.

    A share (a percent unit whose ceiling is 100) lies in 0–100; below the floor a count is
    negative and a change falls by more than 100 %; above the ceiling no real figure lies.
    """
    record = get(unit)
    if record is None:
        return None
    if record.ceiling == 100 and record.floor == 0 and record.kind == PERCENT:
        return None if 0 <= value <= 100 else "share"
    if value < record.floor:
        return "negative" if record.floor == 0 else "fall"
    if value > record.ceiling:
        return "ceiling"
    return None


def unit_name(unit: str, lang: str) -> str:
    """The unit's name from its record ; a per-resident rate adds its base."""
    _, _, per = str(unit).partition("/")
    record = get(unit)
    if record is None:
        return unit
    name = record.name(lang)
    if per:
        # A per-resident rate: 张/千名老人, beds per 1,000 aged 60+.
        return f"{name}{text(f'per.unit.{per}', lang)}"
    return name
