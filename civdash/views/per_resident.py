"""The per-resident switch a page offers: the modes with a published base, the raw default, and
why the switch is off when it is."""

from __future__ import annotations

from dataclasses import dataclass

from civdash.data.loader import Dataset
from civdash.method import per_capita


@dataclass(frozen=True)
class PerResidentOptions:
    modes: list[str]  # RAW first, then every mode some shown region has a base for
    default: str
    blocked_note: str  # why only the raw value is offered ('' when the switch is on)


def options(dataset: Dataset, indicator_id: str, region_ids, lang: str) -> PerResidentOptions:
    return PerResidentOptions(
        per_capita.available_modes(dataset, indicator_id, region_ids),
        per_capita.RAW,
        per_capita.unavailable_note(dataset, indicator_id, lang),
    )
