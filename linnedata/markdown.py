"""Quote text from a file, a URL or the store so that Markdown shows it and never runs it.

Streamlit renders Markdown in st.markdown, st.caption, st.info and friends, in widget labels
and in help texts: links, images (fetched from any host), colours (``:red[…]``), icons
(``:material/…:``), emoji shortcodes, maths (``$…$``) and autolinks (``www.x.se``,
``http://…``). :func:`escape` is the one way user-derived text reaches such a place.
"""

from __future__ import annotations

import re

# Backslash-escaped anywhere: everything that opens a link, image, emphasis, code, maths,
# HTML, entity, table, heading, strikethrough or directive.
_ACTIVE = re.compile(r"([\\`*_{}\[\]()#!|<>&~$^@])")
# A dot ends the "www" of an autolink and the number of an ordered list; one between two
# digits (3.5) does neither.
_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
# List markers, block quotes and thematic breaks only count at the start.
_LEADING = re.compile(r"^(\s*)([-+=>])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\v\f]+")


def escape(text: object) -> str:
    """``text`` as inert Markdown: every active character escaped, one line.

    A colon also gets a zero-width space after it, because Streamlit finds colour, icon and
    emoji directives (``:red[``, ``:material/x:``, ``:smile:``) and ``http:`` in the text
    after the Markdown escapes are undone.

    >>> escape("[klicka](http://x.se) **fet** www.x.se")
    '\\\\[klicka\\\\]\\\\(http\\\\:\\u200b//x\\\\.se\\\\) \\\\*\\\\*fet\\\\*\\\\* www\\\\.x\\\\.se'
    >>> escape("3.5 poäng, 2020-2024")
    '3.5 poäng, 2020-2024'
    """
    text = _LINE_BREAKS.sub(" ", str(text))
    text = _ACTIVE.sub(r"\\\1", text)
    text = _DOT.sub(r"\\.", text)
    text = text.replace(":", "\\:\u200b")
    return _LEADING.sub(r"\1\\\2", text)


def escape_params(params: dict[str, object]) -> dict[str, object]:
    """The values of ``params`` escaped (text only; numbers stay numbers for formatting)."""
    return {k: v if isinstance(v, int | float) else escape(v) for k, v in params.items()}
