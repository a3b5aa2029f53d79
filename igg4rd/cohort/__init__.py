"""Cohort analytics: the paper's tables and figures built from per-patient results."""
