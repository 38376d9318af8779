"""Partner error codes: the partner's own service (PMS_PRT_*, catalog §9.3 and the 1.1/1.2
codes of the MOSIP error list) and the partner manager's (PMS_PMP_*, catalog §8.3).

``http_status`` is used only when PMS_REST_STATUS_CODES is on.
"""

from kernel.errors import ErrorCode


class PartnerErrors:
    NAME_EXISTS = ErrorCode("PMS_PRT_001", "A Partner is already registered with name {name} in the policy Group {group}", 409)
    GROUP_NOT_FOUND = ErrorCode("PMS_PRT_002", "Policy Group does not exist", 404)
    PARTNER_NOT_FOUND = ErrorCode("PMS_PRT_005", "Partner does not exist", 404)
    REQUEST_NOT_FOUND = ErrorCode("PMS_PRT_006", "APIKeyReqID does not exist", 404)
    CERTIFICATE_NOT_VALID = ErrorCode("PMS_PRT_007", "Partner digital certificate is not valid", 400)
    NO_REQUESTS = ErrorCode("PMS_PRT_008", "No API Key Request found", 404)
    TYPE_NOT_FOUND = ErrorCode("PMS_PRT_010", "Partner Type does not exist", 404)
    INVALID_EMAIL = ErrorCode("PMS_PRT_012", "Invalid emailId.", 400)
    INVALID_CONTACT_NO = ErrorCode("PMS_PRT_013", "Invalid mobile number.Length should be less than .{max}", 400)
    NOT_IN_GROUP = ErrorCode("PMS_PRT_047", "Partner is not mapped to policy group", 409)
    GROUP_NOT_REQUIRED = ErrorCode("PMS_PRT_048", "policy group mapping is not required for given partner", 400)
    ID_EXISTS = ErrorCode("PMS_PRT_051", "A Partner is already registered with the same Id", 409)
    ID_TOO_LONG = ErrorCode("PMS_PRT_052", "PartnerId max length should be {max}", 400)
    REQUEST_EXISTS = ErrorCode("PMS_PRT_053", "Mapping exists for given policy and partner and is in {status} state.", 409)
    KEY_ALREADY_APPROVED = ErrorCode("PMS_PRT_060", "This policy has already been approved against your partner ID.", 409)
    ID_HAS_SPACES = ErrorCode("PMS_PRT_066", "PartnerId should not have any spaces{max}", 400)
    CONTACT_EXISTS = ErrorCode("PMS_PRT_011", "Email is already exists.", 409)
    NO_POLICY_MAPPING = ErrorCode("PMS_PRT_061", "Partner policy mapping not exists.", 404)
    EXTRACTORS_AFTER_APPROVAL = ErrorCode("PMS_PRT_062", "Partner api key request is approved already. Cann't add "
                                          "extractors now.", 409)
    NO_EXTRACTORS = ErrorCode("PMS_PRT_064", "No details found", 404)
    POLICY_NOT_IN_GROUP = ErrorCode("PMS_PRT_098", "Given policy under partner's policy group not exists.", 404)
    KEY_NOT_CREATED = ErrorCode("PMS_PRT_105", "Partner API KEY is not Created", 404)
    REQUEST_IN_PROGRESS = ErrorCode("PMS_PRT_106", "APIKeyReqID status is In-progress", 409)
    GROUP_REQUIRED = ErrorCode("PMS_PRT_108", "Policy group is Mandatory for {partner_type}", 400)
    # 1.2's "acting on another user's partner": here, a key's value asked by someone who may
    # act for the partner (PARTNER_ADMIN) but does not own it (SPEC §9.11).
    NOT_THE_OWNER = ErrorCode("PMS_PRT_055", "User not authorized.", 403)
    EMAIL_NOT_ALLOWED = ErrorCode("PMS_PRT_429", "Partner email domain is not allowed: {domain}", 400)


class ManagerErrors:
    NO_PARTNERS = ErrorCode("PMS_PMP_004", "No Partners are registered in the Policy Group", 404)
    PARTNER_NOT_FOUND = ErrorCode("PMS_PMP_005", "Partner ID {partner_id} does not exist", 404)
    DENIED_STATUS = ErrorCode("PMS_PMP_006", "Partner Manager is denied permission to activate/deactivate Partner", 403)
    KEY_NOT_FOUND = ErrorCode("PMS_PMP_007", "Partner API Key does not exist", 404)
    REQUEST_NOT_FOUND = ErrorCode("PMS_PMP_011", "Partner api key Request ID does not exist", 404)
    DENIED_DECISION = ErrorCode("PMS_PMP_012", "Partner Manager is denied permission to approve or reject the request", 403)
    # [C]: only In-Progress requests change; anything else is an invalid status (catalog §8.2 PM4).
    ALREADY_DECIDED = ErrorCode("PMS_COR_002", "Invalid Input Parameter - status: the request is already {status}; "
                                "only In-Progress requests can be approved or rejected", 409)
    PARTNER_INACTIVE = ErrorCode("PMS_PMP_016", "Partner is not active.", 409)
    NOT_MAPPED = ErrorCode("PMS_PMP_017", "Partner is not mapped to any policy.", 404)
    POLICY_INACTIVE = ErrorCode("PMS_PMP_019", "Policy is not active.", 409)
    PARTNER_DOES_NOT_EXIST = ErrorCode("PMS_PMP_013", "Partner does not exist", 404)
    NO_REQUESTS = ErrorCode("PMS_PMP_015", "No Partner api key requests for the Policy Group", 404)
    KEY_NOT_MAPPED_TO_OLD = ErrorCode("PMS_PMP_008", "Partner api key is not assigned to {policy_id} hence cannot be "
                                      "updated with new policy", 409)
    KEY_NOT_IN_GROUP = ErrorCode("PMS_PMP_009", "Partner api key does not belong to the Policy Group of the Partner Manger",
                                 403)
    POLICY_NOT_IN_GROUP = ErrorCode("PMS_PMP_010", "Policy does not belong to the Policy Group of the Partner Manger", 403)
    POLICY_NOT_FOUND = ErrorCode("PMS_PMP_014", "Policy {policy_id} does not exist", 404)
    STATUS_VALUE = ErrorCode("PMS_COR_002", "Invalid Input Parameter - status: Active or De-Active", 400)
    DECISION_VALUE = ErrorCode("PMS_COR_002", "Invalid Input Parameter - status: Approved or Rejected", 400)


class CertificateErrors:
    """The key manager's partner-certificate codes MOSIP passes through (KER-PCM-001..014)."""

    INVALID = ErrorCode("KER-PCM-001", "Invalid Certificate uploaded.", 400)
    EXISTS = ErrorCode("KER-PCM-003", "Certificate already exists in store.", 409)
    DATES = ErrorCode("KER-PCM-004", "Certificate Dates are not valid.", 400)
    ROOT_NOT_FOUND = ErrorCode("KER-PCM-005", "Root CA Certificate not found.", 400)
    CHAIN_NOT_FOUND = ErrorCode("KER-PCM-006", "Root CA/Intermediate CA Certificates not found.", 400)
    VERSION = ErrorCode("KER-PCM-007", "Certificate version not supported.", 400)
    ORGANIZATION = ErrorCode("KER-PCM-008", "Partner Organization Name not Matched.", 400)
    DOMAIN = ErrorCode("KER-PCM-011", "Invalid Partner Domain.", 400)
    NOT_FOUND = ErrorCode("KER-PCM-012", "Partner Certificate not found for the given ID.", 404)
    KEY_SIZE = ErrorCode("KER-PCM-013", "Partner Certificate Key Size is less than allowed size.", 400)
    ALGORITHM = ErrorCode("KER-PCM-014", "Partner Certificate Signature algorithm not supported.", 400)


class Certificates12Errors:
    """MOSIP 1.2's certificate and trust-store codes (1.2 catalog §6, §19.1, §20.1) and the
    consent codes of §15. The key manager's own codes are ``CertificateErrors`` above."""

    FEATURE_TRUST_STORE = ErrorCode("PMS_FEATURE_001", "Root and Intermediate Certificates list is not available in the "
                                                       "current deployment.")
    FEATURE_CA_SIGNED = ErrorCode("PMS_FEATURE_003", "Downloading CA signed certificate is not available in the current "
                                                     "deployment.")
    # The partner service's enum reuses PMS_PRT_108 for this text (1.2 catalog §20.2).
    NOT_UPLOADED = ErrorCode("PMS_PRT_108", "Certficate is not uploaded for the selected partner.", 404)
    NO_POLICY_GROUP = ErrorCode("PMS_PRT_054", "Policy group not mapped for given partner", 409)
    USER_OWNS_NO_PARTNER = ErrorCode("PMS_CERTIFICATE_ERROR_002", "User Id does not exists.", 404)
    DEACTIVATED_PARTNER = ErrorCode("PMS_CERTIFICATE_ERROR_009", "Unable to download the certificate for a deactivated "
                                                                 "partner", 409)
    TRUST_CERTIFICATE_ID = ErrorCode("PMS_CERTIFICATE_ERROR_012", "Certificate id is null or empty", 400)
    CONSENT_SAVE = ErrorCode("PMS_CONSENT_ERROR_002", "Error while saving partner consent.", 500)


class Partners12Errors:
    """MOSIP 1.2's partner registration, profile and activation codes (1.2 catalog §5, §8,
    §20) that the 1.0 routes did not have; codes both generations share stay above
    (PMS_PRT_005, _011, _012, _013, _048, _051, _052, _066, PMS_PMP_005, _013,
    PMS_CERTIFICATE_ERROR_002). HTTP statuses
    apply only with PMS_REST_STATUS_CODES."""

    LANGUAGE_NOT_SUPPORTED = ErrorCode("PMS_PRT_056", "Given langCode is not supported", 400)
    GROUP_NOT_FOUND = ErrorCode("PMS_PRT_002", "Policy group does not exist", 404)  # 1.2's spelling of the 1.0 text
    GROUP_INACTIVE = ErrorCode("PMS_PMP_023", "Policy group is not active.", 409)
    GROUP_OF_APPROVED = ErrorCode("PMS_PRT_050", "Policy group cannot be updated for approved partner", 409)
    INVALID_JSON = ErrorCode("PMS_PRT_096", "Json is not valid", 400)
    NO_CERTIFICATE = ErrorCode("PMS_PRT_108", "Certficate is not uploaded for the given partner.Cannot activate the same.",
                               409)
    ALREADY_DEACTIVATED = ErrorCode("PMS_PM_063", "The selected partner has already been deactivated.", 409)
    STATUS_VALUE = ErrorCode("PMS_PM_058", "Status should be either Active or De-Active", 400)
    GROUP_ID_EMPTY = ErrorCode("PMS_POLICY_ERROR_005", "Policy Group Id is empty.", 409)
class Keys12Errors:
    """MOSIP 1.2's policy-mapping requests and API keys (1.2 catalog §7, §20). Codes the
    classes above define with the same text are reused from there (PMS_PRT_005, _055,
    _060, PMS_PMP_016, _017); the ones here are new in 1.2 or carry 1.2's text for a code
    1.0 worded differently (§20.2: PMS_PRT_053, _098; PMS_PMP_005, _014, _019 without the
    id, or with 1.2's wording)."""

    POLICY_NOT_FOUND = ErrorCode("PMS_PRT_073", "Policy not exists.", 404)
    POLICY_NOT_IN_GROUP = ErrorCode("PMS_PRT_098", "Given policy doesn't exists under partner's policy group.", 404)
    REQUEST_PENDING = ErrorCode("PMS_PRT_053", "This policy is already pending for approval against your partner ID.", 409)
    POLICY_INACTIVE = ErrorCode("PMS_PMP_019", "Policy is not active.", 409)
    MAPPED_POLICY_INACTIVE = ErrorCode("PMS_PMP_019", "Partner policy is not active.", 409)
    GROUP_INACTIVE = Partners12Errors.GROUP_INACTIVE
    MAPPING_NOT_FOUND = ErrorCode("PMS_PMP_007", "Partner api key does not exist", 404)
    ALREADY_APPROVED = ErrorCode("PMS_PM_034", "Policy request already approved.", 409)
    ALREADY_REJECTED = ErrorCode("PMS_PM_035", "Policy request already rejected.", 409)
    DECISION_VALUE = ErrorCode("PMS_PM_045", "Status should be either Approved or Rejected", 400)
    NO_EXTRACTORS = ErrorCode("PMS_PM_051", "Extractors are not present. Please add extractors.", 409)
    PARTNER_ID_NOT_FOUND = ErrorCode("PMS_PMP_005", "Partner ID does not exist", 404)
    POLICY_DOES_NOT_EXIST = ErrorCode("PMS_PMP_014", "Policy does not exist", 404)
    NOT_MAPPED = ErrorCode("PMS_PRT_109", "Given policy is not mapped to partner", 409)
    LABEL_EXISTS = ErrorCode("PMS_PRT_110", "Given label already exists.Provide unique label.", 409)
    KEY_NOT_FOUND = ErrorCode("PMS_PRT_111", "API key not exists for the given combination", 404)
    KEY_NOT_ACTIVE = ErrorCode("PMS_PMS_022", "Given Partner api key is not active.", 409)
    KEY_STATUS_VALUE = Partners12Errors.STATUS_VALUE
    KEY_MAPPING_NOT_FOUND = ErrorCode("PMS_PMP_50", "Given apikey,partner and policy mapping not exists.", 404)
    KEY_OF_PARTNER_NOT_FOUND = ErrorCode("PMS_PMP_009", "For given partner and apikey mapping not exists.", 404)
    NO_KEY_REQUESTS = ErrorCode("PMS_PMP_015", "No Partner api key requests for the Policy Group", 404)
    # The revamp lists' checks of the caller's own partners (1.2 catalog §20.1).
    USER_HAS_NO_PARTNER = Certificates12Errors.USER_OWNS_NO_PARTNER
    PARTNER_WITHOUT_GROUP = Partners12Errors.GROUP_ID_EMPTY


class CredentialTypes12Errors:
    """MOSIP 1.2's credential-type mapping (1.2 catalog §7.9, R36, R37). The partner and
    policy checks reuse the codes above (PMS_PRT_005, PMS_PMP_016, PMS_PRT_073, _098,
    PMS_PMP_019, _023); "no mapping" is PMS_PRT_064. The allowed lists are appended as
    MOSIP appends its configured text."""

    TYPE_NOT_ALLOWED = ErrorCode("PMS_PRT_072", "Given credential type is not allowed. Allowed credential types : {types}",
                                 400)
    PARTNER_TYPE_NOT_ALLOWED = ErrorCode("PMS_PRT_070", "Credential mapping allowed only for :{types}", 409)


class OidcClients12Errors:
    """MOSIP 1.2's OAuth/OIDC client codes (1.2 catalog §14, §20). Reused from above:
    PMS_CERTIFICATE_ERROR_002, PMS_PMP_016, PMS_PRT_073, PMS_POLICY_ERROR_005. eSignet's
    own refusals are passed on with eSignet's code and message (``esignet_refusal``)."""

    FEATURE_OFF = ErrorCode("PMS_FEATURE_002", "OIDC client related features are not available in the current "
                                               "deployment.", 404)
    DUPLICATE_KEY = ErrorCode("PMS_ESI_001", "Client public key already exists.", 409)
    NOT_APPROVED = ErrorCode("PMS_ESI_002", "Partner policy mapping is not approved. Please check mapping status.", 409)
    MANDATORY_AUTHS = ErrorCode("PMS_ESI_003", "Policy having mandatory auths. So client can't be created for the same.",
                                409)
    CLIENT_NOT_FOUND = ErrorCode("PMS_ESI_004", "Client not exists with given id.", 404)
    NO_CLAIMS = ErrorCode("PMS_ESI_005", "Partner has no user claims", 409)
    NO_ACRS = ErrorCode("PMS_ESI_006", "Partner has no Authentication Context Refrences", 409)
    BAD_PUBLIC_KEY = ErrorCode("PMS_ESI_007", "Failed to process the Public Key", 400)
    DEACTIVATED = ErrorCode("PMS_ESI_008", "Client already deactivated.", 409)
    NOT_OWNER_CREATE = ErrorCode("PMS_POLICY_ERROR_009", "The given partner ID does not belong to the user.So unable to "
                                                         "create OIDC client", 403)
    PARTNER_NOT_FOUND = ErrorCode("PMS_PRT_058", "AuthPartner doesn't exists with this Id - {partner_id}.", 404)
    NOT_AUTH_PARTNER = ErrorCode("PMS_PRT_059", "Only Auth_partner can Create OIDC Client. {partner_type} is not allowed "
                                                "to create OIDC Client.", 409)
    POLICY_TYPE = ErrorCode("PMS_PRT_057", "Policy Type Mismatch. Only Auth policy can be used to create OIDC Client.", 409)
    NO_MAPPING = ErrorCode("PMS_PRT_061", "Partner policy mapping not exists.", 409)
    ESIGNET_FAILED = ErrorCode("PMS_PRT_500", "Unable to process the request.", 502)
    ESIGNET_NO_RESPONSE = ErrorCode("PMS_PRT_107", "Responese from the api is null", 502)
    LIST_FAILED = ErrorCode("PMS_POLICY_ERROR_006", "Error while fetching OIDC clients list.", 500)


def esignet_refusal(code: str, message: str) -> ErrorCode:
    """eSignet's first error, passed on as MOSIP passes it (code and message as-is)."""
    return ErrorCode(str(code)[:64] or "PMS_PRT_500", str(message or code)[:512].replace("{", "(").replace("}", ")"), 409)
