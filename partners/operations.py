"""The partner services' audited operations (catalog §12.1 events, and the rows added in
the same scheme for what the seed table leaves out)."""

from audit.services import AuditedOperation
from kernel.operations import Operation, roles
from kernel.roles import Role

# Roles that act as a partner (SPEC §4): the generic one and every partner type's.
PARTNER_ROLES = (Role.PARTNER, Role.AUTH_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.CREDENTIAL_PARTNER,
                 Role.ONLINE_VERIFICATION_PARTNER, Role.MISP_PARTNER, Role.PRINT_PARTNER, Role.ABIS_PARTNER,
                 Role.SDK_PARTNER, Role.MANUAL_ADJUDICATION)
PARTNERS = roles(*PARTNER_ROLES)
PARTNER_MANAGERS = roles(Role.PARTNERMANAGER)
# Machine clients and managers reading the policy behind a partner API key (P6).
KEY_READERS = roles(Role.POLICYMANAGER, Role.PARTNERMANAGER, Role.ID_AUTHENTICATION, Role.REGISTRATION_PROCESSOR)

PARTNER_REGISTER = AuditedOperation(
    "partner register", roles=PARTNERS, request="partner.register.request", success="partner.register.success",
    failure={"PMS_PRT_001": "partner.register.duplicate_name", "PMS_PRT_051": "partner.register.duplicate_name",
             "PMS_PRT_002": "partner.register.unknown_group", "PMS_PRT_012": "partner.register.invalid_email",
             "PMS_PRT_429": "partner.register.email_not_allowed", "KER-ATH-403": "partner.register.not_allowed",
             "*": "partner.register.failure"},
)
PARTNER_UPDATE = AuditedOperation(
    "partner update", roles=PARTNERS, request="partner.update.request", success="partner.update.success",
    failure={"PMS_PRT_012": "partner.update.invalid_email", "PMS_PRT_001": "partner.update.already_registered",
             "*": "partner.update.failure"},
)
PARTNER_STATUS = AuditedOperation("partner status", roles=PARTNER_MANAGERS, request="partner.status.request", success="partner.status.success",
                                  failure="partner.status.failure")
PARTNER_READ = AuditedOperation("partner read", roles=PARTNERS, success="partner.get.success", failure="partner.get.failure", read=True)
API_KEY_REQUEST = AuditedOperation(
    "api key request", roles=PARTNERS, request="partner.apikey.create.request", success="partner.apikey.request.success",
    failure={"PMS_PRT_005": "partner.apikey.request.unknown_partner", "*": "partner.apikey.request.failure"},
)
API_KEY_DECIDE = AuditedOperation("api key approve or reject", roles=PARTNER_MANAGERS,
                                  request="partner.apikey.decide.request", success="partner.apikey.approve.success",
                                  outcomes={"approve": "partner.apikey.approve.success",
                                            "reject": "partner.apikey.reject.success"},
                                  failure="partner.apikey.decide.failure")
API_KEY_READ = AuditedOperation("api key read", roles=PARTNERS, success="partner.apikey.get.success", failure="partner.apikey.get.failure",
                                read=True)
API_KEY_STATUS = AuditedOperation("api key status", roles=PARTNER_MANAGERS, request="partner.apikey.status.request",
                                  success="partner.apikey.status.success", failure="partner.apikey.status.failure")
API_KEY_REMAP = AuditedOperation("api key policy mapping", roles=PARTNER_MANAGERS, request="partner.policymap.create.request",
                                 success="partner.policymap.create.success", failure="partner.policymap.create.failure")
CONTACT_UPSERT = AuditedOperation("partner contact add or update", roles=PARTNERS, request="partner.contact.upsert.request",
                                  success="partner.contact.upsert.success", failure="partner.contact.upsert.failure")
EXTRACTORS_ADD = AuditedOperation(
    "biometric extractors add", roles=PARTNERS, request="partner.extractors.create.request", success="partner.extractors.create.success",
    failure={"PMS_PRT_061": "partner.extractors.create.unmapped", "*": "partner.extractors.create.failure"},
)
CA_CERTIFICATE_UPLOAD = AuditedOperation("ca certificate upload", roles=PARTNER_MANAGERS, request="partner.ca_certificate.upload.request",
                                         success="partner.ca_certificate.upload.success",
                                         failure="partner.ca_certificate.upload.failure")
PARTNER_CERTIFICATE_UPLOAD = AuditedOperation("partner certificate upload", roles=PARTNERS, request="partner.certificate.upload.request",
                                              success="partner.certificate.upload.success",
                                              failure="partner.certificate.upload.failure")
PARTNER_CERTIFICATE_READ = AuditedOperation("partner certificate read", roles=PARTNERS, request=None,
                                            success="partner.certificate.get.success",
                                            failure="partner.certificate.get.failure", read=True)
PARTNER_TYPE_SAVE = AuditedOperation("partner type save", roles=roles(), request="partner.type.save.request",
                                     success="partner.type.save.success", failure="partner.type.save.failure")
MANAGED_PARTNER_READ = AuditedOperation("managed partner read", roles=PARTNER_MANAGERS, success="partner.get.success",
                                        failure="partner.get.failure", read=True)
MANAGED_API_KEY_READ = AuditedOperation("managed api key read", roles=PARTNER_MANAGERS,
                                        success="partner.apikey.get.success", failure="partner.apikey.get.failure",
                                        read=True)
# The policy service's read events, for the lookups by partner API key this app serves.
POLICY_BY_KEY_READ = AuditedOperation("policy read by partner api key", roles=KEY_READERS, success="policy.get.success",
                                      failure="policy.get.failure", read=True)
# Not audited: the back office's lists of partner types and of certificates (partners' and
# trusted CAs'); the API has no read of them for managers.
PARTNER_TYPES_READ = Operation("partner types read", roles=PARTNER_MANAGERS)
CERTIFICATES_READ = Operation("partner and ca certificates read", roles=PARTNER_MANAGERS)
# Not audited: the server's own certificate, which anyone may fetch from the key manager too.
MOSIP_CERTIFICATE_READ = Operation("mosip certificate download", roles=PARTNERS)

# --- MOSIP 1.2: policy-mapping requests and API keys (1.2 catalog §7; roles from §3.2) ---
# The same business events as the 1.0 key-request operations, so they share their audit
# events; only R22 (a key made apart from an approval) has its own.
_MAPPERS = (Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE,
            Role.ONLINE_VERIFICATION_PARTNER)
# R20, postpartnerspolicymap: AUTH ABIS CRED CI OVP PA.
POLICY_MAPPING_REQUEST = AuditedOperation(
    "policy mapping request", roles=roles(*_MAPPERS), request="partner.apikey.create.request",
    success="partner.apikey.request.success",
    failure={"PMS_PRT_005": "partner.apikey.request.unknown_partner", "*": "partner.apikey.request.failure"},
)
# R21, putpartnerspolicymapping: PM PA.
POLICY_MAPPING_DECIDE = AuditedOperation("policy mapping approve or reject", roles=PARTNER_MANAGERS,
                                         request="partner.apikey.decide.request", success="partner.apikey.approve.success",
                                         outcomes={"approve": "partner.apikey.approve.success",
                                                   "reject": "partner.apikey.reject.success"},
                                         failure="partner.apikey.decide.failure")
# R22, patchpartnersgenerateapikey: AUTH ABIS CRED CI OVP (MOSIP leaves PARTNER_ADMIN out; here
# every operation admits it, and the service answers PMS_PRT_055 to anyone not owning the partner).
API_KEY_GENERATE = AuditedOperation("api key generate", roles=roles(*_MAPPERS), request="partner.apikey.generate.request",
                                    success="partner.apikey.generate.success", failure="partner.apikey.generate.failure")
# R23, patchpartnerspolicyapikeystatus: PM PA AUTH CRED CI OVP.
API_KEY_LABEL_STATUS = AuditedOperation(
    "api key status by label", roles=roles(Role.PARTNERMANAGER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER,
                                           Role.CREDENTIAL_ISSUANCE, Role.ONLINE_VERIFICATION_PARTNER),
    request="partner.apikey.status.request", success="partner.apikey.status.success", failure="partner.apikey.status.failure")
# R24, getallpartnerpolicymappingrequests: PA AUTH ABIS SDK CRED OVP.
POLICY_REQUESTS_LIST = AuditedOperation(
    "policy mapping requests list", roles=roles(Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER,
                                                Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER),
    success="partner.apikey.get.success", failure="partner.apikey.get.failure", read=True)
# R25, getpartnersapikeyrequests: PA AUTH.
API_KEYS_LIST = AuditedOperation("api keys list", roles=roles(Role.AUTH_PARTNER), success="partner.apikey.get.success",
                                 failure="partner.apikey.get.failure", read=True)
# R26, getpartnersapikeyrequest: P AUTH ABIS CRED PA OVP.
PARTNER_KEY_REQUESTS_READ = AuditedOperation(
    "partner api key requests read", roles=roles(Role.PARTNER, Role.AUTH_PARTNER, Role.ABIS_PARTNER,
                                                 Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER),
    success="partner.apikey.get.success", failure="partner.apikey.get.failure", read=True)
# R27, R28, R29, getpartnersapikey: PM PA.
MANAGED_KEY_REQUESTS_READ = AuditedOperation("managed api key requests read", roles=PARTNER_MANAGERS,
                                             success="partner.apikey.get.success", failure="partner.apikey.get.failure",
                                             read=True)
# R30, putpartnersapikeypolicies: PM PA.
API_KEY_POLICY_CHANGE = AuditedOperation("api key policy change", roles=PARTNER_MANAGERS,
                                         request="partner.policymap.create.request",
                                         success="partner.policymap.create.success",
                                         failure="partner.policymap.create.failure")
# R31, R33, postpartnersapikeyrequestsearch / postpartnersapikeysearch: P PU AUTH ABIS CRED PA OVP.
KEY_SEARCH = AuditedOperation(
    "api key and request search", roles=roles(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.ABIS_PARTNER,
                                              Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER),
    success="partner.apikey.get.success", failure="partner.apikey.get.failure", read=True)
# R32, postpartnersapikeyrequestfiltervalues: P PA AUTH CRED OVP ABIS.
KEY_REQUEST_FILTER_VALUES = AuditedOperation(
    "api key request filter values", roles=roles(Role.PARTNER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER,
                                                 Role.ONLINE_VERIFICATION_PARTNER, Role.ABIS_PARTNER),
    success="partner.apikey.get.success", failure="partner.apikey.get.failure", read=True)
# R34, R35, postpartnersbioextractors / getpartnersbioextractors: P CRED PA CI CS OVP.
_EXTRACTOR_ROLES = roles(Role.PARTNER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE, Role.CREATE_SHARE,
                         Role.ONLINE_VERIFICATION_PARTNER)
EXTRACTORS_ADD_12 = AuditedOperation(
    "biometric extractors add or replace", roles=_EXTRACTOR_ROLES, request="partner.extractors.create.request",
    success="partner.extractors.create.success",
    failure={"PMS_PRT_061": "partner.extractors.create.unmapped", "*": "partner.extractors.create.failure"},
)
EXTRACTORS_READ_12 = AuditedOperation("biometric extractors read", roles=_EXTRACTOR_ROLES, success="partner.get.success",
                                      failure="partner.get.failure", read=True)
