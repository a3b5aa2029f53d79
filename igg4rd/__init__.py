"""igg4rd: decision support for remission induction in IgG4-related disease.

The clinical rules live in small pure modules (model, units, responder_index, taper, goals,
risk, evidence); import them directly. Source: the PUMCH cohort paper (NCT01670695).
"""
__version__ = "0.1.0"
