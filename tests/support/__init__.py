"""Test support shared by the integration tests and the benchmarks (importable as ``tests.support``)."""
