"""Share links: the address the user reached (browser, proxy headers), plus the view's query."""

from __future__ import annotations

from civdash.core.links import base_from_headers, share_url


def test_the_browser_address_wins_and_keeps_host_port_and_page():
    url = share_url(
        "http://mz-dash.intranet:8080/trends",
        {"Host": "127.0.0.1:8501"},
        "trends",
        {"indicator": "dibao_standard_urban", "regions": "330200,320600", "lang": "en"},
    )
    assert url == (
        "http://mz-dash.intranet:8080/trends?indicator=dibao_standard_urban"
        "&regions=330200%2C320600&lang=en"
    )


def test_proxy_headers_give_the_outside_host_and_scheme():
    headers = {
        "Host": "127.0.0.1:8501",
        "X-Forwarded-Host": "civdash.mzj.gov.cn, proxy.local",
        "X-Forwarded-Proto": "https",
    }
    assert share_url(None, headers, "map", {"indicator": "x"}) == (
        "https://civdash.mzj.gov.cn/map?indicator=x"
    )


def test_forwarded_header_port_and_prefix():
    assert base_from_headers({"Forwarded": 'for=10.0.0.1;host="dash.local:8443";proto=https'}) == (
        "https://dash.local:8443"
    )
    headers = {"Host": "dash", "X-Forwarded-Port": "8080", "X-Forwarded-Prefix": "/civdash/"}
    assert base_from_headers(headers) == "http://dash:8080/civdash"
    assert base_from_headers({"Host": "[::1]:8501"}) == "http://[::1]:8501"


def test_plain_host_header_and_overview_path():
    assert share_url(None, {"Host": "10.1.2.3:8501"}, "", {}) == "http://10.1.2.3:8501/"


def test_untrusted_values_are_ignored():
    assert base_from_headers({"Host": "evil.com/<script>"}) is None
    assert base_from_headers({"Host": "a.b", "X-Forwarded-Proto": "javascript"}) == "http://a.b"
    assert share_url("javascript:alert(1)", {"Host": "ok.local"}, "data", {}) == (
        "http://ok.local/data"
    )
    prefix = {"Host": "ok.local", "X-Forwarded-Prefix": "/a b"}
    assert base_from_headers(prefix) == "http://ok.local"


def test_empty_parameters_are_left_out():
    assert share_url("http://h:1/plans", {}, "plans", {"plan": "p", "lang": ""}) == (
        "http://h:1/plans?plan=p"
    )
