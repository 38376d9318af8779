"""Policy error codes (catalog §7.4, SPEC §9.7, reference/mosip-error-codes.md §1).

``http_status`` is used only when PMS_REST_STATUS_CODES is on.
"""

from kernel.errors import ErrorCode


class PolicyErrors:
    # catalog §7.4
    NO_ACTIVE_POLICY = ErrorCode("PMS_POL_003", "No Active policy available in the Policy Group", 404)
    NAME_EXISTS = ErrorCode("PMS_POL_004", "Policy Name already exists in the policy Group.Name : {name}", 409)
    UNSUPPORTED_KYC_ATTRIBUTE = ErrorCode("PMS_POL_005", "Unsupported KYC attribute in the Policy File", 400)
    UNSUPPORTED_AUTH_TYPE = ErrorCode("PMS_POL_006", "Unsupported Authentication Type in the Policy File", 400)
    KYC_ATTRIBUTES_MISSING = ErrorCode("PMS_POL_007", "eKYC attribute missing in the policy file", 400)
    POLICY_NOT_FOUND = ErrorCode("PMS_POL_008", "Policy ID does not exist", 404)
    DENIED_UPDATE = ErrorCode("PMS_POL_010", "Policy Manager is denied permission to update the policy", 403)
    DENIED_RETRIEVE = ErrorCode("PMS_POL_011", "Policy Manager is denied permission to retrieve the policy", 403)
    DENIED_STATUS = ErrorCode("PMS_POL_012", "Policy Manager is denied permission to update the policy status", 403)
    NO_POLICY_FOR_API_KEY = ErrorCode("PMS_POL_013", "No policy available for given PartnerAPIKey", 404)
    # 1.1/1.2 codes chosen by SPEC §9.7
    GROUP_NAME_EXISTS = ErrorCode("PMS_POL_014", "Policy group exists with name : {name}", 409)
    GROUP_AND_POLICY_NOT_MAPPED = ErrorCode("PMS_POL_015", "Policy group and policy not mapped.", 404)
    GROUP_NOT_FOUND = ErrorCode("PMS_POL_016", "Policy Group ID does not exist", 404)
    GROUP_NAME_NOT_FOUND = ErrorCode("PMS_POL_019", "Policy group name does not exist", 404)
    ALREADY_PUBLISHED = ErrorCode("PMS_POL_020", "Can not publish the published policy", 409)
    POLICY_TYPE_NOT_ALLOWED = ErrorCode("PMS_POL_023", "Given policy type is not allowed", 400)
    STATUS_VALUE = ErrorCode("PMS_POL_045", "Policy Status either Active or De-active.", 400)
    SCHEMA_MISMATCH = ErrorCode("PMS_POL_051", "Policy Schema and policy are not matching", 400)
    GROUP_INACTIVE = ErrorCode("PMS_POL_053", "Policy group is not active.", 409)
    NOT_PUBLISHED = ErrorCode("PMS_POL_054", "Cannot activate unpublished policy.", 409)
    PUBLISHED_IMMUTABLE = ErrorCode("PMS_POL_055", "Published policy cannot be updated.", 409)
    GROUP_HAS_ACTIVE_POLICIES = ErrorCode("PMS_POL_056", "Active policies exists under the policy group.", 409)


class Policies12Errors:
    """Codes the MOSIP 1.2 policy routes add (1.2 catalog §9.2, §20.1); the 1.0 class above
    keeps the ones both generations share. PMS_POL_009 is MOSIP's "name taken" in 1.1+
    (the 1.0 document's "No information provided for update" was never raised)."""

    NAME_EXISTS = ErrorCode("PMS_POL_009", "Auth policy exists with name : {name}", 409)
    NO_POLICY_FOR_PARTNER = ErrorCode("PMS_POL_017", "No policy available for given partner", 404)
    STATUS_OF_PUBLISHED = ErrorCode("PMS_POL_058", "Status cannot be changed for published policy.", 409)
    NO_ACTIVE_GROUPS = ErrorCode("PMS_POL_059", "There are no active policy groups.", 404)
    ALREADY_DEACTIVATED = ErrorCode("PMS_POL_062", "The policy has already been deactivated.", 409)
    APPROVED_REQUEST_EXISTS = ErrorCode("PMS_POL_063", "An approved partner policy request is associated with this "
                                                      "policy.", 409)
    PENDING_REQUEST_EXISTS = ErrorCode("PMS_POL_064", "A pending partner policy request is associated with this "
                                                     "policy.", 409)
    POLICY_UNKNOWN = ErrorCode("PMS_POL_065", "The specified policy does not exist.", 404)
    GROUP_ALREADY_DEACTIVATED = ErrorCode("PMS_POL_067", "The policy group has already been deactivated", 409)
    GROUP_UNKNOWN = ErrorCode("PMS_POL_068", "The specified policy group does not exist", 404)
    GROUP_HAS_ACTIVE_AND_DRAFTS = ErrorCode("PMS_POL_069", "Active or draft policies are associated with the policy "
                                                          "group", 409)
    GROUP_HAS_DRAFTS = ErrorCode("PMS_POL_070", "Draft policies exists under the policy group.", 409)
    NOT_ACTIVATED = ErrorCode("PMS_POL_072", "The selected policy is not in activated status", 409)
    NOT_DEACTIVATE = ErrorCode("PMS_POL_073", "Request status should be De-Activate", 400)
