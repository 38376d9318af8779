"""Portal error codes (self-registration and its e-mail verification). The portal shows
each in the visitor's language (portal.messages); these English texts go to the audit."""

from kernel.errors import ErrorCode


class PortalErrors:
    WRONG_CODE = ErrorCode("PMS_PTL_001", "The verification code is not correct ({left} attempt(s) left)", 400)
    CODE_EXPIRED = ErrorCode("PMS_PTL_002", "The verification code has expired; ask for a new one", 400)
    LOCKED = ErrorCode("PMS_PTL_003", "Too many wrong verification codes: the registration is locked", 423)
    RESEND_TOO_SOON = ErrorCode("PMS_PTL_004", "A code was sent less than {seconds} seconds ago", 429)
    TOO_MANY_SENDS = ErrorCode("PMS_PTL_005", "No more codes can be sent for this registration", 429)
    NOT_PENDING = ErrorCode("PMS_PTL_006", "This registration is not waiting for verification", 409)
    EMAIL_TAKEN = ErrorCode("PMS_PTL_007", "This e-mail address is already registered", 409)
    NAME_TAKEN = ErrorCode("PMS_PTL_008", "This organisation is already registered", 409)
    EMAIL_LOCKED = ErrorCode("PMS_PTL_009", "Registrations with this e-mail address are paused after too many wrong "
                                            "codes; try again later", 423)
    WEAK_PASSWORD = ErrorCode("PMS_PTL_010", "The password is not accepted: {reasons}", 400)
    MAIL_FAILED = ErrorCode("PMS_PTL_011", "The verification e-mail could not be sent; try again", 503)
    TOO_MANY_REGISTRATIONS = ErrorCode("PMS_PTL_012", "Too many registrations from this client address; try again "
                                                      "in an hour", 429)
