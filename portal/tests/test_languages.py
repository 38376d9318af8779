"""The portal in English, French and Arabic (right to left), switched without JavaScript."""

import pytest
from django.test import Client

from .conftest import code_in, register

pytestmark = pytest.mark.django_db


def in_language(code):
    client = Client()
    answer = client.post("/i18n/setlang/", {"language": code, "next": "/portal/register/"})
    assert answer.status_code == 302 and answer["Location"] == "/portal/register/"
    return client


def test_english_is_the_default_and_left_to_right(db):
    page = Client().get("/portal/login/").content.decode()
    assert '<html lang="en" dir="ltr">' in page and "Forgot your password?" in page


def test_the_switcher_turns_the_portal_french(banking):
    client = in_language("fr")
    page = client.get("/portal/register/").content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert "Inscrivez votre organisation" in page and "Partenaire d&#x27;authentification" in page


def test_arabic_renders_right_to_left(banking):
    client = in_language("ar")
    page = client.get("/portal/register/?partner_type=Auth_Partner").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "سجّل مؤسستك" in page and "مجموعة السياسات" in page


def test_the_code_is_mailed_and_refusals_are_said_in_the_visitors_language(banking, mailoutbox):
    client = in_language("fr")
    register(client)
    assert mailoutbox[0].subject == "Votre code d'inscription partenaire"
    code = code_in(mailoutbox[0])
    assert f"Votre code de vérification est : {code}" in mailoutbox[0].body
    answer = client.post("/portal/verify/", {"code": "000000" if code != "000000" else "111111"})
    assert "Le code de vérification n&#x27;est pas correct. Tentatives restantes : 4." in answer.content.decode()

