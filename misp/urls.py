"""MISP service routes, relative to ``/partnermanagement/v1/misps`` (both prefixes)."""

from kernel.routing import Route

from . import views, views12

routes = [
    Route("", views.MispCollectionView.as_view(), "misps"),
    Route("/mispId/<pmsid:misp_id>", views.MispByIdView.as_view(), "misp-by-id"),
    Route("/name/<pmstext:org_name>", views.MispByNameView.as_view(), "misps-by-name"),
    Route("/<pmsid:misp_id>/status", views.MispApprovalView.as_view(), "misp-approval"),
    Route("/<pmsid:misp_id>/licenseKey", views.LicenseKeyView.as_view(), "misp-license-key"),
    Route("/<pmsid:misp_id>", views.MispItemView.as_view(), "misp"),
]


# PM12 reads partner keys and MISP licenses: this app serves it under /pmpartners.
partner_manager_routes = [
    Route("/validatePartnerMisp/partnerId/<pmsid:partner_id>/partnerApiKey/<pmssecret:api_key>/mispLicenseKey/"
          "<pmssecret:license_key>", views.PartnerMispValidationView.as_view(), "validate-partner-misp"),
]

# MOSIP 1.2's MISP licenses under /v1/partnermanager (config.urls mounts them ahead of the
# partners' 1.2 routes; no path overlaps).
partner_manager_routes_12 = [*views12.literal_routes, *views12.id_routes]
