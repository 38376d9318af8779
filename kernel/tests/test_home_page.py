"""``/`` is where a first visitor lands: it leads to the partner portal (and its
registration), the admin and the API documentation, and every link answers."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_home_page_links_to_the_portal_the_admin_and_the_api_docs():
    client = Client()
    page = client.get("/")
    assert page.status_code == 200
    links = set(re.findall(r'href="([^"]+)"', page.content.decode()))
    assert {"/portal/", "/portal/register/", "/admin/", "/api/docs/"} <= links
    for link in ("/portal/register/", "/api/docs/"):
        assert client.get(link).status_code == 200, link
    for link in ("/portal/", "/admin/"):  # both ask a visitor to sign in first
        assert client.get(link).status_code == 302, link


def test_the_portal_link_is_said_in_the_visitors_language():
    page = Client().get("/", headers={"Accept-Language": "fr"}).content.decode()
    assert "Portail des partenaires" in page
