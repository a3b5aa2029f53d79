"""The pages' imports, made with the server rather than on its first visitor's run.

Streamlit runs a page as a script, so the modules a page imports (pandas, plotly, scipy,
statsmodels, SQLAlchemy, matplotlib for the PDF, ...) are first imported when the first visitor
opens it: two seconds of their wait on a fresh server (bench/first_open.py). app.py calls
`preload()` when the server starts. The list is read from the pages themselves, so it cannot
drift from what they import.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = (ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")))


def page_imports() -> list[str]:
    """The modules every page (and dashboard.py) imports, in the order first seen."""
    names: dict[str, None] = {}
    for script in SCRIPTS:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names[node.module] = None
            elif isinstance(node, ast.Import):
                names.update((alias.name, None) for alias in node.names)
    return list(names)


def preload() -> None:
    """Import every module the pages import, and open a throwaway in-memory store (a demo
    session's first step), which loads Alembic and the migrations."""
    for name in page_imports():
        importlib.import_module(name)
    from igg4rd.storage.store import Store

    Store.open("sqlite://")
