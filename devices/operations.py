"""The device service's audited operations, in the seed's scheme (module PMS_DEV:
1xx request, 2xx success, 4xx failure; docs/api-tour.md, "Devices", lists them)."""

from audit.services import AuditedOperation
from kernel.operations import Operation, roles
from kernel.roles import Role

# A zonal admin manages every record; a provider login only its own (scope: devices.selectors).
DEVICE_MAKERS = roles(Role.ZONAL_ADMIN, Role.DEVICE_PROVIDER)
FTM_MAKERS = roles(Role.ZONAL_ADMIN, Role.FTM_PROVIDER)
VALIDATORS = roles(Role.ZONAL_ADMIN, Role.ID_AUTHENTICATION, Role.REGISTRATION_PROCESSOR)

PROVIDER_CREATE = AuditedOperation("device provider create", roles=DEVICE_MAKERS, request="device.provider.create.request",
                                   success="device.provider.create.success", failure="device.provider.create.failure")
PROVIDER_UPDATE = AuditedOperation("device provider update", roles=DEVICE_MAKERS, request="device.provider.update.request",
                                   success="device.provider.update.success", failure="device.provider.update.failure")
FTP_CREATE = AuditedOperation("ftp create", roles=FTM_MAKERS, request="device.ftp.create.request", success="device.ftp.create.success",
                              failure="device.ftp.create.failure")
FTP_UPDATE = AuditedOperation("ftp update", roles=FTM_MAKERS, request="device.ftp.update.request", success="device.ftp.update.success",
                              failure="device.ftp.update.failure")
MDS_CREATE = AuditedOperation("mds create", roles=DEVICE_MAKERS, request="device.mds.create.request", success="device.mds.create.success",
                              failure="device.mds.create.failure")
MDS_UPDATE = AuditedOperation("mds update", roles=DEVICE_MAKERS, request="device.mds.update.request", success="device.mds.update.success",
                              failure="device.mds.update.failure")
DEVICE_REGISTER = AuditedOperation("device register", roles=DEVICE_MAKERS, request="device.register.request",
                                   success="device.register.success", failure="device.register.failure")
DEVICE_DEREGISTER = AuditedOperation("device deregister", roles=DEVICE_MAKERS, request="device.deregister.request",
                                     success="device.deregister.success", failure="device.deregister.failure")
DEVICE_STATUS = AuditedOperation("device status", roles=DEVICE_MAKERS, request="device.status.request", success="device.status.success",
                                 failure="device.status.failure")
DEVICE_VALIDATE = AuditedOperation("device validate", roles=VALIDATORS, success="device.validate.success",
                                   failure="device.validate.failure", read=True)
DEVICE_VALIDATE_HISTORY = AuditedOperation("device validate history", roles=VALIDATORS, success="device.validate_history.success",
                                           failure="device.validate_history.failure", read=True)
# Not audited: the back office's lists and pages of device master data (the API has no
# read of them; the zonal admin keeps them in the admin).
DEVICE_RECORDS_READ = Operation("device master data read", roles=roles(Role.ZONAL_ADMIN))
DEVICE_TYPE_SAVE = AuditedOperation("device type save", roles=roles(Role.ZONAL_ADMIN), request="device.type.save.request",
                                    success="device.type.save.success", failure="device.type.save.failure")
