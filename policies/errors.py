"""Policy error codes (catalog §7.4, SPEC §9.7, error-codes §1)."""

from kernel.errors import ErrorCode


class PolicyErrors:
    GROUP_NAME_EXISTS = ErrorCode("PMS_POL_014", "Policy group exists with name : {name}", 409)
    GROUP_NOT_FOUND = ErrorCode("PMS_POL_016", "Policy Group ID does not exist", 404)
    GROUP_NAME_NOT_FOUND = ErrorCode("PMS_POL_019", "Policy group name does not exist", 404)
    GROUP_INACTIVE = ErrorCode("PMS_POL_053", "Policy group is not active.", 409)
