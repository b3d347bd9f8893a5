"""A one-page app around ``ui.inline.show`` for its browser test (run by Streamlit): a small
map-like SVG, and markup that would run code if it were inserted as it is."""

from __future__ import annotations

if __name__ == "__main__":  # Streamlit runs the script as __main__; pytest only imports it
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

    import streamlit as st

    from ui import inline

    st.title("Inline")
    st.button("Kör om", key="om")
    st.session_state.runs = st.session_state.get("runs", 0) + 1
    st.text(f"Körning {st.session_state.runs}")
    inline.show(
        "<style>.prov .kommun{fill:#2070b0}</style>"
        '<svg class="prov" viewBox="0 0 10 10" role="group" aria-label="Prov">'
        '<a href="#slut" aria-label="Ö &amp; å"><path class="kommun" d="M0 0h5v5z">'
        "<title>Ö &amp; å</title></path></a></svg>"
        '<img alt="" src="data:," onerror="document.body.dataset.ran = \'img\'">'
        "<script>document.body.dataset.ran = 'script'</script>"
        '<a class="js" href="javascript:document.body.dataset.ran = \'link\'">x</a>'
        '<svg><foreignObject><img alt="" src="data:," onerror="document.body.dataset.ran = \'fo\'">'
        "</foreignObject></svg>"
    )
    # Longer than inline.PACK_ABOVE: travels deflated, inflated in the browser.
    steps = "".join(f'<path class="del" d="M{n % 100} {n // 100}h1v1z"/>' for n in range(3000))
    inline.show(f'<svg class="stor" viewBox="0 0 100 30">{steps}</svg>')
