"""MOSIP 1.2's SBI (R70-R81) and device-detail (R82-R92) routes under ``/v1/partnermanager``
(devices.urls mounts them; config.urls puts them under the 1.2 context)."""
