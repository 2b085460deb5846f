"""Benchmarks of what people wait for (run with `make bench`; not part of the tests)."""
