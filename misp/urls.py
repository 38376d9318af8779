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
