from django.urls import path

from . import views

urlpatterns = [
    path("v1/keymanager/getCertificate", views.CertificateView.as_view(), name="keymanager-get-certificate"),
]
