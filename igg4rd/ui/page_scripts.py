"""Each page's script, as st.Page, st.switch_page and st.page_link name it: a page's URL path is
its file's name (pages/risk.py: /risk)."""
from __future__ import annotations


def page_script(url_path: str) -> str:
    """'pages/risk.py' for 'risk'."""
    return f"pages/{url_path}.py"


ASSESSMENT, PATIENT, VISITS = (page_script(name) for name in ("assessment", "patient", "visits"))
