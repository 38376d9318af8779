"""Self-registration with an e-mailed one-time code (SPEC §5 "Self-registration web pages",
seed 000): submit → code e-mailed → verify → the partner and its login exist.

- The code is 6 digits from the CSPRNG, kept only as an HMAC with the server's secret key
  (``otp_digest``), compared in constant time, valid ``PMS_PORTAL_OTP_VALIDITY_SECONDS``.
- Wrong codes count per e-mail address (lower-cased, trimmed), over every registration
  of it (``WrongCodeTally``): ``PMS_PORTAL_OTP_MAX_ATTEMPTS`` of them within
  ``PMS_PORTAL_LOCK_SECONDS`` lock the registration and the address for
  ``PMS_PORTAL_LOCK_SECONDS``, whatever registration they were entered on (asking for a
  new code or registering again never resets the count); while locked even the right
  code is refused.
- A new code waits ``PMS_PORTAL_OTP_RESEND_SECONDS`` after the last one, at most
  ``PMS_PORTAL_OTP_MAX_SENDS`` per registration.
- The code appears in the e-mail only: never in a log line, an audit row or a history row.
- The form tells nobody which addresses have an account: every submission is counted by
  the per-client-address throttle first, and an address that already has a login gets the
  answer a fresh one gets (its mailbox is told it has an account; see
  ``submit_registration``).
- The e-mails carry only the platform's text, plus the organisation name as the
  registrant's words: one line, shortened, quoted, without anything that reads as a link
  or an address (``name_for_mail``), so the form cannot relay a message through the
  platform's sender.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib
import unicodedata

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
from partners.models import Partner
from partners.services import checked_contact_no, checked_email, partner_type_named, register_partner
from policies.errors import PolicyErrors
from policies.selectors import group_by_name

from .conf import app_settings
from .errors import PortalErrors
from .models import REGISTRATION_LIFECYCLE, PendingRegistration, RegistrationStatus, WrongCodeTally
from .operations import REGISTRATION_RESEND, REGISTRATION_SUBMIT, REGISTRATION_VERIFY, REGISTRATIONS_PURGE

logger = logging.getLogger("pms.portal")

CODE_DIGITS = 6
EMAIL_MAX = 150  # the address becomes the login name
NAME_IN_MAIL_MAX = 40
# What an organisation name keeps in an e-mail besides letters, digits and marks: no dot,
# slash, colon or @, so nothing in it reads as a link or an address.
NAME_IN_MAIL_PUNCTUATION = frozenset(" -&'’,()")


def otp_digest(registration_id: str, code: str) -> str:
    """The stored form of a code: HMAC-SHA256 keyed with the server's secret key and bound
    to its registration, so a copied table reveals no code and a digest fits no other row."""
    return salted_hmac("pms.portal.registration-code", f"{registration_id}:{code}", algorithm="sha256").hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def normalised_address(email: str) -> str:
    return (email or "").strip().lower()


def address_digest(email: str) -> str:
    """How ``WrongCodeTally`` knows an address: an HMAC keyed with the server's secret key,
    so the table names no address (rotating the key starts every tally afresh)."""
    return salted_hmac("pms.portal.registration-address", normalised_address(email), algorithm="sha256").hexdigest()


def name_for_mail(name: str) -> str:
    """An organisation name as an e-mail may echo it: the registrant's words, so one line
    of letters, digits and plain punctuation (control and format characters, dots,
    slashes, colons and @ become spaces), at most NAME_IN_MAIL_MAX characters and "…".
    The templates put it in quotes after "the name they typed"."""
    kept = "".join(ch if ch.isalnum() or unicodedata.category(ch).startswith("M") or ch in NAME_IN_MAIL_PUNCTUATION
                   else " " for ch in name or "")
    line = " ".join(kept.split())
    return line if len(line) <= NAME_IN_MAIL_MAX else line[:NAME_IN_MAIL_MAX].rstrip() + "…"


def _issue_code(registration: PendingRegistration) -> str:
    """A fresh code on the row (digest and times only); the caller saves and mails it. A
    registration of an address that has a login gets times only: no code exists, the
    empty digest matches none."""
    code, now = _new_code(), timezone.now()
    registration.otp_digest = "" if registration.address_taken else otp_digest(registration.pk, code)
    registration.otp_sent_at = now
    registration.otp_expires_at = now + dt.timedelta(seconds=app_settings.PMS_PORTAL_OTP_VALIDITY_SECONDS)
    return code


def _mail_code(registration: PendingRegistration, code: str) -> None:
    """The code goes out in the registrant's language; an address that has a login gets,
    instead, a notice that it has an account (and no code). A failure to send rolls the
    registration back (the caller's transaction) and says so."""
    minutes = max(1, app_settings.PMS_PORTAL_OTP_VALIDITY_SECONDS // 60)
    context = {"organization": name_for_mail(registration.organization_name), "minutes": minutes}
    template = "portal/email/code"
    if registration.address_taken:
        template = "portal/email/account_exists"
    else:
        context["code"] = code
    with translation.override(registration.language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
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


def _count_submission(client_ip: str) -> bool:
    """Counts one registration of the client address; answers whether it is within
    PMS_PORTAL_REGISTRATIONS_PER_HOUR for the hour (counted in the shared cache, like the
    login lock-out). Every submission counts, before anything is checked, and outside the
    registration's transaction (the cache may be a database table): a refusal that
    depends on what exists (a taken organisation name) must not be a free oracle."""
    key = f"pms:portal:registrations:{client_ip or '-'}"
    if cache.add(key, 1, 3600):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        return True
    return count <= app_settings.PMS_PORTAL_REGISTRATIONS_PER_HOUR


def _organisation_taken(name: str, group_name: str) -> bool:
    """Organisation names are unique within a policy group (SPEC §9.2); a type without
    a group competes with the other partners without one."""
    partners = Partner.objects.filter(name__iexact=name)
    return (partners.filter(policy_group__name__iexact=group_name) if group_name
            else partners.filter(policy_group__isnull=True)).exists()


def _address_has_login(email: str) -> bool:
    return login_name_taken(email) or email_in_use(email)


def _address_locked(email: str, now: dt.datetime) -> bool:
    return WrongCodeTally.objects.filter(pk=address_digest(email), locked_until__gt=now).exists()


def _count_wrong_code(email: str, now: dt.datetime) -> int:
    """One more wrong code for the address; answers how many are left within the lock
    window (0 or less: the address is locked from now for PMS_PORTAL_LOCK_SECONDS). The
    tally row is locked, so wrong codes entered at once are each counted."""
    window = dt.timedelta(seconds=app_settings.PMS_PORTAL_LOCK_SECONDS)
    tally, _ = WrongCodeTally.objects.select_for_update().get_or_create(pk=address_digest(email))
    recent = [t for t in tally.recent if dt.datetime.fromisoformat(t) > now - window] + [now.isoformat()]
    left = app_settings.PMS_PORTAL_OTP_MAX_ATTEMPTS - len(recent)
    tally.recent = recent[-max(1, app_settings.PMS_PORTAL_OTP_MAX_ATTEMPTS):]
    if left <= 0:
        tally.locked_until = now + window
    tally.save()
    return left


def submit_registration(*, actor: Actor, organization_name: str, email: str, partner_type: str,
                        policy_group: str | None, contact_no: str, address: str, password: str,
                        language: str = "en") -> PendingRegistration:
    """Register: everything the partner service will check (type, group required and
    active, e-mail valid and of an allowed domain, contact number) plus the portal's rules
    (organisation name not taken in the group, password strong enough), then a pending
    registration whose code is e-mailed. Several registrations of one address may wait at
    once: the first verified supersedes the others, so a stranger who registers someone
    else's address can neither cancel that person's registration nor learn that it exists.
    A code goes to an address at most once per PMS_PORTAL_OTP_RESEND_SECONDS: a submission
    inside that pause is answered the same and its code waits for *Send a new code* (the
    visitor's own registration's pause). An address locked after wrong codes cannot
    register for PMS_PORTAL_LOCK_SECONDS (PMS_PTL_009: it says that wrong codes were entered
    for the address, which its holder needs to know, and nothing about an account); a
    client address sends at most PMS_PORTAL_REGISTRATIONS_PER_HOUR, every submission counted
    first. Audit 160/260/460.

    What the answer never tells (so the form cannot list who has an account):

    - An address that is already a login (a user name or a user's e-mail) is answered as
      a fresh one: a pending registration exists and the visitor is sent to enter "the
      code"; the mailbox gets a notice that it already has an account (log in, or reset
      the password) and no code, so that registration can never be verified.
    - A partner's or a partner contact's address is not an account: it registers like
      any fresh address. Only the holder of that mailbox gets the code, and partner
      addresses are not unique in the partners domain either.
    - A taken organisation name is refused (PMS_PTL_008) whatever the address, after the
      throttle counted the submission: names are what partners are listed by, not
      secrets, and a partner could not be created with it anyway."""
    within_limit = _count_submission(actor.client_ip)
    with REGISTRATION_SUBMIT.run(actor=actor) as op:
        if not within_limit:
            raise PortalErrors.TOO_MANY_REGISTRATIONS.error()
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
        if _organisation_taken(name, group_name):
            raise PortalErrors.NAME_TAKEN.error()
        address_taken = _address_has_login(email)

        now = timezone.now()
        if _address_locked(email, now):
            raise PortalErrors.EMAIL_LOCKED.error()
        pause = dt.timedelta(seconds=app_settings.PMS_PORTAL_OTP_RESEND_SECONDS)
        mailed_lately = PendingRegistration.objects.filter(email__iexact=email, otp_sent_at__gt=now - pause).exists()

        password_hash = make_password(password)  # hashed either way: the answer takes as long
        registration = PendingRegistration(
            organization_name=name, email=email, partner_type=kind.code, policy_group=group_name, contact_no=contact_no,
            address=address, password_hash=make_password(None) if address_taken else password_hash,
            language=(language or "en")[:8], address_taken=address_taken)
        code = _issue_code(registration)
        if mailed_lately:
            registration.sends = 0  # nothing went out: every allowed code is still to come
        stamp(registration, actor, created=True)
        registration.save()
        if not mailed_lately:
            _mail_code(registration, code)
        op.ref_id = registration.pk
        op.description = (f"registration of {name} ({kind.code}): the address already has a login, so the e-mail "
                          "said so instead of carrying a code" if address_taken
                          else f"registration of {name} ({kind.code}) waits for its e-mail verification")
        if mailed_lately:
            op.description += ("; the address got an e-mail less than "
                               f"{app_settings.PMS_PORTAL_OTP_RESEND_SECONDS} s ago, so this one waits for a resend")
    return registration


def resend_code(*, actor: Actor, registration_id: str) -> PendingRegistration:
    """A new code for a pending registration, after the pause and within the number of
    codes allowed (for an address that has a login: the notice again). The old code stops
    working; wrong attempts keep counting. Audit 161/261/461."""
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
    """Why this code does not verify the registration (None: it does). While its address
    is locked every code is refused. A wrong code is counted for the address (and on the
    row), and the last one allowed within the window locks both; the caller commits that."""
    _require_open(registration)
    now = timezone.now()
    if _address_locked(registration.email, now):
        return PortalErrors.LOCKED.error()
    if now > registration.otp_expires_at:
        return PortalErrors.CODE_EXPIRED.error()
    expected = registration.otp_digest
    if expected and constant_time_compare(expected, otp_digest(registration.pk, (code or "").strip())):
        return None
    registration.failed_attempts += 1
    left = _count_wrong_code(registration.email, now)
    if left <= 0:
        registration.status = REGISTRATION_LIFECYCLE.target("lock", registration.status, refused=PortalErrors.LOCKED.error)
        registration.locked_at = now
    stamp(registration, actor)
    registration.save()
    return PortalErrors.LOCKED.error() if left <= 0 else PortalErrors.WRONG_CODE.error(left=left)


def _create_partner_and_login(registration: PendingRegistration, actor: Actor):
    """The login (accounts) and then the partner it owns (partners, PMS_PRT_101/200 with
    the new user as the actor), through their own services. A login made with the address
    since the code was sent answers PMS_PTL_007, a name taken in the group since then
    PMS_PTL_008: only the mailbox's holder, who has the code, can learn that."""
    if _organisation_taken(registration.organization_name, registration.policy_group):
        raise PortalErrors.NAME_TAKEN.error()
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


def _supersede_others(registration: PendingRegistration, actor: Actor) -> None:
    """The address has its login now: its other waiting registrations can never verify."""
    others = (PendingRegistration.objects.select_for_update()
              .filter(email__iexact=registration.email, status=RegistrationStatus.PENDING)
              .exclude(pk=registration.pk).order_by("pk"))
    for other in others:
        other.status = REGISTRATION_LIFECYCLE.target("supersede", other.status, refused=PortalErrors.NOT_PENDING.error)
        stamp(other, actor)
        other.save()


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
            registration = PendingRegistration.objects.filter(pk=registration_id).first()
            if registration is not None:
                # Every waiting registration of the address, in one order, before this one:
                # two verifications of one address take turns (the second then finds its
                # registration superseded) instead of racing for the login.
                list(PendingRegistration.objects.select_for_update()
                     .filter(email__iexact=registration.email, status=RegistrationStatus.PENDING).order_by("pk"))
                registration = PendingRegistration.objects.select_for_update().filter(pk=registration_id).first()
            refusal = _code_refusal(registration, code, actor)
            if refusal is None:
                user, partner = _create_partner_and_login(registration, actor)
                registration.status = REGISTRATION_LIFECYCLE.target("verify", registration.status,
                                                                    refused=PortalErrors.NOT_PENDING.error)
                registration.verified_at, registration.partner_id = timezone.now(), partner.pk
                stamp(registration, actor)
                registration.save()
                _supersede_others(registration, actor)
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
    partner they made); history rows keep neither the code nor the password hash. Wrong-
    code tallies go a lock window after their last wrong code. Audit 164/264/464."""
    from django.db.models import Q

    with REGISTRATIONS_PURGE.run(actor=actor) as op:
        now = timezone.now()
        keep = dt.timedelta(seconds=app_settings.PMS_PORTAL_RETENTION_SECONDS)
        lock = dt.timedelta(seconds=app_settings.PMS_PORTAL_LOCK_SECONDS)
        # A tally last touched a lock window ago holds no wrong code still counted and
        # no running lock (a lock starts at the tally's last wrong code).
        WrongCodeTally.objects.filter(updated_at__lt=now - lock).delete()
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
