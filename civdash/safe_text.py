"""Make data text inert before it reaches a Markdown-rendering widget."""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark, which makes it a
# literal; that also disarms Streamlit's :emoji:, :colour[...] and $math$ extensions.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=@%^/;?,])")


def escape_markdown(text: object) -> str:
    """Text that renders exactly as written in st.markdown, st.metric labels and captions."""
    if text is None:
        return ""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    # A newline would let the text start a new Markdown block (a heading, a list, a table).
    return escaped.replace("\r", " ").replace("\n", " ")
