"""Every code has its words, in the one vocabulary (igg4rd.language.words)."""
from __future__ import annotations

import pytest

from igg4rd.language import words
from igg4rd.rules import codes
from igg4rd.rules.responder_index import ITEMS, LEGACY_ITEMS, MAX_ACTIVITY

VOCABULARY = [
    (codes.Site, words.SITE_LABELS), (codes.Sex, words.SEX_WORDS),
    (codes.Diagnosis, words.DIAGNOSIS_WORDS), (codes.Regimen, words.REGIMEN_LABELS),
    (codes.Regimen, words.REGIMEN_LONG), (codes.Outcome, words.OUTCOME_WORDS),
    (codes.FailureKind, words.FAILURE_KIND_WORDS),
    (codes.TrackStatus, words.TRACK_STATUS_WORDS),
    (codes.RiskFactor, words.FACTOR_LABELS), (codes.Stratum, words.STRATUM_LABELS),
]


@pytest.mark.parametrize(("code", "vocabulary"), VOCABULARY,
                         ids=[f"{c.__name__}-{i}" for i, (c, _) in enumerate(VOCABULARY)])
def test_every_code_has_words_and_no_word_lacks_a_code(code, vocabulary):
    assert set(vocabulary) == {member.value for member in code}
    assert all(vocabulary[member] for member in code)  # a member looks up as its value


def test_every_ri_item_has_a_label():
    assert set(words.RI_ITEM_LABELS) == {*ITEMS, *LEGACY_ITEMS}
    assert set(words.RI_ACTIVITY_WORDS) == set(range(MAX_ACTIVITY + 1))
