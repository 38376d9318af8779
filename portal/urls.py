"""The portal's pages under /portal/ (SPEC §7: register, login, the dashboard)."""

from django.urls import path

import kernel.routing  # noqa: F401  (registers the pmssecret converter: the reset token is a secret)

from . import views, views_ftm, views_sbi
from .redirects import get_goes_to

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("verify/", views.verify, name="verify"),
    path("verify/resend/", get_goes_to("portal:verify")(views.resend), name="resend"),
    path("login/", views.LoginView.as_view(), name="login"),
    # Log out is a POST (a GET from another site must not end a session): a GET goes to
    # the login page, which sends a logged-in user on to the dashboard and its button.
    path("logout/", get_goes_to("portal:login")(views.LogoutView.as_view()), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<pmssecret:token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("partners/<str:partner_id>/", views.partner_page, name="partner"),
    path("partners/<str:partner_id>/keys/", get_goes_to("portal:dashboard")(views.request_key), name="request_key"),
    path("partners/<str:partner_id>/keys/<str:request_id>/reveal/", get_goes_to("portal:dashboard")(views.reveal_key),
         name="reveal_key"),
    path("partners/<str:partner_id>/api-keys/", get_goes_to("portal:dashboard")(views.generate_key), name="generate_key"),
    path("partners/<str:partner_id>/api-keys/<str:row_id>/status/", get_goes_to("portal:dashboard")(views.key_status),
         name="key_status"),
    path("partners/<str:partner_id>/certificates/", get_goes_to("portal:dashboard")(views.upload_certificate),
         name="upload_certificate"),
    path("partners/<str:partner_id>/certificates/current/<str:kind>.pem", views.download_certificate,
         name="download_certificate"),
    path("partners/<str:partner_id>/licenses/", get_goes_to("portal:dashboard")(views.issue_license),
         name="issue_license"),
    path("partners/<str:partner_id>/clients/", views.oidc_clients, name="oidc_clients"),
    path("partners/<str:partner_id>/clients/<str:client_id>/", views.oidc_client, name="oidc_client"),
    path("partners/<str:partner_id>/ftm-chips/", get_goes_to("portal:dashboard")(views_ftm.add_chip), name="add_chip"),
    path("partners/<str:partner_id>/ftm-chips/<str:chip_id>/certificate/",
         get_goes_to("portal:dashboard")(views_ftm.upload_chip_certificate), name="upload_chip_certificate"),
    path("partners/<str:partner_id>/ftm-chips/<str:chip_id>/signed.pem", views_ftm.download_chip_certificate,
         name="download_chip_certificate"),
    path("partners/<str:partner_id>/ftm-chips/<str:chip_id>/deactivate/",
         get_goes_to("portal:dashboard")(views_ftm.deactivate_chip), name="deactivate_chip"),
    path("partners/<str:partner_id>/sbis/", views_sbi.sbis, name="sbis"),
    path("partners/<str:partner_id>/sbis/<str:sbi_id>/", views_sbi.sbi, name="sbi"),
    path("partners/<str:partner_id>/sbis/<str:sbi_id>/deactivate/", views_sbi.deactivate_sbi, name="deactivate_sbi"),
    path("partners/<str:partner_id>/sbis/<str:sbi_id>/devices/<str:device_id>/deactivate/",
         get_goes_to("portal:dashboard")(views_sbi.deactivate_device), name="deactivate_device"),
    path("partners/<str:partner_id>/contacts/", get_goes_to("portal:dashboard")(views.add_contact), name="add_contact"),
]
