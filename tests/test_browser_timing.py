"""tools.browser_timing: the addresses a timing run visits, the hello-world reference first."""

from tools.browser_timing import HELLO, page_url


def test_page_urls_and_the_hello_reference():
    base = "http://127.0.0.1:8501"
    assert page_url(base, "overview") == f"{base}/"
    assert page_url(base, HELLO) == f"{base}/"
    assert page_url(base, "trends") == f"{base}/trends"
