"""Wrong clinic passwords are throttled per client address (igg4rd.storage.login_throttle),
counted in the clinic database (here an in-memory SQLite one; PostgreSQL in tests/store)."""
from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from igg4rd.storage import login_throttle
from igg4rd.storage.store import Store


@cache
def _engine():
    return Store.open("sqlite://")[0].engine


def throttle_on_a_new_database(max_failures: int, window_s: float
                               ) -> login_throttle.LoginThrottle:
    """A throttle on a fresh in-memory database."""
    return login_throttle.LoginThrottle(Store.open("sqlite://")[0].engine, max_failures, window_s)


_ADDRESSES = itertools.count()


def test_the_sixth_try_within_a_minute_waits_for_the_first_to_expire():
    throttle = throttle_on_a_new_database(max_failures=5, window_s=60)
    assert [throttle.attempt("10.0.0.9", second) for second in range(5)] == [0] * 5
    assert throttle.attempt("10.0.0.9", 10) == 50  # the first try (t=0) leaves at t=60
    assert throttle.attempt("10.0.0.9", 60) == 0


def test_other_addresses_are_not_counted():
    throttle = throttle_on_a_new_database(max_failures=2, window_s=60)
    throttle.attempt("attacker", 0)
    throttle.attempt("attacker", 1)
    assert throttle.attempt("attacker", 2) > 0
    assert throttle.attempt("clinic desk", 2) == 0


def test_a_right_password_does_not_count_but_clears_no_wrong_one():
    throttle = throttle_on_a_new_database(max_failures=2, window_s=60)
    throttle.attempt("desk", 0)  # wrong
    throttle.attempt("desk", 1)
    throttle.succeeded("desk", 1)  # right: forgotten
    assert throttle.attempt("desk", 2) == 0  # wrong: the second in the window
    assert throttle.attempt("desk", 3) == 57  # until the first (t=0) leaves


def test_concurrent_tries_cannot_slip_past_the_limit_together():
    throttle = throttle_on_a_new_database(max_failures=5, window_s=60)
    with ThreadPoolExecutor(16) as pool:
        waits = list(pool.map(lambda _: throttle.attempt("bot", 1.0), range(64)))
    assert waits.count(0) == 5


def test_quiet_addresses_are_forgotten():
    throttle = throttle_on_a_new_database(max_failures=1, window_s=60)
    for n in range(2000):
        throttle.attempt(f"10.0.{n // 256}.{n % 256}", n * 0.01)
    assert len(throttle) == 2000
    throttle.attempt("late", 1000)
    assert len(throttle) == 1


@settings(deadline=None)  # a database per example: a busy machine is slow, never wrong
@given(st.lists(st.floats(min_value=0, max_value=600, allow_nan=False), max_size=60))
def test_no_window_ever_checks_more_wrong_passwords_than_allowed(tries):
    """Whatever the timing of the tries, at most max_failures passwords from one address are
    checked within any window."""
    throttle = login_throttle.LoginThrottle(_engine(), max_failures=3, window_s=60)
    address = f"a{next(_ADDRESSES)}"  # one database for every example: a fresh address each
    checked = [now for now in sorted(tries) if throttle.attempt(address, now) == 0]
    assert all(sum(start <= t < start + 60 for t in checked) <= 3 for start in checked)
