"""The partner services' audited operations (catalog §12.1 events, and the rows added in
the same scheme for what the seed table leaves out)."""

from audit.services import AuditedOperation
from kernel.operations import ANY_TOKEN, Operation, roles
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

# --- MOSIP 1.2 certificates and trust store (1.2 catalog §6; roles of §3.2) ---------------
# postpartnerscertificateupload (R14): the partner types' roles, PMS_USER and the platform's
# services MOSIP lists; what a caller may upload for is still only a partner it owns.
PARTNER_CERTIFICATE_UPLOAD_12 = AuditedOperation(
    "partner certificate upload (1.2)",
    roles=roles(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER,
                Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE,
                Role.ID_AUTHENTICATION, Role.ONLINE_VERIFICATION_PARTNER),
    request="partner.certificate.upload.request", success="partner.certificate.upload.success",
    failure="partner.certificate.upload.failure")
# getpartnerscertificate (R15, R16): partners read their own; on R15 the platform's services
# (credential issuance, share creation, ID authentication) read any partner's (what they are
# sent in PARTNER_UPDATED anyway); R16 wants a partner of the caller's own first.
PARTNER_CERTIFICATE_READ_12 = AuditedOperation(
    "partner certificate read (1.2)",
    roles=roles(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER,
                Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE,
                Role.CREATE_SHARE, Role.ID_AUTHENTICATION, Role.ONLINE_VERIFICATION_PARTNER),
    success="partner.certificate.get.success", failure="partner.certificate.get.failure", read=True)
# getpartnercertificates (R17): the caller's own partners' certificates.
PARTNER_CERTIFICATES_LIST_12 = AuditedOperation(
    "partner certificates of the caller (1.2)",
    roles=roles(Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER,
                Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER),
    success="partner.certificate.get.success", failure="partner.certificate.get.failure", read=True)
# gettrustcertificates, getdownloadtrustcertificates (R18, R19): partner admins only. Not
# audited, like the back office's certificate lists: CA certificates are public.
TRUST_CERTIFICATES_READ_12 = Operation("trust store read (1.2)", roles=roles())

# --- MOSIP 1.2 (/v1/partnermanager): partner registration, profile, admin views, activation.
# Roles are 1.2's role lists (1.2 catalog §3.2, ``mosip.role.pms.<key>``) on kernel.roles.Role;
# audit events are the 1.0 partner operations' (register 101/200, update 102/202, status
# 103/203, read 249/449, contact 144/244), so the trail reads the same for both generations.
_PROFILE_12 = (Role.PARTNER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER,
               Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.ABIS_PARTNER, Role.MANUAL_ADJUDICATION, Role.MISP_PARTNER)
# The platform's own services, which read every partner (R41/R42; R5 for RESIDENT).
INTERNAL_SERVICES_12 = (Role.ID_AUTHENTICATION, Role.REGISTRATION_PROCESSOR, Role.RESIDENT, Role.CREDENTIAL_ISSUANCE,
                        Role.ID_REPOSITORY)

PARTNER_REGISTER_12 = AuditedOperation(  # R1, R2: any authenticated caller
    "partner register (1.2)", roles=ANY_TOKEN, request="partner.register.request", success="partner.register.success",
    failure={"PMS_PRT_001": "partner.register.duplicate_name", "PMS_PRT_051": "partner.register.duplicate_name",
             "PMS_PRT_002": "partner.register.unknown_group", "PMS_PRT_012": "partner.register.invalid_email",
             "PMS_PRT_429": "partner.register.email_not_allowed", "KER-ATH-403": "partner.register.not_allowed",
             "*": "partner.register.failure"},
)
PARTNER_UPDATE_12 = AuditedOperation(  # R3, R4 (putpartners, putpartnersnew)
    "partner profile update (1.2)", roles=roles(*_PROFILE_12), request="partner.update.request",
    success="partner.update.success", failure="partner.update.failure")
PARTNER_READ_12 = AuditedOperation(  # R5 (getpartnerspartnerid)
    "partner read (1.2)", roles=roles(*_PROFILE_12, Role.SDK_PARTNER, Role.RESIDENT), success="partner.get.success",
    failure="partner.get.failure", read=True)
CONTACT_UPSERT_12 = AuditedOperation(  # R6 (postpartnerscontactadd)
    "partner contact add or update (1.2)", roles=roles(*_PROFILE_12), request="partner.contact.upsert.request",
    success="partner.contact.upsert.success", failure="partner.contact.upsert.failure")
EMAIL_CHECK_12 = Operation("partner e-mail check (1.2)", roles=ANY_TOKEN)  # R7; not audited: a yes/no
PARTNER_GROUP_SET_12 = AuditedOperation(  # R8 (putpartnerspolicygroup)
    "partner policy group set (1.2)",
    roles=roles(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER),
    request="partner.update.request", success="partner.update.success", failure="partner.update.failure")
OWN_PARTNERS_READ_12 = AuditedOperation(  # R9 (getpartnersv3)
    "own partners read (1.2)",
    roles=roles(Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER,
                Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER),
    success="partner.get.success", failure="partner.get.failure", read=True)
PARTNER_SEARCH_12 = AuditedOperation(  # R10 (postpartnerssearch)
    "partner search (1.2)",
    roles=roles(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER, Role.DEVICE_PROVIDER,
                Role.FTM_PROVIDER, Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER),
    success="partner.get.success", failure="partner.get.failure", read=True)
PARTNER_TYPE_SEARCH_12 = Operation(  # R11 (postpartnerspartnertypesearch); master data, not audited
    "partner type search (1.2)",
    roles=roles(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER,
                Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER))
PARTNER_FILTER_VALUES_12 = AuditedOperation(  # R12 (postpartnersfiltervalues)
    "partner filter values (1.2)",
    roles=roles(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER,
                Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER, Role.ABIS_PARTNER),
    success="partner.get.success", failure="partner.get.failure", read=True)
ADMIN_PARTNERS_READ_12 = AuditedOperation(  # R38, R39 (getadminpartners, getpartnerdetails): PARTNER_ADMIN only
    "admin partners read (1.2)", roles=roles(), success="partner.get.success", failure="partner.get.failure", read=True)
PARTNER_STATUS_12 = AuditedOperation(  # R40 (patchpartners)
    "partner activate or deactivate (1.2)", roles=PARTNER_MANAGERS, request="partner.status.request",
    success="partner.status.success", failure="partner.status.failure")
PARTNERS_LIST_12 = AuditedOperation(  # R41, R42 (getpartners, getpartnersnew)
    "partners list (1.2)", roles=roles(Role.PARTNERMANAGER, *INTERNAL_SERVICES_12), success="partner.get.success",
    failure="partner.get.failure", read=True)
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
# R36, R37, postpartnerscredentialtypepolicies / getpartnerscredentialtypepolicies: P CRED PA CI CS OVP.
CREDENTIAL_TYPE_MAP_12 = AuditedOperation("credential type map", roles=_EXTRACTOR_ROLES,
                                          request="partner.credentialtype.map.request",
                                          success="partner.credentialtype.map.success",
                                          failure="partner.credentialtype.map.failure")
CREDENTIAL_TYPE_READ_12 = AuditedOperation("credential type policy read", roles=_EXTRACTOR_ROLES,
                                           success="partner.get.success", failure="partner.get.failure", read=True)
# manage.py remind_expiring_api_keys: run by the system actor only.
API_KEY_EXPIRY_REMIND = AuditedOperation("api key expiry reminders", roles=roles(),
                                         request="partner.apikey.expiry_notice.request",
                                         success="partner.apikey.expiry_notice.success",
                                         failure="partner.apikey.expiry_notice.failure")
# Back office: the credential-type mappings (R36/R37 are partner and platform-service routes;
# of the back-office roles only PARTNER_ADMIN may call them), read-only.
CREDENTIAL_TYPES_BACK_OFFICE_READ = Operation("credential type mappings read (back office)", roles=roles())
# --- MOSIP 1.2 OAuth/OIDC clients (1.2 catalog §14, R103-R109) ----------------------------
# MOSIP checks no role on R103-R105/R107-R109 (any token) and lets AUTH_PARTNER and
# PARTNER_ADMIN list (R106). Here (SPEC §10.2) every client route takes AUTH_PARTNER and
# PARTNER_ADMIN only: a client belongs to an authentication partner, and the service
# still answers another partner's client like an unknown one.
_OIDC_CLIENT_ROLES = roles(Role.AUTH_PARTNER)
# With eSignet configured a change runs in two steps (partners.services.oidc_clients): the
# checks and the row marked pending (outcome "pending"), then eSignet's answer applied
# (the *_CONFIRM operations, whose success is the change's success event).
OIDC_CLIENT_CREATE = AuditedOperation("oidc client create", roles=_OIDC_CLIENT_ROLES,
                                      request="partner.oidcclient.create.request",
                                      success="partner.oidcclient.create.success",
                                      outcomes={"pending": "partner.oidcclient.create.pending"},
                                      failure="partner.oidcclient.create.failure")
OIDC_CLIENT_CREATE_CONFIRM = AuditedOperation("oidc client create confirmed by esignet", roles=_OIDC_CLIENT_ROLES,
                                              success="partner.oidcclient.create.success",
                                              failure="partner.oidcclient.create.failure")
OIDC_CLIENT_UPDATE = AuditedOperation("oidc client update", roles=_OIDC_CLIENT_ROLES,
                                      request="partner.oidcclient.update.request",
                                      success="partner.oidcclient.update.success",
                                      outcomes={"pending": "partner.oidcclient.update.pending"},
                                      failure="partner.oidcclient.update.failure")
OIDC_CLIENT_UPDATE_CONFIRM = AuditedOperation("oidc client update confirmed by esignet", roles=_OIDC_CLIENT_ROLES,
                                              success="partner.oidcclient.update.success",
                                              failure="partner.oidcclient.update.failure")
OIDC_CLIENT_READ = AuditedOperation("oidc client read", roles=_OIDC_CLIENT_ROLES,
                                    success="partner.oidcclient.get.success", failure="partner.oidcclient.get.failure",
                                    read=True)
# manage.py reconcile_oidc_clients (and a retried create): run by the system actor.
OIDC_CLIENT_RECONCILE = AuditedOperation("oidc client reconcile with esignet", roles=roles(),
                                         request="partner.oidcclient.reconcile.request",
                                         success="partner.oidcclient.reconcile.success",
                                         failure="partner.oidcclient.reconcile.failure")
# Back office: the OAuth/OIDC clients, read-only. The client routes (R103-R109) take
# AUTH_PARTNER and PARTNER_ADMIN; of the back-office roles only PARTNER_ADMIN, so only it
# sees this page.
OIDC_CLIENTS_BACK_OFFICE_READ = Operation("oidc clients read (back office)", roles=roles())
