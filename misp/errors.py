"""MISP error codes (catalog §6.3; the [C] codes where the documents have none)."""

from kernel.errors import ErrorCode


class MispErrors:
    NAME_EXISTS = ErrorCode("PMS_MSP_003", "A MISP is already registered with name - {name}", 409)
    NOTHING_TO_UPDATE = ErrorCode("PMS_MSP_004", "No information provided for update", 400)
    NOT_FOUND = ErrorCode("PMS_MSP_005", "MISP ID does not exist", 404)
    KEY_NOT_FOUND = ErrorCode("PMS_MSP_006", "MISP ID/MISP License Key does not exist", 404)
    KEY_OF_ANOTHER_MISP = ErrorCode("PMS_MSP_007", "MISP License key not associated to MISP ID", 409)
    KEY_NOT_VALID = ErrorCode("PMS_MSP_008", "MISP License key not valid", 400)
    ALREADY_IN_STATUS = ErrorCode("PMS_MSP_010", "MISP status already in the requested status", 409)
    NONE_FOUND = ErrorCode("PMS_MSP_011", "No MISP found for the organization", 404)
    INACTIVE = ErrorCode("PMS_MSP_1013", "Misp is not active.", 409)
    ALREADY_DECIDED = ErrorCode("PMS_MSP_014", "Misp already {status}", 409)
    APPROVAL_VALUE = ErrorCode("PMS_MSP_015", "mispStatus either approved or rejected.", 400)
    STATUS_VALUE = ErrorCode("PMS_MSP_016", "mispStatus either Active or De-active.", 400)
    KEY_EXPIRED_CANNOT_ACTIVATE = ErrorCode("PMS_MSP_017", "misp license is expired.Cannot activate the same.", 409)
    NOT_APPROVED = ErrorCode("PMS_MSP_018", "misp is not yet approved.", 409)
    ALL_KEYS_INACTIVE = ErrorCode("PMS_MSP_019", "misp license all are inactive.", 409)
    KEY_EXPIRED = ErrorCode("PMS_MSP_008", "MISP License key not valid: it expired", 400)
    KEY_INACTIVE = ErrorCode("PMS_MSP_008", "MISP License key not valid: it is not active", 400)
    # A malformed value (SPEC §3), not PMS_MSP_004 as MOSIP 1.1.3 answered: the catalog gives
    # 004 to "No information provided for update". Its own ErrorCode so that the audit
    # still records misp.*.invalid_email.
    INVALID_EMAIL = ErrorCode("PMS_COR_002", "Invalid Input Parameter - {field}: not a valid e-mail address", 400)


class PartnerMispErrors:
    """PM12's codes (catalog §8.2, PMS_PMP_016-025)."""

    PARTNER_NOT_FOUND = ErrorCode("PMS_PMP_013", "Partner does not exist", 404)
    PARTNER_INACTIVE = ErrorCode("PMS_PMP_016", "Partner is not active.", 409)
    NOT_MAPPED = ErrorCode("PMS_PMP_017", "Partner is not mapped to any policy.", 404)
    KEY_EXPIRED = ErrorCode("PMS_PMP_018", "Partner policy got expired.", 409)
    KEY_INACTIVE = ErrorCode("PMS_PMP_019", "Partner policy is not active.", 409)
    LICENSE_NOT_FOUND = ErrorCode("PMS_PMP_020", "MISP license key not exists.", 404)
    LICENSE_EXPIRED = ErrorCode("PMS_PMP_021", "MISP license key is expired.", 409)
    GROUP_NOT_FOUND = ErrorCode("PMS_PMP_022", "Policy group not exists.", 404)
    GROUP_INACTIVE = ErrorCode("PMS_PMP_023", "Policy group is not active.", 409)
    LICENSE_BLOCKED = ErrorCode("PMS_PMP_025", "License key of MISP is blocked", 409)


class Licenses12Errors:
    """MOSIP 1.2's MISP license routes (R64-R69, ``MISPErrorMessages``): 1.2's texts, also
    where a 1.0 code (PMS_MSP_005) is worded differently there."""

    PARTNER_NOT_FOUND = ErrorCode("PMS_MSP_005", "MISP Partner does not exist", 404)
    NOT_A_MISP = ErrorCode("PMS_MSP_009", "Given provider is not valid", 409)
    PARTNER_INACTIVE = ErrorCode("PMS_MSP_405", "MISP partner is not active.", 409)
    STATUS_VALUE = ErrorCode("PMS_MSP_407", "mispStatus either Active or De-active.", 400)
    KEY_NOT_FOUND = ErrorCode("PMS_MSP_408", "MISP Partner and License key combintaion not exists.", 404)
    LICENSE_EXISTS = ErrorCode("PMS_MSP_416", "License key exists for the given provider.", 409)
    POLICY_NOT_APPROVED = ErrorCode("PMS_MSP_418", "Policy not approved.", 409)
    POLICY_NOT_FOUND = ErrorCode("PMS_MSP_419", "Policy not exists.", 404)
