"""The API tours (docs/api-tour.md) work as printed: every ``sh`` block, verbatim and in
order, in one bash from the checkout, against a development server started here (a new
SQLite database, the demo admin ``pmsadmin`` made by ``create_pms_user`` as the page's
preamble says). The tours pipe every answer through their ``ok``/``pick`` helpers, which
fail on an answer that carries errors; here, besides each block exiting 0, no answer
printed may carry an error."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support import free_port, sh_blocks

ROOT = Path(__file__).resolve().parents[1]
TOUR = ROOT / "docs" / "api-tour.md"
TOUR_12 = ROOT / "docs" / "api-tour-1.2.md"
PASSWORD = "Tour-Admin-Pass-4242"




def _run(args, env, timeout=180):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"


def _wait_healthy(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[0][-3000:]
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("the development server did not answer /healthz within 60 s")


def test_the_tours_cover_login_policies_partners_misps_devices_and_the_end():
    text = "\n".join(sh_blocks(TOUR))
    for step in ("authenticate/useridPwd", "/policyGroup", "/partnerAPIKeyRequests", "/misps/misps",
                 "/licenseKey", "validatePartnerMisp", "/registereddevices", "/deviceprovidermanagement/validate",
                 "invalidateToken"):
        assert step in text, step


def _run_tour(tour: Path, tmp_path) -> tuple[subprocess.CompletedProcess, list[str], str]:
    """Every ``sh`` block of ``tour``, verbatim and in order, in one bash against a new
    development server on a new database; the answer and the report to show on failure."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PMS_", "DJANGO_")) and k not in ("DATABASE_URL", "PYTHONPATH")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": f"sqlite:///{tmp_path / 'tour.sqlite3'}",
                "PMS_VAR_DIR": str(tmp_path / "var")})
    manage = [sys.executable, "manage.py"]
    _run(manage + ["migrate", "--no-input"], env)
    _run(manage + ["create_pms_user", "pmsadmin", "--password", PASSWORD, "--roles", "PARTNER_ADMIN"], env)
    base = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen(manage + ["runserver", "--noreload", base.removeprefix("http://")], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_healthy(base, server)
        blocks = sh_blocks(tour)
        script = "set -euo pipefail\n" + "\n".join(
            f"echo '=== tour block {n}' >&2\n{block}" for n, block in enumerate(blocks, 1))
        result = subprocess.run(["bash", "-c", script], cwd=ROOT, env={**env, "B": base, "PASSWORD": PASSWORD},
                                capture_output=True, text=True, timeout=240)
    finally:
        server.terminate()
        server.communicate(timeout=20)
    failed_block = re.findall(r"=== tour block (\d+)", result.stderr)[-1:]
    report = f"block {failed_block}:\n{result.stdout[-3000:]}\n--- stderr ---\n{result.stderr[-3000:]}"
    assert result.returncode == 0, report
    assert result.stderr.count("=== tour block") == len(blocks), report
    assert '"errors": [{' not in result.stdout, report
    return result, blocks, report


def test_every_tour_block_runs_verbatim_against_a_live_server(tmp_path):
    result, _, report = _run_tour(TOUR, tmp_path)
    assert "token ended: 401" in result.stdout, report


def test_the_1_2_onboarding_runs_verbatim_against_a_fresh_instance(tmp_path):
    """MOSIP's onboarding of an authentication, a credential and a MISP partner with the 1.2
    bodies (docs/api-tour-1.2.md), from a new database, over HTTP."""
    text = "\n".join(sh_blocks(TOUR_12))
    for step in ("/policies/group/new", "/publish", "$PM/users", "/partners/certificate/ca/upload",
                 "/partners/certificate/upload", "/policy/map", "/partners/policy/", "/generate/apikey",
                 "/partner-api-keys", "/partner-policy-requests", "/partnerAPIKeyRequests", "/bioextractors/",
                 "/credentialtype/", "$PM/misps", "$PM/oauth/client", "$PM/securebiometricinterface", "/approval",
                 "$PM/devicedetail",
                 "$PM/ftpchipdetail", "/ftpchipdetail/uploadcertificate", "/certificate-data"):
        assert step in text, step
    result, _, report = _run_tour(TOUR_12, tmp_path)
    assert "onboarded: airtel printco infra" in result.stdout, report
    assert '"apiKeyLabel": "branch-ekyc"' in result.stdout, report  # R25 reads the labelled key back
    assert '"status": "InProgress"' in result.stdout, report  # the 1.0 request, in 1.2's spelling
    assert "deactivated for good" in result.stdout, report  # an OAuth client, made on a 1.0-approved request
    # a device provider's SBI and devices: approved, a rejected model re-submitted, deactivation final
    assert "device journey: approved, re-submitted, deactivated for good" in result.stdout, report
    assert "refused: PMS_DEVICE_ERROR_020" in result.stdout, report
    assert '"status": "approved", "isActive": true' in result.stdout, report  # R100: the approved chip
    assert "chip deactivated for good" in result.stdout, report  # R99 is final: R95 no longer approves
