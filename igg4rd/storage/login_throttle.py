"""Password attempts, counted per client address in the database (no Streamlit).

Every attempt counts until it proves right. Once `max_failures` attempts from one address fall
within `window_s` seconds, that address waits until its oldest one leaves the window. This slows
guessing of the shared clinic password to a few tries a minute per address. The counts live in
the clinic database, so every replica shares them and a restart forgets none; check and count
are one step (one transaction, serialised per address: a process lock, and on PostgreSQL an
advisory lock across replicas). Every client behind one address (a NAT, a proxy that is not
trusted) shares its count.
"""
from __future__ import annotations

import threading

from sqlalchemy import Engine, delete, func, insert, select, text

from igg4rd.storage.store import login_attempts_table as attempts

MAX_FAILURES = 5
WINDOW_S = 60.0


class LoginThrottle:
    """Thread-safe; one instance per process and database."""

    def __init__(self, engine: Engine, max_failures: int = MAX_FAILURES,
                 window_s: float = WINDOW_S) -> None:
        self.engine, self.max_failures, self.window_s = engine, max_failures, window_s
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many addresses are remembered (quiet ones are forgotten once a window)."""
        with self.engine.connect() as connection:
            return connection.execute(
                select(func.count(attempts.c.address.distinct()))).scalar_one()

    def attempt(self, address: str, now: float) -> float:
        """Count an attempt from `address` at `now` (seconds since the epoch) and return 0, or
        count nothing and return the seconds it must wait."""
        with self._lock, self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:address))"),
                                   {"address": address})
            connection.execute(delete(attempts).where(attempts.c.at <= now - self.window_s))
            recent = connection.execute(select(attempts.c.at).where(
                attempts.c.address == address).order_by(attempts.c.at)).scalars().all()
            if len(recent) >= self.max_failures:
                return recent[0] + self.window_s - now
            connection.execute(insert(attempts).values(address=address, at=now))
            return 0.0

    def succeeded(self, address: str, now: float) -> None:
        """The attempt made at `now` was right: it does not count (the others still do)."""
        with self._lock, self.engine.begin() as connection:
            right = connection.execute(select(attempts.c.id).where(
                attempts.c.address == address, attempts.c.at == now).limit(1)).scalar()
            if right is not None:
                connection.execute(delete(attempts).where(attempts.c.id == right))
