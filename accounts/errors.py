"""Login and token error codes (catalog §4, reference/mosip-error-codes.md §5)."""

from kernel.errors import ErrorCode


class AccountErrors:
    LOCKED_OUT = ErrorCode(
        "KER-ATH-401",
        "Authentication Failed : too many failed attempts, retry after {seconds} seconds",
        429,
        always_status=True,
    )
    INVALID_CREDENTIALS = ErrorCode("KER-ATH-023", "Invalid Credentials", 401, always_status=True)
    COOKIE_EMPTY = ErrorCode("KER-ATH-006", "Cookies are empty", 401, always_status=True)
    UNKNOWN_APPLICATION = ErrorCode("KER-ATH-026", "Realm not found:: {app_id}", 400)
    USER_EXISTS = ErrorCode("PMS_COR_002", "Invalid Input Parameter - name: a user with this name already exists", 409)
