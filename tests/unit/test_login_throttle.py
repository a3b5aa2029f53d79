"""Wrong clinic passwords are throttled per client address (igg4rd.login_throttle)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from igg4rd.login_throttle import LoginThrottle


def test_the_sixth_try_within_a_minute_waits_for_the_first_failure_to_expire():
    throttle = LoginThrottle(max_failures=5, window_s=60)
    for second in range(5):
        assert throttle.wait_s("10.0.0.9", second) == 0
        throttle.failed("10.0.0.9", second)
    assert throttle.wait_s("10.0.0.9", 10) == 50  # the first failure (t=0) leaves at t=60
    assert throttle.wait_s("10.0.0.9", 60) == 0


def test_other_addresses_are_not_locked_out():
    throttle = LoginThrottle(max_failures=2, window_s=60)
    throttle.failed("attacker", 0)
    throttle.failed("attacker", 1)
    assert throttle.wait_s("attacker", 2) > 0
    assert throttle.wait_s("clinic desk", 2) == 0


def test_a_success_clears_the_count():
    throttle = LoginThrottle(max_failures=2, window_s=60)
    throttle.failed("desk", 0)
    throttle.succeeded("desk")
    throttle.failed("desk", 1)
    assert throttle.wait_s("desk", 2) == 0


def test_quiet_addresses_are_forgotten():
    throttle = LoginThrottle(max_failures=1, window_s=60)
    for n in range(2000):
        throttle.failed(f"10.0.{n // 256}.{n % 256}", n * 0.01)
    assert len(throttle) == 2000
    throttle.failed("late", 1000)
    assert len(throttle) == 1


@given(st.lists(st.floats(min_value=0, max_value=600, allow_nan=False), max_size=60))
def test_no_window_ever_holds_more_failures_than_allowed(tries):
    """Whatever the timing of the tries, an address that respects the wait never gets more
    than max_failures wrong passwords checked within any window."""
    throttle = LoginThrottle(max_failures=3, window_s=60)
    checked = []
    for now in sorted(tries):
        if throttle.wait_s("a", now) == 0:
            throttle.failed("a", now)
            checked.append(now)
    assert all(sum(start <= t < start + 60 for t in checked) <= 3 for start in checked)
