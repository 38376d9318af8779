"""Identity services: logins, token invalidation, user creation (SPEC §4, catalog §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import record
from kernel.actors import Actor
from kernel.errors import KernelErrors, PmsError
from kernel.roles import Role, normalise_role, roles_of_user

from . import throttling
from .errors import AccountErrors
from .models import MachineClient, RevokedToken
from .operations import (
    BACK_OFFICE_USER_CREATE,
    KEYCLOAK_USER_CREATE,
    PASSWORD_RESET,
    PORTAL_USER_CREATE_12,
    REVOCATIONS_PURGE,
    TOKEN_INVALIDATE,
    USER_SAVE,
)
from .tokens import LEEWAY_SECONDS, IssuedToken, TokenClaims, issue_token, oidc_enabled


@dataclass(frozen=True)
class LoginResult:
    user: object
    token: IssuedToken
    roles: frozenset[Role]


def _verify(kind: str, identity: str, actor: Actor, verified_user: Callable[[], object | None]):
    """Audit the attempt, refuse it under the lock-out before checking anything, then
    return the user or count the failure. ``kind`` is ``login`` or ``client_login``."""
    counter = throttling.CLIENT if kind == "client_login" else throttling.USER
    record(f"auth.{kind}.request", actor, ref_id=identity)
    try:
        throttling.check_allowed(counter, identity, actor.client_ip)
    except PmsError as exc:
        record(f"auth.{kind}.failure", actor, ref_id=identity, description=f"login refused: locked out ({exc.message})")
        raise
    user = verified_user()
    if user is None:
        throttling.record_failure(counter, identity, actor.client_ip)
        record(f"auth.{kind}.failure", actor, ref_id=identity, description="KER-ATH-023: Invalid Credentials")
        raise AccountErrors.INVALID_CREDENTIALS.error()
    throttling.clear_failures(counter, identity)
    return user


def _password_checker(username: str, password: str) -> Callable[[], object | None]:
    def verified_user():
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            make_password(password)  # same work as a real check: no timing hint that the name is unknown
            return None
        return user if user.check_password(password) and user.is_active else None

    return verified_user


def verify_password_login(username: str, password: str, actor: Actor):
    """The one password check of every way in (API, admin, portal): lock-out, audit
    PMS_AUT_101/201/401. Unknown, inactive and wrong-password users fail alike."""
    user = _verify("login", username, actor, _password_checker(username, password))
    record("auth.login.success", _acting(user, actor), ref_id=username)
    return user


def login_with_password(username: str, password: str, actor: Actor) -> LoginResult:
    """``useridPwd``: the password check, then a token."""
    user = _verify("login", username, actor, _password_checker(username, password))
    return _issue(user, "auth.login.success", username, actor)


def login_with_client_secret(client_id: str, secret: str, actor: Actor) -> LoginResult:
    """``clientidsecretkey``: machine clients log in with their id and secret."""

    def verified_user():
        client = MachineClient.objects.select_related("user").filter(client_id=client_id).first()
        if client is None:
            make_password(secret)
            return None
        return client.user if client.check_secret(secret) and client.user.is_active else None

    user = _verify("client_login", client_id, actor, verified_user)
    return _issue(user, "auth.client_login.success", client_id, actor)


def _acting(user, actor: Actor, session_id: str = "") -> Actor:
    return Actor(username=user.username, roles=roles_of_user(user), user=user, client_ip=actor.client_ip,
                 request_id=actor.request_id, session_id=session_id)


def _issue(user, success_key: str, identity: str, actor: Actor) -> LoginResult:
    roles = roles_of_user(user)
    token = issue_token(user, roles)
    record(success_key, _acting(user, actor, token.jti), ref_id=identity)
    return LoginResult(user=user, token=token, roles=roles)


def invalidate_token(claims: TokenClaims, actor: Actor) -> None:
    """Ends this token only; the user's other sessions stay valid (SPEC §9.4)."""
    with TOKEN_INVALIDATE.run(actor=actor, ref_id=claims.username):
        if not claims.jti:
            raise KernelErrors.AUTHENTICATION_FAILED.error(detail="Invalid Token : token has no id")
        RevokedToken.objects.get_or_create(
            jti=claims.jti, defaults={"expires_at": claims.expires_at, "revoked_by": actor.username}
        )


def local_user_for_keycloak(username: str):
    """The local record of a Keycloak user (no password), created on its first request so
    history rows, ownership and policy-group mappings can point at it. Audit 107/207/407."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    with KEYCLOAK_USER_CREATE.run(actor=Actor.system("keycloak"), ref_id=username) as op:
        user, created = User.objects.get_or_create(username=username, defaults={"password": make_password(None)})
        op.description = "local record created" if created else "local record already there"
    return user


def purge_expired_revocations(*, actor: Actor) -> int:
    """Drops revocation rows of tokens that have expired anyway (cron-safe). Audit 108/208/408."""
    with REVOCATIONS_PURGE.run(actor=actor) as op:
        cutoff = timezone.now() - dt.timedelta(seconds=LEEWAY_SECONDS)
        deleted, _ = RevokedToken.objects.filter(expires_at__lt=cutoff).delete()
        op.description = f"purged {deleted} revocation(s) of expired tokens"
    return deleted


# The roles whose holders work in the admin (so they are staff): the ones a partner admin
# gives on the admin's "add back-office user" page. The zonal admin keeps the devices'
# master data there.
BACK_OFFICE_ROLES = frozenset({Role.PARTNER_ADMIN, Role.POLICYMANAGER, Role.PARTNERMANAGER, Role.MISP_ADMIN,
                               Role.ZONAL_ADMIN, Role.AUDITOR})


@transaction.atomic
def _save_user(name: str, password: str | None, roles: frozenset[Role], client_secret: str | None,
               email: str, replace_roles: bool, password_hash: str | None = None, must_be_new: bool = False):
    User = get_user_model()
    if must_be_new and User.objects.filter(username__iexact=name).exists():
        raise AccountErrors.USER_EXISTS.error()
    user, created = User.objects.get_or_create(username=name, defaults={"email": email})
    if password:
        user.set_password(password)
    elif password_hash:
        user.password = password_hash
    elif created:
        user.set_unusable_password()
    if email:
        user.email = email
    user.is_staff = bool(roles & BACK_OFFICE_ROLES)
    user.save()
    groups = [Group.objects.get_or_create(name=str(role))[0] for role in sorted(roles)]
    if replace_roles:
        user.groups.set(groups)
    else:
        user.groups.add(*groups)
    if client_secret:
        client, _ = MachineClient.objects.get_or_create(user=user, defaults={"client_id": name})
        client.set_secret(client_secret)
        client.save()
    return user, created


def create_pms_user(
    name: str,
    *,
    actor: Actor,
    password: str | None = None,
    roles: frozenset[Role] = frozenset(),
    client_secret: str | None = None,
    email: str = "",
    replace_roles: bool = True,
    password_hash: str | None = None,
    must_be_new: bool = False,
):
    """Creates the user, or updates an existing one: password (Django's password
    validators apply), roles, client secret.

    Users holding a back-office role are staff so they can sign in to the admin.
    ``password_hash`` is a password already validated and hashed by Django's hashers
    (the portal keeps only that while a registration waits for its e-mail check);
    ``must_be_new`` refuses an existing name (any case) instead of updating it.
    """
    if not name or len(name) > 150:
        raise KernelErrors.INVALID_INPUT.error(field="name", detail="1 to 150 characters")
    with USER_SAVE.run(actor=actor, ref_id=name) as op:
        _check_password(name, password, email)
        user, created = _save_user(name, password, roles, client_secret, email, replace_roles, password_hash, must_be_new)
        op.description = ("created" if created else "updated") + " with roles " + ",".join(sorted(roles))
    return user, created


def _check_password(name: str, password: str | None, email: str) -> None:
    if password:
        try:
            validate_password(password, user=get_user_model()(username=name, email=email))
        except ValidationError as exc:
            raise KernelErrors.INVALID_INPUT.error(field="password", detail=" ".join(exc.messages)) from None


def create_back_office_user(*, actor: Actor, name: str, password: str, roles: frozenset[Role], email: str = ""):
    """A partner admin adds a back-office user (the admin's add page): a new name (any
    case, PMS_COR_002), a password Django's validators accept, one or more of
    ``BACK_OFFICE_ROLES``; the user is staff. Anyone else is refused (KER-ATH-403).
    Audit 104/204/404, the refusal included."""
    with BACK_OFFICE_USER_CREATE.run(actor=actor, ref_id=name) as op:
        if not name or len(name) > 150:
            raise KernelErrors.INVALID_INPUT.error(field="name", detail="1 to 150 characters")
        if not password:
            raise KernelErrors.MISSING_INPUT.error(field="password")
        if not roles:
            raise KernelErrors.MISSING_INPUT.error(field="roles")
        if not roles <= BACK_OFFICE_ROLES:
            others = ",".join(sorted(roles - BACK_OFFICE_ROLES))
            raise KernelErrors.INVALID_INPUT.error(field="roles", detail=f"not a back-office role: {others}")
        _check_password(name, password, email)
        user, _ = _save_user(name, password, roles, None, email, True, must_be_new=True)
        op.description = "back-office user created with roles " + ",".join(sorted(roles))
    return user


def reset_password(*, actor: Actor, user, password: str) -> None:
    """A user who proved control of their e-mail address (Django's reset token, checked by
    the view) sets a new password; Django's validators apply. The new password ends every
    token and admin session of the user (accounts.tokens). Audit 109/209/409."""
    with PASSWORD_RESET.run(actor=actor, ref_id=user.username):
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            raise KernelErrors.INVALID_INPUT.error(field="password", detail=" ".join(exc.messages)) from None
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.save(update_fields=["password"])
        user.password = locked.password
        throttling.clear_failures(throttling.USER, user.username)



# The roles a user made through MOSIP 1.2's ``POST /users`` (R110) may get: a partner type's.
# Never PARTNER_ADMIN, a manager, MISP_ADMIN, AUDITOR, ZONAL_ADMIN or a machine client's
# role: MOSIP maps whatever realm role the body names, which lets any partner make an admin.
PORTAL_USER_ROLES = frozenset({Role.PARTNER, Role.AUTH_PARTNER, Role.DEVICE_PROVIDER, Role.FTM_PROVIDER,
                               Role.CREDENTIAL_PARTNER, Role.ONLINE_VERIFICATION_PARTNER, Role.MISP_PARTNER,
                               Role.PRINT_PARTNER, Role.ABIS_PARTNER, Role.SDK_PARTNER, Role.MANUAL_ADJUDICATION})


def create_portal_user(*, actor: Actor, username: str, email: str, role: str | None = None,
                       password: str | None = None, first_name: str = "", last_name: str = ""):
    """R110 (1.2 catalog §15): a user for the partner portal, created only when no user has
    that name (any case); an existing user is left exactly as it is, as MOSIP leaves it.
    ``role``, when given, must be one partner-type role (``PORTAL_USER_ROLES``; anything
    else PMS_COR_002, checked for existing names too); the password must pass Django's
    validators (PMS_COR_002), and without one, or in Keycloak mode (where the user signs
    in at Keycloak), the user cannot sign in here with a password.
    Answers the user and whether it was made. Audit 104/204/404."""
    with PORTAL_USER_CREATE_12.run(actor=actor, ref_id=username) as op:
        if not username or len(username) > 150:
            raise KernelErrors.INVALID_INPUT.error(field="userName", detail="1 to 150 characters")
        granted: frozenset[Role] = frozenset()
        if role:
            found = normalise_role(role)
            if found is None or found not in PORTAL_USER_ROLES:
                raise KernelErrors.INVALID_INPUT.error(field="role", detail="not a partner role")
            granted = frozenset({found})
        existing = get_user_model().objects.filter(username__iexact=username).first()
        if existing is not None:
            op.description = "a user with this name exists: left unchanged"
            return existing, False
        if oidc_enabled():
            # Keycloak mode: the user signs in at Keycloak, whose user of that name this local
            # record will stand for; a password set here would let whoever chose it sign in
            # as that user's local record (and so as the owner of its partners).
            password = None
        if password:
            try:
                validate_password(password, user=get_user_model()(username=username, email=email))
            except ValidationError as exc:
                raise KernelErrors.INVALID_INPUT.error(field="userPassword", detail=" ".join(exc.messages)) from None
        user, _ = _save_user(username, password, granted, None, email, True, must_be_new=True)
        user.first_name, user.last_name = first_name[:150], last_name[:150]
        user.save(update_fields=["first_name", "last_name"])
        op.description = "portal user created with roles " + (",".join(sorted(granted)) or "none")
    return user, True
