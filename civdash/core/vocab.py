"""Fixed vocabularies and table schemas: one definition feeds the validator and datapackage.json."""

from __future__ import annotations

from dataclasses import dataclass, field

from civdash.core import units

# Category ids, in display order; their names are i18n keys category.<id>.
CATEGORIES = (
    "social_assistance",
    "elderly_care",
    "community_services",
    "social_organisations",
    "social_work",
    "disaster_relief",
    "charity_lottery",
    "child_welfare",
    "funeral_services",
    "marriage_adoption",
    "veterans",
    "governance",
    "other",
)

# Units live in data/units.csv, read by civdash.core.units (the one Unit record per unit).

LEVELS = ("province", "prefecture", "district", "county")
SOURCE_KINDS = (
    "review",
    "annual_summary",
    "five_year_plan",
    "feature_article",
    "statistical_table",
)
QUALIFIERS = ("exact", "approx", "at_least", "at_most")
TARGET_KINDS = ("numeric", "milestone")
PERIOD_TYPES = ("point", "multi_year")
RANGE_PARTS = ("lower", "upper")
YEAR_MIN, YEAR_MAX = 1990, 2035


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # string | integer | number | boolean | date_or_year
    required: bool = False
    enum: tuple[str, ...] | None = None
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)
    description: str = ""
    # A natural key whose parts may be empty, so it cannot be the Frictionless primary key.
    unique_key: tuple[str, ...] = ()
    # An optional table may be absent from a data folder (synthetic or test data); it then
    # loads empty and the validator notes that it was skipped.
    optional: bool = False

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


SOURCES = Table(
    "sources",
    (
        Column("source_id", required=True, description="Short id of the source document"),
        Column("file", required=True, description="File name of the report text in sources/"),
        Column("title", required=True),
        Column("publisher", required=True),
        Column("published", "date_or_year", required=True, description="YYYY-MM-DD or YYYY"),
        Column("region_id", required=True, description="Region the report is about"),
        Column("language", required=True, enum=("zh-Hans", "zh-Hant")),
        Column("kind", required=True, enum=SOURCE_KINDS),
        Column("notes"),
        Column("url"),
        Column("title_en", required=True, description="English rendering of the title"),
        Column("publisher_en", required=True),
    ),
    ("source_id",),
    (("region_id", "regions", "region_id"),),
    "The five source documents",
)
REGIONS = Table(
    "regions",
    (
        Column("region_id", required=True, description="6-digit administrative division code"),
        Column("name_zh", required=True),
        Column("name_en", required=True),
        Column("level", required=True, enum=LEVELS),
        Column("parent_id"),
        Column(
            "focus",
            "boolean",
            required=True,
            description="true for the 13 regions the dashboard compares by default",
        ),
        Column("note"),
    ),
    ("region_id",),
    (("parent_id", "regions", "region_id"),),
    "Provinces, prefectures, districts and counties",
)
INDICATORS = Table(
    "indicators",
    (
        Column("indicator_id", required=True),
        Column("name_zh", required=True),
        Column("name_en", required=True),
        Column("category", required=True, enum=tuple(CATEGORIES)),
        Column("unit", required=True, enum=units.ids()),
        Column("higher_is_better", "boolean"),
        Column("definition_zh", required=True),
        Column("definition_en", required=True),
        Column("comparability"),
        Column("comparability_zh", description="The comparability note in Chinese"),
        Column(
            "period_type",
            required=True,
            enum=PERIOD_TYPES,
            description="point: one year or a moment; multi_year: a total, average or "
            "change over a period (never charted with annual values)",
        ),
        Column(
            "headline_rank",
            "integer",
            description="Position among the headline indicators (1 = first): the overview's "
            "headline cards, and first on a profile's ties; empty: not a headline indicator",
        ),
        Column(
            "station_rank",
            "integer",
            description="Position among the station indicators the map lists first (service "
            "places, beds, the coverage of such a network; 1 = first); empty: not one",
        ),
    ),
    ("indicator_id",),
    (("unit", "units", "unit_id"),),
    "Harmonised indicators with bilingual names and units",
)
OBSERVATIONS = Table(
    "observations",
    (
        Column(
            "observation_id",
            required=True,
            description="source_id:region_id:indicator_id:year[:period_start][:range_part]",
        ),
        Column("region_id", required=True),
        Column("indicator_id", required=True),
        Column("year", "integer", required=True, description="Year the figure describes"),
        Column("value", "number", required=True, description="Value in the indicator's unit"),
        Column("qualifier", required=True, enum=QUALIFIERS),
        Column("value_as_written", required=True),
        Column("source_id", required=True),
        Column("excerpt", required=True, description="Verbatim span of the source"),
        Column("period_start", "integer", description="First year of a multi-year figure"),
        Column("range_part", enum=RANGE_PARTS, description="lower/upper end of a written range"),
        Column("derivation", description="Arithmetic when value is derived from the figure"),
        Column("note", description="How the figure was read, in English"),
        Column("note_zh", description="The same note in Chinese (both or neither)"),
    ),
    ("observation_id",),
    (
        ("region_id", "regions", "region_id"),
        ("indicator_id", "indicators", "indicator_id"),
        ("source_id", "sources", "source_id"),
    ),
    "One row per figure in the sources",
    ("region_id", "indicator_id", "year", "period_start", "source_id", "range_part"),
)


def observation_id(row) -> str:
    """The readable id of an observation, built from its natural key."""
    parts = [row["source_id"], row["region_id"], row["indicator_id"], str(row["year"])]
    for optional in ("period_start", "range_part"):
        value = row.get(optional)
        if value is not None and str(value).strip() and str(value) not in ("nan", "<NA>"):
            parts.append(f"{optional.split('_')[0]}{value}")
    return ":".join(parts)


PLANS = Table(
    "plans",
    (
        Column("plan_id", required=True),
        Column("region_id", required=True),
        Column("name_zh", required=True),
        Column("name_en", required=True),
        Column("start_year", "integer", required=True),
        Column("end_year", "integer", required=True),
        Column("source_id", required=True),
    ),
    ("plan_id",),
    (("region_id", "regions", "region_id"), ("source_id", "sources", "source_id")),
    "Plans that set dated targets",
)
TARGETS = Table(
    "targets",
    (
        Column("target_id", required=True),
        Column("plan_id", required=True),
        Column("region_id", required=True),
        Column("indicator_id", required=True),
        Column("baseline_year", "integer"),
        Column("baseline_value", "number"),
        Column("target_year", "integer", required=True),
        Column("target_value", "number"),
        Column("target_value_upper", "number"),
        Column("kind", required=True, enum=TARGET_KINDS),
        Column("source_id", required=True),
        Column("excerpt", required=True),
        Column("note", description="How the target was read, in English"),
        Column("note_zh", description="The same note in Chinese (both or neither)"),
        Column("goal_zh", description="The goal as written, shortened"),
        Column("goal_en", description="The goal in English"),
    ),
    ("target_id",),
    (
        ("plan_id", "plans", "plan_id"),
        ("region_id", "regions", "region_id"),
        ("indicator_id", "indicators", "indicator_id"),
        ("source_id", "sources", "source_id"),
    ),
    "Dated targets set by plans and reports",
)

# Population bases for per-resident and per-elderly views; never from the five reports.
POPULATION_MEASURES = ("resident_total", "aged_60_plus", "aged_65_plus")
# Where a population figure was read: the publisher's own page, or a reprint or press report
# that quotes the communiqué (the row then names the communiqué and links the reprint).
POPULATION_SOURCE_KINDS = ("official", "reprint")
# Census reference years (1 November); a statistical bulletin's year is the year in its title.
CENSUS_YEARS = (2000, 2010, 2020)
POPULATION = Table(
    "population",
    (
        Column("region_id", required=True),
        Column("year", "integer", required=True, description="Census year or the bulletin's year"),
        Column(
            "measure",
            required=True,
            enum=POPULATION_MEASURES,
            description="resident_total: 常住人口; aged_60_plus, aged_65_plus: residents that old",
        ),
        Column("value", "number", required=True, description="Persons"),
        Column("value_as_written", required=True, description="The figure as printed"),
        Column(
            "source_title", required=True, description="Census communiqué or statistical bulletin"
        ),
        Column("publisher", required=True),
        Column("published", "date_or_year", required=True, description="YYYY-MM-DD or YYYY"),
        Column("url", required=True, description="Where the quoted sentence was read"),
        Column(
            "source_kind",
            required=True,
            enum=POPULATION_SOURCE_KINDS,
            description="official: read on the publisher's page; reprint: read in a reprint or "
            "press report that quotes the communiqué named in source_title",
        ),
        Column("quote", required=True, description="The sentence as published, with the figure"),
        Column("note"),
    ),
    ("region_id", "year", "measure", "source_title"),
    (("region_id", "regions", "region_id"),),
    "Published resident and elderly populations (census communiqués, statistical bulletins), "
    "the denominators of per-resident and per-elderly views",
    optional=True,
)

# Each page's default choice (its widget key) and the id column that holds it.
DEFAULT_SETTINGS = {
    "overview_region": "region_id",
    "profile_region": "region_id",
    "trends_indicator": "indicator_id",
    "compare_indicator": "indicator_id",
    "map_indicator": "indicator_id",
    "plans_plan": "plan_id",
}
DEFAULTS = Table(
    "defaults",
    (
        Column(
            "setting",
            required=True,
            enum=tuple(DEFAULT_SETTINGS),
            description="Which choice: the page and what it picks, as in its widget key",
        ),
        Column("region_id", description="The default region (overview_region, profile_region)"),
        Column("indicator_id", description="The default indicator (*_indicator)"),
        Column("plan_id", description="The default plan (plans_plan)"),
        Column("note", description="Why this default, in English"),
    ),
    ("setting",),
    (
        ("region_id", "regions", "region_id"),
        ("indicator_id", "indicators", "indicator_id"),
        ("plan_id", "plans", "plan_id"),
    ),
    "The choice each page opens on, one row per setting; a setting without a row opens on "
    "the page's first option",
    optional=True,
)

# The standard statistical tables' rows (社会服务统计月报/季报/年报) and the indicator each one is;
# the table reader's first suggestion for a row comes from here.
STATISTICAL_ROWS = Table(
    "statistical_rows",
    (
        Column(
            "row_name",
            required=True,
            description="The row's name as the standard tables print it (or a common variant), "
            "without numbering, 其中 or unit",
        ),
        Column(
            "parent",
            description="Words a heading above the row must contain (城市 for 最低生活保障人数 "
            "under 城市最低生活保障); empty: the name alone decides",
        ),
        Column("code", description="The row's indicator code in the reporting system, if any"),
        Column("indicator_id", required=True),
        Column("unit", required=True, enum=units.ids(), description="The indicator's unit"),
        Column(
            "printed_unit",
            required=True,
            description="The unit the standard table prints for the row (万人, 万张, 元/人·月)",
        ),
        Column(
            "scale",
            "number",
            required=True,
            description="printed_unit in the indicator's unit (万人 = 10000); used only to say "
            "which unit a file that prints none probably means, never silently",
        ),
        Column("note", description="Why the row maps as it does, in English"),
    ),
    (),
    (("indicator_id", "indicators", "indicator_id"),),
    "Crosswalk from the standard statistical tables' rows to indicators",
    unique_key=("row_name", "parent"),
    optional=True,
)

UNIT_TABLE = Table(
    "units",
    (
        Column("unit_id", required=True, description="The id indicators.csv names in `unit`"),
        Column("name_zh", required=True, description="The unit's name in Chinese"),
        Column("name_en", required=True, description="The unit's name in English"),
        Column("suffix_zh", description="Written after a Chinese number (empty: none)"),
        Column("suffix_en", description="Written after an English number (empty: none)"),
        Column(
            "kind",
            required=True,
            enum=units.KINDS,
            description="count: adds up (axis from zero, map symbols); rate: per some "
            "population; standard: a level per person, case or household; percent: the "
            "percent family; multiple: 倍",
        ),
        Column("glued", "boolean", required=True, description="The suffix sticks to the number"),
        Column(
            "divisible",
            "boolean",
            required=True,
            description="A per-resident or per-elderly rate may be computed",
        ),
        Column("floor", "number", required=True, description="Lowest value that can be right"),
        Column("ceiling", "number", required=True, description="Highest value that can be right"),
        Column("meaning", required=True, description="What the unit measures, in English"),
    ),
    ("unit_id",),
    (),
    "The units of measure: names, suffixes, kind and plausible range; the app reads the "
    "table that ships in data/",
)

TABLES = (
    SOURCES,
    REGIONS,
    INDICATORS,
    OBSERVATIONS,
    PLANS,
    TARGETS,
    POPULATION,
    DEFAULTS,
    STATISTICAL_ROWS,
)
# The unit table is vocabulary the app reads from data/, not part of a Dataset.
ALL_TABLES = (*TABLES, UNIT_TABLE)
TABLES_BY_NAME = {table.name: table for table in ALL_TABLES}
