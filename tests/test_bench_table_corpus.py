"""bench/table_corpus.py: every layout's cells in base units, no silent 万/亿 slip."""

from __future__ import annotations

import importlib.util
import sys

from tests.conftest import REPO_ROOT


def load_corpus():
    spec = importlib.util.spec_from_file_location(
        "table_corpus", REPO_ROOT / "bench" / "table_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["table_corpus"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_corpus_is_read_right_and_hostile_scales_are_flagged():
    result = load_corpus().score(seed=7)
    totals, hostile = result["totals"], result["hostile"]
    assert totals["scale_errors"] == 0 and hostile["scale_errors"] == 0
    assert totals["right_value"] / totals["cells"] >= 0.98
    assert totals["right_first"] / totals["mappable"] >= 0.90
    assert hostile["flagged_scale"] > 0  # the 万 rows without a unit are flagged, not scaled
    assert set(result["by_layout"]) >= {"unit_column", "glued_cell", "prior_year", "yearbook"}
