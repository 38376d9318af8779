from kernel.errors import ErrorCode


class EventErrors:
    NOT_A_DEAD_LETTER = ErrorCode("PMS_EVT_001", "Only an event the service gave up on can be sent again", 409)
