"""Streamlit widgets and per-session state shared by the pages (the only Streamlit in igg4rd)."""
