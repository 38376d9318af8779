"""What an integrator and an auditor see in a real browser."""

import pytest

from audit.services import record
from kernel.actors import Actor
from tests.support.users import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_from_the_app_alone(page):
    page.goto("/api/docs/")
    page.wait_for_selector("text=Partner Management Service", timeout=20000)
    # Swagger UI renders only the operations in view of a long list: the tag filter finds one
    page.fill("input.operation-filter-input", "auth")
    page.wait_for_selector("[data-path='/v1/authmanager/authenticate/useridPwd']", timeout=20000)
    assert page.foreign_requests == []  # no CDN: every asset came from this server
    assert page.csp_violations == []  # the Content-Security-Policy blocks nothing the page needs


def test_auditor_reads_the_audit_trail_in_the_admin(page):
    auditor = make_user("auditor", ["AUDITOR"])
    auditor.is_staff = True
    auditor.save()
    record("auth.login.failure", Actor(username="intruder"), ref_id="intruder", description="KER-ATH-023")
    page.goto("/admin/login/?next=/admin/audit/auditevent/")
    page.fill("#id_username", "auditor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("text=PMS_AUT_401", timeout=20000)
    assert page.locator("a.addlink").count() == 0  # read-only: no "add" button
    assert page.foreign_requests == []
    assert page.csp_violations == []
