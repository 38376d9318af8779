"""The framework floor's one endpoint: ``GET /floor/<pk>`` with the service's bearer token
(checked by ``authentication.py``). The user row ``pk`` is read by primary key and must be
the token's subject (so the read is the request's own, not a constant). The answer is a
MOSIP-shaped envelope, so the load generator's error check (``"errors":[]``) reads it as it
reads the service's.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from . import audit_row


class FloorView(APIView):
    def get(self, request, pk: int):
        row = User.objects.filter(pk=pk).values("id", "username").first()
        if row is None or row["username"] != request.user.username:
            raise exceptions.PermissionDenied("not the token's user")
        now = dt.datetime.now(dt.timezone.utc)
        return Response({"id": "bench.framework.floor", "version": "1.0",
                         "responsetime": now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z",
                         "metadata": None, "response": {"id": row["id"], "userName": row["username"]}, "errors": []})


class AuditedFloorView(FloorView):
    """The floor's read, then one durable audit row (``audit_row.write``) before the answer."""

    def get(self, request, pk: int):
        answer = super().get(request, pk)
        audit_row.write(request.user.username, str(pk), request.META.get("REMOTE_ADDR", ""))
        return answer
