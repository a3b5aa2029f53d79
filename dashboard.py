"""igg4rd: the clinician dashboard's entry point: navigation, page setup, login (clinic mode),
patient picker, then the chosen page (igg4rd/ui/navigation.py).

Served by app.py (`streamlit run app.py`). Pages live in pages/ (st.navigation). Demo mode (no
database configured): each browser session holds its own store of synthetic patients; nothing
reaches the disk. Clinic mode: see README, 'Configuration'.
"""
from igg4rd.ui.navigation import open_app

open_app()
