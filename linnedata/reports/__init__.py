"""The Kommunrapport and Regionrapport PDFs (:mod:`.pdf`) and the map as a file
(:mod:`.mapfile`, drawn with the PDFs' fonts). Pure Python, never streamlit."""
