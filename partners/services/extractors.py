"""Biometric extractors per partner and policy, and the policy a partner is mapped to
(1.1 ``/partners/partnerId/{p}/policyId/{q}`` and ``/policies/partnerId/{p}/policyId/{q}``)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.records import require_text, stamp
from policies.models import Policy

from ..errors import ManagerErrors, PartnerErrors
from ..models import ApiKeyRequest, BiometricExtractor, Partner, RequestStatus
from ..operations import EXTRACTORS_ADD, EXTRACTORS_ADD_12, EXTRACTORS_READ_12, PARTNER_READ, POLICY_BY_KEY_READ
from ..selectors import api_keys_open_to_key_reader, partners_open_to_key_reader, partners_owned_by


def set_extractors(*, actor: Actor, partner_id: str, policy_id: str, extractors: list[dict]) -> list[BiometricExtractor]:
    """The owner names the extractor (provider, version) of each biometric attribute for a
    policy it has asked a key for, while the request is In-Progress: no request is
    PMS_PRT_061, an approved one 062. The list replaces the previous one. Audit 111/211/423."""
    with EXTRACTORS_ADD.run(actor=actor, ref_id=partner_id) as op:
        partner = partners_owned_by(actor).select_for_update(of=("self",)).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        requests = ApiKeyRequest.objects.filter(partner=partner, policy_id=policy_id)
        if requests.filter(status=RequestStatus.APPROVED).exists():
            raise PartnerErrors.EXTRACTORS_AFTER_APPROVAL.error()
        if not requests.filter(status=RequestStatus.IN_PROGRESS).exists():
            raise PartnerErrors.NO_POLICY_MAPPING.error()
        rows, seen = [], set()
        for index, item in enumerate(extractors):
            where = f"extractors[{index}]"
            attribute = require_text(item.get("attributeName"), f"{where}.attributeName", 128)
            biometric = require_text(item.get("biometric"), f"{where}.biometric", 64)
            extractor = item.get("extractor") or {}
            if not isinstance(extractor, dict):
                raise KernelErrors.INVALID_INPUT.error(field=f"{where}.extractor", detail="expected an object")
            if (attribute.lower(), biometric.lower()) in seen:
                raise KernelErrors.INVALID_INPUT.error(field=where, detail="the same attribute and biometric twice")
            seen.add((attribute.lower(), biometric.lower()))
            row = BiometricExtractor(partner=partner, policy_id=policy_id, attribute_name=attribute, biometric=biometric,
                                     provider=require_text(extractor.get("provider"), f"{where}.extractor.provider", 128),
                                     version=require_text(extractor.get("version"), f"{where}.extractor.version", 64))
            stamp(row, actor, created=True)
            rows.append(row)
        for old in BiometricExtractor.objects.filter(partner=partner, policy_id=policy_id):
            old._history_user = actor.user
            old.delete()
        for row in rows:
            row.save()
        op.description = f"{len(rows)} extractor(s) set for policy {policy_id}"
    return rows


def extractors_of(*, actor: Actor, partner_id: str, policy_id: str) -> list[BiometricExtractor]:
    """The owner's extractors for a policy (none: PMS_PRT_064). Audit 249/449."""
    with PARTNER_READ.run(actor=actor, ref_id=partner_id):
        partner = partners_owned_by(actor).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        rows = list(BiometricExtractor.objects.filter(partner=partner, policy_id=policy_id))
        if not rows:
            raise PartnerErrors.NO_EXTRACTORS.error()
    return rows


def fetch_partner_policy(*, actor: Actor, partner_id: str, policy_id: str) -> tuple[Partner, Policy]:
    """``GET /policies/partnerId/{p}/policyId/{q}``: the policy ``q`` when partner ``p`` holds
    an active, unexpired key for it. Machine clients read any partner's; a manager only
    its groups' partners and policies, another group's answering exactly like unknown ones
    (SPEC §4, §9.1), so a manager learns nothing of which partner holds which key there.
    Unknown partner: PMS_PRT_005; no such key: PMS_PMP_017. Audit 287/487."""
    with POLICY_BY_KEY_READ.run(actor=actor, ref_id=policy_id):
        partner = partners_open_to_key_reader(actor).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        now = timezone.now()
        key = (api_keys_open_to_key_reader(actor).select_related("policy", "policy__policy_group")
               .filter(Q(partner=partner) & Q(policy_id=policy_id), is_active=True, valid_from__lte=now, valid_to__gte=now)
               .first())
        if key is None or not partner.is_active or not key.policy.is_active:
            raise ManagerErrors.NOT_MAPPED.error()
    return partner, key.policy


def upsert_extractors_12(*, actor: Actor, partner_id: str, policy_id: str,
                         extractors: list[dict]) -> list[BiometricExtractor]:
    """R34 (1.2 catalog §7.9): the partner's extractors for a policy it asked for, while no
    request for it is approved: none at all (or another's partner, or an unknown one) is
    PMS_PRT_061, an approved one PMS_PRT_062. Unlike the 1.0 route, which replaces the
    list, each ``attributeName`` sent replaces that attribute's extractor and the others
    stay (MOSIP's upsert). ``biometric`` is kept as sent (``face``,
    ``finger[LeftThumb,RightThumb]``): R35 answers it back the same. Audit 111/211/423."""
    with EXTRACTORS_ADD_12.run(actor=actor, ref_id=partner_id) as op:
        partner = partners_owned_by(actor).select_for_update(of=("self",)).filter(pk=partner_id).first()
        requests = ApiKeyRequest.objects.filter(partner=partner, policy_id=policy_id) if partner else None
        if requests is None or not requests.exists():
            raise PartnerErrors.NO_POLICY_MAPPING.error()
        if requests.filter(status=RequestStatus.APPROVED).exists():
            raise PartnerErrors.EXTRACTORS_AFTER_APPROVAL.error()
        rows = []
        for item in extractors:
            extractor = item.get("extractor") or {}
            row = BiometricExtractor(partner=partner, policy_id=policy_id, attribute_name=item["attributeName"],
                                     biometric=item.get("biometric") or "", provider=extractor.get("provider") or "",
                                     version=extractor.get("version") or "")
            stamp(row, actor, created=True)
            rows.append(row)
        replaced = {row.attribute_name.lower() for row in rows}
        for old in BiometricExtractor.objects.filter(partner=partner, policy_id=policy_id):
            if old.attribute_name.lower() in replaced:
                old._history_user = actor.user
                old.delete()
        for row in rows:
            row.save()
        op.description = f"{len(rows)} extractor(s) added or replaced for policy {policy_id} (MOSIP 1.2)"
    return rows


def extractors_of_12(*, actor: Actor, partner_id: str, policy_id: str) -> list[BiometricExtractor]:
    """R35: the partner's extractors for a policy; none (or another's partner): PMS_PRT_064."""
    with EXTRACTORS_READ_12.run(actor=actor, ref_id=partner_id):
        partner = partners_owned_by(actor).filter(pk=partner_id).first()
        rows = list(BiometricExtractor.objects.filter(partner=partner, policy_id=policy_id)
                    .order_by("attribute_name", "biometric")) if partner else []
        if not rows:
            raise PartnerErrors.NO_EXTRACTORS.error()
    return rows
