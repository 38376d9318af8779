"""A device provider's SBIs and device models (MOSIP 1.2's R70, R73-R76, R86 through
``devices.services.sbi12`` and ``device_details12``), on pages linked from its partner
page. Scoped as the API: the partner is the caller's own (found through the partner
service), an SBI or a device is looked up among that partner's through the API's scope
(``devices.selectors12``); another's answers 404 like an unknown one. Refusals come back
as translated messages, the date rules of a new SBI on the field they concern."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from devices.models import Approval12
from devices.selectors12 import devices_in_scope, sbi_summaries
from devices.services import device_details12, sbi12
from kernel.conf import platform_settings
from kernel.errors import PmsError

from .forms import DeviceDetailForm, SbiForm
from .messages import explain
from .views import _actor, _owned_partner

# Which field of the SBI form a refusal of R70 belongs to.
SBI_FIELDS = {"PMS_AUT_514": "created", "PMS_AUT_516": "created", "PMS_AUT_508": "expires", "PMS_AUT_515": "expires",
              "PMS_AUT_512": "version"}
DEVICE_FIELDS = {"PMS_AUT_001": "kind", "PMS_AUT_003": "model"}


def _device_partner(request, partner_id: str):
    return _owned_partner(request, partner_id, partner_type=sbi12.DEVICE_PROVIDER_TYPE)


def _sbi(request, partner, sbi_id: str):
    """One of the partner's SBIs with its list figures (R74's row), or 404."""
    sbi = sbi_summaries(_actor(request)).filter(provider=partner, pk=sbi_id).first()
    if sbi is None:
        raise Http404
    return sbi


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.timezone.utc)


def _sbis_page(request, partner, form=None):
    rows = list(sbi_summaries(_actor(request)).filter(provider=partner).order_by("-created_at", "id")[:200])
    return render(request, "portal/sbis.html", {
        "partner": partner, "sbis": rows, "form": form or SbiForm(),
        "created_years": platform_settings.PMS_SBI_CREATED_MAX_YEARS,
        "expiry_years": platform_settings.PMS_SBI_EXPIRY_MAX_YEARS})


@login_required
@never_cache
def sbis(request, partner_id: str):
    """The partner's SBIs (status, expiry, device counts) and *Add an SBI* (R70)."""
    partner = _device_partner(request, partner_id)
    if request.method != "POST":
        return _sbis_page(request, partner)
    form = SbiForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            sbi = sbi12.create_sbi(actor=_actor(request), provider_id=partner.pk, sw_binary_hash=data["binary_hash"],
                                   sw_version=data["version"], sw_created_at=_midnight(data["created"]),
                                   sw_expires_at=_midnight(data["expires"]))
        except PmsError as exc:
            form.add_error(SBI_FIELDS.get(exc.code), explain(exc))
        else:
            messages.success(request, _("SBI %(version)s added: it waits for a partner admin's approval.")
                             % {"version": sbi.sw_version})
            return redirect("portal:sbis", partner_id=partner.pk)
    return _sbis_page(request, partner, form)


def _sbi_page(request, partner, sbi, form=None):
    mappings = sbi12.sbi_devices(actor=_actor(request), sbi_id=sbi.pk) or []
    return render(request, "portal/sbi.html", {
        "partner": partner, "sbi": sbi, "mappings": mappings, "form": form or DeviceDetailForm(),
        "can_add": sbi.status_text == Approval12.APPROVED and sbi.expiry_status != "expired"})


@login_required
@never_cache
def sbi(request, partner_id: str, sbi_id: str):
    """One SBI: its devices with their status, and *Add a device* (R75) while the SBI is
    approved, active and unexpired."""
    partner = _device_partner(request, partner_id)
    found = _sbi(request, partner, sbi_id)
    if request.method != "POST":
        return _sbi_page(request, partner, found)
    form = DeviceDetailForm(request.POST)
    if form.is_valid():
        device_type, sub_type = form.cleaned_data["kind"]
        try:
            device = sbi12.add_device_to_sbi(actor=_actor(request), sbi_id=found.pk, device_id=None,
                                             provider_id=partner.pk, device_type=device_type,
                                             device_sub_type=sub_type, make=form.cleaned_data["make"],
                                             model=form.cleaned_data["model"])
        except PmsError as exc:
            form.add_error(DEVICE_FIELDS.get(exc.code), explain(exc))
        else:
            messages.success(request, _("Device %(make)s %(model)s added: it waits for a partner admin's approval.")
                             % {"make": device.make, "model": device.model})
            return redirect("portal:sbi", partner_id=partner.pk, sbi_id=found.pk)
    return _sbi_page(request, partner, found, form)


@login_required
@never_cache
def deactivate_sbi(request, partner_id: str, sbi_id: str):
    """GET asks to confirm; POST deactivates the SBI for good (R73): its approved devices
    are deactivated and its pending ones rejected with it."""
    partner = _device_partner(request, partner_id)
    found = _sbi(request, partner, sbi_id)
    if request.method != "POST":
        return render(request, "portal/sbi_deactivate.html", {"partner": partner, "sbi": found})
    try:
        sbi12.deactivate_sbi(actor=_actor(request), sbi_id=found.pk)
    except PmsError as exc:
        messages.error(request, explain(exc))
    else:
        messages.success(request, _("SBI %(version)s deactivated for good, with its devices.")
                         % {"version": found.sw_version})
    return redirect("portal:sbi", partner_id=partner.pk, sbi_id=found.pk)


@login_required
@require_POST
def deactivate_device(request, partner_id: str, sbi_id: str, device_id: str):
    """Deactivate one of the SBI's devices for good (R86)."""
    partner = _device_partner(request, partner_id)
    found = _sbi(request, partner, sbi_id)
    device = devices_in_scope(_actor(request)).filter(provider=partner, pk=device_id,
                                                      sbi_mappings__sbi=found).first()
    if device is None:
        raise Http404
    try:
        device_details12.deactivate_device(actor=_actor(request), device_id=device.pk)
    except PmsError as exc:
        messages.error(request, explain(exc))
    else:
        messages.success(request, _("Device %(make)s %(model)s deactivated for good.")
                         % {"make": device.make, "model": device.model})
    return redirect("portal:sbi", partner_id=partner.pk, sbi_id=found.pk)
