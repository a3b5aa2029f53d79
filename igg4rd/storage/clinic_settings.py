"""The clinic's own settings, in the clinic database (no Streamlit): the hospital and department
named on the report, the unit each laboratory value is entered and shown in by default (many
Chinese laboratories report IgG4 in g/L), the days around a visit within which a laboratory
result belongs to it, and the laboratory's own test names the clinic has named once (an import
asks about a name the registry does not know, and remembers the answer here). Kept in the
database, they survive a restart and every replica reads the same; in demo mode the database is
the session's own, so they are the session's.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select

from igg4rd.rules.labs import LABS, name_key
from igg4rd.storage.store import clinic_settings_table as table
from igg4rd.storage.store import mark_changed

MAX_NAME = 200  # characters of a hospital's or department's name
LAB_WINDOW_DAYS = 3  # a result this many days from a visit belongs to it (issue 25: ±3 days)
MAX_LAB_WINDOW_DAYS = 30
NOT_USED = ""  # a test name the clinic said is none of the registry's values
MAX_TEST_NAMES = 2000


class SettingsError(ValueError):
    """A setting that cannot be stored (the message says which and why)."""


@dataclass(frozen=True)
class ClinicSettings:
    """The settings; a laboratory value without a unit here uses its canonical unit."""

    hospital: str = ""
    department: str = ""
    lab_units: dict[str, str] = field(default_factory=dict)
    lab_window_days: int = LAB_WINDOW_DAYS
    # a laboratory's test name (as `labs.name_key` compares it) -> its registry code, or NOT_USED
    test_names: dict[str, str] = field(default_factory=dict)

    def unit(self, quantity: str) -> str:
        """The unit `quantity` is entered and shown in."""
        return self.lab_units.get(quantity, LABS[quantity].canonical)

    def with_test_names(self, named: dict[str, str]) -> ClinicSettings:
        """These settings with the test names `named` (name -> code or NOT_USED) remembered."""
        return replace(self, test_names={**self.test_names,
                                         **{name_key(name): code for name, code in named.items()}})

    def checked(self) -> ClinicSettings:
        """These settings, or `SettingsError` naming what is wrong."""
        for name in ("hospital", "department"):
            if len(getattr(self, name)) > MAX_NAME:
                raise SettingsError(f"{name}: at most {MAX_NAME} characters")
        for quantity, unit in self.lab_units.items():
            if quantity not in LABS or unit not in LABS[quantity].units:
                raise SettingsError(f"lab_units.{quantity} = {unit!r}: not a unit of it")
        window = self.lab_window_days
        if isinstance(window, bool) or not isinstance(window, int) \
                or not 0 <= window <= MAX_LAB_WINDOW_DAYS:
            raise SettingsError(f"lab_window_days = {window!r}: a whole number of days from 0 "
                                f"to {MAX_LAB_WINDOW_DAYS}")
        if len(self.test_names) > MAX_TEST_NAMES:
            raise SettingsError(f"test_names: at most {MAX_TEST_NAMES}")
        for name, code in self.test_names.items():
            if not isinstance(name, str) or not name or len(name) > MAX_NAME \
                    or code != NOT_USED and code not in LABS:
                raise SettingsError(f"test_names.{str(name)[:MAX_NAME]} = {code!r}: not a "
                                    "laboratory value's code")
        return self


def load_settings(engine: Engine) -> ClinicSettings:
    """The stored settings (the defaults for what was never set)."""
    with engine.connect() as connection:
        stored = connection.execute(select(table.c.name, table.c.value)).all()
    try:
        return ClinicSettings(**{name: json.loads(value) for name, value in stored
                                 if name in ClinicSettings.__dataclass_fields__}).checked()
    except (SettingsError, TypeError, ValueError):  # ValueError: not JSON
        return ClinicSettings()  # a value this igg4rd cannot read: the defaults, never a crash


def save_settings(engine: Engine, settings: ClinicSettings, user: str) -> None:
    """Store every setting in one transaction (who and when kept with each), counted as a
    change of the registry (every replica's sessions read them again)."""
    settings.checked()
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(delete(table))
        connection.execute(insert(table), [
            {"name": name, "value": json.dumps(value), "updated_at": now, "updated_by": user}
            for name, value in asdict(settings).items()])
        mark_changed(connection)
