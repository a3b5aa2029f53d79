"""Issue 23's tracebacks and silent changes: each input is refused in words (a typed number, a
database URL on the command line or in the clinic's configuration), never a traceback, and never
stored as something other than what was typed."""
from __future__ import annotations

import io
import json
import sys

import pytest

from igg4rd import cli
from igg4rd.rules.parsing import EntryError, parse_number
from igg4rd.storage.config import (
    ConfigError,
    check_database_url,
    deployment,
    redacted,
    scrubbed,
)

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


@pytest.mark.parametrize("url,words", [
    ("postgresql+psycopg://igg4rd:secret@db:abc/igg4rd", "cannot be read"),  # port not a number
    ("postgresql+psycopg://igg4rd:secret@[::1/igg4rd", "cannot be read"),  # broken IPv6 host
    ("postgresql+psycopg://igg4rd:secret@[zz::1]:5432/igg4rd", "not an IPv6 address"),
    ("postgresql+psycopg://igg4rd:secret@db:99999/igg4rd", "not a number from 1 to 65535"),
    ("postgresql+nosuch://igg4rd:secret@db/igg4rd", "no driver 'postgresql+nosuch'"),
    ("nosuch://db/igg4rd", "no driver 'nosuch'"),
    ("mysql://igg4rd:secret@db/igg4rd", "is not installed"),
    ("sqlite:///clinic.db?timeout=abc", "an option after '?' cannot be read"),
    ("sqlite:///clinic.db?check_same_thread=maybe", "an option after '?' cannot be read"),
    ("not a url", "cannot be read"), ("", "cannot be read")])
def test_a_malformed_database_url_exits_2_with_a_clear_message(url, words, capsys):
    """On the command line a non-numeric port or a broken IPv6 host raised ValueError, a
    driver that is not installed ModuleNotFoundError: tracebacks, exit 1."""
    for command in (["export", "--database", url], ["import", "-", "--database", url]):
        if command[0] == "import":
            capsys.readouterr()
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"[]")))
                assert cli.main(command) == cli.EXIT_INVALID
        else:
            assert cli.main(command) == cli.EXIT_INVALID
        out, err = capsys.readouterr()
        assert out == "" and words in err and "Traceback" not in err
        assert "secret" not in err


def test_the_clinic_app_refuses_a_malformed_database_url_in_words():
    """The app reads its URL through `deployment` (igg4rd/ui/session.py), whose ConfigError the
    login gate shows as 'igg4rd cannot start' (tests/app/test_literal_text.py shows it)."""
    secrets = {"clinic": {"password": "x"}}
    for url in ("postgresql+psycopg://igg4rd:secret@db:abc/igg4rd", "mysql://db/igg4rd"):
        with pytest.raises(ConfigError) as refused:
            deployment({"IGG4RD_DATABASE_URL": url}, secrets)
        assert "secret" not in str(refused.value)
    check_database_url("sqlite:///clinic.db")
    check_database_url("postgresql+psycopg://igg4rd:secret@[::1]:5432/igg4rd")


def test_a_short_password_is_scrubbed_as_a_word_only():
    """A one-letter password 'p' turned '(psycopg.OperationalError)' into
    '(***syco***g.O***erationalError)'."""
    url = "postgresql+psycopg://u:p@db/igg4rd"
    assert scrubbed("(psycopg.OperationalError) failed for u:p@db", url) == (
        "(psycopg.OperationalError) failed for u:***@db")
    assert scrubbed("password=hunter2 host=db", "postgresql://u:hunter2@db/x") == (
        "password=*** host=db")
    assert scrubbed("unchanged", "") == "unchanged"
    assert redacted("postgresql+psycopg://u:s3cret@db:abc/x") == "postgresql+psycopg://u:***@db:abc/x"
