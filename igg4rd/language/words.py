"""The vocabulary: the words for every code of `igg4rd.rules.codes`, in one place.

Keys are the codes' values (a `StrEnum` member looks up as its value), so this module imports
nothing of igg4rd but the language layer; `tests/unit/test_words.py` checks that every code has
its words. Each vocabulary is a `Words` mapping: a word is read in the language of the run (the
English words are the catalog's messages; DISCLAIMER and COMBINATION_ADVICE are shown with `_`).
Site labels follow Table 1 of the paper; the rest is the product's wording.
"""
from __future__ import annotations

from igg4rd.language.i18n import N_, Words, _

SITE_LABELS = Words({  # Table 1, "Organ involvement"
    "lacrimal": N_("Dacryoadenitis (lacrimal gland)"),
    "salivary": N_("Sialoadenitis (salivary gland)"),
    "pancreas": N_("Autoimmune pancreatitis"),
    "bile_duct": N_("Sclerosing cholangitis (bile duct)"),
    "retroperitoneum": N_("Retroperitoneal fibrosis"),
    "lung": N_("Lung disease"),
    "kidney": N_("Kidney involvement"),
    "lymph_nodes": N_("Lymphadenopathy"),
    "sinus": N_("Sinusitis"),
    "prostate": N_("Prostatitis"),
    "skin": N_("Skin involvement"),
    "aorta": N_("Aortitis/periaortitis"),
    "orbit": N_("Ophthalmic disease (except dacryoadenitis)"),
    "mediastinum": N_("Mediastinal fibrosis"),
    "liver": N_("Hepatopathy"),
    "thyroid": N_("Thyroiditis"),
    "cns": N_("Central nervous system"),
})
RI_ITEM_LABELS = Words({**SITE_LABELS.marked, "other": N_("Other site"),
                        "constitutional": N_("Constitutional symptoms (not a 2012 item: review)")})
RI_ACTIVITY_WORDS = Words({0: N_("unaffected or resolved"), 1: N_("improved, still present"),
                           2: N_("persistent (unchanged)"),
                           3: N_("new or recurrent, off treatment"),
                           4: N_("worse, or new, despite treatment")})
SEX_WORDS = Words({"male": N_("Male"), "female": N_("Female")})
DIAGNOSIS_WORDS = Words({"definite": N_("Definite"), "probable": N_("Probable"),
                         "possible": N_("Possible")})
YES_NO = Words({True: N_("Yes"), False: N_("No"), None: N_("Not recorded")})

GLUCOCORTICOID_NAMES = Words({  # the drugs of rules/units.py (glossary: generic names)
    "prednisone": N_("prednisone"), "prednisolone": N_("prednisolone"),
    "methylprednisolone": N_("methylprednisolone"), "triamcinolone": N_("triamcinolone"),
    "hydrocortisone": N_("hydrocortisone"), "cortisone": N_("cortisone"),
    "dexamethasone": N_("dexamethasone"), "betamethasone": N_("betamethasone"),
})

REGIMEN_LABELS = Words({"gc": N_("GC monotherapy"), "gc+im": N_("GC + IM")})
REGIMEN_LONG = Words({"gc": N_("GC monotherapy"), "gc+im": N_("GC + immunosuppressant")})

OUTCOME_WORDS = Words({
    "success": N_("Success: remission induction achieved"),
    "failure": N_("Failure of remission induction"),
    "pending": N_("Pending: the 6-month assessment is not yet possible"),
    "insufficient_data": N_("Insufficient data to judge remission induction"),
})
FAILURE_KIND_WORDS = Words({
    "persistently_active": N_("persistently active disease (RI decline < 50%)"),
    "relapse": N_("relapse during GC tapering"),
    "taper_failure": N_("failure of GC tapering to maintenance"),
})
TRACK_STATUS_WORDS = Words({"on_track": N_("On track"), "behind_target": N_("Behind target")})
# a visit's status as of its date (clinical-rules §3c), in a word or two
VISIT_STATUS_WORDS = Words({**TRACK_STATUS_WORDS.marked, "pending": N_("Pending"),
                           "success": N_("Success"), "failure": N_("Failure"),
                           "insufficient_data": N_("Insufficient data")})
GOAL_STATUS_WORDS = Words({True: N_("Met"), False: N_("Not met"), None: N_("Not yet judged")})

FACTOR_LABELS = Words({
    "eosinophilia": N_("Eosinophilia"),
    "high_baseline_ri": N_("Baseline RI in the highest quartile"),
    "five_or_more_sites": N_("≥ 5 organs involved"),
    "dacryoadenitis": N_("Dacryoadenitis"),
})
FACTOR_PRESENCE = Words({True: N_("present"), False: N_("absent"), None: N_("unknown")})
FACTOR_PRESENCE_MARKED = Words({True: N_("✔ Present"), False: N_("✘ Absent"),
                                None: N_("? Unknown")})
STRATUM_LABELS = Words({"0": N_("0 risk factors"), "1": N_("1 risk factor"),
                        "2": N_("2 risk factors"), "3-4": N_("3-4 risk factors")})
COUNT_RANGE = N_("{low}-{high}")  # a stratum's range of counts, 3-4 (Chinese: 3～4)

DISCLAIMER = N_("Decision support, not a substitute for clinical judgement: igg4rd restates one "
                "cohort's published findings beside the patient's numbers and is not a validated "
                "prediction model. Check every figure against the patient's record and the source.")
COMBINATION_ADVICE = N_("Three or more risk factors: the paper recommends considering GC + IM.")


def stratum_name(code: str) -> str:
    """A Fig. 3c stratum's code as shown: '0', '1', '2', and '3-4' as the language writes a
    range of counts (Chinese: 3～4; the glossary's range mark)."""
    low, dash, high = code.partition("-")
    return _(COUNT_RANGE).format(low=low, high=high) if dash else code
