"""The MISP service's audited operations (catalog §12.3, and rows added in its scheme)."""

from audit.services import AuditedOperation
from kernel.operations import roles
from kernel.roles import Role

from .errors import MispErrors

MISP_ADMINS = roles(Role.MISP_ADMIN)

MISP_CREATE = AuditedOperation("misp create", roles=MISP_ADMINS, request="misp.create.request", success="misp.create.success",
                               failure={"PMS_MSP_003": "misp.create.duplicate_name",
                                        MispErrors.INVALID_EMAIL: "misp.create.invalid_email", "*": "misp.create.failure"})
MISP_APPROVAL = AuditedOperation("misp approval", roles=MISP_ADMINS, request="misp.approval.request", success="misp.approval.success",
                                 failure={"PMS_MSP_015": "misp.approval.invalid_status",
                                          "PMS_MSP_1013": "misp.approval.inactive", "*": "misp.approval.failure"})
MISP_STATUS = AuditedOperation("misp status", roles=MISP_ADMINS, request="misp.status.request", success="misp.status.success",
                               failure={"PMS_MSP_016": "misp.status.invalid_status", "*": "misp.status.failure"})
MISP_UPDATE = AuditedOperation("misp update", roles=MISP_ADMINS, request="misp.update.request", success="misp.update.success",
                               failure={"PMS_MSP_003": "misp.update.duplicate_name",
                                        MispErrors.INVALID_EMAIL: "misp.update.invalid_email", "*": "misp.update.failure"})
MISP_READ = AuditedOperation("misp read", roles=MISP_ADMINS, success="misp.get.success", failure="misp.get.failure", read=True)
LICENSE_VALIDATE = AuditedOperation("misp license validate", roles=roles(Role.MISP_ADMIN, Role.ID_AUTHENTICATION),
                                    request="misp.license.validate.request", success="misp.license.validate.success",
                                    failure="misp.license.validate.failure", read=True)
LICENSE_UPDATE = AuditedOperation("misp license status", roles=MISP_ADMINS, request="misp.license.update.request",
                                  success="misp.license.update.success",
                                  failure={"PMS_MSP_1013": "misp.license.update.invalid_status",
                                           "*": "misp.license.update.failure"})
LICENSE_DOWNLOAD = AuditedOperation("misp license download", roles=MISP_ADMINS, request="misp.license.download.request",
                                    success="misp.license.download.success", failure="misp.license.download.failure")
PARTNER_MISP_VALIDATE = AuditedOperation("partner and misp validate", roles=roles(Role.ID_AUTHENTICATION),
                                         success="misp.partner.validate.success",
                                         failure="misp.partner.validate.failure", read=True)
LICENSE_REVEAL = AuditedOperation("misp license reveal", roles=MISP_ADMINS, success="misp.license.reveal.success",
                                  failure="misp.license.reveal.failure", read=True)

# MOSIP 1.2 (R64-R69, /v1/partnermanager/misps; roles: 1.2 catalog's postmisplicense,
# putmisplicense, getmisplicense, postmispsearch, postmispfiltervalues: MISP_PARTNER, MISP
# (MISP_ADMIN), PARTNERMANAGER, PARTNER_ADMIN; getmisplicensekey: PARTNERMANAGER,
# PARTNER_ADMIN). Issuing is the 1.2 "approve MISP" step: it shares the approval's events.
LICENSE_ROLES_12 = roles(Role.MISP_PARTNER, Role.MISP_ADMIN, Role.PARTNERMANAGER)
LICENSE_ISSUE_12 = AuditedOperation("misp license issue (1.2)", roles=LICENSE_ROLES_12, request="misp.approval.request",
                                    success="misp.approval.success", failure="misp.approval.failure")
LICENSE_STATUS_12 = AuditedOperation("misp license status (1.2)", roles=LICENSE_ROLES_12,
                                     request="misp.license.update.request", success="misp.license.update.success",
                                     failure="misp.license.update.failure")
LICENSE_KEY_12 = AuditedOperation("misp license get or regenerate (1.2)", roles=roles(Role.PARTNERMANAGER),
                                  request="misp.license.download.request", success="misp.license.download.success",
                                  failure="misp.license.download.failure")
LICENSES_READ_12 = AuditedOperation("misp licenses read (1.2)", roles=LICENSE_ROLES_12, success="misp.get.success",
                                    failure="misp.get.failure", read=True)
