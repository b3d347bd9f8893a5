"""A one-page app around ``ui.importer.review`` for the browser test (run by Streamlit).

The Data page (issue 6) embeds the same review; this script lets the review be driven in
a real browser before that page exists. ``IMPORT_PROFILES`` names the profile folder.
"""

from __future__ import annotations

if __name__ == "__main__":  # Streamlit runs the script as __main__; pytest only imports it
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

    import streamlit as st

    from linnedata.survey import FileProfileStore
    from ui import importer

    st.title("Import")
    data = "Ort,Roll\nVäxjö,annan\nKalmar,annan\n".encode()
    profiles = FileProfileStore(os.environ.get("IMPORT_PROFILES", "var/test_profiles"))
    survey = importer.review(data, "svar.csv", round_label="2024", profiles=profiles)
    if survey is not None:
        st.text(f"imported {len(survey.responses)} {','.join(survey.responses['kommun_kod'])}")
