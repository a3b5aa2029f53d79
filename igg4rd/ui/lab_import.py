"""Laboratory results brought in from the laboratory system, on the Visits page (issue 25): a
FHIR Bundle, the laboratory's table or text pasted from its screen, previewed result by result
(`entry.lab_results`), then imported on the clinician's click: one save, audited with its
source, or nothing. A value that differs from the recorded one is kept unless the clinician
takes the file's; a test name igg4rd does not know is asked once and remembered in the clinic's
settings; an unusual value is confirmed by name in a dialog (`ui.confirm`), as on the visit
form. The patient's laboratory values go out as a FHIR Bundle too.

In demo mode all of it happens in the session's own in-memory store: an upload is held in
memory, and nothing is written to disk.
"""
from __future__ import annotations

import hashlib
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from igg4rd.entry.lab_results import (
    Input,
    Preview,
    Result,
    imported_lines,
    preview,
    read_file,
    read_paste,
    rows,
    source_words,
    summary,
)
from igg4rd.language.i18n import N_, Words, _
from igg4rd.rules.labs import LAB_VALUES, LABS
from igg4rd.rules.model import Patient, RecordError
from igg4rd.rules.plausibility import new_implausible_values
from igg4rd.storage.clinic_settings import NOT_USED, ClinicSettings
from igg4rd.storage.fhir import labs_bundle
from igg4rd.ui import session
from igg4rd.ui.confirm import confirmed
from igg4rd.ui.inputs import typed_date
from igg4rd.ui.saving import store
from igg4rd.ui.text import plain
from igg4rd.ui.visit_table_editor import renew_editor

FILE_TYPES = ["json", "csv", "tsv", "xlsx", "txt"]
SHOWN_CHOICES = 30  # conflicts and unknown names asked one by one; beyond, one answer for all
KEEP, TAKE = "keep", "take"
COLUMNS = Words({"where": N_("where"), "date": N_("date"), "test": N_("test"),
                 "as given": N_("as given"), "stored as": N_("stored as"),
                 "goes to": N_("goes to"), "what happens": N_("what happens"),
                 "recorded": N_("recorded"), "reference range": N_("reference range")})


def _prefix(patient_id: str) -> str:
    return f"labs.{patient_id}"


def _key(patient_id: str) -> str:
    """This import's widgets' keys (a new generation after a save: an empty import)."""
    return f"{_prefix(patient_id)}.{st.session_state.get(f'{_prefix(patient_id)}.generation', 0)}"


def _read(clinic: ClinicSettings, key: str, day: date | None) -> tuple[tuple, Input] | None:
    """What the clinician gave, with a key naming it: the uploaded file, else the text pasted
    (of `day` if it names none), or None; read once per file or text and the clinic's test names.
    """
    upload = st.session_state.get(f"{key}.file")
    text = st.session_state.get(f"{key}.paste") or ""
    names = tuple(sorted(clinic.test_names.items()))
    if upload is not None:
        named = ("lab file", upload.file_id, names)
        return named, session.memoised(named, lambda: read_file(
            upload.getvalue(), upload.name, clinic.test_names))
    if text.strip():
        pasted = ("lab paste", hashlib.sha256(text.encode()).hexdigest(), day, names)
        return pasted, session.memoised(pasted, lambda: read_paste(text, clinic.test_names, day))
    return None


def _remember(names: dict[str, str]) -> None:
    """Keep the clinician's names for the laboratory's tests in the clinic's settings."""
    session.use_session_language()
    clinic = session.clinic_settings()
    session.set_clinic_settings(clinic.with_test_names(names))
    st.session_state["labs.remembered"] = len(names)


def _unknown_names(seen: Preview, key: str) -> None:
    """Each test name igg4rd does not know, asked once: which laboratory value is it (or none)?
    Remembered for every later import by "Remember these names"."""
    names = seen.unknown_names
    if not names:
        return
    with st.container(border=True):
        st.markdown(_("**{count} test name(s) igg4rd does not know.** Say which laboratory value "
                      "each is, or that it is none of them; the clinic's settings remember it "
                      "for every later import. Until then their results are not "
                      "imported.").format(count=len(names)))
        options = [NOT_USED, *LABS]
        labels = {NOT_USED: _("None of these: not used"),
                  **{lab.code: _(lab.label) for lab in LAB_VALUES}}
        cols = st.columns(3)
        answers = {name: cols[i % 3].selectbox(  # keyed by the name: its answer stays its own
            plain(name), options, format_func=labels.__getitem__,
            key=f"{key}.name.{hashlib.sha256(name.encode()).hexdigest()[:16]}")
            for i, name in enumerate(names[:SHOWN_CHOICES])}
        if len(names) > SHOWN_CHOICES:
            st.caption(_("… and {count} more: named after these.").format(
                count=len(names) - SHOWN_CHOICES))
        st.button(_("Remember these names"), icon=":material/bookmark_add:",
                  on_click=_remember, args=(answers,), key=f"{key}.remember")


def _conflict_choices(seen: Preview, key: str) -> list[str]:
    """The conflicts whose file value the clinician takes (the recorded value is kept
    otherwise)."""
    conflicts = seen.conflicts
    if not conflicts:
        return []
    st.markdown(_("**{count} value(s) differ from the recorded ones.** Nothing is overwritten "
                  "unless you choose the file's value.").format(count=len(conflicts)))
    if len(conflicts) > SHOWN_CHOICES:
        every = st.radio(_("For every one of them"), [KEEP, TAKE], horizontal=True,
                         format_func=lambda c: _("Keep the recorded values") if c == KEEP
                         else _("Use the file's values"), key=f"{key}.choice.all")
        return [r.key for r in conflicts] if every == TAKE else []
    taken: list[str] = []
    for result in conflicts:
        reading = result.reading
        assert reading.code is not None and result.target is not None  # understood, placed
        shown = reading.conversion()
        choice = st.radio(
            _("{test} at the {target}: recorded {recorded}, the file {value}").format(
                test=_(LABS[reading.code].label), target=result.target.words(),
                recorded=result.recorded_text(), value=plain(shown)),
            [KEEP, TAKE], horizontal=True, key=f"{key}.choice.{result.key}",
            format_func=partial(_conflict_option, result, shown))
        if choice == TAKE:
            taken.append(result.key)
    return taken


def _conflict_option(result: Result, shown: str, choice: str) -> str:
    """A conflict's choice in words: keep the recorded value, or take the file's (`shown`)."""
    return (_("Keep the recorded {value}").format(value=result.recorded_text()) if choice == KEEP
            else _("Use the file's {value}").format(value=plain(shown)))


def _preview_table(seen: Preview) -> None:
    st.markdown(plain(summary(seen)))
    table = pd.DataFrame(list(rows(seen)), columns=list(COLUMNS))
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={column: st.column_config.TextColumn(COLUMNS[column])
                                for column in COLUMNS})
    read = seen.input
    if read.unread:
        with st.expander(_("Lines not read ({count})").format(count=len(read.unread))):
            st.markdown("  \n".join(plain(line) for line in read.unread[:200]))
    if read.other_resources:
        st.caption(_("Other resources in the Bundle, not read: {resources}.").format(
            resources=", ".join(f"{plain(kind)} ×{count}"
                                for kind, count in sorted(read.other_resources.items()))))


def _imported(patient_id: str, before: Patient, count: int, lines: list[str]) -> None:
    """The import was saved: the next run draws an empty import, says what was imported, and
    offers Undo."""
    prefix = _prefix(patient_id)
    st.session_state[f"{prefix}.generation"] = st.session_state.get(f"{prefix}.generation",
                                                                     0) + 1
    st.session_state[f"{prefix}.done"] = (before, count, lines)


def _report_done(patient_id: str) -> None:
    prefix = _prefix(patient_id)
    before = st.session_state.pop(f"{prefix}.undo", None)
    if before is not None and store(before, action="undo"):
        renew_editor(patient_id)
        st.session_state[f"{prefix}.undone"] = True
        st.rerun()
    if st.session_state.pop(f"{prefix}.undone", False):
        st.success(_("Undone: the laboratory values are as they were before the import."),
                   icon=":material/undo:")
    done = st.session_state.pop(f"{prefix}.done", None)
    if done is None:
        return
    before, count, lines = done
    with st.container(border=True):
        st.success(_("Imported {count} laboratory value(s).").format(count=count),
                   icon=":material/check:")
        st.markdown("  \n".join(f"- {plain(line)}" for line in lines[:50])
                    + (f"  \n{_('… and {count} more.').format(count=len(lines) - 50)}"
                       if len(lines) > 50 else ""))
        st.session_state[f"{prefix}.done.kept"] = done
        st.button(_("Undo this import"), icon=":material/undo:", key=f"{prefix}.undo-button",
                  on_click=_undo_kept, args=(patient_id,))


def _undo_kept(patient_id: str) -> None:
    done = st.session_state.pop(f"{_prefix(patient_id)}.done.kept", None)
    if done is not None:
        st.session_state[f"{_prefix(patient_id)}.undo"] = done[0]


def _import(seen: Preview, taken: list[str], key: str) -> None:
    """On "Import": the values chosen, saved once (audited with their source) after any unusual
    value is confirmed; then an empty import and the page drawn again."""
    if not st.session_state.get(f"{key}.pending"):
        return
    patient = seen.patient
    try:
        updated = seen.apply(taken)
    except RecordError as error:
        st.session_state[f"{key}.pending"] = False
        st.error(_("**Nothing imported:**") + "  \n" + "  \n".join(
            f"- {plain(problem)}" for problem in error.problems), icon=":material/error:")
        return
    warnings = new_implausible_values(patient, updated, session.calendar_today())
    if not confirmed(f"{key}.confirm", warnings, cancel_key=f"{key}.pending"):
        return
    chosen = seen.to_import(taken)
    if not store(updated, action="labs", source=seen.input.source()):
        st.session_state[f"{key}.pending"] = False
        return
    renew_editor(patient.id)
    _imported(patient.id, patient, len(chosen),
              imported_lines(chosen, source_words(seen.input)))
    st.rerun()


def lab_import() -> None:
    """The section (a container keyed 'lab-import'): the file or the pasted text, the preview,
    the choices, "Import", and the patient's laboratory values as a FHIR Bundle."""
    patient = session.selected_patient()  # this session's copy now (saved above this run)
    if patient is None:
        return
    with st.container(key="lab-import"):
        _section(patient)


def _section(patient: Patient) -> None:
    clinic = session.clinic_settings()
    key = _key(patient.id)
    st.subheader(_("Laboratory results from the laboratory system"))
    st.caption(_("A FHIR Bundle (.json), the laboratory's table (.csv, .xlsx) or text copied "
                 "from its screen. Each result goes to the visit (or baseline) of its date, or "
                 "the nearest within ±{days} days (this clinic's setting, on the Evidence "
                 "page); a result of another day is kept as a laboratory-only entry, shown in "
                 "the trends, which never changes the dose in effect, the RI or the goals. "
                 "Nothing is stored until you import.").format(days=clinic.lab_window_days))
    _report_done(patient.id)
    if st.session_state.pop("labs.remembered", None):
        st.toast(_("The test names are remembered in the clinic's settings."),
                 icon=":material/check:")
    file_col, paste_col = st.columns(2)  # side by side: either is one step away
    with file_col:
        st.file_uploader(_("A file: FHIR Bundle, the laboratory's table or saved text"),
                         type=FILE_TYPES, key=f"{key}.file")
    with paste_col:
        st.text_area(_("Or text copied from the laboratory system (one result a line: name, "
                       "value, unit, range)"), key=f"{key}.paste", height=160,
                     placeholder="IgG4亚类\t8.20\tg/L\t0.03-2.01\nESR\t32\tmm/h\t0-20")
        typed = typed_date(_("Date of these results (when the text names none)"),
                           f"{key}.paste-date", None, persist=False)
        if typed.error:
            st.error(plain(typed.error), icon=":material/error:")
    given = _read(clinic, key, typed.value)
    if given is not None:
        named, read = given
        seen = session.memoised(("lab preview", named, patient.id,
                                 session.loaded_version(patient.id), clinic.lab_window_days),
                                lambda: preview(patient, read, clinic.lab_window_days))
        _draw(seen, key)
    st.download_button(_("The patient's laboratory values as FHIR"),
                       partial(labs_bundle, patient), f"{patient.id}-labs.fhir.json",
                       mime="application/fhir+json", on_click="ignore",
                       icon=":material/download:", key=f"{_prefix(patient.id)}.export")


def _draw(seen: Preview, key: str) -> None:
    if seen.problem:
        st.error(_("**Nothing can be imported from {source}:** {problem}").format(
            source=plain(source_words(seen.input)), problem=plain(seen.problem)),
            icon=":material/error:")
        return
    _preview_table(seen)
    _unknown_names(seen, key)
    taken = _conflict_choices(seen, key)
    count = len(seen.to_import(taken))
    st.button(_("Import {count} value(s)").format(count=count), type="primary",
              icon=":material/download_done:", disabled=not count, key=f"{key}.import",
              on_click=st.session_state.__setitem__, args=(f"{key}.pending", True))
    _import(seen, taken, key)
