"""Throughput, latency and memory benchmarks of the newsworker against the raw spaCy parser."""
