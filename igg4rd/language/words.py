"""The vocabulary: the words for every code of `igg4rd.rules.codes`, in one place.

Keys are the codes' values (a `StrEnum` member looks up as its value), so this module imports
nothing of igg4rd; `tests/unit/test_words.py` checks that every code has its words. Site labels
follow Table 1 of the paper; the rest is the product's wording.
"""
from __future__ import annotations

SITE_LABELS: dict[str, str] = {  # Table 1, "Organ involvement"
    "lacrimal": "Dacryoadenitis (lacrimal gland)",
    "salivary": "Sialoadenitis (salivary gland)",
    "pancreas": "Autoimmune pancreatitis",
    "bile_duct": "Sclerosing cholangitis (bile duct)",
    "retroperitoneum": "Retroperitoneal fibrosis",
    "lung": "Lung disease",
    "kidney": "Kidney involvement",
    "lymph_nodes": "Lymphadenopathy",
    "sinus": "Sinusitis",
    "prostate": "Prostatitis",
    "skin": "Skin involvement",
    "aorta": "Aortitis/periaortitis",
    "orbit": "Ophthalmic disease (except dacryoadenitis)",
    "mediastinum": "Mediastinal fibrosis",
    "liver": "Hepatopathy",
    "thyroid": "Thyroiditis",
    "cns": "Central nervous system",
}
RI_ITEM_LABELS = {**SITE_LABELS, "other": "Other site",
                  "constitutional": "Constitutional symptoms (not a 2012 item: review)"}
RI_ACTIVITY_WORDS = {0: "unaffected or resolved", 1: "improved, still present",
                     2: "persistent (unchanged)", 3: "new or recurrent, off treatment",
                     4: "worse, or new, despite treatment"}
SEX_WORDS = {"male": "Male", "female": "Female"}
DIAGNOSIS_WORDS = {"definite": "Definite", "probable": "Probable", "possible": "Possible"}
YES_NO = {True: "Yes", False: "No", None: "Not recorded"}

REGIMEN_LABELS = {"gc": "GC monotherapy", "gc+im": "GC + IM"}
REGIMEN_LONG = {"gc": "GC monotherapy", "gc+im": "GC + immunosuppressant"}

OUTCOME_WORDS = {
    "success": "Success: remission induction achieved",
    "failure": "Failure of remission induction",
    "pending": "Pending: the 6-month assessment is not yet possible",
    "insufficient_data": "Insufficient data to judge remission induction",
}
OUTCOME_SHORT = {"success": "✔ success", "failure": "✖ failure", "pending": "… pending",
                 "insufficient_data": "? insufficient data"}
FAILURE_KIND_WORDS = {
    "persistently_active": "persistently active disease (RI decline < 50%)",
    "relapse": "relapse during GC tapering",
    "taper_failure": "failure of GC tapering to maintenance",
}
TRACK_STATUS_WORDS = {"on_track": "On track", "behind_target": "Behind target"}
GOAL_STATUS_WORDS = {True: "Met", False: "Not met", None: "Not yet judged"}

FACTOR_LABELS = {
    "eosinophilia": "Eosinophilia",
    "high_baseline_ri": "Baseline RI in the highest quartile",
    "five_or_more_sites": "≥ 5 organs involved",
    "dacryoadenitis": "Dacryoadenitis",
}
FACTOR_PRESENCE = {True: "present", False: "absent", None: "unknown"}
FACTOR_PRESENCE_MARKED = {True: "✔ Present", False: "✘ Absent", None: "? Unknown"}
STRATUM_LABELS = {"0": "0 risk factors", "1": "1 risk factor", "2": "2 risk factors",
                  "3-4": "3-4 risk factors"}

DISCLAIMER = ("Decision support, not a substitute for clinical judgement: igg4rd restates one "
              "cohort's published findings beside the patient's numbers and is not a validated "
              "prediction model. Check every figure against the patient's record and the source.")
COMBINATION_ADVICE = "Three or more risk factors: the paper recommends considering GC + IM."
