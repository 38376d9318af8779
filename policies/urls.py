"""Policy service routes, relative to ``/partnermanagement/v1/policies`` (mounted under the
documented and the doubled prefix by config.urls). Literal segments come first."""

from kernel.routing import Route

from . import views
from .views12 import groups as groups12
from .views12 import policies as policies12

routes = [
    Route("", views.PolicyCollectionView.as_view(), "policies"),
    Route("/policyGroup", views.PolicyGroupCreateView.as_view(), "policy-group-create"),
    Route("/policyGroup/<pmsid:group_id>", views.PolicyGroupUpdateView.as_view(), "policy-group-update"),
    Route("/policyGroups", views.PolicyGroupListView.as_view(), "policy-groups"),
    Route("/policyGroupId/<pmsid:group_id>", views.PolicyGroupDetailView.as_view(), "policy-group"),
    Route("/policyGroupId/<pmsid:group_id>/policyId/<pmsid:policy_id>", views.GroupPolicyStatusView.as_view(),
          "policy-group-policy-status"),
    Route("/publishPolicy/policyGroupId/<pmsid:group_id>/policyId/<pmsid:policy_id>",
          views.PublishPolicyView.as_view(), "policy-publish"),
    Route("/policyId/<pmsid:policy_id>", views.PolicyByIdView.as_view(), "policy-by-id"),
    # The same URL as the partners app's lookup by id or API key (mounted first, which
    # serves it): its segment may be a key, so it is declared a secret here too.
    Route("/<pmssecret:policy_id>", views.PolicyItemView.as_view(), "policy"),
]

# MOSIP 1.2, /v1/policymanager (config.urls mounts them with kernel.routing.mount_context):
# every concept module's literal routes, then every module's id routes.
_modules_12: list = [groups12, policies12]
policy_manager_routes_12 = [*(r for m in _modules_12 for r in m.literal_routes),
                            *(r for m in _modules_12 for r in m.id_routes)]
