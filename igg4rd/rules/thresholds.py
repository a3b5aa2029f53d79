"""Thresholds the paper leaves open: product defaults, visible and changeable.

Source: `docs/clinical-rules.md` §8. The maintenance
ceiling (goal 2: 10 mg/day) is the paper's (`evidence`); it is listed here, and can be changed,
so that a clinic can apply a stricter or looser ceiling knowingly. The 50% RI decline (goal 1)
is fixed.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from igg4rd.language.i18n import N_, _
from igg4rd.rules import evidence


@dataclass(frozen=True)
class Thresholds:
    """Every cut-off a rule uses. Defaults cite why; all are configurable."""

    eosinophilia_pct: float = 5.0
    eosinophilia_count: float = 0.5
    high_baseline_ri: int = 19
    many_sites: int = 5
    igg4_uln_mg_l: float = 1350.0
    esr_elevated: float = 20.0
    crp_elevated: float = 3.0
    igg_normal_low_g_l: float = 7.0
    igg_normal_high_g_l: float = 16.0
    ige_uln_ku_l: float = 100.0
    window_start_month: float = 5.0
    window_end_month: float = 7.0
    maintenance_ceiling_mg: float = evidence.MAINTENANCE_CEILING_MG
    default_initial_weeks: float = 4.0


THRESHOLD_BASIS: dict[str, tuple[str, str]] = {
    # field: (label with unit, why: default or source), marked N_, shown with _()
    "eosinophilia_pct": (N_("Eosinophilia: eosinophils above (%)"),
                         N_("default: common laboratory limit; the paper does not print its "
                            "cut-off")),
    "eosinophilia_count": (N_("Eosinophilia: or eosinophils above (×10⁹/L)"),
                           N_("default: common laboratory limit")),
    "high_baseline_ri": (N_("Highest RI quartile: baseline RI at least"),
                         N_("default: above the cohort's Q3 of 18 (Table 1)")),
    "many_sites": (N_("Many organs: involved sites at least"), N_("paper: Table 3 (≥ 5 organs)")),
    "igg4_uln_mg_l": (N_("IgG4 upper limit of normal (mg/L)"),
                      N_("default: the usual assay limit")),
    "esr_elevated": (N_("ESR elevated above (mm/h)"), N_("default: laboratory upper limit")),
    "crp_elevated": (N_("CRP elevated above (mg/L)"),
                     N_("default: the usual hs-CRP upper limit; the paper's own numbers put its "
                        "cut-off below 4.01 mg/L (GC + IM: median CRP 4.01 mg/L, and more than "
                        "half counted as elevated in Table 3)")),
    "igg_normal_low_g_l": (N_("IgG normal from (g/L)"),
                           N_("default: common adult reference interval (laboratory trends "
                              "only)")),
    "igg_normal_high_g_l": (N_("IgG normal to (g/L)"),
                            N_("default: common adult reference interval")),
    "ige_uln_ku_l": (N_("IgE upper limit of normal (kU/L)"),
                     N_("default: common adult upper limit (laboratory trends only)")),
    "window_start_month": (N_("Month-6 visit window from (month)"),
                           N_("default: visit closest to month 6 within months 5-7")),
    "window_end_month": (N_("Month-6 visit window to (month)"), N_("default")),
    "maintenance_ceiling_mg": (N_("Maintenance ceiling (mg/day prednisone)"),
                               N_("paper: goal 2, prednisone ≤ 10 mg/day")),
    "default_initial_weeks": (N_("Initial dose held (weeks), when not recorded"),
                              N_("default: protocol allows 2 weeks to 1 month")),
}

DEFAULTS = Thresholds()


def threshold_rows(thresholds: Thresholds = DEFAULTS) -> list[dict[str, object]]:
    """The thresholds as rows (label, value, default, basis), for display, in the language of
    the run."""
    return [
        {"threshold": _(THRESHOLD_BASIS[f.name][0]), "value": getattr(thresholds, f.name),
         "default": f.default, "basis": _(THRESHOLD_BASIS[f.name][1])}
        for f in fields(Thresholds)
    ]
