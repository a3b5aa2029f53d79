"""A save asked for on a page: the whole patient stored against the version this session loaded
(`session.save`), or, on a conflict, the reason and a way to reload drawn where it was asked."""
from __future__ import annotations

import streamlit as st

from igg4rd.language.i18n import _
from igg4rd.rules.model import Patient
from igg4rd.storage.store import ConflictError
from igg4rd.ui import session
from igg4rd.ui.text import plain


def store(patient: Patient, action: str | None = None, source: dict[str, str] | None = None
          ) -> bool:
    """Whether `patient` was saved; if not (saved elsewhere since this session loaded it),
    nothing is written and the message and a reload button are drawn here."""
    try:
        session.save(patient, action, source)
    except ConflictError as conflict:
        st.error(_("**Not saved.** {reason}").format(reason=plain(conflict)),
                 icon=":material/sync_problem:")
        st.button(_("Reload the saved version (your unsaved edits are discarded)"),
                  on_click=session.reload, args=(patient.id,), icon=":material/refresh:",
                  key=f"igg4rd.reload.{patient.id}")
        return False
    return True
