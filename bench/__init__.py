"""Benchmarks, load and fault drills: each subfolder is one command (see bench/README.md)."""
