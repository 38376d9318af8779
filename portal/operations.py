"""The portal's audited operations: a registration submitted, a code sent again, a code
checked. The verified registration itself writes the seed's PMS_PRT_101/200 through
partners.services.register_partner."""

from audit.services import AuditedOperation
from kernel.operations import PUBLIC, Operation, roles

REGISTRATION_SUBMIT = AuditedOperation("portal registration submit", roles=PUBLIC, request="portal.registration.submit.request",
                                       success="portal.registration.submit.success",
                                       failure="portal.registration.submit.failure")
REGISTRATION_RESEND = AuditedOperation("portal registration resend code", roles=PUBLIC, request="portal.registration.resend.request",
                                       success="portal.registration.resend.success",
                                       failure="portal.registration.resend.failure")
REGISTRATIONS_PURGE = AuditedOperation("portal stale registrations purge", roles=roles(), request="portal.registration.purge.request",
                                       success="portal.registration.purge.success",
                                       failure="portal.registration.purge.failure")
# Not audited: partner admins look at pending self-registrations in the back office
# (support: "my registration is locked").
REGISTRATIONS_READ = Operation("portal pending registrations read", roles=roles())
REGISTRATION_VERIFY = AuditedOperation("portal registration verify", roles=PUBLIC, request="portal.registration.verify.request",
                                       success="portal.registration.verify.success",
                                       failure={"PMS_PTL_003": "portal.registration.verify.locked",
                                                "*": "portal.registration.verify.failure"})
