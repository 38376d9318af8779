"""The MOSIP 1.2 routes of the partners app (``/v1/partnermanager``), one module per
concept. Each module lists ``literal_routes`` (no id in the path) and ``id_routes``;
``partners.urls`` mounts every literal route before every id route, as Spring's most
specific pattern wins (1.2 catalog §1.1)."""
