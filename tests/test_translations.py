"""Every catalogue we ship is complete and compiled: the documented commands must work on a
fresh machine with only Python, so the .mo files are committed next to their .po."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(p for p in ROOT.glob("*/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_french_and_arabic_are_shipped_for_the_portal():
    names = {(p.parts[-5], p.parts[-3]) for p in CATALOGUES}
    assert {("portal", "fr"), ("portal", "ar"), ("kernel", "fr"), ("kernel", "ar")} <= names


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parts[-5]}-{p.parts[-3]}")
def test_every_string_is_translated_and_compiled(po):
    from django.utils.translation import trans_real  # noqa: F401  (Django reads the .mo)

    entries = po.read_text("utf-8").split("\n\n")[1:]
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""') and "#~" not in e]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == [] and fuzzy == [], (untranslated[:3], fuzzy[:3])
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime - 5, "compile it: manage.py compilemessages"
