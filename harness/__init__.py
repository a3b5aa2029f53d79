"""Tooling shared by the browser tests (tests/e2e) and the benchmarks (bench/): starting the app's
server and driving it in Debian's Chromium. Not the product: igg4rd/ never imports it, and
bench/ imports nothing from tests/ (tests/unit/test_tooling.py)."""
