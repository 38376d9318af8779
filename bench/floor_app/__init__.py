"""The framework floor (docs/benchmark.md): what one authenticated API request costs with
the framework alone, measured beside the service by ``bench/run.py``.

A minimal Django project of its own, with no project code: gunicorn's sync workers, Django
without middleware, one DRF ``APIView`` that verifies the service's own RS256 bearer token
with PyJWT (the server's certificate, loaded once per process) and reads one row by primary
key from the service's database over a persistent connection. Every figure of the service
is also given as a ratio to this one, so the cost of the project's own request path
(middleware, authentication, envelope, audit) shows instead of hiding inside its own floor.

Nothing here may import the project's packages (``tests/test_bench_floor_app.py``).
"""
