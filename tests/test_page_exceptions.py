"""The conftest guard: a page that ends in Streamlit's exception box fails any AppTest test."""

from __future__ import annotations

pytest_plugins = ["pytester"]


def test_a_hidden_page_exception_fails_a_test_that_never_looks(pytester):
    from tests.conftest import REPO_ROOT

    pytester.syspathinsert(str(REPO_ROOT))
    pytester.makeconftest("from tests.conftest import page_exceptions_fail_the_test  # noqa\n")
    script = pytester.makepyfile(
        broken_page="import streamlit as st\nst.title('x')\nraise ValueError('boom')\n"
    )
    pytester.makepyfile(
        test_hidden=f"""
from streamlit.testing.v1 import AppTest

def test_never_looks():
    app = AppTest.from_file({str(script)!r}).run()
    assert app.title[0].value == "x"
"""
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the page ended in an exception*"])
