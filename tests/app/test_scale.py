"""A clinic's registry at scale (issue 27), through the Patients page in clinic mode: a session
holds only the patients it opened (the worklist's rows are shared by the process), and the
worklist sends a page of rows, never the registry; its state does not grow with the registry."""
from __future__ import annotations

import pickle
from dataclasses import fields

import pytest
from sqlalchemy import Engine, event
from streamlit.testing.v1 import AppTest

from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients
from igg4rd.ui.auth import login_throttle
from igg4rd.ui.session import STATE
from tests.app.conftest import ROOT, TODAY, open_page

PASSWORD = "a clinic password"


def registry_of(size: int, url: str) -> None:
    """`size` patients: the demo patients again and again, under other ids (not synthetic)."""
    demo = demo_patients(TODAY)
    patients = [demo[i % len(demo)].model_copy(update={"id": f"p{i:05d}", "synthetic": False})
                for i in range(size)]
    Store.open(url)[0].import_patients(patients, "admin")


def session_bytes(at: AppTest) -> int:
    """The session's own state, pickled (what a session holds; shared objects excluded)."""
    kept = at.session_state[STATE]
    values = [value for key, value in at.session_state.items() if key != STATE]
    # field by field: one that cannot be pickled (a store) must not hide the others
    values += [getattr(kept, field.name) for field in fields(kept)]
    total = 0
    for value in values:
        try:
            total += len(pickle.dumps(value))
        except (TypeError, pickle.PicklingError, AttributeError):
            continue  # a store or a lock: shared by the process, not the session's
    return total


def open_worklist(monkeypatch, tmp_path, size: int) -> AppTest:
    url = f"sqlite:///{tmp_path / f'clinic-{size}.db'}"
    registry_of(size, url)
    monkeypatch.setenv("IGG4RD_TODAY", TODAY.isoformat())
    monkeypatch.setenv("IGG4RD_DATABASE_URL", url)
    login_throttle.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.secrets["clinic"] = {"password": PASSWORD}
    at.run()
    at.text_input(key="login.name").set_value("Dr A")
    at.text_input(key="login.password").set_value(PASSWORD)
    at = at.button[0].click().run()
    return open_page(at, "patients")


def test_a_session_s_state_does_not_grow_with_the_registry(monkeypatch, tmp_path):
    small = open_worklist(monkeypatch, tmp_path, 8)
    large = open_worklist(monkeypatch, tmp_path, 2000)
    assert len(large.dataframe[0].value) == 100  # one page of the worklist, not 2,000 rows
    assert "of 2000 patient(s), page 1 of 20" in " ".join(c.value for c in large.caption)
    held = large.session_state["igg4rd.session"].patients
    assert len(held) <= 1  # only the selected patient, if any
    assert session_bytes(large) < 1.5 * session_bytes(small) + 20_000, (
        session_bytes(small), session_bytes(large))


@pytest.mark.parametrize("query", ["p00042", "behind target"])
def test_a_search_sends_only_the_patients_it_finds(monkeypatch, tmp_path, query):
    at = open_worklist(monkeypatch, tmp_path, 300)
    at.text_input(key="patients.search").input(query).run()
    ids = at.dataframe[0].value["id"].tolist()
    assert ids and all(query in row.lower() for row in (
        " ".join(map(str, values)).lower() for values in at.dataframe[0].value.values))


@pytest.fixture
def statements():
    """The SQL statements every engine runs while the test's block is open (a list)."""
    seen: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def test_a_rerun_asks_the_database_one_question_and_sees_every_change(monkeypatch, tmp_path,
                                                                      statements):
    """Issue 27: a rerun reads the registry's change counter, and nothing else while nothing
    changed; a save elsewhere (another replica) is seen at the next rerun."""
    at = open_worklist(monkeypatch, tmp_path, 8)
    at = open_page(at, "assessment")
    at.run()
    statements.clear()
    at.run()
    assert len(statements) == 1 and "registry_changes" in statements[0], statements
    elsewhere = Store.open(f"sqlite:///{tmp_path / 'clinic-8.db'}")[0]
    stored = elsewhere.get(at.session_state["igg4rd.picker"])
    heavier = {"weight_kg": (stored.patient.weight_kg or 60) + 1}  # a change to save
    elsewhere.save(stored.patient.model_copy(update=heavier), stored.version, "Dr B")
    at.run()
    assert any("changed by Dr B" in w.value for w in at.warning), [w.value for w in at.warning]
