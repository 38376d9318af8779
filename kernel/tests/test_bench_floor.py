"""The benchmark's floor endpoint exists only when PMS_BENCH_FLOOR is set (the bench sets
it; tests/test_bench_smoke.py calls it under gunicorn): by default the path is unknown."""

import pytest

from tests.support.api import PmsApi
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db


def test_the_floor_is_not_routed_by_default():
    answer = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"]))).get("/v1/bench/floor")
    assert answer.status == 404 and answer.error_codes == ["PMS_COR_002"]
