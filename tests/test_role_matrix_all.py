"""Every API route × every role, as data (pretix's permission table, "proof under load and
attack": role matrix).

The routes come from Django's URL resolver: every pattern under ``partnermanagement/``,
``v1/`` and ``masterdata/`` (aliases included: the doubled prefixes, ``/masterdata`` and
the 1.0 auth paths), with every method its view takes. ``TABLE`` below says who may call
each one (by its canonical form: an alias answers exactly like the route it stands for);
a route or method missing from the table fails, so no new route goes out unreviewed.

Per route and method: each role of ``tests.support.api.ALL_ROLES`` is allowed or gets 403
``KER-ATH-403``; no token, an expired token, a token whose payload was changed and one whose
signature was changed get 401. Then SPEC §9.1:
a real partner (or device provider) using another's id gets the answer of an unknown id,
and nothing of the other's record.
"""

from __future__ import annotations

import base64
import json
import re
import time

import jwt
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kernel.keys import server_key
from kernel.roles import Role
from tests.support.api import ALL_ROLES, ALLOWED, FORBIDDEN, Answer, PmsApi, assert_ok, assert_role_outcome
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

API_PREFIXES = ("partnermanagement/", "v1/", "masterdata/")
METHODS = ("get", "post", "put", "patch", "delete")

# --- the routes, from the resolver ------------------------------------------------------

# An alias prefix and the canonical prefix it stands for.
ALIASES = [
    (re.compile(r"^partnermanagement/v1/(\w+)/\1(?=/|$)"), r"partnermanagement/v1/\1"),  # doubled service
    (re.compile(r"^masterdata/"), "v1/masterdata/"),
    (re.compile(r"^v1/authenticate/"), "v1/authmanager/authenticate/"),  # MOSIP 1.0
    (re.compile(r"^v1/authmanager/authenticate/internal/"), "v1/authmanager/authenticate/"),
    (re.compile(r"^v1/authorize/"), "v1/authmanager/authorize/"),  # MOSIP 1.0
]


def canonical(route: str) -> str:
    for pattern, replacement in ALIASES:
        route = pattern.sub(replacement, route)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def api_routes() -> dict[str, tuple[type, list[str]]]:
    """``route → (view class, methods)`` of every API pattern; the first of two identical
    patterns is the one Django serves."""
    found: dict[str, tuple[type, list[str]]] = {}
    for route, entry in _walk(get_resolver().url_patterns):
        view = getattr(entry.callback, "cls", None) or getattr(entry.callback, "view_class", None)
        if not route.startswith(API_PREFIXES) or route in found:
            continue
        assert view is not None, f"{route}: not a class-based view, so the matrix cannot tell its methods"
        methods = [m for m in METHODS if m in view.http_method_names and hasattr(view, m)]
        found[route] = (view, methods)
    return found


ROUTES = api_routes()
CASES = [(route, method) for route, (_, methods) in ROUTES.items() for method in methods]

# --- who may call what ------------------------------------------------------------------

PUBLIC = "public"  # no token needed (a token, even a bad one, is not looked at)
ANY_TOKEN = "any token"  # any valid token whatever its roles; none at all: KER-ATH-006 on the auth routes


def only(*roles: Role) -> frozenset[str]:
    """The roles a route allows; PARTNER_ADMIN may do everything (SPEC §4)."""
    return frozenset(str(r) for r in (*roles, Role.PARTNER_ADMIN))


PARTNER_ROLES = (Role.PARTNER, Role.AUTH_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.CREDENTIAL_PARTNER,
                 Role.ONLINE_VERIFICATION_PARTNER, Role.MISP_PARTNER, Role.PRINT_PARTNER, Role.ABIS_PARTNER,
                 Role.SDK_PARTNER, Role.MANUAL_ADJUDICATION)
POLICY_MANAGERS = only(Role.POLICYMANAGER)
KEY_READERS = only(Role.POLICYMANAGER, Role.PARTNERMANAGER, Role.ID_AUTHENTICATION, Role.REGISTRATION_PROCESSOR)
PARTNERS = only(*PARTNER_ROLES)
PARTNER_MANAGERS = only(Role.PARTNERMANAGER)
MISP_ADMINS = only(Role.MISP_ADMIN)
LICENSE_VALIDATORS = only(Role.MISP_ADMIN, Role.ID_AUTHENTICATION)
DEVICE_MAKERS = only(Role.ZONAL_ADMIN, Role.DEVICE_PROVIDER)
FTM_MAKERS = only(Role.ZONAL_ADMIN, Role.FTM_PROVIDER)
DEVICE_VALIDATORS = only(Role.ZONAL_ADMIN, Role.ID_AUTHENTICATION, Role.REGISTRATION_PROCESSOR)

POL, PRT, PMP, MSP, MD = ("partnermanagement/v1/policies", "partnermanagement/v1/partners",
                          "partnermanagement/v1/pmpartners", "partnermanagement/v1/misps", "v1/masterdata")
PM12, POL12 = "v1/partnermanager", "v1/policymanager"
# MOSIP 1.2's role lists (1.2 catalog §3.2)
CERTIFICATE_UPLOADERS_12 = only(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER,
                                Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE,
                                Role.ID_AUTHENTICATION, Role.ONLINE_VERIFICATION_PARTNER)
CERTIFICATE_READERS_12 = CERTIFICATE_UPLOADERS_12 | only(Role.CREATE_SHARE)
PORTAL_USER_CREATORS_12 = only(Role.MISP_PARTNER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER,
                               Role.ONLINE_VERIFICATION_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER,
                               Role.ABIS_PARTNER, Role.MANUAL_ADJUDICATION, Role.SDK_PARTNER)
CONSENT_GIVERS_12 = only(Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER,
                         Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER, Role.POLICYMANAGER)
SBI_MAKERS_12 = only(Role.DEVICE_PROVIDER, Role.FTM_PROVIDER)
DEVICE_PROVIDERS_12 = only(Role.DEVICE_PROVIDER)
CERTIFICATE_OWNERS_12 = only(Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER, Role.DEVICE_PROVIDER,
                             Role.FTM_PROVIDER, Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER)
POLICY_GROUP_READERS_12 = only(Role.POLICYMANAGER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER,
                               Role.ONLINE_VERIFICATION_PARTNER, Role.ABIS_PARTNER, Role.MANUAL_ADJUDICATION)
PM12_PROFILE_ROLES = (Role.PARTNER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER,
                      Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.ABIS_PARTNER, Role.MANUAL_ADJUDICATION,
                      Role.MISP_PARTNER)
PM12_PROFILE = only(*PM12_PROFILE_ROLES)  # putpartners, putpartnersnew, postpartnerscontactadd
PM12_PARTNER_LISTERS = only(Role.PARTNERMANAGER, Role.ID_AUTHENTICATION, Role.REGISTRATION_PROCESSOR, Role.RESIDENT,
                            Role.CREDENTIAL_ISSUANCE, Role.ID_REPOSITORY)  # getpartners, getpartnersnew
MAPPERS_12 = only(Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE,
                  Role.ONLINE_VERIFICATION_PARTNER)  # postpartnerspolicymap, patchpartnersgenerateapikey
KEY_SEARCHERS_12 = only(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.CREDENTIAL_PARTNER,
                        Role.ONLINE_VERIFICATION_PARTNER)

# (methods, canonical route, who): one row per route, its methods separated by spaces.
ROWS = [
    ("get", "v1/keymanager/getCertificate", PUBLIC),
    ("post", "v1/authmanager/authenticate/useridPwd", PUBLIC),
    ("post", "v1/authmanager/authenticate/clientidsecretkey", PUBLIC),
    ("get post", "v1/authmanager/authorize/admin/validateToken", ANY_TOKEN),
    ("get post", "v1/authmanager/authorize/validateToken", ANY_TOKEN),
    ("post", "v1/authmanager/authorize/invalidateToken", ANY_TOKEN),
    ("get", "v1/auditmanager/audits", only(Role.AUDITOR)),
    ("get", "v1/auditmanager/checkpoints", PUBLIC),
    # policies (and the lookups by partner API key the partners app serves there)
    ("get post", POL, POLICY_MANAGERS),
    ("post", f"{POL}/policyGroup", POLICY_MANAGERS),
    ("put", f"{POL}/policyGroup/{{group_id}}", POLICY_MANAGERS),
    ("get", f"{POL}/policyGroups", POLICY_MANAGERS),
    ("get", f"{POL}/policyGroupId/{{group_id}}", POLICY_MANAGERS),
    ("put patch", f"{POL}/policyGroupId/{{group_id}}/policyId/{{policy_id}}", POLICY_MANAGERS),
    ("post", f"{POL}/publishPolicy/policyGroupId/{{group_id}}/policyId/{{policy_id}}", POLICY_MANAGERS),
    ("get", f"{POL}/policyId/{{policy_id}}", POLICY_MANAGERS),
    ("get", f"{POL}/{{policy_id}}", KEY_READERS),  # by policy id, else by partner API key
    ("post put patch", f"{POL}/{{policy_id}}", POLICY_MANAGERS),
    ("get", f"{POL}/partnerApiKey/{{api_key}}", KEY_READERS),
    ("get", f"{POL}/partnerId/{{partner_id}}/policyId/{{policy_id}}", KEY_READERS),
    # partners (their own service)
    ("post", PRT, PARTNERS),
    ("get post put", f"{PRT}/digitalcertificate", PARTNERS),
    ("post", f"{PRT}/uploadCACertificate", PARTNER_MANAGERS),
    ("post", f"{PRT}/uploadPartnerCertificate", PARTNERS),
    ("get", f"{PRT}/getPartnerCertificate/{{partner_id}}", PARTNERS),
    ("get post", f"{PRT}/partnerId/{{partner_id}}/policyId/{{policy_id}}", PARTNERS),
    ("get post", f"{PRT}/{{partner_id}}/partnerAPIKeyRequests/{{request_id}}", PARTNERS),
    ("get post patch", f"{PRT}/{{partner_id}}/partnerAPIKeyRequests", PARTNERS),
    ("post", f"{PRT}/{{partner_id}}/addcontact", PARTNERS),
    ("get put", f"{PRT}/{{partner_id}}", PARTNERS),
    # partner managers (and PM12, served by the MISP app under their prefix)
    ("get", PMP, PARTNER_MANAGERS),
    ("get", f"{PMP}/getManager", PARTNER_MANAGERS),
    ("get", f"{PMP}/policyname/{{policy_name}}", PARTNER_MANAGERS),
    ("get", f"{PMP}/PartnerAPIKeyRequests", PARTNER_MANAGERS),
    ("get put patch", f"{PMP}/PartnerAPIKeyRequests/{{request_id}}", PARTNER_MANAGERS),
    ("get post put patch", f"{PMP}/{{partner_id}}/{{api_key}}", PARTNER_MANAGERS),
    ("get put patch", f"{PMP}/{{partner_id}}", PARTNER_MANAGERS),
    ("get", f"{PMP}/validatePartnerMisp/partnerId/{{partner_id}}/partnerApiKey/{{api_key}}/mispLicenseKey/"
            "{license_key}", only(Role.ID_AUTHENTICATION)),
    # MISPs
    ("get post", MSP, MISP_ADMINS),
    ("get", f"{MSP}/mispId/{{misp_id}}", MISP_ADMINS),
    ("get", f"{MSP}/name/{{org_name}}", MISP_ADMINS),
    ("put patch", f"{MSP}/{{misp_id}}/status", MISP_ADMINS),
    ("post patch", f"{MSP}/{{misp_id}}/licenseKey", LICENSE_VALIDATORS),  # validate a license key
    ("get put", f"{MSP}/{{misp_id}}/licenseKey", MISP_ADMINS),
    ("get post put patch", f"{MSP}/{{misp_id}}", MISP_ADMINS),
    # device master data
    ("post put", f"{MD}/deviceprovider", DEVICE_MAKERS),
    ("post put", f"{MD}/foundationaltrustprovider", FTM_MAKERS),
    ("post put", f"{MD}/mosipdeviceservice", DEVICE_MAKERS),
    ("post", f"{MD}/registereddevices", DEVICE_MAKERS),
    ("post", f"{MD}/registereddevices/deregister", DEVICE_MAKERS),
    ("delete", f"{MD}/registereddevices/deregister/{{device_code}}", DEVICE_MAKERS),
    ("put", f"{MD}/registereddevices/status", DEVICE_MAKERS),
    ("post", f"{MD}/deviceprovidermanagement/validate", DEVICE_VALIDATORS),
    ("post", f"{MD}/deviceprovidermanagement/validate/history", DEVICE_VALIDATORS),
    # MOSIP 1.2
    ("get", f"{PM12}/system-config", ANY_TOKEN),
    ("get", f"{PM12}/roles", ANY_TOKEN),
    # MOSIP 1.2 certificates and trust store (R13-R19)
    ("post", f"{PM12}/partners/certificate/ca/upload", PARTNER_MANAGERS),
    ("post", f"{PM12}/partners/certificate/upload", CERTIFICATE_UPLOADERS_12),
    ("get", f"{PM12}/partners/partner-certificates-details", CERTIFICATE_OWNERS_12),
    ("get", f"{PM12}/trust-chain-certificates", only()),
    ("get", f"{PM12}/partners/{{partner_id}}/certificate", CERTIFICATE_READERS_12),
    ("get", f"{PM12}/partners/{{partner_id}}/certificate-data", CERTIFICATE_READERS_12),
    ("get", f"{PM12}/trust-chain-certificates/{{certificate_id}}/certificateFile", only()),
    # MOSIP 1.2 users and consent (R110-R112)
    ("post", f"{PM12}/users", PORTAL_USER_CREATORS_12),
    ("get post", f"{PM12}/users/user-consent", CONSENT_GIVERS_12),
    # MOSIP 1.2 policy service (1.2 catalog §3.2 role lists; PARTNER_ADMIN always)
    ("post", f"{POL12}/policies/group/new", POLICY_MANAGERS),
    ("get", f"{POL12}/policies/group/all", POLICY_MANAGERS),
    ("post", f"{POL12}/policies/group/search", only(Role.POLICYMANAGER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER)),
    ("post", f"{POL12}/policies/group/filtervalues", only(
        Role.POLICYMANAGER, Role.PARTNER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER, Role.ABIS_PARTNER,
        Role.FTM_PROVIDER, Role.ONLINE_VERIFICATION_PARTNER, Role.MANUAL_ADJUDICATION)),
    ("get", f"{POL12}/policies/policy-groups", POLICY_GROUP_READERS_12),
    ("get put patch", f"{POL12}/policies/group/{{group_id}}", POLICY_MANAGERS),
    ("get post", f"{POL12}/policies", POLICY_MANAGERS),
    ("get", f"{POL12}/policies/v2", POLICY_MANAGERS),
    ("post", f"{POL12}/policies/search", POLICY_MANAGERS),
    ("post", f"{POL12}/policies/filtervalues", only(Role.POLICYMANAGER, Role.PARTNER, Role.AUTH_PARTNER,
                                                    Role.CREDENTIAL_PARTNER)),
    ("get", f"{POL12}/policies/active/group/{{group_name}}", POLICY_GROUP_READERS_12),
    ("get", f"{POL12}/policies/config/{{property_name}}", POLICY_MANAGERS),
    ("get put patch", f"{POL12}/policies/{{policy_id}}", POLICY_MANAGERS),
    ("post", f"{POL12}/policies/{{policy_id}}/group/{{group_id}}/publish", POLICY_MANAGERS),
    ("patch", f"{POL12}/policies/{{policy_id}}/group/{{group_id}}", POLICY_MANAGERS),
    ("get", f"{POL12}/policies/{{policy_id}}/partner/{{partner_id}}", POLICY_MANAGERS),
    # MOSIP 1.2 partners (catalog §5, §8; roles from §3.2)
    ("post", f"{PM12}/partners", ANY_TOKEN),  # R1
    ("get", f"{PM12}/partners", PM12_PARTNER_LISTERS),  # R41
    ("post", f"{PM12}/partners/v2", ANY_TOKEN),  # R2
    ("get", f"{PM12}/partners/v2", PM12_PARTNER_LISTERS),  # R42
    ("get", f"{PM12}/partners/v3", only(Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.AUTH_PARTNER, Role.ABIS_PARTNER,
                                        Role.SDK_PARTNER, Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER)),
    ("post", f"{PM12}/partners/search", only(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.ABIS_PARTNER,
                                             Role.SDK_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER,
                                             Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER)),
    ("post", f"{PM12}/partners/partnertype/search", only(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER,
                                                         Role.DEVICE_PROVIDER, Role.FTM_PROVIDER,
                                                         Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER)),
    ("post", f"{PM12}/partners/filtervalues", only(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.DEVICE_PROVIDER,
                                                   Role.FTM_PROVIDER, Role.CREDENTIAL_PARTNER,
                                                   Role.ONLINE_VERIFICATION_PARTNER, Role.ABIS_PARTNER)),
    ("put", f"{PM12}/partners/email/verify", ANY_TOKEN),  # R7
    ("put", f"{PM12}/partners/v2/{{partner_id}}", PM12_PROFILE),  # R4
    ("post", f"{PM12}/partners/{{partner_id}}/contact/add", PM12_PROFILE),  # R6
    ("put", f"{PM12}/partners/{{partner_id}}/policygroup/{{policygroup_name}}",  # R8
     only(Role.PARTNER, Role.PMS_USER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER)),
    ("get", f"{PM12}/partners/{{partner_id}}", only(*PM12_PROFILE_ROLES, Role.SDK_PARTNER, Role.RESIDENT)),  # R5
    ("put", f"{PM12}/partners/{{partner_id}}", PM12_PROFILE),  # R3
    ("patch", f"{PM12}/partners/{{partner_id}}", PARTNER_MANAGERS),  # R40
    ("get", f"{PM12}/admin-partners", only()),  # R38
    ("get", f"{PM12}/admin-partners/{{partner_id}}", only()),  # R39
    # MOSIP 1.2 policy requests and API keys (1.2 catalog §7; role lists §3.2)
    ("post", f"{PM12}/partners/{{partner_id}}/policy/map", MAPPERS_12),  # R20
    ("put", f"{PM12}/partners/policy/{{mapping_id}}", PARTNER_MANAGERS),  # R21
    ("patch", f"{PM12}/partners/{{partner_id}}/generate/apikey", MAPPERS_12),  # R22
    ("patch", f"{PM12}/partners/{{partner_id}}/policy/{{policy_id}}/apiKey/status",
     only(Role.PARTNERMANAGER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE,
          Role.ONLINE_VERIFICATION_PARTNER)),  # R23
    ("get", f"{PM12}/partner-policy-requests", only(Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER,
                                                    Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER)),  # R24
    ("get", f"{PM12}/partner-api-keys", only(Role.AUTH_PARTNER)),  # R25
    ("get", f"{PM12}/partners/{{partner_id}}/apikey/request",
     only(Role.PARTNER, Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.CREDENTIAL_PARTNER,
          Role.ONLINE_VERIFICATION_PARTNER)),  # R26
    ("get", f"{PM12}/partners/apikey", PARTNER_MANAGERS),  # R27
    ("get", f"{PM12}/partners/apikey/{{request_id}}", PARTNER_MANAGERS),  # R28
    ("get", f"{PM12}/partners/{{partner_id}}/apikey/{{api_key}}", PARTNER_MANAGERS),  # R29
    ("put", f"{PM12}/partners/{{partner_id}}/apikey/{{api_key}}/policies", PARTNER_MANAGERS),  # R30
    ("post", f"{PM12}/partners/apikey/request/search", KEY_SEARCHERS_12),  # R31
    ("post", f"{PM12}/partners/apikey/request/filtervalues",
     only(Role.PARTNER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER,
          Role.ABIS_PARTNER)),  # R32
    ("post", f"{PM12}/partners/apikey/search", KEY_SEARCHERS_12),  # R33
    ("get post", f"{PM12}/partners/{{partner_id}}/bioextractors/{{policy_id}}",
     only(Role.PARTNER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE, Role.CREATE_SHARE,
          Role.ONLINE_VERIFICATION_PARTNER)),  # R34, R35
    ("post", f"{PM12}/partners/{{partner_id}}/credentialtype/{{cred_type}}/policies/{{policy_name}}",
     only(Role.PARTNER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE, Role.CREATE_SHARE,
          Role.ONLINE_VERIFICATION_PARTNER)),  # R36
    ("get", f"{PM12}/partners/{{partner_id}}/credentialtype/{{cred_type}}/policies",
     only(Role.PARTNER, Role.CREDENTIAL_PARTNER, Role.CREDENTIAL_ISSUANCE, Role.CREATE_SHARE,
          Role.ONLINE_VERIFICATION_PARTNER)),  # R37
    # MOSIP 1.2 MISP licenses (1.2 catalog §10; postmisplicense, putmisplicense, getmisplicense: MISPP MISP PM PA;
    # getmisplicensekey: PM PA)
    ("get post put", f"{PM12}/misps", only(Role.MISP_PARTNER, Role.MISP_ADMIN, Role.PARTNERMANAGER)),  # R66 R64 R65
    ("post", f"{PM12}/misps/search", only(Role.MISP_PARTNER, Role.MISP_ADMIN, Role.PARTNERMANAGER)),  # R69
    ("post", f"{PM12}/misps/filtervalues", only(Role.MISP_PARTNER, Role.MISP_ADMIN, Role.PARTNERMANAGER)),  # R68
    ("get", f"{PM12}/misps/{{misp_id}}/licenseKey", PARTNER_MANAGERS),  # R67
    # MOSIP 1.2 OAuth/OIDC clients (1.2 catalog §14): MOSIP checks no role on R103-R105/R107-R109;
    # here the authentication partners' (and PARTNER_ADMIN), as R106 (getoauthpartnersclients)
    ("get post", f"{PM12}/oauth/client", only(Role.AUTH_PARTNER)),  # R106 R103
    ("get put", f"{PM12}/oauth/client/{{client_id}}", only(Role.AUTH_PARTNER)),  # R105 R104
    ("post", f"{PM12}/oidc/client", only(Role.AUTH_PARTNER)),  # R107
    ("get put", f"{PM12}/oidc/client/{{client_id}}", only(Role.AUTH_PARTNER)),  # R109 R108
    # MOSIP 1.2 SBIs and device details (1.2 catalog §11, §12; role keys §3.2: PA DP FTM, DP PA or PA)
    ("post put", f"{PM12}/securebiometricinterface", SBI_MAKERS_12),  # R70 R71
    ("patch", f"{PM12}/securebiometricinterface", only()),  # R72
    ("get", f"{PM12}/securebiometricinterface", DEVICE_PROVIDERS_12),  # R74
    ("patch", f"{PM12}/securebiometricinterface/{{sbi_id}}", DEVICE_PROVIDERS_12),  # R73
    ("get post", f"{PM12}/securebiometricinterface/{{sbi_id}}/devices", DEVICE_PROVIDERS_12),  # R76 R75
    ("post", f"{PM12}/securebiometricinterface/search", SBI_MAKERS_12),  # R77
    ("post", f"{PM12}/securebiometricinterface/filtervalues", SBI_MAKERS_12),  # R78
    ("put", f"{PM12}/securebiometricinterface/devicedetails/map", SBI_MAKERS_12),  # R79
    ("put", f"{PM12}/securebiometricinterface/devicedetails/map/remove", SBI_MAKERS_12),  # R80
    ("post", f"{PM12}/securebiometricinterface/devicedetails/map/search", SBI_MAKERS_12),  # R81
    ("post put", f"{PM12}/devicedetail", SBI_MAKERS_12),  # R82 R83
    ("patch get", f"{PM12}/devicedetail", only()),  # R84 R87
    ("post", f"{PM12}/devicedetail/{{device_id}}/approval", only()),  # R85
    ("patch", f"{PM12}/devicedetail/{{device_id}}", DEVICE_PROVIDERS_12),  # R86
    ("post", f"{PM12}/devicedetail/search", SBI_MAKERS_12),  # R88
    ("post", f"{PM12}/devicedetail/filtervalues", SBI_MAKERS_12),  # R89
    ("post", f"{PM12}/devicedetail/deviceType/search", SBI_MAKERS_12),  # R90
    ("post", f"{PM12}/devicedetail/deviceType/filtervalues", SBI_MAKERS_12),  # R91
    ("post", f"{PM12}/devicedetail/deviceSubType/filtervalues", SBI_MAKERS_12),  # R92
    # MOSIP 1.2 FTM chips (1.2 catalog §13; FTM PA, but the approval and the list of all chips: PA)
    ("get post put", f"{PM12}/ftpchipdetail", only(Role.FTM_PROVIDER)),  # R100 R93 R94
    ("patch", f"{PM12}/ftpchipdetail", only()),  # R95
    ("post", f"{PM12}/ftpchipdetail/uploadcertificate", only(Role.FTM_PROVIDER)),  # R96
    ("get", f"{PM12}/ftpchipdetail/v2", only()),  # R101
    ("post", f"{PM12}/ftpchipdetail/search", only(Role.FTM_PROVIDER)),  # R102
    ("get", f"{PM12}/ftpchipdetail/getPartnerCertificate/{{chip_id}}", only(Role.FTM_PROVIDER)),  # R97
    ("get", f"{PM12}/ftpchipdetail/{{ftm_id}}/certificate-data", only(Role.FTM_PROVIDER)),  # R98
    ("patch", f"{PM12}/ftpchipdetail/{{ftm_id}}", only(Role.FTM_PROVIDER)),  # R99
]
TABLE = {(method, route): who for methods, route, who in ROWS for method in methods.split()}
assert len(TABLE) == sum(len(m.split()) for m, _, _ in ROWS), "a route and method listed twice"


def test_every_route_and_method_is_in_the_table():
    listed = {(method, canonical(route)) for route, method in CASES}
    assert sorted(listed - TABLE.keys()) == [], "routes without a row: say who may call them"
    assert sorted(TABLE.keys() - listed) == [], "rows of routes that no longer exist"


def test_the_resolver_finds_every_service_and_alias():
    # Guards the enumeration itself: were it to find nothing, the matrix would prove nothing.
    prefixes = {route.split("/<")[0] for route, _ in CASES}
    assert {"partnermanagement/v1/policies/policies", "partnermanagement/v1/misps/misps", "masterdata/deviceprovider",
            "v1/authenticate/useridPwd", "v1/authorize/invalidateToken", "v1/auditmanager/audits"} <= prefixes
    assert len(CASES) > 150


def test_an_alias_serves_the_view_of_its_canonical_route():
    def is_canonical(route: str) -> bool:
        return canonical(route) == re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)

    views = {canonical(route): view for route, (view, _) in ROUTES.items() if is_canonical(route)}
    aliases = [(route, view) for route, (view, _) in ROUTES.items() if not is_canonical(route)]
    assert len(aliases) >= 50
    for route, view in aliases:
        assert views.get(canonical(route), view) is view, route


# --- tokens that must not work ----------------------------------------------------------

def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def expired_token(user) -> str:
    """Signed by the server key, well past its expiry (beyond the clock leeway)."""
    claims = _claims(token_for(user))
    now = int(time.time())
    claims.update(iat=now - 7200, nbf=now - 7200, exp=now - 3600)
    key = server_key()
    return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid, "typ": "JWT"})


def tampered_token(user) -> str:
    """The user's real token with PARTNER_ADMIN written into its payload, old signature kept."""
    header, _, signature = token_for(user).split(".")
    claims = _claims(token_for(user))
    claims["roles"] = claims["realm_access"]["roles"] = ["PARTNER_ADMIN"]
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{payload}.{signature}"


def forged_signature_token(user) -> str:
    """The user's real token with one character of its signature changed (in the middle, where
    every bit counts: the last character of base64url may carry padding bits only)."""
    header, payload, signature = token_for(user).split(".")
    middle = len(signature) // 2
    swapped = "A" if signature[middle] != "A" else "B"
    return f"{header}.{payload}.{signature[:middle]}{swapped}{signature[middle + 1:]}"


# --- the matrix ---------------------------------------------------------------------------

PATH_VALUES = {"pmstext": "Some Name"}


def url_of(route: str) -> str:
    return "/" + re.sub(r"<(\w+):(\w+)>", lambda m: PATH_VALUES.get(m.group(1), f"m-{m.group(2)[:8]}"), route)


# One test client for the module: a new one loads the middleware again (whitenoise scans the
# static files), which would be most of this file's time. Cookies are cleared before each
# call, so no answer's cookie rides along with the next request.
CLIENT = Client()


def _call(method: str, url: str, token: str | None = None) -> Answer:
    CLIENT.cookies.clear()
    body = None if method in ("get", "delete") else {}
    return PmsApi(CLIENT, token=token).call(method, url, body)


@pytest.fixture
def role_users(db):
    return {role: make_user(f"matrix-{role.lower()}", [role]) for role in ALL_ROLES}


@pytest.mark.parametrize("route,method", CASES, ids=[f"{m.upper()} /{r}" for r, m in CASES])
def test_role_matrix(route, method, role_users):
    who = TABLE[(method, canonical(route))]
    url = url_of(route)
    for role, user in role_users.items():
        expected = ALLOWED if who in (PUBLIC, ANY_TOKEN) or role in who else FORBIDDEN
        # A fresh token for every call: invalidateToken ends the one it is given.
        assert_role_outcome(_call(method, url, token_for(user)), expected)

    someone = role_users[str(Role.PARTNER_ADMIN)]
    anonymous = _call(method, url)
    bad = [_call(method, url, token) for token in (expired_token(someone), tampered_token(role_users[str(Role.PARTNER)]),
                                                   forged_signature_token(someone))]
    if who == PUBLIC:
        for answer in (anonymous, *bad):
            assert_role_outcome(answer, ALLOWED)
        return
    # MOSIP's token routes say "no token" (KER-ATH-006); everywhere else it is KER-ATH-401
    no_token_code = "KER-ATH-006" if who == ANY_TOKEN and route.startswith("v1/auth") else "KER-ATH-401"
    assert (anonymous.status, anonymous.error_codes) == (401, [no_token_code]), anonymous.body
    for answer in bad:
        assert (answer.status, answer.error_codes) == (401, ["KER-ATH-401"]), answer.body


def test_the_bad_tokens_are_bad_for_the_right_reason(role_users):
    # The expired token is refused for its expiry and the tampered one for its signature, not
    # for some accident of how they were made.
    from accounts.tokens import InvalidToken, verify_token

    user = role_users[str(Role.PARTNER_ADMIN)]
    for token, reason in ((expired_token(user), "token expired"), (tampered_token(user), "token verification failed"),
                          (forged_signature_token(user), "token verification failed")):
        with pytest.raises(InvalidToken) as refused:
            verify_token(token)
        assert refused.value.reason == reason
    assert _claims(expired_token(user))["sub"] == user.username


# --- another owner's record answers like an unknown one (SPEC §9.1) -----------------------
#
# The intruder is a real partner (a real device provider, FTM provider) with records of its
# own; the victim's ids must get exactly the answer an id that exists nowhere gets (status,
# codes, messages), carry nothing of the victim, and change nothing.

UNKNOWN = {"partner_id": "nobody-01", "request_id": "nobody-req", "policy_id": "nobody-pol", "provider": "nobody-prov",
           "ftp": "nobody-ftp", "mds": "nobody-mds", "device": "nobody-dev"}


def _partner_body(method: str, route: str, ids: dict) -> dict | None:
    if method == "get":
        return None
    if route.endswith("/partnerAPIKeyRequests"):
        return {"policyName": "KYC Policy", "useCaseDescription": "e-KYC"}
    if route.endswith("/addcontact"):
        return {"emailId": "ops@intruder.example", "contactNo": "9876543210", "address": "Elsewhere", "is_Active": True}
    if "/policyId/" in route:
        return {"extractors": [{"attributeName": "photo", "biometric": "face",
                                "extractor": {"provider": "acme", "version": "1.0"}}]}
    if route.endswith("/{request_id}"):
        return None  # POST: the key of an approved request
    return {"organizationName": "Taken Over Ltd", "contactNumber": "9876543210", "emailId": "ops@intruder.example",
            "address": "Elsewhere"}  # PUT /{partner_id}


PARTNER_OWNED = sorted({(method, canonical(route)) for route, method in CASES
                        if canonical(route).startswith(PRT + "/") and "{partner_id}" in canonical(route)})


def _device_calls(ids: dict) -> dict[tuple[str, str], tuple[str, dict | None]]:
    """``(method, canonical route) → (url, body)`` naming the records of ``ids``."""
    from devices.tests.factories import device_data, digital_id, ftp_request, mds_request, provider_request

    return {
        ("put", f"{MD}/deviceprovider"): (f"/{MD}/deviceprovider", provider_request(id=ids["provider"])),
        ("put", f"{MD}/foundationaltrustprovider"): (f"/{MD}/foundationaltrustprovider", ftp_request(id=ids["ftp"])),
        ("post", f"{MD}/mosipdeviceservice"): (f"/{MD}/mosipdeviceservice", mds_request(ids["provider"], swVersion="9")),
        ("put", f"{MD}/mosipdeviceservice"): (f"/{MD}/mosipdeviceservice", mds_request(ids["provider"], id=ids["mds"])),
        ("post", f"{MD}/registereddevices"): (f"/{MD}/registereddevices", {
            "deviceData": device_data(digital_id(ids["provider"], provider_name="Victim Sensors"))}),
        ("post", f"{MD}/registereddevices/deregister"): (f"/{MD}/registereddevices/deregister",
                                                         {"deviceCode": ids["device"]}),
        ("delete", f"{MD}/registereddevices/deregister/{{device_code}}"): (
            f"/{MD}/registereddevices/deregister/{ids['device']}", None),
        ("put", f"{MD}/registereddevices/status"): (
            f"/{MD}/registereddevices/status?deviceCode={ids['device']}&status=REVOKED", None),
    }


# Every device-master-data write a provider login may make names a record of its own, but
# for the two that create a new provider or FTP.
DEVICE_OWNED = sorted(key for key, who in TABLE.items() if who in (DEVICE_MAKERS, FTM_MAKERS)
                      and key not in {("post", f"{MD}/deviceprovider"), ("post", f"{MD}/foundationaltrustprovider")})


def test_every_owned_route_is_checked_for_another_owner():
    assert len(PARTNER_OWNED) == 11  # grows with every new /partners/{partnerId}/... route and method
    assert sorted(_device_calls(UNKNOWN)) == DEVICE_OWNED


def _comparable(answer: Answer):
    body = dict(answer.body)
    body.pop("responsetime", None)
    return answer.status, body


@pytest.fixture
def partner_world(db):
    from partners.models import ApiKeyRequest
    from partners.tests.factories import make_partner
    from policies.models import PolicyStatus
    from policies.tests.factories import PolicyFactory, PolicyGroupFactory

    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group, name="KYC Policy", status=PolicyStatus.PUBLISHED)
    victim = make_partner(make_user("victim", ["AUTH_PARTNER"]), name="Victim Bank", group=group, partner_id="victim-01")
    request = ApiKeyRequest.objects.create(partner=victim, policy=policy, use_case="secret use case")
    intruder = make_user("intruder", ["AUTH_PARTNER"])
    make_partner(intruder, name="Intruder Bank", group=group, partner_id="intruder-01")
    return {"partner_id": victim.id, "request_id": request.id, "policy_id": policy.id}, intruder


@pytest.mark.parametrize("method,route", PARTNER_OWNED, ids=[f"{m.upper()} {r}" for m, r in PARTNER_OWNED])
def test_another_partners_id_answers_like_an_unknown_id(method, route, partner_world):
    from partners.models import ApiKeyRequest, BiometricExtractor, Partner, PartnerApiKey, PartnerContact
    from tests.support.audit import snapshot

    victim_ids, intruder = partner_world
    api = PmsApi(CLIENT, token=token_for(intruder))
    before = snapshot(Partner, ApiKeyRequest, PartnerApiKey, PartnerContact, BiometricExtractor)
    for prefix in (f"/{route}", f"/{route}".replace(PRT, f"{PRT}/partners", 1)):  # documented and doubled
        answers = [api.call(method, prefix.format(**ids), _partner_body(method, route, ids)) for ids in (victim_ids, UNKNOWN)]
        on_victim, on_unknown = answers
        assert "PMS_PRT_005" in on_victim.error_codes and on_victim.body["response"] is None, on_victim.body
        assert _comparable(on_victim) == _comparable(on_unknown)
        text = json.dumps(on_victim.body)
        for secret in ("victim-01", "Victim", "secret use case", victim_ids["request_id"]):
            assert secret not in text
    assert snapshot(Partner, ApiKeyRequest, PartnerApiKey, PartnerContact, BiometricExtractor).rows == before.rows


DEVICE_CODES = {
    ("put", f"{MD}/deviceprovider"): "ADM-DPM-003",
    ("put", f"{MD}/foundationaltrustprovider"): "ADM-DPM-016",
    ("post", f"{MD}/mosipdeviceservice"): "ADM-DPM-039",
    ("put", f"{MD}/mosipdeviceservice"): "ADM-DPM-023",
    ("post", f"{MD}/registereddevices"): "ADM-DPM-032",
    ("post", f"{MD}/registereddevices/deregister"): "ADM-DPM-001",
    ("delete", f"{MD}/registereddevices/deregister/{{device_code}}"): "ADM-DPM-001",
    ("put", f"{MD}/registereddevices/status"): "ADM-DPM-038",
}


@pytest.fixture
def device_world(db):
    from devices.tests.factories import device_data, digital_id, ftp_request, mds_request, provider_request

    maker, ftm = (PmsApi(CLIENT, token=token_for(make_user(name, [role])))
                  for name, role in (("victim-dp", "DEVICE_PROVIDER"), ("victim-ftm", "FTM_PROVIDER")))
    provider = assert_ok(maker.post(f"/{MD}/deviceprovider", provider_request(id="victim-prov", vendorName="Victim Sensors",
                                                                              email="secret@victim.example")))
    mds = assert_ok(maker.post(f"/{MD}/mosipdeviceservice", mds_request(provider["id"], id="victim-mds")))
    ftp = assert_ok(ftm.post(f"/{MD}/foundationaltrustprovider", ftp_request(id="victim-ftp", name="Victim Chips")))
    signed = assert_ok(maker.post(f"/{MD}/registereddevices", {
        "deviceData": device_data(digital_id(provider["id"], provider_name="Victim Sensors"))}))
    code = json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"]
    intruders = {}
    for name, role in (("intruder-dp", "DEVICE_PROVIDER"), ("intruder-ftm", "FTM_PROVIDER")):
        intruders[role] = PmsApi(CLIENT, token=token_for(make_user(name, [role])))
    assert_ok(intruders["DEVICE_PROVIDER"].post(f"/{MD}/deviceprovider", provider_request(id="intruder-prov")))
    assert_ok(intruders["FTM_PROVIDER"].post(f"/{MD}/foundationaltrustprovider", ftp_request(id="intruder-ftp")))
    return {"provider": provider["id"], "mds": mds["id"], "ftp": ftp["id"], "device": code}, intruders


@pytest.mark.parametrize("method,route", DEVICE_OWNED, ids=[f"{m.upper()} {r}" for m, r in DEVICE_OWNED])
def test_another_providers_record_answers_like_an_unknown_one(method, route, device_world):
    from devices.models import DeviceProvider, FoundationalTrustProvider, MosipDeviceService, RegisteredDevice
    from tests.support.audit import snapshot

    victim_ids, intruders = device_world
    api = intruders["FTM_PROVIDER" if "foundationaltrustprovider" in route else "DEVICE_PROVIDER"]
    models = (DeviceProvider, FoundationalTrustProvider, MosipDeviceService, RegisteredDevice)
    before = snapshot(*models)
    for prefix in ("", "v1/"):  # /masterdata and /v1/masterdata
        answers = []
        for ids in (victim_ids, UNKNOWN):
            url, body = _device_calls(ids)[(method, route)]
            answers.append(api.call(method, url.replace("/v1/", "/" + prefix, 1), body))
        on_victim, on_unknown = answers
        assert DEVICE_CODES[(method, route)] in on_victim.error_codes, on_victim.body
        assert on_victim.body["response"] is None
        # Some device messages name the id asked for (MOSIP's texts, e.g. "MDS ID {id} does not
        # exist"): the caller's own input, echoed for any id. With it swapped for the unknown one,
        # the answers are identical, so nothing but that input comes back.
        asked = _comparable(on_victim)
        for key, value in victim_ids.items():
            asked = (asked[0], json.loads(json.dumps(asked[1]).replace(value, UNKNOWN[key])))
        assert asked == _comparable(on_unknown)
        text = json.dumps(on_victim.body)
        for secret in ("Victim", "secret@victim.example", *victim_ids.values()):
            if secret not in json.dumps(_device_calls(victim_ids)[(method, route)]):  # not the caller's input
                assert secret not in text
    assert snapshot(*models).rows == before.rows


# --- MOSIP 1.2 SBIs and device details: another partner's record answers like an unknown one
#
# Every 1.2 device route a device provider may call with an id or a partner id of its own
# (the searches and lists are scoped instead: devices/tests/test_sbi_device_details_12.py).

DEVICE12_UNKNOWN = {"partner": "nobody-dp", "sbi": "nobody-sbi", "device": "nobody-dev"}


def _device12_calls(ids: dict, own_sbi: str) -> dict[tuple[str, str], tuple[str, dict]]:
    import datetime as dt

    from django.utils import timezone

    def v2(api_id: str, **request) -> dict:
        now = timezone.now().astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return {"id": api_id, "version": "1.0", "requestTime": now, "request": request}

    def v1(**request) -> dict:
        return {"id": "string", "version": "LTS", "requesttime": "2026-01-01T00:00:00.000Z", "request": request}

    day = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    later = (timezone.now() + dt.timedelta(days=90)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    device = {"deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "make": "Intruder", "model": "X"}
    sbi = f"/{PM12}/securebiometricinterface"
    return {
        ("post", f"{PM12}/securebiometricinterface"): (sbi, v1(providerId=ids["partner"], swBinaryHash="h", swVersion="9",
                                                               swCreateDateTime=day, swExpiryDateTime=later)),
        ("put", f"{PM12}/securebiometricinterface"): (sbi, v1(id=ids["sbi"], swBinaryHash="h", swVersion="9",
                                                              swCreateDateTime=day, swExpiryDateTime=later,
                                                              isActive=False)),
        ("patch", f"{PM12}/securebiometricinterface/{{sbi_id}}"): (
            f"{sbi}/{ids['sbi']}", v2("mosip.pms.deactivate.sbi.patch", status="De-Activate")),
        ("get", f"{PM12}/securebiometricinterface/{{sbi_id}}/devices"): (f"{sbi}/{ids['sbi']}/devices", None),
        ("post", f"{PM12}/securebiometricinterface/{{sbi_id}}/devices"): (
            f"{sbi}/{ids['sbi']}/devices", v2("mosip.pms.add.device.to.sbi.id.post", deviceProviderId="intruder-dp",
                                              **device)),
        ("put", f"{PM12}/securebiometricinterface/devicedetails/map"): (
            f"{sbi}/devicedetails/map", v1(deviceDetailId=ids["device"], sbiId=own_sbi)),
        ("put", f"{PM12}/securebiometricinterface/devicedetails/map/remove"): (
            f"{sbi}/devicedetails/map/remove", v1(deviceDetailId=ids["device"], sbiId=ids["sbi"])),
        ("post", f"{PM12}/devicedetail"): (f"/{PM12}/devicedetail", v1(deviceProviderId=ids["partner"], **device)),
        ("put", f"{PM12}/devicedetail"): (f"/{PM12}/devicedetail", v1(id=ids["device"], **device)),
        ("patch", f"{PM12}/devicedetail/{{device_id}}"): (
            f"/{PM12}/devicedetail/{ids['device']}", v2("mosip.pms.deactivate.device.patch", status="De-Activate")),
    }


# Scoped reads: they answer the caller's own rows, whatever it asks for (no id to try).
DEVICE12_SCOPED = {("get", f"{PM12}/securebiometricinterface"), *(
    ("post", f"{PM12}/{path}") for path in (
        "securebiometricinterface/search", "securebiometricinterface/filtervalues",
        "securebiometricinterface/devicedetails/map/search", "devicedetail/search", "devicedetail/filtervalues",
        "devicedetail/deviceType/search", "devicedetail/deviceType/filtervalues",
        "devicedetail/deviceSubType/filtervalues"))}
DEVICE12_OWNED = sorted(key for key, who in TABLE.items()
                        if who in (SBI_MAKERS_12, DEVICE_PROVIDERS_12) and key not in DEVICE12_SCOPED)


def test_every_owned_1_2_device_route_is_checked_for_another_partner():
    assert sorted(_device12_calls(DEVICE12_UNKNOWN, "x")) == sorted(DEVICE12_OWNED)


@pytest.fixture
def device12_world(db):
    import datetime as dt

    from django.utils import timezone

    from devices.services import device_details12, sbi12
    from kernel.actors import Actor
    from partners.tests.factories import make_partner

    def owner(name):
        user = make_user(name, ["DEVICE_PROVIDER"])
        partner = make_partner(user, name=f"{name.title()} Devices", partner_type="Device_Provider", partner_id=name)
        actor = Actor(username=name, roles=frozenset({Role.DEVICE_PROVIDER}), user=user)
        now = timezone.now()
        sbi = sbi12.create_sbi(actor=actor, provider_id=partner.id, sw_binary_hash="h", sw_version="1.0",
                               sw_created_at=now - dt.timedelta(days=1), sw_expires_at=now + dt.timedelta(days=90))
        return user, actor, sbi

    _, victim, victim_sbi = owner("victim-dp")
    admin = Actor(username="admin", roles=frozenset({Role.PARTNER_ADMIN}), user=make_user("adm", ["PARTNER_ADMIN"]))
    sbi12.approve_sbi(actor=admin, sbi_id=victim_sbi.id)
    device = sbi12.add_device_to_sbi(actor=victim, sbi_id=victim_sbi.id, device_id=None, provider_id="victim-dp",
                                     device_type="Finger", device_sub_type="Slap", make="Victim", model="V1")
    device_details12.approve_device(actor=admin, device_id=device.id)
    intruder, _, own_sbi = owner("intruder-dp")
    return {"partner": "victim-dp", "sbi": victim_sbi.id, "device": device.id}, intruder, own_sbi.id


@pytest.mark.parametrize("method,route", DEVICE12_OWNED, ids=[f"{m.upper()} {r}" for m, r in DEVICE12_OWNED])
def test_another_partners_sbi_or_device_answers_like_an_unknown_one(method, route, device12_world):
    from devices.models import DeviceDetail, DeviceDetailSbi, SecureBiometricInterface
    from tests.support.audit import snapshot

    victim_ids, intruder, own_sbi = device12_world
    api = PmsApi(CLIENT, token=token_for(intruder))
    models = (SecureBiometricInterface, DeviceDetail, DeviceDetailSbi)
    before = snapshot(*models)
    answers = []
    for ids in (victim_ids, DEVICE12_UNKNOWN):
        url, body = _device12_calls(ids, own_sbi)[(method, route)]
        answers.append(api.call(method, url, body=body))
    on_victim, on_unknown = answers
    assert on_victim.error_codes and on_victim.body["response"] is None, on_victim.body
    asked = _comparable(on_victim)
    for key, value in victim_ids.items():
        asked = (asked[0], json.loads(json.dumps(asked[1]).replace(value, DEVICE12_UNKNOWN[key])))
    unknown = _comparable(on_unknown)
    for answer in (asked, unknown):
        answer[1].pop("responseTime", None)
    assert asked == unknown
    assert "Victim" not in json.dumps(on_victim.body)
    assert snapshot(*models).rows == before.rows
