"""Reports and the figures behind them: trends over rounds, roles, collaboration forms and
co-financing, and the Kommunrapport/Regionrapport PDFs. Pure Python, never streamlit."""
