"""Routes are mounted one way (docs/architecture.md, "Adding a domain app" step 8): each
API app's ``urls.py`` lists ``kernel.routing.Route``s and nothing else, and
``config/urls.py`` mounts every one of them with ``mount_service`` (aliases with
``mount_alias``, MOSIP 1.2's contexts with ``mount_context``); only the portal's web pages
are included as Django URL modules."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.test import Client

from kernel.routing import Route

ROOT = Path(__file__).resolve().parents[1]
API_APPS = ("kernel", "accounts", "audit", "policies", "partners", "misp", "devices")


@pytest.mark.parametrize("app", API_APPS)
def test_an_apps_urls_module_lists_routes_only(app):
    module = importlib.import_module(f"{app}.urls")
    assert not hasattr(module, "urlpatterns"), f"{app}.urls builds its own URL patterns"
    lists = {name: value for name, value in vars(module).items() if isinstance(value, list) and not name.startswith("_")}
    assert any(lists.values()), f"{app}.urls lists no routes"
    for name, routes in lists.items():
        # a 1.2 list fills as its concept modules land (<app>/views12); the 1.0 lists are never empty
        assert routes or name.endswith("_12"), f"{app}.urls.{name} is empty"
        assert all(isinstance(route, Route) for route in routes), f"{app}.urls.{name}"


def test_config_mounts_api_routes_with_mount_service_only():
    tree = ast.parse((ROOT / "config" / "urls.py").read_text(encoding="utf-8"))
    included = [node.args[0].value for node in ast.walk(tree)
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "include"
                and node.args and isinstance(node.args[0], ast.Constant)]
    assert set(included) <= {"portal.urls", "django.conf.urls.i18n"}, included
    mounted = {node.args[1].value for node in ast.walk(tree)
               if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "mount_service"}
    assert {"keymanager", "authenticate", "authorize", "auditmanager", "masterdata", "policies", "partners",
            "pmpartners", "misps"} <= mounted


@pytest.mark.django_db
def test_the_kernel_services_have_no_doubled_prefix():
    client = Client()
    assert client.get("/v1/keymanager/getCertificate?applicationId=PMS").status_code == 200
    for path in ("/v1/keymanager/keymanager/getCertificate?applicationId=PMS", "/v1/masterdata/masterdata/deviceprovider",
                 "/v1/auditmanager/auditmanager/checkpoints"):
        answer = client.get(path)
        assert answer.status_code == 404 and answer.json()["errors"][0]["errorCode"] == "PMS_COR_002", path
