"""The curated dataset, loaded once for the view-model tests."""

import pytest

from civdash.loader import load_dataset
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")
