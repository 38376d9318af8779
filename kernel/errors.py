"""Error codes as data, and the one exception every layer raises.

Each app lists its codes in its own ``errors.py`` as ``ErrorCode`` constants; a service
raises ``SomeErrors.X.error(name=...)`` and the kernel's exception handler renders it in
the MOSIP envelope. Messages are templates with ``{placeholders}``; values are filled at
raise time and never include secrets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ErrorCode:
    code: str
    message: str
    # The status used when PMS_REST_STATUS_CODES is on (business errors) or always
    # (authentication, authorisation, transport errors, see ``always_status``).
    http_status: int = 400
    always_status: bool = False

    def error(self, detail: str | None = None, **values: Any) -> "PmsError":
        return PmsError(self, detail=detail, **values)

    def render(self, detail: str | None = None, **values: Any) -> str:
        """The message with its ``{placeholders}`` filled; a missing value is a bug in the
        caller and raises (KeyError) rather than showing a half-filled message."""
        text = self.message.format(**values)
        return f"{text}: {detail}" if detail else text


class PmsError(Exception):
    """A failure with a documented code. Several errors may travel together (``extra``)."""

    def __init__(self, error: ErrorCode, detail: str | None = None, extra: list["PmsError"] | None = None, **values: Any):
        self.error = error
        self.detail = detail
        self.message = error.render(detail, **values)
        self.extra = extra or []
        self.field: str | None = values.get("field")  # the input it concerns, when one does
        self.values = values  # what filled the message, for pages that say it in another language
        super().__init__(f"{error.code}: {self.message}")

    @property
    def code(self) -> str:
        return self.error.code

    @classmethod
    def combine(cls, errors: list["PmsError"]) -> "PmsError":
        """One exception carrying several errors (the first, with the rest as ``extra``)."""
        first, *rest = errors
        first.extra = [*first.extra, *rest]
        return first

    def all(self) -> list["PmsError"]:
        return [self, *(e for extra in self.extra for e in extra.all())]

    def items(self) -> list[dict[str, str]]:
        return [{"errorCode": self.code, "message": self.message}] + [
            item for e in self.extra for item in e.items()
        ]


class KernelErrors:
    """Codes shared by every service (catalog §3, error-codes §2.1 and §5)."""

    MISSING_INPUT = ErrorCode("PMS_COR_001", "Missing Input Parameter - {field}", 400)
    INVALID_INPUT = ErrorCode("PMS_COR_002", "Invalid Input Parameter - {field}", 400)
    BODY_TOO_LARGE = ErrorCode(
        "PMS_COR_002", "Invalid Input Parameter - request body is larger than {limit} bytes", 413, always_status=True
    )
    NO_SUCH_ENDPOINT = ErrorCode("PMS_COR_002", "Invalid Input Parameter - path: no endpoint at {path}", 404, always_status=True)
    METHOD_NOT_ALLOWED = ErrorCode(
        "PMS_COR_002", "Invalid Input Parameter - method: {method} is not allowed here", 405, always_status=True
    )
    UNSUPPORTED_MEDIA = ErrorCode(
        "PMS_COR_002", "Invalid Input Parameter - Content-Type: send application/json", 415, always_status=True
    )
    LENGTH_REQUIRED = ErrorCode(
        "PMS_COR_002", "Invalid Input Parameter - body: send it with a Content-Length, not chunked", 411, always_status=True
    )
    URL_TOO_LONG = ErrorCode("PMS_COR_002", "Invalid Input Parameter - URL longer than {limit} characters", 414,
                             always_status=True)
    INTERNAL = ErrorCode("PMS_COR_003", "Could not process the request", 500, always_status=True)

    AUTHENTICATION_FAILED = ErrorCode("KER-ATH-401", "Authentication Failed", 401, always_status=True)
    FORBIDDEN = ErrorCode("KER-ATH-403", "Forbidden", 403, always_status=True)
    TOO_MANY_REQUESTS = ErrorCode("KER-ATH-401", "Too many requests, retry after {seconds} seconds", 429, always_status=True)
