"""The partner and API-key payloads of MOSIP 1.2's WebSub events (1.2 catalog §17.1),
built in one place for every topic that carries them."""

from __future__ import annotations

from typing import Any

from events.conf import app_settings as event_settings
from events.services import record_event
from kernel.envelope import format_time

from .models import Partner, PartnerApiKey
from .selectors import certificates_of_partner

PARTNER_UPDATED = "PARTNER_UPDATED"
CA_CERTIFICATE_UPLOADED = "CA_CERTIFICATE_UPLOADED"
APIKEY_APPROVED = "APIKEY_APPROVED"
APIKEY_UPDATED = "APIKEY_UPDATED"


def partner_data(partner: Partner) -> dict[str, Any]:
    """``partnerData``: the partner's current MOSIP-signed certificate (PEM), or null when
    none was uploaded (MOSIP would fail the change instead: here the event still leaves)."""
    certificate = certificates_of_partner(partner).only("signed_certificate_pem").first()
    return {
        "partnerId": partner.id,
        "partnerName": partner.name,
        "certificateData": certificate.signed_certificate_pem if certificate else None,
        "partnerStatus": "ACTIVE" if partner.is_active else "DEACTIVE",
    }


def api_key_data(key: PartnerApiKey, value: str) -> dict[str, Any]:
    """``apiKeyData``. ``value`` is the key in clear, which only the code that made or
    reveals the key holds; the outbox keeps event data sealed at rest."""
    return {
        "apiKeyId": value,
        "apiKeyCommenceOn": format_time(key.valid_from),
        "apiKeyExpiresOn": format_time(key.valid_to),
        "apiKeyStatus": "ACTIVE" if key.is_active else "DEACTIVE",
    }


# MOSIP's publisher names its class; subscribers do not read it.
PUBLISHER = "PartnerManagementService"


def record_api_key_approved(key: PartnerApiKey, value: str) -> None:
    """``APIKEY_APPROVED`` for a key just made (R22, and the 1.0 approval), in the caller's
    transaction: ``partnerData``, ``policyData``, ``apiKeyData``."""
    from policies.events import policy_data

    if not event_settings.PMS_WEBSUB_HUB_URL:
        return  # no hub: nothing to record, and no reason to read the certificate
    record_event(APIKEY_APPROVED, {"partnerData": partner_data(key.partner), "policyData": policy_data(key.policy),
                                   "apiKeyData": api_key_data(key, value)}, publisher=PUBLISHER)


def record_api_key_updated(key: PartnerApiKey) -> None:
    """``APIKEY_UPDATED`` for a key whose state or policy changed (R23, R30), in the
    caller's transaction: ``apiKeyData`` (the value is opened to fill ``apiKeyId``; the
    outbox keeps it sealed)."""
    if not event_settings.PMS_WEBSUB_HUB_URL:
        return  # no hub: nothing to record, and no reason to open the key
    record_event(APIKEY_UPDATED, {"apiKeyData": api_key_data(key, key.reveal())}, publisher=PUBLISHER)


OIDC_CLIENT_CREATED = "OIDC_CLIENT_CREATED"
OIDC_CLIENT_UPDATED = "OIDC_CLIENT_UPDATED"


def client_data(client) -> dict[str, Any]:
    """``clientData`` of an OAuth/OIDC client (``clientName`` is the stored name, JSON of
    the names per language for an OAuth client, as MOSIP sends it)."""
    return {
        "clientId": client.id,
        "clientName": client.name,
        "clientStatus": client.status,
        "userClaims": list(client.claims),
        "authContextRefs": list(client.acr_values),
        "clientAuthMethods": list(client.auth_methods),
    }


def record_oidc_client_created(client) -> None:
    """``OIDC_CLIENT_CREATED`` (R103, R107), in the caller's transaction: ``partnerData``,
    ``policyData``, ``clientData``."""
    from policies.events import policy_data

    if not event_settings.PMS_WEBSUB_HUB_URL:
        return
    record_event(OIDC_CLIENT_CREATED, {"partnerData": partner_data(client.partner),
                                       "policyData": policy_data(client.policy),
                                       "clientData": client_data(client)}, publisher=PUBLISHER)


def record_oidc_client_updated(client) -> None:
    """``OIDC_CLIENT_UPDATED`` (R104, R108), in the caller's transaction: ``clientData``."""
    if not event_settings.PMS_WEBSUB_HUB_URL:
        return
    record_event(OIDC_CLIENT_UPDATED, {"clientData": client_data(client)}, publisher=PUBLISHER)
