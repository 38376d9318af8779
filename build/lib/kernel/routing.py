"""Mounting a service under its documented and its doubled prefix (catalog §1, SPEC §3),
and path converters that never take a reserved literal segment as an id (SPEC §9.20)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.urls import URLPattern, path, register_converter

from .schema import ALIAS_PATHS, ALIAS_PREFIXES

# Literal segments that are never ids, whatever their case.
RESERVED_SEGMENTS = frozenset(
    s.lower()
    for s in (
        "policyGroup", "policyGroups", "policyGroupId", "publishPolicy", "policyId", "partnerApiKey",
        "PartnerAPIKeyRequests", "partnerAPIKeyRequests", "policyname", "getManager", "validatePartnerMisp",
        "digitalcertificate", "uploadCACertificate", "uploadPartnerCertificate", "getPartnerCertificate",
        "name", "mispId", "misps", "policies", "partners", "pmpartners", "licenseKey", "status",
        "partnerId", "addcontact",
    )
)


class IdConverter:
    """An id: 1–128 characters of letters, digits, ``-``, ``_``, ``.``, ``@``; never a
    reserved word (Django then tries the next pattern)."""

    regex = r"[A-Za-z0-9_.@\-]{1,128}"

    def to_python(self, value: str) -> str:
        if value.lower() in RESERVED_SEGMENTS:
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return str(value)


class AnyTextConverter(IdConverter):
    """Names in a path (organisation names, policy names): anything but ``/``."""

    regex = r"[^/]{1,256}"


register_converter(IdConverter, "pmsid")
register_converter(AnyTextConverter, "pmstext")


@dataclass(frozen=True)
class Route:
    """A route of a service, relative to its prefix: ``""`` is the collection itself,
    other suffixes start with ``/`` (``"/policyGroup/<pmsid:group_id>"``)."""

    suffix: str
    view: Callable
    name: str


def mount_service(prefix: str, service: str, routes: list[Route]) -> list[URLPattern]:
    """``/prefix/service/service...`` (real deployments) first, then ``/prefix/service...``
    (documented), so ``service`` in the doubled form is never read as an id."""
    doubled = f"{prefix}/{service}/{service}"
    ALIAS_PREFIXES.add("/" + doubled)
    patterns = [path(doubled + r.suffix, r.view, name=f"{r.name}-doubled") for r in routes]
    patterns += [path(f"{prefix}/{service}" + r.suffix, r.view, name=r.name) for r in routes]
    return patterns


def mount_alias(prefix: str, routes: list[Route], name_suffix: str) -> list[URLPattern]:
    """Another prefix for the same routes (e.g. MOSIP 1.0's ``/v1/authenticate``), kept out
    of the schema."""
    ALIAS_PATHS.update("/" + prefix + r.suffix for r in routes)
    return [path(prefix + r.suffix, r.view, name=f"{r.name}-{name_suffix}") for r in routes]
