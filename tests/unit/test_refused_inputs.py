"""Issue 23's tracebacks and silent changes: each input is refused in words (a typed number, a
database URL on the command line or in the clinic's configuration), never a traceback, and never
stored as something other than what was typed."""
from __future__ import annotations

import json

import pytest

from igg4rd.rules.parsing import EntryError, parse_number

FIVE_THOUSAND_ZEROS = "0." + "0" * 5000 + "1"


def test_a_json_integer_too_large_for_a_number_is_refused_not_a_traceback():
    """A grid cell holding the JSON integer 10^400 raised OverflowError in parse_number."""
    for value in (json.loads("1" + "0" * 400), 10**5000):
        with pytest.raises(EntryError, match="too large"):
            parse_number(value)
        with pytest.raises(EntryError, match="too large"):
            parse_number(value, integer=True)


def test_a_number_that_cannot_be_stored_as_typed_is_refused():
    """0.000…0001 with 5,000 zeros was stored as 0.0."""
    for typed in (FIVE_THOUSAND_ZEROS, "0," + "0" * 400 + "7", "1.00000000000000001",
                  "1" * 300, 2**53 + 1):
        with pytest.raises(EntryError, match="cannot be stored exactly as typed"):
            parse_number(typed)


@pytest.mark.parametrize("typed,stored", [
    ("0.1", 0.1), ("18.87", 18.87), ("7,5", 7.5), ("0.30000000000000004", 0.30000000000000004),
    ("123456789012345", 123456789012345.0), ("0.000001", 1e-06), ("0." + "0" * 5000, 0.0),
    ("7.50000000000000000000", 7.5), (2**53, float(2**53)), ("0." + "0" * 306 + "3", 3e-307)])
def test_what_a_double_holds_as_typed_is_accepted(typed, stored):
    assert parse_number(typed) == stored
