"""The portal's pages under /portal/ (SPEC §7: register, login, the dashboard)."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("register/", views.register, name="register"),
    path("verify/", views.verify, name="verify"),
    path("verify/resend/", views.resend, name="resend"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("partners/<str:partner_id>/", views.partner_page, name="partner"),
    path("partners/<str:partner_id>/keys/", views.request_key, name="request_key"),
    path("partners/<str:partner_id>/keys/<str:request_id>/reveal/", views.reveal_key, name="reveal_key"),
    path("partners/<str:partner_id>/certificates/", views.upload_certificate, name="upload_certificate"),
    path("partners/<str:partner_id>/certificates/current/<str:kind>.pem", views.download_certificate,
         name="download_certificate"),
    path("partners/<str:partner_id>/contacts/", views.add_contact, name="add_contact"),
]
