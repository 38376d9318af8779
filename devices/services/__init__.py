"""Device services: the only writers of device master data (catalog §10)."""

from .masterdata import (
    FtpDetails,
    ProviderDetails,
    ServiceDetails,
    create_device_provider,
    create_device_service,
    create_ftp,
    save_device_sub_type,
    save_device_type,
    update_device_provider,
    update_device_service,
    update_ftp,
)
from .registration import change_device_status, deregister_device, register_device
from .validation import validate_device, validate_device_as_of

__all__ = [
    "FtpDetails",
    "ProviderDetails",
    "ServiceDetails",
    "change_device_status",
    "create_device_provider",
    "create_device_service",
    "create_ftp",
    "deregister_device",
    "register_device",
    "save_device_sub_type",
    "save_device_type",
    "update_device_provider",
    "update_device_service",
    "update_ftp",
    "validate_device",
    "validate_device_as_of",
]
