"""MISP service routes, relative to ``/partnermanagement/v1/misps`` (both prefixes)."""

from kernel.routing import Route

from . import views

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
