"""The MOSIP 1.2 routes of the policies app (``/v1/policymanager``), one module per
concept, each listing ``literal_routes`` and ``id_routes`` (see partners.views12)."""
