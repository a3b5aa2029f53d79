"""The synthetic demo cohort reproduces the paper's counts, through `assess_goals` itself."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from igg4rd.cohort.analysis import analyse
from igg4rd.rules import evidence
from igg4rd.rules.goals import assess_goals
from igg4rd.synthetic.cohort import demo_cohort

TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def cohort():
    return demo_cohort(TODAY)


@pytest.fixture(scope="module")
def analysis(cohort):
    return analyse(cohort, TODAY)


def test_synthetic_215_patients_77_on_gc(cohort):
    assert len(cohort) == 215 and all(p.synthetic for p in cohort)
    assert Counter(p.treatment.regimen for p in cohort) == {"gc": 77, "gc+im": 138}
    assert len({p.id for p in cohort}) == 215


def test_outcomes_through_assess_goals(cohort):
    outcomes = Counter((p.treatment.regimen, assess_goals(p, TODAY).outcome) for p in cohort)
    assert outcomes == {("gc", "failure"): 16, ("gc", "success"): 61,
                        ("gc+im", "failure"): 10, ("gc+im", "success"): 128}


def test_reproducible(cohort):
    assert [p.to_record() for p in demo_cohort(TODAY)] == [p.to_record() for p in cohort]


def test_table2_as_published(analysis):
    t2 = analysis.frame("table2").set_index("row")
    for row in (*evidence.TABLE2_OUTCOMES, "male", "allergy_history", "organs_1_2", "mikulicz",
                "lacrimal", "retroperitoneum", "lung", "sinus", "lymph_nodes"):
        assert t2.loc[row, "gc:shown"] == t2.loc[row, "published:gc"], row
        assert t2.loc[row, "gc+im:shown"] == t2.loc[row, "published:gc+im"], row
        assert float(t2.loc[row, "p_shown"]) == float(t2.loc[row, "published:p"]), row


def test_table1_counts_as_published(analysis):
    t1 = analysis.frame("table1").set_index("row")
    for row in evidence.TABLE1_COUNTS:  # allergy: the paper's % is of 215, ours of 213 recorded
        assert t1.loc[row, "value"].split()[0] == t1.loc[row, "published"].split()[0], row
    assert t1.loc["baseline_ri", "value"] == "14 (10, 18)"


# The synthetic values the demo does not fit to the paper (ages, durations, eosinophil %, ESR,
# CRP, IgG, IgG4, IgE and dose distributions): marked as not reproduced, in the page and here.
NOT_REPRODUCED = {
    "table1": {"age_years", "allergy_history", "eosinophils_pct", "esr", "crp", "igg", "igg4",
               "ige"},
    "table2": {"age_years", "disease_duration_months", "baseline_ri", "eosinophils_pct", "esr",
               "crp", "igg", "igg4", "ige", "initial_dose_mg"},
    "table3": {"age_years", "initial_dose_mg"},
    "fig3b": set(), "fig3c": set(), "fig4": set(),
}


@pytest.mark.parametrize("name", sorted(NOT_REPRODUCED))
def test_every_published_row_is_reproduced_or_marked(analysis, name):
    table = analysis.frames()[name]
    compared = table[table["reproduced"].notna()]
    assert set(compared.loc[~compared["reproduced"].astype(bool), "row"]) == NOT_REPRODUCED[name]
    assert len(compared) > len(NOT_REPRODUCED[name])


@pytest.mark.parametrize("row", [r for r in evidence.TABLE3 if not r.endswith("_q1")
                                 and r not in NOT_REPRODUCED["table3"]])
def test_table3_rows_as_printed(analysis, row):
    t3 = analysis.frame("table3").set_index("row")
    for regimen in ("gc", "gc+im"):
        published, shown = t3.loc[row, f"published:{regimen}"], t3.loc[row, f"{regimen}:shown"]
        if published.startswith("NA"):
            assert shown == published, (row, regimen)  # the same group named
        elif published.startswith("Ref"):
            assert shown == published, (row, regimen)
        else:
            assert shown.split(", p")[0] == published.split(", p")[0], (row, regimen)


def test_igg4_footnotes_a_and_b_on_gc_im(analysis):
    t3 = analysis.frame("table3").set_index("row")
    assert t3.loc["igg4_uln_3_10", "gc+im:shown"].startswith("Ref (with the first group")
    assert t3.loc["igg4_uln_10_20", "gc+im:shown"] == "1.46 (0.35-6.05), p 0.604"
    assert t3.loc["igg4_uln_gt20", "gc+im:shown"] == (
        "NA (0% failure in the group: IgG4 > 20 × ULN; footnote b)")


def test_no_protective_dose_effect_the_paper_rules_out(analysis):
    t3 = analysis.frame("table3").set_index("row")
    assert t3.loc["initial_dose_mg", "gc:p"] > 0.05
    assert t3.loc["initial_dose_mg", "gc+im:p"] > 0.05  # paper: 0.97 (0.9, 1.05), p 0.441


def test_fig3c_strata(analysis):
    f = analysis.frame("fig3c").set_index("row")
    for stratum, share in evidence.RISK_STRATA_COMPLETE_DATA.items():
        assert (f.loc[stratum, "cohort:failed"], f.loc[stratum, "cohort:patients"]) == (
            share.events, share.total)
    assert round(analysis.fig3c_p, 3) == evidence.RISK_STRATA_P
    assert "11 GC-monotherapy" in analysis.fig3c_note


def test_fig3b_published_organs(analysis):
    f = analysis.frame("fig3b").set_index("row")
    for regimen, organs in evidence.ORGAN_FAILURE.items():
        for site, share in organs.items():
            assert (f.loc[site, f"{regimen}:failed"], f.loc[site, f"{regimen}:patients"]) == (
                share.events, share.total)


def test_fig4_as_printed(analysis):
    f = analysis.frame("fig4").set_index("row")
    for marker in ("esr", "crp", "igg4"):
        assert f.loc[marker, "failure:shown"] == f.loc[marker, "published:failure"], marker
        assert f.loc[marker, "success:shown"] == f.loc[marker, "published:success"], marker
        assert f.loc[marker, "p_shown"] == f.loc[marker, "published:p"], marker
    assert (f.loc["esr", "failure:shown"], f.loc["esr", "success:shown"]) == ("11 (4, 27)",
                                                                              "5 (2, 9)")
    assert f.loc["igg", "p"] > 0.05
