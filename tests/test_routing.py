"""The one Streamlit internal the app relies on for deep links still behaves as the app assumes."""

import inspect

from streamlit.commands import navigation
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner import script_runner


def test_pages_folder_flag_exists_and_is_what_navigation_clears():
    # ui.ensure_app_navigation sets PagesManager.uses_pages_directory = False, as st.navigation
    # does; if Streamlit renames or drops the flag, deep links to /trends would run the page
    # file alone again, so this test must fail before anyone ships the upgrade.
    assert "uses_pages_directory" in vars(pages_manager.PagesManager)
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation.navigation)


def test_the_script_runner_still_chooses_legacy_pages_by_that_flag():
    source = inspect.getsource(script_runner.ScriptRunner)
    assert "if PagesManager.uses_pages_directory:" in source
    assert "_mpa_v1(" in source
