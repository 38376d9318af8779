"""MOSIP 1.2's device-ecosystem routes under ``/v1/partnermanager`` (1.2 catalog §11–§13),
one module per concept, each exporting ``literal_routes`` and ``id_routes``."""
