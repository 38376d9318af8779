"""The partner services' audited operations (catalog §12.1 events, and the rows added in
the same scheme for what the seed table leaves out)."""

from audit.services import AuditedOperation

PARTNER_REGISTER = AuditedOperation(
    "partner register", request="partner.register.request", success="partner.register.success",
    failure={"PMS_PRT_001": "partner.register.duplicate_name", "PMS_PRT_051": "partner.register.duplicate_name",
             "PMS_PRT_002": "partner.register.unknown_group", "PMS_PRT_012": "partner.register.invalid_email",
             "PMS_PRT_429": "partner.register.email_not_allowed", "KER-ATH-403": "partner.register.not_allowed",
             "*": "partner.register.failure"},
)
PARTNER_UPDATE = AuditedOperation(
    "partner update", request="partner.update.request", success="partner.update.success",
    failure={"PMS_PRT_012": "partner.update.invalid_email", "PMS_PRT_001": "partner.update.already_registered",
             "*": "partner.update.failure"},
)
PARTNER_STATUS = AuditedOperation("partner status", request="partner.status.request", success="partner.status.success",
                                  failure="partner.status.failure")
PARTNER_READ = AuditedOperation("partner read", success="partner.get.success", failure="partner.get.failure", read=True)
API_KEY_REQUEST = AuditedOperation(
    "api key request", request="partner.apikey.create.request", success="partner.apikey.request.success",
    failure={"PMS_PRT_005": "partner.apikey.request.unknown_partner", "*": "partner.apikey.request.failure"},
)
API_KEY_APPROVE = AuditedOperation("api key approve", request="partner.apikey.decide.request",
                                   success="partner.apikey.approve.success", failure="partner.apikey.decide.failure")
API_KEY_REJECT = AuditedOperation("api key reject", request="partner.apikey.decide.request",
                                  success="partner.apikey.reject.success", failure="partner.apikey.decide.failure")
API_KEY_READ = AuditedOperation("api key read", success="partner.apikey.get.success", failure="partner.apikey.get.failure",
                                read=True)
API_KEY_STATUS = AuditedOperation("api key status", request="partner.apikey.status.request",
                                  success="partner.apikey.status.success", failure="partner.apikey.status.failure")
API_KEY_REMAP = AuditedOperation("api key policy mapping", request="partner.policymap.create.request",
                                 success="partner.policymap.create.success", failure="partner.policymap.create.failure")
CONTACT_UPSERT = AuditedOperation("partner contact add or update", request="partner.contact.upsert.request",
                                  success="partner.contact.upsert.success", failure="partner.contact.upsert.failure")
EXTRACTORS_ADD = AuditedOperation(
    "biometric extractors add", request="partner.extractors.create.request", success="partner.extractors.create.success",
    failure={"PMS_PRT_061": "partner.extractors.create.unmapped", "*": "partner.extractors.create.failure"},
)
CA_CERTIFICATE_UPLOAD = AuditedOperation("ca certificate upload", request="partner.ca_certificate.upload.request",
                                         success="partner.ca_certificate.upload.success",
                                         failure="partner.ca_certificate.upload.failure")
PARTNER_CERTIFICATE_UPLOAD = AuditedOperation("partner certificate upload", request="partner.certificate.upload.request",
                                              success="partner.certificate.upload.success",
                                              failure="partner.certificate.upload.failure")
PARTNER_CERTIFICATE_READ = AuditedOperation("partner certificate read", request=None,
                                            success="partner.certificate.get.success",
                                            failure="partner.certificate.get.failure", read=True)
PARTNER_TYPE_SAVE = AuditedOperation("partner type save", request="partner.type.save.request",
                                     success="partner.type.save.success", failure="partner.type.save.failure")
