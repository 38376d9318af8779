"""Routes of the partner service (``/partnermanagement/v1/partners``), the partner
manager service (``.../pmpartners``) and the policy lookups by partner API key that this
app serves under ``.../policies`` (mounted ahead of the policy routes in config.urls)."""

from kernel.routing import Route

from . import views
from .views12 import admin_partners as admin_partners_12
from .views12 import certificates as certificates_12
from .views12 import credential_types as credential_types_12
from .views12 import extractors as extractors12
from .views12 import key_searches as key_searches12
from .views12 import keys as keys12
from .views12 import oidc_clients as oidc_clients_12
from .views12 import partners as partners_12
from .views12 import users as users_12

partner_routes = [
    Route("", views.PartnerRegisterView.as_view(), "partners"),
    Route("/digitalcertificate", views.MosipCertificateView.as_view(), "partners-mosip-certificate"),
    Route("/uploadCACertificate", views.CACertificateUploadView.as_view(), "partners-upload-ca-certificate"),
    Route("/uploadPartnerCertificate", views.PartnerCertificateUploadView.as_view(), "partners-upload-certificate"),
    Route("/getPartnerCertificate/<pmsid:partner_id>", views.PartnerCertificateView.as_view(),
          "partners-partner-certificate"),
    Route("/partnerId/<pmsid:partner_id>/policyId/<pmsid:policy_id>", views.PartnerExtractorsView.as_view(),
          "partner-extractors"),
    Route("/<pmsid:partner_id>/partnerAPIKeyRequests/<pmsid:request_id>", views.PartnerApiKeyRequestView.as_view(),
          "partner-api-key-request"),
    Route("/<pmsid:partner_id>/partnerAPIKeyRequests", views.PartnerApiKeyRequestsView.as_view(),
          "partner-api-key-requests"),
    Route("/<pmsid:partner_id>/addcontact", views.PartnerContactView.as_view(), "partner-add-contact"),
    Route("/<pmsid:partner_id>", views.PartnerItemView.as_view(), "partner"),
]

manager_routes = [
    Route("", views.ManagerPartnerListView.as_view(), "pmpartners"),
    Route("/getManager", views.ManagerSummaryView.as_view(), "pmpartners-get-manager"),
    Route("/policyname/<pmstext:policy_name>", views.ManagerPolicyByNameView.as_view(), "pmpartners-policy-by-name"),
    Route("/PartnerAPIKeyRequests", views.ManagerApiKeyRequestListView.as_view(), "pmpartners-api-key-requests"),
    Route("/PartnerAPIKeyRequests/<pmsid:request_id>", views.ManagerApiKeyRequestView.as_view(),
          "pmpartners-api-key-request"),
    Route("/<pmsid:partner_id>/<pmssecret:api_key>", views.ManagerPartnerKeyView.as_view(), "pmpartners-partner-key"),
    Route("/<pmsid:partner_id>", views.ManagerPartnerView.as_view(), "pmpartners-partner"),
]

policy_key_routes = [
    Route("/partnerApiKey/<pmssecret:api_key>", views.PolicyByApiKeyView.as_view(), "policy-by-api-key"),
    Route("/partnerId/<pmsid:partner_id>/policyId/<pmsid:policy_id>", views.PartnerPolicyView.as_view(),
          "policy-of-partner"),
    # The segment may be a partner API key (catalog §13.1), so it is logged as a secret.
    Route("/<pmssecret:policy_id>", views.PolicyByIdOrApiKeyView.as_view(), "policy-by-id-or-key"),
]

# MOSIP 1.2, /v1/partnermanager (config.urls mounts them with kernel.routing.mount_context):
# every concept module's literal routes, then every module's id routes.
_modules_12: list = [certificates_12, users_12, keys12, key_searches12, extractors12, credential_types_12, partners_12,
                     admin_partners_12, oidc_clients_12]
partner_manager_routes_12 = [*(r for m in _modules_12 for r in m.literal_routes),
                             *(r for m in _modules_12 for r in m.id_routes)]
