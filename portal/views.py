"""The partner portal's pages (SPEC §5 "Self-registration web pages", §7 paths): each view
parses its form, calls one service and renders. Server-rendered, no JavaScript, CSRF on
every POST. A partner's pages are found through the partner services, which answer
another owner's partner as an unknown one: here a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from devices.selectors import devices_of_owner
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import roles_of_user
from partners import services as partner_services
from partners.selectors import certificates_of_partner, partner_types_open_to_registration, partners_owned_by

from . import services
from .conf import app_settings
from .forms import (
    ApiKeyRequestForm,
    CertificateForm,
    ContactForm,
    PartnerTypeForm,
    PortalLoginForm,
    PortalPasswordResetForm,
    PortalSetPasswordForm,
    RegistrationForm,
    VerifyForm,
    partner_type_label,
)
from .messages import explain
from .selectors import pending_registration

SESSION_KEY = "portal_registration"
# Which field a refusal belongs to on the registration form.
REGISTRATION_FIELDS = {"PMS_PTL_007": "email", "PMS_PRT_012": "email", "PMS_PRT_429": "email",
                       "PMS_PTL_008": "organization_name", "PMS_PRT_001": "organization_name",
                       "PMS_PRT_002": "policy_group", "PMS_PRT_108": "policy_group", "PMS_POL_053": "policy_group",
                       "PMS_PRT_013": "contact_no", "PMS_PTL_010": "password1"}


def _actor(request) -> Actor:
    return Actor.from_request(request)


# --- registration -----------------------------------------------------------------------


@sensitive_post_parameters("password1", "password2")  # never in an error report
@never_cache
def register(request):
    """Step one picks the partner type (GET ``?partner_type=``), step two asks the rest:
    the policy group only for types that need one."""
    if request.user.is_authenticated:
        return redirect("portal:dashboard")
    types = {t.code: t for t in partner_types_open_to_registration()}
    chosen = types.get(request.POST.get("partner_type") or request.GET.get("partner_type") or "")
    if chosen is None:
        form = PartnerTypeForm(request.GET or None)
        return render(request, "portal/register_type.html", {"form": form})
    if request.method != "POST":
        form = RegistrationForm(initial={"partner_type": chosen.code}, partner_type=chosen)
        return render(request, "portal/register.html", {"form": form, "kind": chosen,
                                                        "kind_label": partner_type_label(chosen)})
    form = RegistrationForm(request.POST, partner_type=chosen)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.submit_registration(
                actor=_actor(request), organization_name=data["organization_name"], email=data["email"],
                partner_type=chosen.code, policy_group=data.get("policy_group"), contact_no=data["contact_no"],
                address=data["address"], password=data["password1"], language=translation.get_language() or "en")
        except PmsError as exc:
            form.add_error(REGISTRATION_FIELDS.get(exc.code), explain(exc))
        else:
            request.session[SESSION_KEY] = registration.pk
            messages.success(request, _("We sent a 6-digit code to %(email)s.") % {"email": registration.email})
            return redirect("portal:verify")
    return render(request, "portal/register.html", {"form": form, "kind": chosen, "kind_label": partner_type_label(chosen)})


@sensitive_post_parameters("code")
@never_cache
def verify(request):
    registration = pending_registration(request.session.get(SESSION_KEY))
    if registration is None:
        messages.info(request, _("Start by registering; the code is sent when you do."))
        return redirect("portal:register")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_registration(actor=_actor(request), registration_id=registration.pk,
                                         code=form.cleaned_data["code"])
        except PmsError as exc:
            form.add_error("code", explain(exc))
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, _("Your e-mail address is verified and your partner account exists. Log in."))
            return redirect("portal:login")
    return render(request, "portal/verify.html", {"form": form, "registration": registration,
                                                  "pause": app_settings.PMS_PORTAL_OTP_RESEND_SECONDS})


@require_POST
def resend(request):
    registration = pending_registration(request.session.get(SESSION_KEY))
    if registration is None:
        return redirect("portal:register")
    try:
        services.resend_code(actor=_actor(request), registration_id=registration.pk)
    except PmsError as exc:
        messages.error(request, explain(exc))
    else:
        messages.success(request, _("A new code is on its way; the previous one no longer works."))
    return redirect("portal:verify")


# --- login, logout, password reset ------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Policy, partner and MISP managers work in the admin; partners on the dashboard.
        if self.request.user.is_staff:
            return reverse("admin:index")
        return reverse("portal:dashboard")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:login")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "portal/password_reset.html"
    form_class = PortalPasswordResetForm
    email_template_name = "portal/email/password_reset_body.txt"
    subject_template_name = "portal/email/password_reset_subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"
    form_class = PortalSetPasswordForm
    success_url = reverse_lazy("portal:password_reset_complete")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.user
        kwargs["actor"] = Actor(username=user.username, roles=roles_of_user(user), user=user,
                                client_ip=_actor(self.request).client_ip, request_id=_actor(self.request).request_id)
        return kwargs

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PmsError as exc:
            form.add_error("new_password1", explain(exc))
            return self.form_invalid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/password_reset_complete.html"


# --- the dashboard ------------------------------------------------------------------------


@login_required
def dashboard(request):
    """The partner's home: its only partner's page, or the list when it owns several.
    Back-office users have the admin."""
    if request.user.is_staff:
        return redirect("admin:index")
    partners = list(partners_owned_by(_actor(request)).order_by("name", "id")[:50])
    if len(partners) == 1:
        return redirect("portal:partner", partner_id=partners[0].pk)
    return render(request, "portal/dashboard.html", {"partners": partners})


def _owned_partner(request, partner_id: str):
    """The caller's partner, through the audited read; another's or an unknown id: 404."""
    try:
        return partner_services.fetch_partner(actor=_actor(request), partner_id=partner_id)
    except PmsError:
        raise Http404 from None


def _partner_page(request, partner, *, key_form=None, certificate_form=None, contact_form=None):
    actor = _actor(request)
    requests = partner_services.list_api_key_requests_of_partner(actor=actor, partner_id=partner.pk)
    certificates = list(certificates_of_partner(partner)[:20])
    is_device_provider = partner.partner_type_id == "Device_Provider"
    context = {
        "partner": partner,
        "type_label": partner_type_label(partner.partner_type),
        "key_requests": requests,
        "key_form": key_form or ApiKeyRequestForm(partner=partner),
        "certificates": certificates,
        "certificate_form": certificate_form or CertificateForm(initial={"domain": _default_domain(partner)}),
        "contacts": list(partner.contacts.all()),
        "contact_form": contact_form or ContactForm(),
        "is_device_provider": is_device_provider,
        # The devices of the providers this login registered (devices app's selector).
        "devices": list(devices_of_owner(request.user)[:100]) if is_device_provider else [],
    }
    return render(request, "portal/partner.html", context)


def _default_domain(partner) -> str:
    return {"Device_Provider": "DEVICE", "FTM_Provider": "FTM"}.get(partner.partner_type_id, "AUTH")


@login_required
@never_cache
def partner_page(request, partner_id: str):
    partner = _owned_partner(request, partner_id)
    return _partner_page(request, partner)


@login_required
@require_POST
def request_key(request, partner_id: str):
    partner = _owned_partner(request, partner_id)
    form = ApiKeyRequestForm(request.POST, partner=partner)
    if form.is_valid():
        try:
            key_request, created = partner_services.request_api_key(actor=_actor(request), partner_id=partner.pk,
                                                          policy_name=form.cleaned_data["policy"],
                                                          use_case=form.cleaned_data["use_case"])
        except PmsError as exc:
            form.add_error("policy", explain(exc))
        else:
            messages.success(request, _("Key requested: a partner manager will decide.") if created
                             else _("A request for this policy is already waiting for a decision."))
            return redirect("portal:partner", partner_id=partner.pk)
    return _partner_page(request, partner, key_form=form)


@login_required
@require_POST
@never_cache
def reveal_key(request, partner_id: str, request_id: str):
    """The key of an approved request, in this response only (a POST: CSRF-protected,
    audited by the partner service, never cached). Only the partner's owner sees it (SPEC
    §9.11): anyone else who may open the partner (PARTNER_ADMIN) is sent back to the
    partner page with a message that the key exists (PMS_PRT_055), never its value."""
    partner = _owned_partner(request, partner_id)
    try:
        value = partner_services.download_api_key(actor=_actor(request), partner_id=partner.pk, request_id=request_id)
    except PmsError as exc:
        if exc.code == "PMS_PRT_006":
            raise Http404 from None
        messages.error(request, explain(exc))
        return redirect("portal:partner", partner_id=partner.pk)
    return render(request, "portal/reveal_key.html", {"partner": partner, "request_id": request_id, "value": value})


@login_required
@require_POST
def upload_certificate(request, partner_id: str):
    partner = _owned_partner(request, partner_id)
    form = CertificateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            partner_services.upload_partner_certificate(actor=_actor(request), partner_id=partner.pk,
                                                        certificate_data=form.cleaned_data["certificate"],
                                                        domain=form.cleaned_data["domain"])
        except PmsError as exc:
            form.add_error(None, explain(exc))
        else:
            messages.success(request, _("Certificate accepted; our signed copy is ready to download."))
            return redirect("portal:partner", partner_id=partner.pk)
    return _partner_page(request, partner, certificate_form=form)


@login_required
@never_cache
def download_certificate(request, partner_id: str, kind: str):
    """The current certificate: our signed copy (``signed``) or the one uploaded (``original``)."""
    if kind not in ("signed", "original"):
        raise Http404
    try:
        row = partner_services.current_partner_certificate(actor=_actor(request), partner_id=partner_id)
    except PmsError:
        raise Http404 from None
    body = row.signed_certificate_pem if kind == "signed" else row.certificate_pem
    response = HttpResponse(body, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{row.partner_id}-{kind}.pem"'
    return response


@login_required
@require_POST
def add_contact(request, partner_id: str):
    partner = _owned_partner(request, partner_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            contact, created = partner_services.add_or_update_contact(
                actor=_actor(request), partner_id=partner.pk, email=form.cleaned_data["email"],
                contact_no=form.cleaned_data["contact_no"], address=form.cleaned_data["address"])
        except PmsError as exc:
            form.add_error(None, explain(exc))
        else:
            messages.success(request, _("Contact added.") if created else _("Contact updated."))
            return redirect("portal:partner", partner_id=partner.pk)
    return _partner_page(request, partner, contact_form=form)

