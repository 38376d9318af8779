"""The benchmark (README "Benchmark"): ``python3 bench/run.py``."""
