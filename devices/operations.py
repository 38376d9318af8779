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

# MOSIP 1.2's SBIs and device details (R70-R92, /v1/partnermanager; roles: 1.2 catalog
# §3.2). Scope (a caller's own partners; PARTNER_ADMIN all) lives in devices.selectors12.
SBI_MAKERS_12 = roles(Role.DEVICE_PROVIDER, Role.FTM_PROVIDER)  # PA DP FTM
DEVICE_PROVIDERS_12 = roles(Role.DEVICE_PROVIDER)  # DP PA
PARTNER_ADMINS_12 = roles()  # PA only

_SBI_SAVE = {"request": "device.sbi.save.request", "success": "device.sbi.save.success",
             "failure": "device.sbi.save.failure"}
_SBI_STATUS = {"request": "device.sbi.status.request", "success": "device.sbi.status.success",
               "failure": "device.sbi.status.failure"}
_SBI_MAP = {"request": "device.sbi.map.request", "success": "device.sbi.map.success",
            "failure": "device.sbi.map.failure"}
_SBI_READ = {"success": "device.sbi.read.success", "failure": "device.sbi.read.failure", "read": True}
_DETAIL_SAVE = {"request": "device.detail.save.request", "success": "device.detail.save.success",
                "failure": "device.detail.save.failure"}
_DETAIL_STATUS = {"request": "device.detail.status.request", "success": "device.detail.status.success",
                  "failure": "device.detail.status.failure"}
_DETAIL_READ = {"success": "device.detail.read.success", "failure": "device.detail.read.failure", "read": True}

SBI_CREATE_12 = AuditedOperation("sbi create (1.2)", roles=SBI_MAKERS_12, **_SBI_SAVE)  # R70
SBI_UPDATE_12 = AuditedOperation("sbi update (1.2)", roles=SBI_MAKERS_12, **_SBI_SAVE)  # R71
SBI_APPROVAL_12 = AuditedOperation("sbi approval (1.2)", roles=PARTNER_ADMINS_12, **_SBI_STATUS)  # R72
SBI_DEACTIVATE_12 = AuditedOperation("sbi deactivate (1.2)", roles=DEVICE_PROVIDERS_12, **_SBI_STATUS)  # R73
SBI_LIST_12 = AuditedOperation("sbi list (1.2)", roles=DEVICE_PROVIDERS_12, **_SBI_READ)  # R74
SBI_ADD_DEVICE_12 = AuditedOperation("sbi add device (1.2)", roles=DEVICE_PROVIDERS_12, **_SBI_MAP)  # R75
SBI_DEVICES_12 = AuditedOperation("sbi devices (1.2)", roles=DEVICE_PROVIDERS_12, **_SBI_READ)  # R76
SBI_SEARCH_12 = AuditedOperation("sbi search (1.2)", roles=SBI_MAKERS_12, **_SBI_READ)  # R77, R78, R81
SBI_MAP_12 = AuditedOperation("sbi map device (1.2)", roles=SBI_MAKERS_12, **_SBI_MAP)  # R79, R80
DETAIL_CREATE_12 = AuditedOperation("device detail create (1.2)", roles=SBI_MAKERS_12, **_DETAIL_SAVE)  # R82
DETAIL_UPDATE_12 = AuditedOperation("device detail update (1.2)", roles=SBI_MAKERS_12, **_DETAIL_SAVE)  # R83
DETAIL_APPROVAL_12 = AuditedOperation("device detail approval (1.2)", roles=PARTNER_ADMINS_12,
                                      **_DETAIL_STATUS)  # R84, R85
DETAIL_DEACTIVATE_12 = AuditedOperation("device detail deactivate (1.2)", roles=DEVICE_PROVIDERS_12,
                                        **_DETAIL_STATUS)  # R86
DETAIL_LIST_12 = AuditedOperation("device detail list (1.2)", roles=PARTNER_ADMINS_12, **_DETAIL_READ)  # R87
DETAIL_SEARCH_12 = AuditedOperation("device detail search (1.2)", roles=SBI_MAKERS_12, **_DETAIL_READ)  # R88-R92

# MOSIP 1.2's FTM chips (R93-R102, /v1/partnermanager/ftpchipdetail; roles: 1.2 catalog §3.2,
# postftpchipdetail, putftpchipdetail, postftpchipdetailuploadcertificate,
# getftpchipdetailgetpartnercertificate, getoriginalftmcertificate, patchdeactivateftm,
# getftmchipdetails, postftpchipdetailsearch: FTM_PROVIDER and PARTNER_ADMIN;
# patchftpchipdetail (approval) and getpartnersftmchipdetails (all chips): PARTNER_ADMIN).
# A provider acts on its own partners' chips only (devices.services.ftm12).
FTM_PROVIDERS_12 = roles(Role.FTM_PROVIDER)
FTM_CHIP_CREATE_12 = AuditedOperation("ftm chip create (1.2)", roles=FTM_PROVIDERS_12, request="device.ftm_chip.create.request",
                                      success="device.ftm_chip.create.success", failure="device.ftm_chip.create.failure")
FTM_CHIP_UPDATE_12 = AuditedOperation("ftm chip update (1.2)", roles=FTM_PROVIDERS_12, request="device.ftm_chip.update.request",
                                      success="device.ftm_chip.update.success", failure="device.ftm_chip.update.failure")
FTM_CHIP_APPROVAL_12 = AuditedOperation("ftm chip approval (1.2)", roles=roles(), request="device.ftm_chip.approval.request",
                                        success="device.ftm_chip.approval.success",
                                        failure="device.ftm_chip.approval.failure")
FTM_CHIP_CERTIFICATE_UPLOAD_12 = AuditedOperation(
    "ftm chip certificate upload (1.2)", roles=FTM_PROVIDERS_12, request="device.ftm_chip.certificate.upload.request",
    success="device.ftm_chip.certificate.upload.success", failure="device.ftm_chip.certificate.upload.failure")
FTM_CHIP_CERTIFICATE_READ_12 = AuditedOperation(
    "ftm chip certificate read (1.2)", roles=FTM_PROVIDERS_12, success="device.ftm_chip.certificate.get.success",
    failure="device.ftm_chip.certificate.get.failure", read=True)
FTM_CHIP_DEACTIVATE_12 = AuditedOperation("ftm chip deactivate (1.2)", roles=FTM_PROVIDERS_12,
                                          request="device.ftm_chip.deactivate.request",
                                          success="device.ftm_chip.deactivate.success",
                                          failure="device.ftm_chip.deactivate.failure")
FTM_CHIPS_READ_12 = AuditedOperation("ftm chips read (1.2)", roles=FTM_PROVIDERS_12, success="device.ftm_chip.get.success",
                                     failure="device.ftm_chip.get.failure", read=True)
FTM_CHIPS_ADMIN_READ_12 = AuditedOperation("ftm chips admin read (1.2)", roles=roles(),
                                           success="device.ftm_chip.get.success", failure="device.ftm_chip.get.failure",
                                           read=True)

# Back office: the SBIs, device details and their SBI mappings (R74, R76, R81, R87 are the
# API's reads; of the back-office roles only PARTNER_ADMIN may call them), read-only pages
# whose approve and reject actions run SBI_APPROVAL_12 and DETAIL_APPROVAL_12.
SBIS_BACK_OFFICE_READ_12 = Operation("sbis read (back office)", roles=PARTNER_ADMINS_12)
DEVICE_DETAILS_BACK_OFFICE_READ_12 = Operation("device details read (back office)", roles=PARTNER_ADMINS_12)
DEVICE_MAPPINGS_BACK_OFFICE_READ_12 = Operation("device to sbi mappings read (back office)", roles=PARTNER_ADMINS_12)
