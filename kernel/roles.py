"""Roles are Django groups named after MOSIP's role strings (SPEC §4, catalog §5)."""

from __future__ import annotations

from enum import StrEnum
from typing import Iterable


class Role(StrEnum):
    PARTNER_ADMIN = "PARTNER_ADMIN"
    MISP_ADMIN = "MISP_ADMIN"
    POLICYMANAGER = "POLICYMANAGER"
    PARTNERMANAGER = "PARTNERMANAGER"
    PARTNER = "PARTNER"
    AUTH_PARTNER = "AUTH_PARTNER"
    DEVICE_PROVIDER = "DEVICE_PROVIDER"
    FTM_PROVIDER = "FTM_PROVIDER"
    CREDENTIAL_PARTNER = "CREDENTIAL_PARTNER"
    ONLINE_VERIFICATION_PARTNER = "ONLINE_VERIFICATION_PARTNER"
    MISP_PARTNER = "MISP_PARTNER"
    PRINT_PARTNER = "PRINT_PARTNER"
    ABIS_PARTNER = "ABIS_PARTNER"
    SDK_PARTNER = "SDK_PARTNER"
    MANUAL_ADJUDICATION = "MANUAL_ADJUDICATION"
    ZONAL_ADMIN = "ZONAL_ADMIN"
    ID_AUTHENTICATION = "ID_AUTHENTICATION"
    REGISTRATION_PROCESSOR = "REGISTRATION_PROCESSOR"
    AUDITOR = "AUDITOR"
    # Roles MOSIP 1.2's role lists name besides the ones above (1.2 catalog §3.2): the
    # platform's own services and the resident portal call some partner reads.
    RESIDENT = "RESIDENT"
    CREDENTIAL_ISSUANCE = "CREDENTIAL_ISSUANCE"
    CREATE_SHARE = "CREATE_SHARE"
    ID_REPOSITORY = "ID_REPOSITORY"
    PMS_USER = "PMS_USER"


# Spellings MOSIP's own code accepted for the same role (catalog §5.2).
ALIASES: dict[str, Role] = {
    "MISP": Role.MISP_ADMIN,
    "PARTNERS": Role.PARTNER,
    "POLICY_MANAGER": Role.POLICYMANAGER,
    "PARTNER_MANAGER": Role.PARTNERMANAGER,
}


def normalise_role(name: str) -> Role | None:
    key = (name or "").strip().upper()
    if key in Role.__members__:
        return Role(key)
    return ALIASES.get(key)


def normalise_roles(names: Iterable[str]) -> frozenset[Role]:
    return frozenset(role for role in (normalise_role(n) for n in names) if role is not None)


def roles_of_user(user) -> frozenset[Role]:
    """The user's role groups. The one rule for a Django superuser (admin, API, services
    alike): it holds PARTNER_ADMIN, and nothing more (the admin, too, reads roles only:
    kernel.admin_support.OperationAdminMixin)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return frozenset()
    return roles_from_group_names(user.groups.values_list("name", flat=True), getattr(user, "is_superuser", False))


def roles_from_group_names(names: Iterable[str], is_superuser: bool) -> frozenset[Role]:
    """``roles_of_user`` for group names already read (the token check reads them in the
    same statement as the user)."""
    roles = normalise_roles(names)
    if is_superuser:
        roles = roles | {Role.PARTNER_ADMIN}
    return roles


def sync_role_groups(sender=None, using: str = "default", apps=None, **kwargs) -> None:
    """A ``post_migrate`` receiver (kernel.apps): one group per ``Role``, so a role added to
    the enum exists after the next ``migrate`` with no migration copying the list. Groups
    are never removed here: one still holding users is the operator's to retire."""
    from django.apps import apps as global_apps

    try:
        Group = (apps or global_apps).get_model("auth", "Group")
    except LookupError:  # auth not migrated on this database (yet)
        return
    existing = set(Group.objects.using(using).filter(name__in=[str(r) for r in Role]).values_list("name", flat=True))
    Group.objects.using(using).bulk_create([Group(name=str(r)) for r in Role if str(r) not in existing])

