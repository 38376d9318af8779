"""The benchmark (docs/benchmark.md): ``python3 bench/run.py``."""
