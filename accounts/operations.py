"""Audited identity operations (PMS_AUT_* events). Logins write their rows themselves
(request, then success or failure) because the lock-out decides before any password check."""

from audit.services import AuditedOperation

TOKEN_INVALIDATE = AuditedOperation("token invalidate", request="auth.invalidate.request",
                                    success="auth.invalidate.success", failure="auth.invalidate.failure")
USER_SAVE = AuditedOperation("user create or update", request="auth.user.create.request",
                             success="auth.user.create.success", failure="auth.user.create.failure")
KEYCLOAK_USER_CREATE = AuditedOperation("keycloak user create", request="auth.keycloak_user.create.request",
                                        success="auth.keycloak_user.create.success",
                                        failure="auth.keycloak_user.create.failure")
REVOCATIONS_PURGE = AuditedOperation("revocations purge", request="auth.revocations.purge.request",
                                     success="auth.revocations.purge.success", failure="auth.revocations.purge.failure")
PASSWORD_RESET = AuditedOperation("password reset", request="auth.password_reset.request",
                                 success="auth.password_reset.success", failure="auth.password_reset.failure")
