"""The policy payload of MOSIP 1.2's WebSub events (1.2 catalog §17.1), built in one
place for every topic that carries it (``POLICY_UPDATED``, ``APIKEY_APPROVED``,
``MISP_LICENSE_GENERATED``, ``OIDC_CLIENT_CREATED``)."""

from __future__ import annotations

from typing import Any

from kernel.envelope import format_time

from .models import Policy

POLICY_UPDATED = "POLICY_UPDATED"


def policy_data(policy: Policy) -> dict[str, Any]:
    """``policyData``: the policy document as a JSON object, ``ACTIVE`` only while
    published. A policy here has no end date: ``policyExpiresOn`` is null."""
    return {
        "policyId": policy.id,
        "policy": policy.document,
        "policyName": policy.name,
        "policyStatus": "ACTIVE" if policy.is_active else "DEACTIVE",
        "policyDescription": policy.description,
        "policyCommenceOn": format_time(policy.published_at or policy.created_at),
        "policyExpiresOn": None,
    }
