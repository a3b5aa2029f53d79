"""Questions asked before a save, in a dialog over the page (where the clinician is looking,
whatever was scrolled): unusual values to confirm by name, a visit to delete. The safe choice
("Go back and change it", "Keep the visit") is the primary button; closing the dialog is the
safe choice too.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from igg4rd.language.i18n import _
from igg4rd.rules.plausibility import Unusual
from igg4rd.ui.text import plain

SHOWN = 50  # items named in a dialog; the rest counted


def confirmed(key: str, warnings: Sequence[Unusual], cancel_key: str | None = None,
              record_relapse: Callable[[], None] | None = None) -> bool:
    """True when there is nothing to confirm, or the clinician has confirmed these very values
    (`rules.plausibility`); otherwise a dialog names them, with "Go back and change it"
    (primary: clears `cancel_key`), "Save with these values" and, for an RI rise asked about,
    "Record a relapse at this visit" (`record_relapse`, then back to the form)."""
    if not warnings:
        return True
    fingerprint = "\n".join(warning.text for warning in warnings)
    if st.session_state.get(key) == fingerprint:
        return True

    def go_back() -> None:
        if cancel_key:
            st.session_state[cancel_key] = False

    def ask() -> None:
        st.markdown(_("They are possible but unusual; check each against the chart:"))
        st.markdown("\n".join(f"- {plain(warning.text)}" for warning in warnings))
        if st.button(_("Go back and change it"), type="primary", icon=":material/undo:",
                     key=f"{key}.no", width="stretch"):
            go_back()
            st.rerun()
        if (record_relapse and any(w.relapse_question for w in warnings)
                and st.button(_("Record a relapse at this visit"), icon=":material/event_repeat:",
                              key=f"{key}.relapse", width="stretch")):
            record_relapse()
            go_back()
            st.rerun()
        if st.button(_("Save with these values"), icon=":material/check:", key=f"{key}.yes",
                     width="stretch"):
            st.session_state[key] = fingerprint
            st.rerun()

    st.dialog(_("Check these values"), width="medium", on_dismiss=go_back)(ask)()
    return False


def asked(key: str, question: str, items: Sequence[str], keep: str, go: str,
          on_keep: Callable[[], None], go_icon: str = ":material/delete:") -> bool:
    """True once the clinician has answered `question` (about `items`, named one a line; the
    first `SHOWN` of them) with `go`; the dialog's primary button `keep`, like closing it,
    calls `on_keep`."""
    fingerprint = "\n".join([question, *items])
    if st.session_state.get(key) == fingerprint:
        st.session_state.pop(key)
        return True

    def ask() -> None:
        st.markdown("\n".join(f"- {plain(item)}" for item in items[:SHOWN]))
        if len(items) > SHOWN:
            st.markdown(_("… and {count} more.").format(count=len(items) - SHOWN))
        if st.button(keep, type="primary", icon=":material/undo:", key=f"{key}.keep",
                     width="stretch"):
            on_keep()
            st.rerun()
        if st.button(go, icon=go_icon, key=f"{key}.go", width="stretch"):
            st.session_state[key] = fingerprint
            st.rerun()

    st.dialog(question, width="medium", on_dismiss=on_keep)(ask)()
    return False
