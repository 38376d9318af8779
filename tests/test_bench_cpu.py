"""The benchmark's CPU per request counts each process's own CPU between two snapshots: a
process that ended in between (an autovacuum worker) cannot drive the figure down."""

from bench.harness import cpu_used


def test_cpu_between_snapshots_by_process():
    before = {("app", 1): 10.0, ("db", 7): 3.0, ("db", 8): 50.0}
    after = {("app", 1): 12.5, ("db", 7): 3.5, ("db", 9): 0.25}  # 8 ended, 9 started
    assert cpu_used(before, after) == {"app": 2.5, "db": 0.75}
    assert cpu_used({}, {}) == {"app": 0.0, "db": 0.0}
