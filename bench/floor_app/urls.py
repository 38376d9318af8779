from django.http import HttpResponse
from django.urls import path

from .views import AuditedFloorView, FloorView


def healthz(request):
    """For the harness: it waits for this route, and drains the workers with it."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("floor/<int:pk>", FloorView.as_view()),
    path("floor/<int:pk>/audited", AuditedFloorView.as_view()),
    path("healthz", healthz),
]
