"""Assertions on MOSIP 1.2's envelopes, key by key (the wire-conformance tests): V1 and V2
successes, service refusals in the route's envelope, refused bodies (PMS_COR_001)."""

from __future__ import annotations

V1_KEYS = ["id", "version", "responsetime", "metadata", "response", "errors"]
V2_KEYS = ["id", "version", "responseTime", "metadata", "response", "errors"]


def ok_v1(answer, response=...):
    """A V1 success of the partner service: id and version null (MOSIP sets neither here)."""
    body = answer.body
    assert (answer.status, list(body), body["id"], body["version"], body["metadata"], body["errors"]) == (
        200, V1_KEYS, None, None, None, []), body
    assert len(body["responsetime"]) == 24 and body["responsetime"].endswith("Z")
    if response is not ...:
        assert body["response"] == response
    return body["response"]


def ok_v2(answer, api_id, response=...):
    body = answer.body
    assert (answer.status, list(body), body["id"], body["version"], body["metadata"], body["errors"]) == (
        200, V2_KEYS, api_id, "1.0", None, []), body
    assert len(body["responseTime"]) == 24 and body["responseTime"].endswith("Z")
    if response is not ...:
        assert body["response"] == response
    return body["response"]


def refused_v1(answer, code, message):
    """A service refusal in the partner service's V1 error envelope."""
    body = answer.body
    assert (answer.status, list(body), body["id"], body["version"], body["metadata"], body["response"]) == (
        200, V1_KEYS, "mosip.partnermanagement", "1.0", None, None), body
    assert body["errors"] == [{"errorCode": code, "message": message}]


def refused_v2(answer, api_id, code, message):
    body = answer.body
    assert (answer.status, list(body), body["id"], body["version"], body["metadata"], body["response"]) == (
        200, V2_KEYS, api_id, "1.0", None, None), body
    assert body["errors"] == [{"errorCode": code, "message": message}]


def invalid(answer, message):
    """A refused body: PMS_COR_001 in the V1 envelope, id and version null (V2 routes too)."""
    body = answer.body
    assert (answer.status, list(body), body["id"], body["version"], body["response"]) == (
        200, V1_KEYS, None, None, None), body
    assert body["errors"] == [{"errorCode": "PMS_COR_001", "message": f"Invalid request parameter - {message}"}]
