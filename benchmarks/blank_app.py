"""The floor for the browser benchmark: a Streamlit page that shows nothing but a title."""

import streamlit as st

st.title("Tom sida")
