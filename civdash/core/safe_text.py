"""Make data text inert before it reaches a Markdown-rendering widget or a terminal."""

from __future__ import annotations

import os
import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark, which makes it a
# literal; that also disarms Streamlit's :emoji:, :colour[...] and $math$ extensions.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=@%^/;?,])")


def escape_markdown(text: object) -> str:
    """Text that renders exactly as written in st.markdown, st.metric labels and captions."""
    if text is None:
        return ""
    # A newline would let the text start a new Markdown block (a heading, a list, a table);
    # other controls (NUL, ESC ...) are shown as escapes, and bidirectional overrides dropped.
    flat = strip_bidi(str(text)).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return MARKDOWN_SPECIAL.sub(r"\\\1", CONTROLS.sub(_escape_character, flat))


# C0 and C1 controls (CR, LF, ESC, U+009B CSI ...), DEL, the bidirectional overrides and
# isolates that reorder a line on screen, invisible marks, and the lone surrogates that stand
# for undecodable bytes in a file name: each is shown as an escape, never sent to a terminal.
UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _escape_character(match: re.Match) -> str:
    code = ord(match.group(0))
    if 0xDC80 <= code <= 0xDCFF:
        # surrogateescape keeps an undecodable byte b as U+DC00+b: show the byte itself.
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: object) -> str:
    """Text safe to print on a terminal or a one-line message: controls become escapes.

    A cell cannot move the cursor, clear the screen or start a new line that forges a
    summary; a file name that is not valid UTF-8 prints in any locale.
    """
    return UNPRINTABLE.sub(_escape_character, str(text))


def shown_path(path: object) -> str:
    """How the command line echoes a file or folder name: the one rule for every subcommand.

    A name is data, not output: `python -m civdash add $'fake\\nOK: merged 5 rows'` must print
    one line naming an odd file, never a forged second line. Same escaping as `validate`.
    """
    return printable(os.fspath(path) if isinstance(path, os.PathLike) else path)


# The bidirectional embeddings, overrides (U+202A-U+202E) and isolates (U+2066-U+2069): one
# of them makes 'exe.tnemucod' read 'document.exe'. Data text never needs them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi(text: str) -> str:
    """Text without bidirectional override or isolate characters."""
    return BIDI_CONTROLS.sub("", text)


# A spreadsheet runs a cell beginning with one of these as a formula (tab and CR too, since a
# spreadsheet trims them and reads what follows).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A signed number ('-5', '+3.2', '-32%') is read as a number, not a formula: it stays as is.
PLAIN_SIGNED_NUMBER = re.compile(r"[-+][0-9][0-9,]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?%?")


def formula_like(text: str) -> bool:
    """True when a spreadsheet would run the text as a formula."""
    return text.startswith(FORMULA_PREFIXES) and not PLAIN_SIGNED_NUMBER.fullmatch(text)


def neutralise(value):
    """The one rule for a text cell in any file the product writes (CSV, XLSX, the data
    package, the candidates CSV): bidirectional controls removed, and text a spreadsheet
    would run as a formula prefixed with an apostrophe. Non-text values pass unchanged."""
    if not isinstance(value, str):
        return value
    value = strip_bidi(value)
    return "'" + value if formula_like(value) else value
