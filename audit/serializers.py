from rest_framework import serializers

from kernel.envelope import format_time

from .models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    """MOSIP's audit field names (SPEC §7)."""

    eventId = serializers.CharField(source="event_id")
    eventName = serializers.CharField(source="event_name")
    eventType = serializers.CharField(source="event_type")
    actionTimeStamp = serializers.SerializerMethodField()
    hostName = serializers.CharField(source="host_name")
    hostIp = serializers.CharField(source="host_ip")
    applicationId = serializers.CharField(source="application_id")
    applicationName = serializers.CharField(source="application_name")
    sessionUserId = serializers.CharField(source="session_user_id")
    sessionUserName = serializers.CharField(source="session_user_name")
    id = serializers.CharField(source="ref_id")
    idType = serializers.CharField(source="ref_id_type")
    createdBy = serializers.CharField(source="created_by")
    moduleName = serializers.CharField(source="module_name")
    moduleId = serializers.CharField(source="module_id")
    description = serializers.CharField()
    roles = serializers.CharField()
    clientIp = serializers.CharField(source="client_ip")
    requestId = serializers.CharField(source="request_id")
    outcome = serializers.CharField()

    class Meta:
        model = AuditEvent
        fields = [
            "eventId", "eventName", "eventType", "actionTimeStamp", "hostName", "hostIp", "applicationId",
            "applicationName", "sessionUserId", "sessionUserName", "id", "idType", "createdBy", "moduleName",
            "moduleId", "description", "roles", "clientIp", "requestId", "outcome",
        ]

    def get_actionTimeStamp(self, row: AuditEvent) -> str:
        return format_time(row.action_time)


class CheckpointSerializer(serializers.Serializer):
    """A signed checkpoint as witnesses read it (the public checkpoints list)."""

    id = serializers.IntegerField(help_text="poll again with after=<the last id>")
    chain = serializers.IntegerField()
    label = serializers.CharField(help_text="the writer: host, pid and thread; legacy for the rows before chains")
    position = serializers.IntegerField(help_text="how many rows the chain held")
    hash = serializers.CharField(help_text="row_hash of the row at that position")
    time = serializers.CharField(help_text="when it was signed (ISO 8601, UTC)")
    kid = serializers.CharField(help_text="the signing certificate's SHA-256 thumbprint (base64url)")
    signature = serializers.CharField(help_text="RS256 (PKCS#1 v1.5, SHA-256) over the sorted compact JSON of "
                                                "chain, hash, label, position and time, base64")
