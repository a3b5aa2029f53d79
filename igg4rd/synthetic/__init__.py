"""SYNTHETIC patients and cohorts for demos, tests and benchmarks: no real patient is described."""
