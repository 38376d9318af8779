"""Audited identity operations (PMS_AUT_* events). Logins write their rows themselves
(request, then success or failure) because the lock-out decides before any password check."""

from audit.services import AuditedOperation

TOKEN_INVALIDATE = AuditedOperation("token invalidate", request="auth.invalidate.request",
                                    success="auth.invalidate.success", failure="auth.invalidate.failure")
USER_SAVE = AuditedOperation("user create or update", request="auth.user.create.request",
                             success="auth.user.create.success", failure="auth.user.create.failure")
