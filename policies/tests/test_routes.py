"""Both prefixes reach the same views; literal segments are never read as ids (SPEC §9.20)."""

import pytest
from django.urls import resolve

from policies.views import PolicyItemView

from .conftest import DOCUMENTED, DOUBLED

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix,view", [
    ("", "PolicyCollectionView"),
    ("/policyGroup", "PolicyGroupCreateView"),
    ("/policyGroups", "PolicyGroupListView"),
    ("/policyGroupId/123", "PolicyGroupDetailView"),
    ("/policyGroupId/1/policyId/2", "GroupPolicyStatusView"),
    ("/publishPolicy/policyGroupId/1/policyId/2", "PublishPolicyView"),
    ("/policyId/5", "PolicyByIdView"),
    ("/5", "PolicyItemView"),
])
def test_both_prefixes_resolve_to_the_same_view(suffix, view):
    # GET /{x} is served by a subclass in the partners app (it also reads API keys)
    for prefix in (DOUBLED, DOCUMENTED):
        assert view in [cls.__name__ for cls in resolve(prefix + suffix).func.view_class.__mro__]


@pytest.mark.parametrize("word", ["policyGroup", "policyGroups", "policyGroupId", "publishPolicy", "policyId",
                                  "partnerApiKey", "policies", "POLICYGROUPS"])
def test_reserved_words_are_not_policy_ids(word):
    match = resolve(f"{DOCUMENTED}/{word}")
    assert getattr(match.func, "view_class", None) is not PolicyItemView


def test_doubled_prefix_is_not_read_as_policy_id_policies(api):
    # /policies/policies must be the collection, never "the policy with id 'policies'"
    assert resolve(DOUBLED).func.view_class.__name__ == "PolicyCollectionView"
