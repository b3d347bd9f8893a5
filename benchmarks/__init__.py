"""Benchmarks and the real-browser harness they share with the browser test."""
