"""The pages' imports and first-call costs, paid with the server rather than on its first
visitor's run.

Streamlit runs a page as a script, so the modules a page imports (pandas, plotly, scipy,
statsmodels, SQLAlchemy, matplotlib for the PDF, ...) are first imported when the first visitor
opens it: two seconds of their wait on a fresh server (bench/first_open.py). So are the modules
the package imports inside a function to keep `import igg4rd` light (scipy.stats for the
Assessment page's exact interval: another second), and what Streamlit does once per process
(its emoji table for the page icon; the call stack it inspects at the first element, which
builds `inspect`'s module cache). app.py calls `preload()` when the server starts. The module
list is read from the scripts and the package, so it cannot drift from what they import.

What the start leaves is then kept out of the garbage collector's sight (`gc.freeze`): ~320,000
objects (the modules, their classes and tables) that every full collection would otherwise walk
again, holding every session of the process still for 0.3-0.7 s each time under load
(bench/sessions.py, 40 sessions on two replicas).
"""
from __future__ import annotations

import ast
import gc
import importlib
import inspect
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPTS = (ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")),
           *sorted((ROOT / "igg4rd").rglob("*.py")))
# imported by Streamlit on a run's first use: st.set_page_config with an emoji icon
STREAMLIT_FIRST_USE = ("streamlit.emojis",)


def page_imports() -> list[str]:
    """The modules the scripts and the package import, wherever in the file (a function's
    own imports included), in the order first seen."""
    names: dict[str, None] = {}
    for script in SCRIPTS:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names[node.module] = None
            elif isinstance(node, ast.Import):
                names.update((alias.name, None) for alias in node.names)
    return list(names)


def preload() -> None:
    """Import every module the pages and the package import, open a throwaway in-memory store
    (a demo session's first step, which loads Alembic and the migrations), and build the
    caches Streamlit's first element of a process would; then freeze what is left."""
    for name in (*page_imports(), *STREAMLIT_FIRST_USE):
        importlib.import_module(name)
    from igg4rd.storage.store import Store

    Store.open("sqlite://")
    inspect.stack()  # streamlit.env_util.is_repl, at the first element of the process
    gc.collect()  # the start's garbage first: a frozen object is never freed
    gc.freeze()
