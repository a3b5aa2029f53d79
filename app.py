"""igg4rd's server: Streamlit serving the dashboard (`dashboard.py`) behind the gate.

Run with `streamlit run app.py` (Streamlit finds `app` below and serves it with uvicorn). The
gate (igg4rd/ui/server/gate.py) refuses what Streamlit's own endpoints would otherwise accept
from a stranger: a session taken over by its id, uploads and downloads for a browser that is not
logged in, and websockets from a foreign origin. `streamlit run dashboard.py` serves the same pages
without it (the app still closes a session opened from another browser). The pages' imports are made
here, with the server, so that its first visitor does not wait for them
(igg4rd/ui/server/preload.py)."""
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from igg4rd.ui.server.gate import Gate
from igg4rd.ui.server.html_page import HtmlPage
from igg4rd.ui.server.preload import preload

preload()
app = st.App(Path(__file__).with_name("dashboard.py"),
             middleware=[Middleware(Gate), Middleware(HtmlPage)])
