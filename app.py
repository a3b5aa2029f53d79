"""igg4rd: the clinician dashboard's entry point: navigation, page setup, patient picker.

Run with `streamlit run app.py`. Pages live in pages/ (st.navigation). Demo mode: each browser
session holds its own copies of the synthetic patients; nothing reaches the disk.
"""
import streamlit as st

from igg4rd.ui.navigation import app_pages, draw_frame

page = st.navigation(app_pages())
draw_frame()
page.run()
