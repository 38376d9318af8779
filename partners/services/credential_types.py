"""MOSIP 1.2's credential-type mapping (1.2 catalog §7.9, R36, R37): a partner names the
policy under which its credentials of one type (``auth``, ``qrcode``, ``euin``...) are
issued, and reads it back. The 1.0 generation has no such mapping: the record
(``PartnerCredentialType``) is read and written by these two routes only.

Decisions (docs/api-tour-1.2.md):

- **One row per partner and credential type.** MOSIP upserts (partner, policy id, credential
  type) but R37 reads one policy per partner and type; R36 for a type already mapped
  moves it to the named policy (history keeps the previous one). The same policy again
  changes nothing and still answers MOSIP's message.
- **Credential types** are matched case-insensitively against PMS_ALLOWED_CREDENTIAL_TYPES
  and stored as configured.
- **Scope** (SPEC §10.2): R36 maps a partner the caller owns (PARTNER_ADMIN: any); another
  owner's partner answers PMS_PRT_005, as an unknown one. R37 is read by the owner too,
  and by the credential services (CREDENTIAL_ISSUANCE, CREATE_SHARE), machine clients that
  issue every partner's credentials, as they read every partner's certificate (R15–R17);
  another partner's mapping answers the owner PMS_PRT_064, as a missing one.
- No approved policy request is needed (MOSIP); no WebSub event (MOSIP sends none).
"""

from __future__ import annotations

from django.db.models import QuerySet

from kernel.actors import Actor
from kernel.records import change, stamp
from kernel.roles import Role

from ..conf import app_settings
from ..errors import CredentialTypes12Errors, ManagerErrors, PartnerErrors
from ..models import Partner, PartnerCredentialType
from ..operations import CREDENTIAL_TYPE_MAP_12, CREDENTIAL_TYPE_READ_12
from ..selectors import partners_owned_by
from .mapping import policy_named_for

# Machine clients that issue credentials for every partner (R37 reads any partner's).
CREDENTIAL_SERVICES = (Role.CREDENTIAL_ISSUANCE, Role.CREATE_SHARE)


def _configured(values: list[str]) -> list[str]:
    return [value.strip() for value in values if value.strip()]


def allowed_credential_type(text: str) -> str | None:
    """The configured spelling of ``text`` among PMS_ALLOWED_CREDENTIAL_TYPES (any case), or None."""
    wanted = (text or "").strip().lower()
    return next((kind for kind in _configured(app_settings.PMS_ALLOWED_CREDENTIAL_TYPES) if kind.lower() == wanted), None)


def map_credential_type(*, actor: Actor, partner_id: str, credential_type: str,
                        policy_name: str) -> PartnerCredentialType:
    """R36: checks in MOSIP's order: the type is allowed (PMS_PRT_072 with the allowed
    list); the partner is the caller's (else PMS_PRT_005) and active (PMS_PMP_016); its
    type may map credentials (PMS_PRT_070 with the list); the policy, by name, passes
    R20's checks (PMS_PRT_073, _098, PMS_PMP_019, _023). Then the partner's mapping of
    that type is created or moved to the policy. Audit 172/272/472."""
    with CREDENTIAL_TYPE_MAP_12.run(actor=actor, ref_id=partner_id) as op:
        kind = allowed_credential_type(credential_type)
        if kind is None:
            raise CredentialTypes12Errors.TYPE_NOT_ALLOWED.error(
                types=",".join(_configured(app_settings.PMS_ALLOWED_CREDENTIAL_TYPES)))
        partner = partners_owned_by(actor).select_for_update(of=("self",)).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        if not partner.is_active:
            raise ManagerErrors.PARTNER_INACTIVE.error()
        mappers = _configured(app_settings.PMS_CREDENTIAL_MAPPING_PARTNER_TYPES)
        if partner.partner_type_id.lower() not in {name.lower() for name in mappers}:
            raise CredentialTypes12Errors.PARTNER_TYPE_NOT_ALLOWED.error(types=",".join(mappers))
        policy = policy_named_for(partner, policy_name)
        row = PartnerCredentialType.objects.select_for_update().filter(partner=partner, credential_type=kind).first()
        if row is None:
            row = PartnerCredentialType(partner=partner, policy=policy, credential_type=kind)
            stamp(row, actor, created=True)
            row.save()
            op.description = f"credential type {kind} of partner {partner.id} mapped to policy {policy.id}"
        elif change(row, actor, policy=policy, is_active=True):
            op.description = f"credential type {kind} of partner {partner.id} moved to policy {policy.id}"
        else:
            op.description = f"credential type {kind} of partner {partner.id} already mapped to policy {policy.id}"
    return row


def _readable_partners(actor: Actor) -> QuerySet[Partner]:
    if any(actor.has_role(role) for role in CREDENTIAL_SERVICES):
        return Partner.objects.all()
    return partners_owned_by(actor)


def credential_type_policy(*, actor: Actor, partner_id: str, credential_type: str) -> PartnerCredentialType:
    """R37: the policy a partner's credentials of a type are issued under. No mapping (an
    unknown or another owner's partner included): PMS_PRT_064. MOSIP's PMS_PRT_073 (the
    mapped policy is gone) and PMS_PRT_071 (its text is no JSON) cannot occur here: a
    mapped policy cannot be deleted and policies are stored as JSON. Audit 249/449."""
    with CREDENTIAL_TYPE_READ_12.run(actor=actor, ref_id=partner_id):
        row = (PartnerCredentialType.objects.select_related("policy", "policy__policy_group")
               .filter(partner__in=_readable_partners(actor).values("pk"), partner_id=partner_id,
                       credential_type__iexact=(credential_type or "").strip(), is_active=True).first())
        if row is None:
            raise PartnerErrors.NO_EXTRACTORS.error()
    return row
