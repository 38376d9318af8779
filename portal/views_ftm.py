"""The FTM provider's chips on its partner page (MOSIP 1.2's R93, R96, R98, R99 through
``devices.services.ftm12``, scoped as the API: the partner is the caller's own, found through
the partner service, and a chip is looked up among that partner's chips only; another's
answers 404 like an unknown one). Refusals come back as messages on the partner page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from devices.services import ftm12
from kernel.errors import PmsError

from .forms import ChipCertificateForm, FtmChipForm
from .messages import explain
from .views import _actor, _owned_partner


def _ftm_partner(request, partner_id: str):
    return _owned_partner(request, partner_id, partner_type=ftm12.FTM_PROVIDER_TYPE)


def _chip(request, partner, chip_id: str):
    chip = ftm12.chips_in_scope(_actor(request)).filter(provider=partner, pk=chip_id).first()
    if chip is None:
        raise Http404
    return chip


def _back(partner):
    return redirect(reverse("portal:partner", args=[partner.pk]) + "#ftm-chips")


def _form_problems(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


@login_required
@require_POST
def add_chip(request, partner_id: str):
    partner = _ftm_partner(request, partner_id)
    form = FtmChipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_problems(form))
        return _back(partner)
    try:
        ftm12.create_chip_12(actor=_actor(request), provider_id=partner.pk, make=form.cleaned_data["make"],
                             model=form.cleaned_data["model"])
    except PmsError as exc:
        messages.error(request, explain(exc))
    else:
        messages.success(request, _("Chip added: upload its certificate next."))
    return _back(partner)


@login_required
@require_POST
def upload_chip_certificate(request, partner_id: str, chip_id: str):
    partner = _ftm_partner(request, partner_id)
    chip = _chip(request, partner, chip_id)
    form = ChipCertificateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_problems(form))
        return _back(partner)
    try:
        ftm12.upload_chip_certificate_12(actor=_actor(request), provider_id=partner.pk, chip_id=chip.pk,
                                         certificate_data=form.cleaned_data["certificate"],
                                         organization_name=partner.name, domain=ftm12.FTM_DOMAIN)
    except PmsError as exc:
        messages.error(request, explain(exc))
    else:
        messages.success(request, _("Chip certificate accepted: the chip waits for a partner admin's approval."))
    return _back(partner)


@login_required
@never_cache
def download_chip_certificate(request, partner_id: str, chip_id: str):
    """The chip's certificate as this service signed it (R98's MOSIP-signed certificate)."""
    partner = _ftm_partner(request, partner_id)
    chip = _chip(request, partner, chip_id)
    try:
        found = ftm12.chip_certificates_12(actor=_actor(request), chip_id=chip.pk)
    except PmsError:
        raise Http404 from None
    if not found.mosip_signed:
        raise Http404
    response = HttpResponse(found.mosip_signed, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="ftm-chip-{chip.pk}-signed.pem"'
    return response


@login_required
@require_POST
def deactivate_chip(request, partner_id: str, chip_id: str):
    partner = _ftm_partner(request, partner_id)
    chip = _chip(request, partner, chip_id)
    try:
        ftm12.deactivate_chip_12(actor=_actor(request), chip_id=chip.pk, status=ftm12.DEACTIVATE)
    except PmsError as exc:
        messages.error(request, explain(exc))
    else:
        messages.success(request, _("Chip deactivated for good."))
    return _back(partner)
