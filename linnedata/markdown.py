"""Quote text from a file, a URL or the store so that Markdown shows it and never runs it.

Streamlit renders Markdown in st.markdown, st.caption, st.info and friends, in widget labels
and in help texts: links, images (fetched from any host), colours (``:red[…]``), icons
(``:material/…:``), emoji shortcodes, maths (``$…$``) and autolinks (``www.x.se``,
``http://…``). :func:`escape` is the one way user-derived text reaches such a place.
"""

from __future__ import annotations

import re

# Backslash-escaped anywhere: what opens a link or image ("[", "]"; "(", ")" and "!" are inert
# without them), emphasis, code, maths, HTML, entities, tables and strikethrough.
_ACTIVE = re.compile(r"([\\`*_\[\]<>&~$|@])")
# An autolink needs "www." or a scheme's colon; a directive, icon or emoji a colon before a
# word (":red[", ":material/x:", ":smile:"): such a colon is escaped and followed by a
# zero-width space, because Streamlit finds directives in the text after escapes are undone.
_WWW = re.compile(r"(?i)(\bwww)\.")
_COLON = re.compile(r":(?=\S)")
# List markers, block quotes, headings and thematic breaks only count at the start.
_LEADING = re.compile(r"^(\s*)([-+=>#]|\d+(?=[.)](?:\s|$)))")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\v\f]+")


def escape(text: object) -> str:
    """``text`` as inert Markdown on one line: it reads the same, but nothing in it can become
    a link, an image, emphasis, code, maths, HTML, a colour, an icon or a heading.

    >>> escape("[klicka](http://x.se) **fet** www.x.se")
    '\\\\[klicka\\\\](http\\\\:\\u200b//x.se) \\\\*\\\\*fet\\\\*\\\\* www\\u200b\\\\.x.se'
    >>> escape("Läst som Google Formulär (CSV), blad 'Svar'. Kl. 10: klart")
    "Läst som Google Formulär (CSV), blad 'Svar'. Kl. 10: klart"
    """
    text = _LINE_BREAKS.sub(" ", str(text))
    text = _ACTIVE.sub(r"\\\1", text)
    text = _WWW.sub("\\1\u200b\\\\.", text)  # a zero-width space: GFM autolinks "www\\." too
    text = _COLON.sub("\\:\u200b", text)
    match = _LEADING.match(text)
    if match:  # "1." → "1\." ; "- x" → "\- x"
        lead, marker = match.groups()
        rest = text[match.end() :]
        text = lead + (marker + "\\" + rest if marker[0].isdigit() else "\\" + marker + rest)
    return text


BREAK = "\n\n---\n\n"
"""Between two items of one Markdown text (a thematic break: a rule), where one element
stands for a list of blocks (the seminars, a municipality's answers)."""


def escape_params(params: dict[str, object]) -> dict[str, object]:
    """The values of ``params`` escaped (text only; numbers stay numbers for formatting)."""
    return {k: v if isinstance(v, int | float) else escape(v) for k, v in params.items()}
