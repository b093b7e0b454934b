"""Benchmarks (not part of the test run): each reports ratios against a raw floor measured in the same run."""
