"""The one vocabulary of plan-target statuses: key, label, colour, tint, ratio threshold."""

from __future__ import annotations

import math
from dataclasses import dataclass

from civdash.i18n import text


@dataclass(frozen=True)
class Status:
    """One status a target can have; its label lives in i18n as `status.<key>`."""

    key: str
    # Colour-blind-safe traffic-light stand-in (Okabe-Ito), always shown with the text label.
    colour: str
    # Light tint behind dark text (contrast well above 4.5:1); the text label carries the meaning.
    tint: str
    # The least pace ratio R that earns this status, for the statuses R decides; None otherwise.
    min_ratio: float | None = None
    # False for a status that says the target could not be assessed.
    assessed: bool = True

    def label(self, lang: str) -> str:
        return text(f"status.{self.key}", lang)


# In the order pages list them: best first, unassessed last. Ratio statuses are listed from the
# highest threshold down, which is the order progress.classify_ratio tries them in.
TABLE = (
    Status("achieved", "#009E73", "#CDEFE3"),
    Status("on_track", "#56B4E9", "#D6ECFA", min_ratio=0.95),
    Status("moderate", "#E69F00", "#FCE8C3", min_ratio=0.60),
    Status("limited", "#D55E00", "#F8D5C2", min_ratio=0.0),
    Status("moving_away", "#CC79A7", "#F3D6E7", min_ratio=-math.inf),
    Status("insufficient_data", "#999999", "#E6E6E6", assessed=False),
    Status("not_measurable", "#BBBBBB", "#F2F2F2", assessed=False),
)
BY_KEY = {status.key: status for status in TABLE}
STATUSES = tuple(BY_KEY)
RATIO_STATUSES = tuple(status for status in TABLE if status.min_ratio is not None)
UNASSESSED = tuple(status.key for status in TABLE if not status.assessed)


def label(key: str, lang: str) -> str:
    """The status in the reader's language: 按计划推进 / on track."""
    return BY_KEY[key].label(lang)


def colour(key: str) -> str:
    return BY_KEY[key].colour


def tint(key: str) -> str:
    return BY_KEY[key].tint


def tints_by_label(lang: str) -> dict[str, str]:
    """Tint for each localised label, for styling a table column that shows labels."""
    return {status.label(lang): status.tint for status in TABLE}
