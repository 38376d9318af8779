"""``StrictCharField`` refuses lone surrogates as DRF's own check does (the same message
and code), by one search instead of a loop over every character."""

from __future__ import annotations

import pytest
from rest_framework import serializers
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from kernel.serializers import StrictCharField


def _errors(field, value):
    try:
        field.run_validation(value)
    except serializers.ValidationError as refused:
        return [(str(e), e.code) for e in refused.detail]
    return None


@pytest.mark.parametrize("value", ["", "plain", "é ü 字 😀", "a\ud800", "\udfffb", "x" * 3000 + "\udc00" + "\ud801",
                                   "\ud7ff\ue000", "mid\udabcdle"])
def test_the_same_refusal_as_drfs_check(value):
    ours = StrictCharField(allow_blank=True, trim_whitespace=False)
    drfs = serializers.CharField(allow_blank=True, trim_whitespace=False)
    assert any(type(v) is ProhibitSurrogateCharactersValidator for v in drfs.validators)
    assert not any(type(v) is ProhibitSurrogateCharactersValidator for v in ours.validators)
    assert _errors(ours, value) == _errors(drfs, value)


def test_a_surrogate_is_refused_and_other_validators_are_kept():
    field = StrictCharField(max_length=5)
    assert _errors(field, "ab\ud800") == [("Surrogate characters are not allowed: U+D800.",
                                           "surrogate_characters_not_allowed")]
    assert _errors(field, "abcdefg")[0][1] == "max_length"
    assert _errors(field, "abc") is None
