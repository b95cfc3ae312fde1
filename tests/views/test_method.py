"""The method view: sections in the language, vintage, citations."""

import pytest

from civdash.data.loader import load_dataset
from civdash.views import method
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def test_method_view_is_in_the_language_and_cites_every_source(dataset):
    zh, en = method.build(dataset, "zh"), method.build(dataset, "en")
    assert len(zh.sections) == len(en.sections) > 0
    assert zh.sections[0][0] != en.sections[0][0]
    assert len(en.sources) == len(dataset.sources)
    assert not en.vintage.empty
    assert "None" not in en.citation
