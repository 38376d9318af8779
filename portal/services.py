"""Self-registration with an e-mailed one-time code (SPEC §5 "Self-registration web pages",
seed 000): submit → code e-mailed → verify → the partner and its login exist.

- The code is 6 digits from the CSPRNG, kept only as an HMAC with the server's secret key
  (``otp_digest``), compared in constant time, valid ``PMS_PORTAL_OTP_VALIDITY_SECONDS``.
- Wrong codes count over every code sent for one registration; after
  ``PMS_PORTAL_OTP_MAX_ATTEMPTS`` the registration is locked, and its e-mail address cannot
  start another one for ``PMS_PORTAL_LOCK_SECONDS`` (asking for a new code or registering
  again never resets the count).
- A new code waits ``PMS_PORTAL_OTP_RESEND_SECONDS`` after the last one, at most
  ``PMS_PORTAL_OTP_MAX_SENDS`` per registration.
- The code appears in the e-mail only: never in a log line, an audit row or a history row.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.selectors import email_in_use, login_name_taken
from accounts.services import create_pms_user
from audit.services import record, record_failure
from kernel.actors import Actor
from kernel.errors import KernelErrors, PmsError
from kernel.records import require_text, stamp
from kernel.roles import Role, normalise_role, roles_of_user
from partners.errors import PartnerErrors
from partners.selectors import email_registered, organisation_registered
from partners.services import checked_contact_no, checked_email, partner_type_named, register_partner
from policies.errors import PolicyErrors
from policies.selectors import group_by_name

from .conf import app_settings
from .errors import PortalErrors
from .models import REGISTRATION_LIFECYCLE, PendingRegistration, RegistrationStatus
from .operations import REGISTRATION_RESEND, REGISTRATION_SUBMIT, REGISTRATION_VERIFY, REGISTRATIONS_PURGE

logger = logging.getLogger("pms.portal")

CODE_DIGITS = 6
EMAIL_MAX = 150  # the address becomes the login name


def otp_digest(registration_id: str, code: str) -> str:
    """The stored form of a code: HMAC-SHA256 keyed with the server's secret key and bound
    to its registration, so a copied table reveals no code and a digest fits no other row."""
    return salted_hmac("pms.portal.registration-code", f"{registration_id}:{code}", algorithm="sha256").hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def _issue_code(registration: PendingRegistration) -> str:
    """A fresh code on the row (digest and times only); the caller saves and mails it."""
    code, now = _new_code(), timezone.now()
    registration.otp_digest = otp_digest(registration.pk, code)
    registration.otp_sent_at = now
    registration.otp_expires_at = now + dt.timedelta(seconds=app_settings.PMS_PORTAL_OTP_VALIDITY_SECONDS)
    return code


def _mail_code(registration: PendingRegistration, code: str) -> None:
    """The code goes out in the registrant's language. A failure to send rolls the
    registration back (the caller's transaction) and says so."""
    minutes = max(1, app_settings.PMS_PORTAL_OTP_VALIDITY_SECONDS // 60)
    context = {"code": code, "organization": registration.organization_name, "minutes": minutes}
    with translation.override(registration.language):
        subject = render_to_string("portal/email/code_subject.txt", context).strip()
        body = render_to_string("portal/email/code_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    except (smtplib.SMTPException, OSError) as exc:
        # The exception text may quote the conversation: log its kind only.
        logger.error("verification e-mail for registration %s not sent: %s", registration.pk, type(exc).__name__)
        raise PortalErrors.MAIL_FAILED.error() from None


def check_password_strength(password: str, *, email: str) -> None:
    """Django's password validators, with the future login (the address) for similarity."""
    try:
        validate_password(password, user=get_user_model()(username=email, email=email))
    except ValidationError as exc:
        raise PortalErrors.WEAK_PASSWORD.error(reasons=" ".join(exc.messages)) from None


def _count_submission(client_ip: str) -> None:
    """At most PMS_PORTAL_REGISTRATIONS_PER_HOUR registrations per client address and
    hour (counted in the shared cache, like the login lock-out)."""
    key = f"pms:portal:registrations:{client_ip or '-'}"
    if cache.add(key, 1, 3600):
        return
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        return
    if count > app_settings.PMS_PORTAL_REGISTRATIONS_PER_HOUR:
        raise PortalErrors.TOO_MANY_REGISTRATIONS.error()


def _refuse_taken(email: str, name: str) -> None:
    if login_name_taken(email) or email_in_use(email) or email_registered(email):
        raise PortalErrors.EMAIL_TAKEN.error()
    if organisation_registered(name):
        raise PortalErrors.NAME_TAKEN.error()


def submit_registration(*, actor: Actor, organization_name: str, email: str, partner_type: str,
                        policy_group: str | None, contact_no: str, address: str, password: str,
                        language: str = "en") -> PendingRegistration:
    """Register: everything the partner service will check (type, group required and
    active, e-mail valid and of an allowed domain, contact number) plus the portal's rules
    (address and organisation not registered yet, password strong enough), then a pending
    registration whose code is e-mailed. An earlier pending registration of the same
    address is superseded (not within the resend pause); a locked one blocks the address
    for PMS_PORTAL_LOCK_SECONDS; a client address sends at most
    PMS_PORTAL_REGISTRATIONS_PER_HOUR. Audit 160/260/460."""
    with REGISTRATION_SUBMIT.run(actor=actor) as op:
        name = require_text(organization_name, "organizationName", 128)
        email = checked_email(email)
        if len(email) > EMAIL_MAX:
            raise PartnerErrors.INVALID_EMAIL.error()
        kind = partner_type_named(partner_type)
        group_name = (policy_group or "").strip()
        if kind.requires_policy_group:
            if not group_name:
                raise PartnerErrors.GROUP_REQUIRED.error(partner_type=kind.code)
            group = group_by_name(group_name)
            if group is None:
                raise PartnerErrors.GROUP_NOT_FOUND.error()
            if not group.is_active:
                raise PolicyErrors.GROUP_INACTIVE.error()
            group_name = group.name
        elif group_name:
            raise PartnerErrors.GROUP_NOT_REQUIRED.error()
        contact_no = checked_contact_no(contact_no)
        address = require_text(address, "address", 2000)
        check_password_strength(password, email=email)
        _refuse_taken(email, name)
        _count_submission(actor.client_ip)

        now = timezone.now()
        earlier = list(PendingRegistration.objects.select_for_update()
                       .filter(email__iexact=email, status__in=[RegistrationStatus.PENDING, RegistrationStatus.LOCKED]))
        lock_window = dt.timedelta(seconds=app_settings.PMS_PORTAL_LOCK_SECONDS)
        if any(r.status == RegistrationStatus.LOCKED and r.locked_at and now - r.locked_at < lock_window for r in earlier):
            raise PortalErrors.EMAIL_LOCKED.error()
        pause = dt.timedelta(seconds=app_settings.PMS_PORTAL_OTP_RESEND_SECONDS)
        for previous in (r for r in earlier if r.status == RegistrationStatus.PENDING):
            if now - previous.otp_sent_at < pause:
                raise PortalErrors.RESEND_TOO_SOON.error(seconds=app_settings.PMS_PORTAL_OTP_RESEND_SECONDS)
            previous.status = REGISTRATION_LIFECYCLE.target("supersede", previous.status,
                                                            refused=PortalErrors.NOT_PENDING.error)
            stamp(previous, actor)
            previous.save()

        registration = PendingRegistration(
            organization_name=name, email=email, partner_type=kind.code, policy_group=group_name, contact_no=contact_no,
            address=address, password_hash=make_password(password), language=(language or "en")[:8])
        code = _issue_code(registration)
        stamp(registration, actor, created=True)
        registration.save()
        _mail_code(registration, code)
        op.ref_id = registration.pk
        op.description = f"registration of {name} ({kind.code}) waits for its e-mail verification"
    return registration


def resend_code(*, actor: Actor, registration_id: str) -> PendingRegistration:
    """A new code for a pending registration, after the pause and within the number of
    codes allowed. The old code stops working; wrong attempts keep counting. Audit
    161/261/461."""
    with REGISTRATION_RESEND.run(actor=actor, ref_id=registration_id) as op:
        registration = PendingRegistration.objects.select_for_update().filter(pk=registration_id).first()
        _require_open(registration)
        waited = (timezone.now() - registration.otp_sent_at).total_seconds()
        if waited < app_settings.PMS_PORTAL_OTP_RESEND_SECONDS:
            raise PortalErrors.RESEND_TOO_SOON.error(seconds=app_settings.PMS_PORTAL_OTP_RESEND_SECONDS)
        if registration.sends >= app_settings.PMS_PORTAL_OTP_MAX_SENDS:
            raise PortalErrors.TOO_MANY_SENDS.error()
        code = _issue_code(registration)
        registration.sends += 1
        stamp(registration, actor)
        registration.save()
        _mail_code(registration, code)
        op.description = f"verification code {registration.sends} of {app_settings.PMS_PORTAL_OTP_MAX_SENDS} sent"
    return registration


def _require_open(registration: PendingRegistration | None) -> None:
    if registration is None:
        raise PortalErrors.NOT_PENDING.error()
    if registration.status == RegistrationStatus.LOCKED:
        raise PortalErrors.LOCKED.error()
    if registration.status != RegistrationStatus.PENDING:
        raise PortalErrors.NOT_PENDING.error()


def _code_refusal(registration: PendingRegistration | None, code: str, actor: Actor) -> PmsError | None:
    """Why this code does not verify the registration (None: it does). A wrong code is
    counted on the row, and the last allowed one locks it; the caller commits that."""
    _require_open(registration)
    now = timezone.now()
    if now > registration.otp_expires_at:
        return PortalErrors.CODE_EXPIRED.error()
    expected = registration.otp_digest
    if constant_time_compare(expected, otp_digest(registration.pk, (code or "").strip())):
        return None
    registration.failed_attempts += 1
    left = app_settings.PMS_PORTAL_OTP_MAX_ATTEMPTS - registration.failed_attempts
    if left <= 0:
        registration.status = REGISTRATION_LIFECYCLE.target("lock", registration.status, refused=PortalErrors.LOCKED.error)
        registration.locked_at = now
    stamp(registration, actor)
    registration.save()
    return PortalErrors.LOCKED.error() if left <= 0 else PortalErrors.WRONG_CODE.error(left=left)


def _create_partner_and_login(registration: PendingRegistration, actor: Actor):
    """The login (accounts) and then the partner it owns (partners, PMS_PRT_101/200 with
    the new user as the actor), through their own services."""
    if organisation_registered(registration.organization_name):
        raise PortalErrors.NAME_TAKEN.error()
    if email_registered(registration.email):
        raise PortalErrors.EMAIL_TAKEN.error()
    kind = partner_type_named(registration.partner_type)
    roles = {Role.PARTNER}
    type_role = normalise_role(kind.role) if kind.role else None
    if type_role is not None:
        roles.add(type_role)
    portal = Actor(username="portal", is_system=True, client_ip=actor.client_ip, request_id=actor.request_id)
    try:
        user, _ = create_pms_user(registration.email, actor=portal, password_hash=registration.password_hash,
                                  roles=frozenset(roles), email=registration.email, must_be_new=True)
    except PmsError as exc:
        if exc.field == "name" or exc.code == "PMS_COR_002":
            raise PortalErrors.EMAIL_TAKEN.error() from None
        raise
    owner = Actor(username=user.username, roles=roles_of_user(user), user=user, client_ip=actor.client_ip,
                  request_id=actor.request_id)
    partner = register_partner(actor=owner, name=registration.organization_name, partner_type=kind,
                               policy_group_name=registration.policy_group or None, contact_no=registration.contact_no,
                               email=registration.email, address=registration.address)
    return user, partner


def verify_registration(*, actor: Actor, registration_id: str, code: str):
    """Verify: the right code, in time, on a pending registration creates the login and
    the partner, in one transaction with the registration marked verified. A wrong code
    is counted (and committed) even though the call fails; an expired one counts nothing.
    Returns ``(user, partner)``. Audit 162/262, 462 (wrong, expired, closed), 463 (locked).

    Written out rather than with ``AuditedOperation.run``: the attempt count must commit
    while the call still fails, as a login's failure count does (accounts.services)."""
    record(REGISTRATION_VERIFY.request, actor, ref_id=registration_id)
    refusal = None
    try:
        with transaction.atomic():
            registration = PendingRegistration.objects.select_for_update().filter(pk=registration_id).first()
            refusal = _code_refusal(registration, code, actor)
            if refusal is None:
                user, partner = _create_partner_and_login(registration, actor)
                registration.status = REGISTRATION_LIFECYCLE.target("verify", registration.status,
                                                                    refused=PortalErrors.NOT_PENDING.error)
                registration.verified_at, registration.partner_id = timezone.now(), partner.pk
                stamp(registration, actor)
                registration.save()
                record(REGISTRATION_VERIFY.success, actor, ref_id=registration_id,
                       description=f"e-mail verified: partner {partner.pk} and login {user.username} created")
    except Exception as exc:
        error = exc if isinstance(exc, PmsError) else KernelErrors.INTERNAL.error()
        record_failure(REGISTRATION_VERIFY.failure_for(error), actor, error, ref_id=registration_id)
        raise
    if refusal is not None:
        record_failure(REGISTRATION_VERIFY.failure_for(refusal), actor, refusal, ref_id=registration_id)
        raise refusal
    return user, partner


def purge_stale_registrations(*, actor: Actor) -> int:
    """Data kept no longer than needed: deletes registrations that can no longer be
    verified, PMS_PORTAL_RETENTION_SECONDS after their code expired (pending), their lock
    ended (locked) or they were replaced (superseded). Verified ones stay (they name the
    partner they made); history rows keep neither the code nor the password hash. Audit
    164/264/464."""
    from django.db.models import Q

    with REGISTRATIONS_PURGE.run(actor=actor) as op:
        now = timezone.now()
        keep = dt.timedelta(seconds=app_settings.PMS_PORTAL_RETENTION_SECONDS)
        lock = dt.timedelta(seconds=app_settings.PMS_PORTAL_LOCK_SECONDS)
        stale = PendingRegistration.objects.filter(
            Q(status=RegistrationStatus.PENDING, otp_expires_at__lt=now - keep)
            | Q(status=RegistrationStatus.LOCKED, locked_at__lt=now - lock - keep)
            | Q(status=RegistrationStatus.SUPERSEDED, updated_at__lt=now - keep))
        deleted = 0
        for registration in stale.select_for_update():
            registration._history_user = actor.user
            registration.delete()  # one by one: each deletion gets its history row
            deleted += 1
        op.description = f"purged {deleted} stale registration(s)"
    return deleted
