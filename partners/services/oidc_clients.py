"""MOSIP 1.2's OAuth/OIDC clients of authentication partners (1.2 catalog §14, R103-R109).

A client belongs to an authentication partner and one of its approved Auth policies; its
id is derived from its public key (one key, one client). The rules and their order are
MOSIP's (``create_client``, ``update_client``); scope is this service's (SPEC §10.2):
a caller acts for the partners it owns (PARTNER_ADMIN for all), and another partner's
client answers like an unknown one (PMS_ESI_004).

**eSignet, and no orphan client there.** eSignet is called only when PMS_ESIGNET_BASE_URL
is set. Unset, a client lives here only: created ACTIVE in one transaction (row,
history, audit, ``OIDC_CLIENT_CREATED``), claims not filtered by eSignet's supported ones
unless PMS_ESIGNET_CLAIMS_SUPPORTED lists them. Set, MOSIP calls eSignet first and saves
its row after, so a failure in between leaves a client in eSignet that MOSIP does not
know. Here a change is written down *before* eSignet is asked, and eSignet's answer is
applied after:

1. Create: the checks, then the row in state ``creating`` (``esignet_sync``), committed in
   its own transaction (audit ``create.pending``). A ``creating`` row is no client: reads,
   lists and the portal leave it out; its key is taken.
2. eSignet is asked to create the client.
3. - It created it: the row becomes a client (``esignet_sync`` cleared) with its audit
     success row and ``OIDC_CLIENT_CREATED``, in one transaction (``_confirm_created``).
   - It refused (its error list): eSignet has nothing; the row is deleted and eSignet's
     code and message are answered.
   - No usable answer (unreachable, timeout, HTTP error): eSignet may have the client.
     The row stays ``creating`` and PMS_PRT_500 is answered.
   - Our side fails after eSignet created it (the confirming transaction fails): the row
     stays ``creating``.
4. A ``creating`` row is settled by sending the same create again: eSignet creates it,
   or answers ``duplicate_client_id`` (it has it): either way the row is confirmed;
   a refusal deletes it. This happens when the caller tries again with the same key (the
   retry answers as a create would) and in ``manage.py reconcile_oidc_clients``.

So eSignet never holds a client whose id this service does not have a row for.

Update: eSignet's update is idempotent, so the row is marked ``updating`` (committed), the
new values sent, and on success applied with audit and ``OIDC_CLIENT_UPDATED`` in one
transaction. Refused: the mark is cleared and nothing changed. No answer, or our side
failing after eSignet's success: the row keeps its old values and the mark; the next
update, or ``reconcile_oidc_clients``, sends the row's values to eSignet again, so both
sides agree on what this service answered (the update that failed changed nothing).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from cryptography.hazmat.primitives import serialization
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.records import stamp
from kernel.search import ListPage, SortKey, list_page, list_query
from policies.models import Policy

from ..conf import app_settings
from ..errors import Keys12Errors, ManagerErrors, OidcClients12Errors, esignet_refusal
from ..events import record_oidc_client_created, record_oidc_client_updated
from ..models import ApiKeyRequest, EsignetSync, OidcClient, OidcClientApi, OidcClientStatus, Partner, RequestStatus
from ..operations import (
    OIDC_CLIENT_CREATE,
    OIDC_CLIENT_CREATE_CONFIRM,
    OIDC_CLIENT_READ,
    OIDC_CLIENT_RECONCILE,
    OIDC_CLIENT_UPDATE,
    OIDC_CLIENT_UPDATE_CONFIRM,
)
from ..selectors import partners_owned_by
from . import esignet

AUTH_PARTNER = "auth_partner"
MAPPINGS = Path(__file__).resolve().parent.parent / "esignet"


# --- the public key and the client id -------------------------------------------------------

# A JWK's private members (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2): an RSA key without
# its ``d`` still gives itself away by its primes or CRT values, so any of them refuses the key
# (the JWK is stored, answered and sent to eSignet as given).
PRIVATE_JWK_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


def client_id_of(jwk: Mapping[str, Any]) -> str:
    """The client id of a JWK public key (RSA ``n,e``; EC ``crv,x,y``; OKP Ed25519 ``x``):
    URL-safe base64 without padding of the SHA-256 of the key's DER SubjectPublicKeyInfo.
    Anything else, or a key with any private member (``PRIVATE_JWK_MEMBERS``): PMS_ESI_007."""
    if not isinstance(jwk, Mapping) or any(value is None for value in jwk.values()):
        raise OidcClients12Errors.BAD_PUBLIC_KEY.error()
    algorithm = {"RSA": RSAAlgorithm, "EC": ECAlgorithm, "OKP": OKPAlgorithm}.get(str(jwk.get("kty")))
    if algorithm is None or PRIVATE_JWK_MEMBERS.intersection(str(name) for name in jwk):
        raise OidcClients12Errors.BAD_PUBLIC_KEY.error()
    try:
        key = algorithm.from_jwk(json.dumps(dict(jwk)))
        der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    except Exception:  # noqa: BLE001 - any parse failure is the caller's bad key
        raise OidcClients12Errors.BAD_PUBLIC_KEY.error() from None
    return base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()


# --- claims and ACRs ------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _mapping(override: str, bundled: str) -> dict[str, str]:
    text = override or (MAPPINGS / bundled).read_text()
    data = json.loads(text)
    return {str(k).lower(): str(v) for k, v in data.items()}


def claims_mapping() -> dict[str, str]:
    return _mapping(app_settings.PMS_ESIGNET_CLAIMS_MAPPING, "identity-mapping.json")


def amr_acr_mapping() -> dict[str, str]:
    return _mapping(app_settings.PMS_ESIGNET_AMR_ACR_MAPPING, "amr-acr-mapping.json")


def _entries(document: Any, *keys: str) -> list[dict]:
    for key in keys:
        value = document.get(key) if isinstance(document, dict) else None
        if isinstance(value, list):
            return [entry for entry in value if isinstance(entry, dict)]
    return []


def claims_and_acrs(policy: Policy) -> tuple[list[str], list[str]]:
    """The policy's KYC attributes as eSignet claims (mapped, kept when eSignet supports
    them; none: PMS_ESI_005), then its authentication types: a mandatory one is
    PMS_ESI_003, the rest mapped to ACR values (none: PMS_ESI_006)."""
    mapping = claims_mapping()
    supported = _claims_supported()
    claims: list[str] = []
    for entry in _entries(policy.document, "allowedKycAttributes"):
        claim = mapping.get(str(entry.get("attributeName") or "").lower())
        if claim and (supported is None or claim in supported) and claim not in claims:
            claims.append(claim)
    if not claims:
        raise OidcClients12Errors.NO_CLAIMS.error()
    acr_of = amr_acr_mapping()
    acrs: list[str] = []
    for entry in _entries(policy.document, "allowedAuthTypes", "authPolicies"):
        if entry.get("mandatory") is True:
            raise OidcClients12Errors.MANDATORY_AUTHS.error()
        acr = acr_of.get(str(entry.get("authType") or "").lower())
        if acr and acr not in acrs:
            acrs.append(acr)
    if not acrs:
        raise OidcClients12Errors.NO_ACRS.error()
    return claims, acrs


def _claims_supported() -> set[str] | None:
    try:
        return esignet.claims_supported()
    except esignet.EsignetUnsure as exc:
        raise OidcClients12Errors.ESIGNET_FAILED.error(detail=str(exc)) from None


# --- scope ----------------------------------------------------------------------------------

def clients_for(actor: Actor) -> QuerySet[OidcClient]:
    """The clients an actor may see: of the partners it owns (PARTNER_ADMIN: all), never a
    row still being created in eSignet."""
    rows = (OidcClient.objects.select_related("partner", "policy", "policy__policy_group")
            .exclude(esignet_sync=EsignetSync.CREATING))
    if actor.is_partner_admin:
        return rows
    return rows.filter(partner__in=partners_owned_by(actor).values("pk"))


def _visible(actor: Actor, client: OidcClient) -> bool:
    return actor.is_partner_admin or partners_owned_by(actor).filter(pk=client.partner_id).exists()


def stored_name(api: str, name: str, names: Mapping[str, str] | None) -> str:
    """What MOSIP stores as ``name``: an OAuth client's names per language plus
    ``"@none": name`` as JSON text; an OIDC client's name."""
    if api == OidcClientApi.OAUTH:
        return json.dumps({**dict(names or {}), "@none": name}, ensure_ascii=False)
    return name


# --- eSignet bodies -------------------------------------------------------------------------

def _client_body(client: OidcClient) -> dict[str, Any]:
    """What eSignet's create and update bodies both carry, from the row."""
    body = {"clientName": client.display_name, "logoUri": client.logo_uri, "redirectUris": list(client.redirect_uris),
            "grantTypes": list(client.grant_types), "clientAuthMethods": list(client.auth_methods),
            "userClaims": list(client.claims), "authContextRefs": list(client.acr_values)}
    if client.api == OidcClientApi.OAUTH:
        body["clientNameLangMap"] = lang_map(client)
    return body


def _create_body(client: OidcClient) -> dict[str, Any]:
    return {"clientId": client.id, "publicKey": json.loads(client.public_key), "relyingPartyId": client.partner_id,
            **_client_body(client)}


def _update_body(client: OidcClient) -> dict[str, Any]:
    return {"status": client.status, **_client_body(client)}


def lang_map(client: OidcClient) -> dict[str, str]:
    try:
        names = json.loads(client.name)
    except ValueError:
        return {}
    return {k: v for k, v in names.items() if k != "@none"} if isinstance(names, dict) else {}


# --- create (R103, R107) --------------------------------------------------------------------

def create_client(*, actor: Actor, api: str, data: Mapping[str, Any]) -> OidcClient:
    """R103 (``api="oauth"``) and R107 (``"oidc"``), in MOSIP's order (1.2 catalog §14.2):
    the key (PMS_ESI_007), unused (PMS_ESI_001); the caller owns a partner
    (PMS_CERTIFICATE_ERROR_002) and ``authPartnerId`` is one of them (PMS_POLICY_ERROR_009;
    PARTNER_ADMIN any: PMS_PRT_058 when unknown), an authentication partner (PMS_PRT_059),
    active (PMS_PMP_016); the policy exists (PMS_PRT_073), is an Auth policy (PMS_PRT_057),
    the partner asked for it (PMS_PRT_061) and was approved, through either generation's
    route (PMS_ESI_002); claims (PMS_ESI_005), no mandatory authentication (PMS_ESI_003),
    ACR values (PMS_ESI_006). Then eSignet, as the module docstring says."""
    retry: OidcClient | None = None
    with OIDC_CLIENT_CREATE.run(actor=actor, ref_id=str(data.get("authPartnerId") or "")) as op:
        client_id = client_id_of(data.get("publicKey"))
        existing = OidcClient.objects.filter(pk=client_id).first()
        if existing is not None:
            if existing.esignet_sync != EsignetSync.CREATING or not _visible(actor, existing):
                raise OidcClients12Errors.DUPLICATE_KEY.error()
            retry = existing  # the caller's own create, unconfirmed: settled below
            op.ref_id = client_id
            op.outcome = "pending"
            op.description = f"OIDC client {client_id}: a create tried again while eSignet's answer is unknown"
        else:
            client = _checked_new_client(actor, api, data, client_id)
            op.ref_id = client_id
            if esignet.configured():
                client.esignet_sync = EsignetSync.CREATING
                _insert(client)
                op.outcome = "pending"
                op.description = f"OIDC client {client_id} of partner {client.partner_id} recorded; eSignet asked next"
            else:
                _insert(client)
                record_oidc_client_created(client)
                op.description = (f"OIDC client {client_id} created for partner {client.partner_id}, policy "
                                  f"{client.policy_id} (eSignet not configured: kept here only)")
                return client
    target = retry or OidcClient.objects.get(pk=client_id)
    return _settle_creation(actor, target)


# R103/R104's limits on redirect URIs (the API's body checks them first; any other caller,
# the portal say, is held to them here).
MAX_REDIRECT_URIS, MAX_URI_LENGTH = 5, 2048


def check_redirect_uris(uris: Any) -> list[str]:
    """One to five redirect URIs, each a non-blank text of at most 2048 characters; else
    PMS_COR_002 (``redirectUris``)."""
    if (not isinstance(uris, (list, tuple)) or not 1 <= len(uris) <= MAX_REDIRECT_URIS
            or any(not isinstance(u, str) or not u.strip() or len(u) > MAX_URI_LENGTH for u in uris)):
        raise KernelErrors.INVALID_INPUT.error(field="redirectUris")
    return list(uris)


def _checked_new_client(actor: Actor, api: str, data: Mapping[str, Any], client_id: str) -> OidcClient:
    partner_id = str(data.get("authPartnerId") or "")
    if actor.is_partner_admin:
        partner = Partner.objects.select_related("partner_type").filter(pk=partner_id).first()
        if partner is None:
            raise OidcClients12Errors.PARTNER_NOT_FOUND.error(partner_id=partner_id)
    else:
        owned = partners_owned_by(actor)
        if not owned.exists():
            raise Keys12Errors.USER_HAS_NO_PARTNER.error()
        partner = owned.filter(pk=partner_id).first()
        if partner is None:
            raise OidcClients12Errors.NOT_OWNER_CREATE.error()
    if (partner.partner_type_id or "").lower() != AUTH_PARTNER:
        raise OidcClients12Errors.NOT_AUTH_PARTNER.error(partner_type=partner.partner_type_id)
    if not partner.is_active:
        raise ManagerErrors.PARTNER_INACTIVE.error()
    policy = Policy.objects.select_related("policy_group").filter(pk=str(data.get("policyId") or "")).first()
    if policy is None:
        raise Keys12Errors.POLICY_NOT_FOUND.error()
    if policy.policy_type != "Auth":
        raise OidcClients12Errors.POLICY_TYPE.error()
    requests = ApiKeyRequest.objects.filter(partner=partner, policy=policy)
    if not requests.exists():
        raise OidcClients12Errors.NO_MAPPING.error()
    if not requests.filter(status=RequestStatus.APPROVED).exists():
        raise OidcClients12Errors.NOT_APPROVED.error()
    claims, acrs = claims_and_acrs(policy)
    client = OidcClient(id=client_id, name=stored_name(api, data["name"], data.get("clientNameLangMap")),
                        partner=partner, policy=policy, logo_uri=data["logoUri"],
                        redirect_uris=check_redirect_uris(data["redirectUris"]),
                        public_key=json.dumps(dict(data["publicKey"]), separators=(",", ":")), claims=claims,
                        acr_values=acrs, status=OidcClientStatus.ACTIVE, grant_types=list(data["grantTypes"]),
                        auth_methods=list(data["clientAuthMethods"]), api=api)
    stamp(client, actor, created=True)
    return client


def _insert(client: OidcClient) -> None:
    """A new row, never an update of another's: two creates racing with one key leave one
    client, the other answered PMS_ESI_001 (the primary key decides)."""
    try:
        with transaction.atomic():
            client.save(force_insert=True)
    except IntegrityError:
        raise OidcClients12Errors.DUPLICATE_KEY.error() from None


def _settle_creation(actor: Actor, client: OidcClient) -> OidcClient:
    """Ask eSignet to create a ``creating`` row's client and apply the answer (module
    docstring, steps 2-4). Returns the confirmed client; raises eSignet's refusal
    (row deleted) or PMS_PRT_500 (no answer: row kept for the next try)."""
    try:
        esignet.create_client(client.api, _create_body(client))
    except esignet.EsignetRefused as refusal:
        if refusal.code != esignet.DUPLICATE_CLIENT:
            _forget(client)
            with OIDC_CLIENT_CREATE_CONFIRM.run(actor=actor, ref_id=client.id):
                raise _refusal_error(refusal) from None
    except esignet.EsignetUnsure as unsure:
        with OIDC_CLIENT_CREATE_CONFIRM.run(actor=actor, ref_id=client.id):
            raise OidcClients12Errors.ESIGNET_FAILED.error(detail=str(unsure)) from None
    return _confirm_created(actor, client.id)


def _refusal_error(refusal: esignet.EsignetRefused):
    if not refusal.code:
        return OidcClients12Errors.ESIGNET_FAILED.error()
    return esignet_refusal(refusal.code, refusal.message).error()


def _forget(client: OidcClient) -> None:
    """eSignet refused to create it: the unconfirmed row goes (its history keeps it)."""
    with transaction.atomic():
        row = OidcClient.objects.select_for_update().filter(pk=client.id, esignet_sync=EsignetSync.CREATING).first()
        if row is not None:
            row._history_user = None
            row.delete()


def _confirm_created(actor: Actor, client_id: str) -> OidcClient:
    """eSignet has the client: the row becomes one, with ``OIDC_CLIENT_CREATED``, in one
    transaction. Confirming twice (a retry racing the reconciler) changes nothing."""
    with OIDC_CLIENT_CREATE_CONFIRM.run(actor=actor, ref_id=client_id) as op:
        client = (OidcClient.objects.select_for_update(of=("self",)).select_related("partner", "policy")
                  .get(pk=client_id))
        if client.esignet_sync == EsignetSync.CREATING:
            client.esignet_sync = EsignetSync.IN_STEP
            stamp(client, actor)
            client.save()
            record_oidc_client_created(client)
        op.description = f"OIDC client {client_id} created for partner {client.partner_id} (in eSignet and here)"
    return client


# --- update (R104, R108) --------------------------------------------------------------------

def update_client(*, actor: Actor, client_id: str, data: Mapping[str, Any]) -> OidcClient:
    """R104/R108 (1.2 catalog §14.3): the client (the caller's; else PMS_ESI_004, as an
    unknown one) not deactivated (PMS_ESI_008: INACTIVE is terminal), its partner active
    (PMS_PMP_016) unless PARTNER_ADMIN changes the status. A status different from the
    stored one changes **only** the status; otherwise name, logo, redirect URIs, grant
    types and auth methods are replaced. eSignet as the module docstring says."""
    with OIDC_CLIENT_UPDATE.run(actor=actor, ref_id=client_id) as op:
        client = clients_for(actor).select_for_update(of=("self",)).filter(pk=client_id).first()
        if client is None:
            raise OidcClients12Errors.CLIENT_NOT_FOUND.error()
        if client.status == OidcClientStatus.INACTIVE:
            raise OidcClients12Errors.DEACTIVATED.error()
        status = str(data["status"]).upper()
        status_only = status != client.status
        if not client.partner.is_active and not (actor.is_partner_admin and status_only):
            raise ManagerErrors.PARTNER_INACTIVE.error()
        _apply(client, data, status, status_only)
        if not esignet.configured():
            stamp(client, actor)
            client.save()
            record_oidc_client_updated(client)
            op.description = _update_text(client, status_only)
            return client
        # updated_at too: the reconciler leaves a row this young to this request
        OidcClient.objects.filter(pk=client_id).update(esignet_sync=EsignetSync.UPDATING, updated_at=timezone.now())
        op.outcome = "pending"
        op.description = f"OIDC client {client_id}: eSignet asked to change it"
    try:
        esignet.update_client(client.api, client.id, _update_body(client))
    except esignet.EsignetRefused as refusal:
        OidcClient.objects.filter(pk=client_id, esignet_sync=EsignetSync.UPDATING).update(
            esignet_sync=EsignetSync.IN_STEP)
        with OIDC_CLIENT_UPDATE_CONFIRM.run(actor=actor, ref_id=client_id):
            raise OidcClients12Errors.ESIGNET_FAILED.error(detail=refusal.message or refusal.code or None) from None
    except esignet.EsignetUnsure as unsure:
        with OIDC_CLIENT_UPDATE_CONFIRM.run(actor=actor, ref_id=client_id):
            raise OidcClients12Errors.ESIGNET_FAILED.error(detail=str(unsure)) from None
    with OIDC_CLIENT_UPDATE_CONFIRM.run(actor=actor, ref_id=client_id) as op:
        row = OidcClient.objects.select_for_update(of=("self",)).select_related("partner", "policy").get(pk=client_id)
        _apply(row, data, status, status_only)
        row.esignet_sync = EsignetSync.IN_STEP
        stamp(row, actor)
        row.save()
        record_oidc_client_updated(row)
        op.description = _update_text(row, status_only)
    return row


def _apply(client: OidcClient, data: Mapping[str, Any], status: str, status_only: bool) -> None:
    if status_only:
        client.status = status
        return
    client.name = stored_name(client.api, data["clientName"], data.get("clientNameLangMap"))
    client.logo_uri = data["logoUri"]
    client.redirect_uris = check_redirect_uris(data["redirectUris"])
    client.grant_types = list(data["grantTypes"])
    client.auth_methods = list(data["clientAuthMethods"])


def _update_text(client: OidcClient, status_only: bool) -> str:
    if status_only:
        return f"OIDC client {client.id} status set to {client.status}"
    return f"OIDC client {client.id} details updated"


# --- reads (R105, R106, R109) ---------------------------------------------------------------

def get_client(*, actor: Actor, client_id: str) -> OidcClient:
    """R105/R109: the caller's client (another's, or one not confirmed by eSignet yet,
    answers PMS_ESI_004 as an unknown one)."""
    with OIDC_CLIENT_READ.run(actor=actor, ref_id=client_id) as op:
        client = clients_for(actor).filter(pk=client_id).first()
        if client is None:
            raise OidcClients12Errors.CLIENT_NOT_FOUND.error()
        op.description = f"OIDC client {client_id} read"
    return client


CLIENT_SORT = {
    "partnerId": SortKey("partner_id"), "orgName": SortKey("partner__name"),
    "policyGroupName": SortKey("policy__policy_group__name"), "policyName": SortKey("policy__name"),
    "clientName": SortKey("name"), "clientId": SortKey("id"), "status": SortKey("status"),
    "createdDateTime": SortKey("created_at"), "updatedDateTime": SortKey("updated_at"),
}
CLIENT_FILTERS = {"partnerId": "partner__id", "orgName": "partner__name", "policyGroupName": "policy__policy_group__name",
                  "policyName": "policy__name", "clientName": "name"}


def list_clients(*, actor: Actor, params: Mapping[str, str]) -> ListPage:
    """R106 (1.2 catalog §14.5): the clients of the caller's partners (PARTNER_ADMIN: all),
    paged (§4.1). A caller owning no partner: PMS_CERTIFICATE_ERROR_002; one of whose
    partners has no policy group: PMS_POLICY_ERROR_005. Text filters are substrings (any
    case); ``status`` exact."""
    query = list_query(params, CLIENT_SORT)
    with OIDC_CLIENT_READ.run(actor=actor) as op:
        if not actor.is_partner_admin:
            owned = partners_owned_by(actor)
            if not owned.exists():
                raise Keys12Errors.USER_HAS_NO_PARTNER.error()
            if owned.filter(policy_group__isnull=True).exists():
                raise Keys12Errors.PARTNER_WITHOUT_GROUP.error()
        rows = clients_for(actor)
        for wire, path in CLIENT_FILTERS.items():
            value = params.get(wire)
            if value:
                rows = rows.filter(**{f"{path}__icontains": value})
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        page = list_page(rows, query)
        op.description = f"OIDC clients listed: {page.total}"
    return page


# --- reconciliation -------------------------------------------------------------------------

def reconcile(*, actor: Actor, min_age_seconds: int = 60) -> dict[str, int]:
    """Bring every row not known to agree with eSignet in step (``manage.py
    reconcile_oidc_clients``): a ``creating`` row is created again (eSignet's duplicate
    answer counts as done) and confirmed, or deleted when eSignet refuses it; an
    ``updating`` row's values are sent again. Rows younger than ``min_age_seconds`` are
    left to the request that is still handling them. Returns counts."""
    counts = {"confirmed": 0, "removed": 0, "resent": 0, "unsure": 0}
    if not esignet.configured():
        return counts
    cutoff = timezone.now() - dt.timedelta(seconds=min_age_seconds)
    pending = list(OidcClient.objects.filter(updated_at__lte=cutoff).exclude(esignet_sync=EsignetSync.IN_STEP)
                   .order_by("updated_at").values_list("pk", "esignet_sync"))
    for client_id, state in pending:
        client = OidcClient.objects.filter(pk=client_id).first()
        if client is None:
            continue
        try:
            if state == EsignetSync.CREATING:
                try:
                    _settle_creation(actor, client)
                    counts["confirmed"] += 1
                except Exception as exc:  # noqa: BLE001 - refused (row gone) or unsure (kept)
                    gone = not OidcClient.objects.filter(pk=client_id).exists()
                    counts["removed" if gone else "unsure"] += 1
                    if not gone and not _is_pms(exc):
                        raise
            else:
                with OIDC_CLIENT_RECONCILE.run(actor=actor, ref_id=client_id) as op:
                    esignet.update_client(client.api, client.id, _update_body(client))
                    OidcClient.objects.filter(pk=client_id, updated_at=client.updated_at).update(
                        esignet_sync=EsignetSync.IN_STEP)
                    op.description = f"OIDC client {client_id}: its values sent to eSignet again"
                counts["resent"] += 1
        except (esignet.EsignetUnsure, esignet.EsignetRefused):
            counts["unsure"] += 1
    return counts


def _is_pms(exc: Exception) -> bool:
    from kernel.errors import PmsError

    return isinstance(exc, PmsError)
