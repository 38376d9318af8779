"""Audited identity operations (PMS_AUT_* events). Logins write their rows themselves
(request, then success or failure) because the lock-out decides before any password check."""

from audit.services import AuditedOperation
from kernel.operations import ANY_TOKEN, PUBLIC, Operation, roles
from kernel.roles import Role

# Sign-in writes its own rows (the lock-out decides before any password check).
PASSWORD_LOGIN = Operation("password login", roles=PUBLIC)
CLIENT_LOGIN = Operation("client id and secret login", roles=PUBLIC)
# The view verifies the token itself, so that no token at all is MOSIP's KER-ATH-006: any
# valid token passes, as the whole-API matrix says.
TOKEN_VALIDATE = Operation("token validate", roles=PUBLIC)

TOKEN_INVALIDATE = AuditedOperation("token invalidate", roles=ANY_TOKEN, request="auth.invalidate.request",
                                    success="auth.invalidate.success", failure="auth.invalidate.failure")
USER_SAVE = AuditedOperation("user create or update", roles=ANY_TOKEN, request="auth.user.create.request",
                             success="auth.user.create.success", failure="auth.user.create.failure")
KEYCLOAK_USER_CREATE = AuditedOperation("keycloak user create", roles=roles(), request="auth.keycloak_user.create.request",
                                        success="auth.keycloak_user.create.success",
                                        failure="auth.keycloak_user.create.failure")
REVOCATIONS_PURGE = AuditedOperation("revocations purge", roles=ANY_TOKEN, request="auth.revocations.purge.request",
                                     success="auth.revocations.purge.success", failure="auth.revocations.purge.failure")
PASSWORD_RESET = AuditedOperation("password reset", roles=ANY_TOKEN, request="auth.password_reset.request",
                                 success="auth.password_reset.success", failure="auth.password_reset.failure")
# Not audited: the back office's pages of users and role groups, machine clients and
# revoked tokens, for partner admins only. Nothing there changes them: users are added
# through BACK_OFFICE_USER_CREATE and changed with `manage.py create_pms_user`.
USERS_READ = Operation("users and role groups read", roles=roles())
MACHINE_CLIENTS_READ = Operation("machine clients read", roles=roles())
REVOKED_TOKENS_READ = Operation("revoked tokens read", roles=roles())
# Only PARTNER_ADMIN adds back-office users.
BACK_OFFICE_USER_CREATE = AuditedOperation("back-office user create", roles=roles(), request="auth.user.create.request",
                                           success="auth.user.create.success", failure="auth.user.create.failure")

# --- MOSIP 1.2 users and consent (1.2 catalog §15; roles of §3.2) -------------------------
# R110 POST /users: MOSIP's hard-coded list. What the caller may create is narrowed by the
# service (a new user, at most one partner-type role), not by MOSIP's "any realm role".
PORTAL_USER_CREATE_12 = AuditedOperation(
    "portal user create (1.2)",
    roles=roles(Role.MISP_PARTNER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER,
                Role.DEVICE_PROVIDER, Role.FTM_PROVIDER, Role.ABIS_PARTNER, Role.MANUAL_ADJUDICATION, Role.SDK_PARTNER),
    request="auth.user.create.request", success="auth.user.create.success", failure="auth.user.create.failure")
# userconsent (R111, R112). Giving consent is audited; reading it (the portal asks after
# every sign-in) is not.
CONSENT_ROLES_12 = roles(Role.AUTH_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER,
                         Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER, Role.POLICYMANAGER)
USER_CONSENT_GIVE_12 = AuditedOperation("user consent give (1.2)", roles=CONSENT_ROLES_12,
                                        request="auth.consent.give.request", success="auth.consent.give.success",
                                        failure="auth.consent.give.failure")
USER_CONSENT_READ_12 = Operation("user consent read (1.2)", roles=CONSENT_ROLES_12)
