"""Words for an assessment: the plain-text clinic note and the shared disclaimer."""
from __future__ import annotations

from igg4rd.language.words import DISCLAIMER, OUTCOME_WORDS
from igg4rd.render.clinic_note import clinic_note
from igg4rd.render.patient_text import regimen_text
from igg4rd.rules.assessment import assess
from tests.unit.helpers import at_month, patient, visit

EOSINOPHILS = {"eosinophils_pct": 2.0}  # eosinophilia known to be absent


def note(visits, as_of_month=8.0, **kwargs) -> str:
    return clinic_note(assess(patient(visits, **kwargs), at_month(as_of_month)))


def test_relapse_note_gives_every_goal_with_numbers_and_the_papers_rate():
    text = note([visit(1, 6, 30), visit(3, 9, 20, relapse=("lacrimal",)), visit(6, 5, 15)],
                sites=("pancreas", "lacrimal"), baseline=EOSINOPHILS)
    assert OUTCOME_WORDS["failure"] in text and "Relapse during GC tapering" in text
    assert f"Assessed as of {at_month(8)} (month 8.0)" in text
    assert "Goal 1, RI decline ≥ 50%: Met; baseline RI 14 → lowest RI 5" in text
    assert "decline 64%" in text
    assert "Goal 2, GC tapered to maintenance: Not met; 15 mg/day prednisone equivalent" in text
    assert "Goal 3, No relapse during tapering: Not met; relapse on" in text
    # one factor (dacryoadenitis): Fig. 3c stratum 1, 4/28 with its exact interval
    assert "stratum 1 (Fig. 3c)" in text and "14.3% as printed (Fig. 3c); the counts 4/28 are " \
        "derived from it (exact 95% CI 4.0–32.7%)" in text
    assert "9 of 17 (52.9%)" in text  # the secondary-relapse warning
    assert "GC monotherapy, prednisone 40 mg/day initially" in text
    assert text.endswith(DISCLAIMER) and "Decision support" in text


def test_note_is_a_few_plain_lines():
    text = note([visit(1, 6, 30), visit(6, 5, 7.5)], baseline=EOSINOPHILS)
    assert OUTCOME_WORDS["success"] in text
    assert 5 <= len(text.splitlines()) <= 10
    assert "**" not in text and ":material/" not in text  # no markdown in a clinic note


def test_pending_note_says_the_goals_are_not_yet_judged():
    text = note([visit(1, 7, 30)], as_of_month=2.0, baseline=EOSINOPHILS)
    assert OUTCOME_WORDS["pending"] in text
    assert ("Goal 2, GC tapered to maintenance: Not yet judged; no visit yet in the month-6 "
            "window" in text)
    assert "0 of 4 risk factors: stratum 0" in text and "8.0% as printed" in text and "2/25" in text


def test_insufficient_data_note_gives_the_reason_and_the_open_rate():
    text = note([visit(1, 7, 30), visit(3, 5, 20)], as_of_month=9.0)  # no month-6 visit
    assert OUTCOME_WORDS["insufficient_data"] in text
    assert "No visit in the month-6 window" in text
    assert "Eosinophilia unknown" in text and "possible strata 0, 1" in text
    assert "depends on the unknown factor(s)" in text


def test_missing_baseline_ri_is_said_not_computed():
    text = note([visit(1, 7, 30), visit(6, 5, 7.5)], baseline_ri=0, baseline=EOSINOPHILS)
    assert "baseline RI missing or 0" in text


def test_combination_therapy_note_gives_the_gc_im_rate():
    text = note([visit(1, 6, 30), visit(6, 5, 7.5)], regimen="gc+im", baseline=EOSINOPHILS)
    assert "GC + IM (CTX)" in text and "10/138 (7.2%, 95% CI 3.5–12.9%)" in text
    assert "published for GC monotherapy only" in text and "stratum" not in text


def test_regimen_without_a_recorded_immunosuppressant():
    p = patient([], regimen="gc+im")
    p = p.model_copy(update={"treatment": p.treatment.model_copy(
        update={"immunosuppressants": [], "initial_dose_mg": None})})
    assert regimen_text(p) == "GC + IM (IM not recorded)"


def test_on_track_words_without_a_recorded_start_dose():
    """No start dose: no protocol target, and the status still reads (it raised before)."""
    from igg4rd.render.track import track_text
    from igg4rd.rules.model import Patient
    from tests.unit.helpers import record

    data = record([visit(1, 8, 30)])
    data["treatment"]["initial_dose_mg"] = None
    without_dose = Patient.model_validate(data)
    text = track_text(assess(without_dose, at_month(2)))
    assert "no protocol target without a recorded start dose" in text.basis[0]


def test_the_published_rate_says_the_percentage_is_printed_and_the_counts_derived():
    """clinical-spec §4: Fig. 3c prints 38.5%; 5/13 is derived from it."""
    from igg4rd.render.risk_text import published_rate_text
    from tests.unit.helpers import patient

    eosinophilic = patient([], sites=("lacrimal", "pancreas"),
                           baseline={"eosinophils_pct": 9.0})  # dacryoadenitis, eosinophilia
    text = published_rate_text(assess(eosinophilic, at_month(1)).risk)
    assert text.startswith("Published failure rate for this stratum: 38.5% as printed (Fig. 3c)")
    assert "the counts 5/13 are derived from it" in text


def test_the_banner_s_basis_compares_the_stratum_with_combination_therapy():
    from igg4rd.render.track import track_text
    from tests.unit.helpers import patient

    eosinophilic = patient([visit(1, 8, 30)], sites=("lacrimal", "pancreas"),
                           baseline={"eosinophils_pct": 9.0})
    basis = " ".join(track_text(assess(eosinophilic, at_month(1.5))).basis)
    assert "stratum 2 on GC monotherapy failed in 38.5% (Fig. 3c), against 7.2% with GC + " \
           "immunosuppressant" in basis and "not an instruction" in basis
    alone = patient([visit(1, 8, 30)])  # no factor: no such line
    assert "not an instruction" not in " ".join(track_text(assess(alone, at_month(1.5))).basis)
