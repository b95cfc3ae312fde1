"""Links: the query that opens a page at a view, and the full URL of the current view."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from civdash.i18n import DEFAULT_LANGUAGE

# host, host:port, or [IPv6]:port. Headers are untrusted input, so anything else is ignored.
HOST_PATTERN = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$"
)
SCHEMES = ("http", "https")
FALLBACK_BASE = "http://localhost:8501"
HEADER_NAMES = (
    "Host",
    "X-Forwarded-Host",
    "X-Forwarded-Proto",
    "X-Forwarded-Port",
    "X-Forwarded-Prefix",
    "Forwarded",
)


def _first(value: str | None) -> str:
    """The first entry of a header that proxies may have made a comma-separated list."""
    return (value or "").split(",")[0].strip()


def _forwarded(headers: Mapping[str, str]) -> dict[str, str]:
    """host= and proto= of the first hop in an RFC 7239 Forwarded header."""
    first = _first(headers.get("Forwarded"))
    pairs = {}
    for part in first.split(";"):
        name, _, value = part.partition("=")
        pairs[name.strip().lower()] = value.strip().strip('"')
    return pairs


def base_from_headers(headers: Mapping[str, str]) -> str | None:
    """scheme://host[:port] as the user reached it through any proxy, or None."""
    forwarded = _forwarded(headers)
    host = (
        forwarded.get("host")
        or _first(headers.get("X-Forwarded-Host"))
        or _first(headers.get("Host"))
    )
    if not host or not HOST_PATTERN.match(host):
        return None
    scheme = (forwarded.get("proto") or _first(headers.get("X-Forwarded-Proto")) or "http").lower()
    if scheme not in SCHEMES:
        scheme = "http"
    port = _first(headers.get("X-Forwarded-Port"))
    if port.isdigit() and ":" not in host.rsplit("]", 1)[-1]:
        default = {"http": "80", "https": "443"}[scheme]
        if port != default:
            host = f"{host}:{port}"
    prefix = _first(headers.get("X-Forwarded-Prefix")).rstrip("/")
    if prefix and not re.fullmatch(r"(/[A-Za-z0-9._~-]+)+", prefix):
        prefix = ""
    return f"{scheme}://{host}{prefix}"


def page_url(browser_url: str | None, headers: Mapping[str, str], page_path: str) -> str:
    """The page's address without a query.

    The browser's own address (Streamlit's st.context.url) is what the user actually typed or
    followed, proxy and port included, so it wins; request headers are the fallback.
    """
    if browser_url:
        parts = urlsplit(browser_url)
        if parts.scheme in SCHEMES and parts.netloc and HOST_PATTERN.match(parts.netloc):
            return f"{parts.scheme}://{parts.netloc}{parts.path}"
    base = base_from_headers(headers) or FALLBACK_BASE
    return f"{base}/{page_path}" if page_path else f"{base}/"


def share_url(
    browser_url: str | None,
    headers: Mapping[str, str],
    page_path: str,
    params: Mapping[str, str],
) -> str:
    """The full link of the view: page address plus the query that reproduces the view."""
    query = urlencode({name: value for name, value in params.items() if value not in ("", None)})
    address = page_url(browser_url, headers, page_path)
    return f"{address}?{query}" if query else address


def view_query(lang: str, present: bool = False, **params: str | None) -> dict[str, str]:
    """The query of a link to another page's view: its parameters, then the reader's language
    and presentation mode (both left out at their defaults); empty values are dropped."""
    query = {
        **params,
        "lang": None if lang == DEFAULT_LANGUAGE else lang,
        "present": "1" if present else None,
    }
    return {name: str(value) for name, value in query.items() if value not in (None, "")}
