"""The partner portal's pages (SPEC §5 "Self-registration web pages", §7 paths): each view
parses its form, calls one service and renders. Server-rendered, no JavaScript, CSRF on
every POST. A partner's pages are found through the partner services, which answer
another owner's partner as an unknown one: here a 404."""

from __future__ import annotations

from cryptography import x509
from cryptography.x509.oid import NameOID
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from devices.selectors import devices_of_owner
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import roles_of_user
from misp.selectors import licenses_of_partner
from misp.services import licenses12
from partners import services as partner_services
from partners.selectors import certificates_of_partner, partner_types_open_to_registration, partners_owned_by
from partners.services import mapping as mapping_services

from . import services
from .conf import app_settings
from .forms import (
    ApiKeyRequestForm,
    CertificateForm,
    ChipCertificateForm,
    ContactForm,
    FtmChipForm,
    GenerateKeyForm,
    OidcClientForm,
    PartnerTypeForm,
    PortalLoginForm,
    PortalPasswordResetForm,
    PortalSetPasswordForm,
    RegistrationForm,
    VerifyForm,
    partner_type_label,
)
from .messages import explain
from .selectors import (
    api_key_of_partner,
    api_keys_of_partner,
    ftm_chips_of_partner,
    pending_registration,
    sbi_summary_of_partner,
)

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


def _owned_partner(request, partner_id: str, *, partner_type: str | None = None):
    """The caller's partner, through the audited read; another's, an unknown id or (when
    ``partner_type`` is given) a partner of another type: 404."""
    try:
        partner = partner_services.fetch_partner(actor=_actor(request), partner_id=partner_id)
    except PmsError:
        raise Http404 from None
    if partner_type is not None and partner.partner_type_id != partner_type:
        raise Http404
    return partner


def _partner_page(request, partner, *, key_form=None, generate_form=None, certificate_form=None, contact_form=None):
    actor = _actor(request)
    requests = partner_services.list_api_key_requests_of_partner(actor=actor, partner_id=partner.pk)
    certificates = list(certificates_of_partner(partner)[:20])
    is_device_provider = partner.partner_type_id == "Device_Provider"
    approved = sorted({r.policy.name for r in requests if r.status == "approved"}, key=str.lower)
    context = {
        "partner": partner,
        "type_label": partner_type_label(partner.partner_type),
        "key_requests": requests,
        "key_form": key_form or ApiKeyRequestForm(partner=partner),
        "api_keys": list(api_keys_of_partner(partner)),
        "generate_form": generate_form or GenerateKeyForm(approved_policies=approved),
        "now": timezone.now(),
        "certificates": certificates,
        "current_certificate": _certificate_summary(certificates[0]) if certificates else None,
        "certificate_form": certificate_form or CertificateForm(initial={"domain": _default_domain(partner)}),
        "contacts": list(partner.contacts.all()),
        "contact_form": contact_form or ContactForm(),
        "is_device_provider": is_device_provider,
        # The devices of the providers this login registered (devices app's selector).
        "devices": list(devices_of_owner(request.user)[:100]) if is_device_provider else [],
        # MOSIP 1.2's SBIs and device models in figures (portal.views_sbi has their pages).
        "sbi_summary": sbi_summary_of_partner(actor, partner),
        # A MISP partner's licenses (MOSIP 1.2's R64-R67), masked; R64 issues the first one.
        "is_misp_partner": partner.partner_type_id == licenses12.MISP_PARTNER_TYPE,
        "licenses": (list(licenses_of_partner(partner)[:50])
                     if partner.partner_type_id == licenses12.MISP_PARTNER_TYPE else []),
        **_clients_summary(actor, partner),
        # An FTM provider's chips (MOSIP 1.2, devices.services.ftm12; portal.views_ftm acts on them).
        "is_ftm_provider": partner.partner_type_id == "FTM_Provider",
        "ftm_chips": list(ftm_chips_of_partner(actor, partner)),
        "chip_form": FtmChipForm(),
        "chip_certificate_form": ChipCertificateForm(),
    }
    return render(request, "portal/partner.html", context)


def _clients_summary(actor, partner) -> dict:
    """Whether the partner page links to the OAuth clients, and how many there are."""
    from kernel.conf import platform_settings
    from partners.services.oidc_clients import clients_for

    if partner.partner_type_id != "Auth_Partner" or not platform_settings.PMS_FEATURE_OIDC_CLIENT:
        return {"show_clients": False}
    return {"show_clients": True, "client_count": clients_for(actor).filter(partner=partner).count()}


def _certificate_summary(row) -> dict:
    """The current certificate as MOSIP 1.2's certificate data (R17) describes it: our
    signed copy's subject common name ("issued to"), its validity, and whether it has
    expired; the upload date is the row's."""
    signed = x509.load_pem_x509_certificate(row.signed_certificate_pem.encode())
    names = signed.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    not_after = signed.not_valid_after_utc
    return {"issued_to": str(names[0].value) if names else "—", "uploaded": row.created_at,
            "not_before": signed.not_valid_before_utc, "not_after": not_after, "domain": row.domain,
            "expired": not_after < timezone.now()}


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
    """*Request a policy*: MOSIP 1.2's policy-mapping request (R20,
    ``partners.services.mapping.request_policy_mapping``), the same record the 1.0 key
    request made. Asking again for a policy whose request waits for a decision
    (PMS_PRT_053) changes nothing and says so, as the 1.0 form did (docs/portal.md)."""
    partner = _owned_partner(request, partner_id)
    form = ApiKeyRequestForm(request.POST, partner=partner)
    if form.is_valid():
        try:
            mapping_services.request_policy_mapping(actor=_actor(request), partner_id=partner.pk,
                                                    policy_name=form.cleaned_data["policy"],
                                                    use_case=form.cleaned_data["use_case"])
        except PmsError as exc:
            if exc.code != "PMS_PRT_053":
                form.add_error("policy", explain(exc))
                return _partner_page(request, partner, key_form=form)
            messages.info(request, _("A request for this policy is already waiting for a decision."))
        else:
            messages.success(request, _("Policy requested: a partner manager will decide."))
        return redirect("portal:partner", partner_id=partner.pk)
    return _partner_page(request, partner, key_form=form)


@login_required
@require_POST
@never_cache
def generate_key(request, partner_id: str):
    """*Generate a key*: MOSIP 1.2's R22 (``partners.services.mapping.generate_api_key``)
    under an approved policy, with the partner's label. The value is on this response only
    (``Cache-Control: no-store``): the service keeps it sealed and nothing here shows it
    again (re-sending the form is refused: the label is taken)."""
    partner = _owned_partner(request, partner_id)
    approved = sorted({r.policy.name for r in partner_services.list_api_key_requests_of_partner(
        actor=_actor(request), partner_id=partner.pk) if r.status == "approved"}, key=str.lower)
    form = GenerateKeyForm(request.POST, approved_policies=approved)
    if form.is_valid():
        try:
            key, value = mapping_services.generate_api_key(actor=_actor(request), partner_id=partner.pk,
                                                           policy_name=form.cleaned_data["policy"],
                                                           label=form.cleaned_data["label"])
        except PmsError as exc:
            form.add_error("label" if exc.code == "PMS_PRT_110" else "policy", explain(exc))
        else:
            return render(request, "portal/new_key.html", {"partner": partner, "key": key, "value": value})
    return _partner_page(request, partner, generate_form=form)


@login_required
@require_POST
@never_cache
def issue_license(request, partner_id: str):
    """*Generate the license*: MOSIP 1.2's R64 (``misp.services.licenses12.issue_license_12``)
    for the caller's own MISP partner. The key is on this response only (``Cache-Control:
    no-store``), as a new API key is; the page lists it masked afterwards. A second license
    is refused (PMS_MSP_416), as are an inactive partner and unapproved policy requests."""
    partner = _owned_partner(request, partner_id)
    if partner.partner_type_id != licenses12.MISP_PARTNER_TYPE:
        raise Http404
    try:
        key, value = licenses12.issue_license_12(actor=_actor(request), provider_id=partner.pk)
    except PmsError as exc:
        messages.error(request, explain(exc))
        return redirect("portal:partner", partner_id=partner.pk)
    return render(request, "portal/new_license.html", {"partner": partner, "key": key, "value": value})


@login_required
@require_POST
def key_status(request, partner_id: str, row_id: str):
    """Activate or deactivate a key by its label (MOSIP 1.2's R23,
    ``partners.services.mapping.set_api_key_status_by_label``). The key (its record id
    in the path, never its value) is found among
    the partner's own keys; another partner's key answers 404 like an unknown one."""
    partner = _owned_partner(request, partner_id)
    key = api_key_of_partner(partner, row_id)  # the key's record id (not secret)
    wanted = request.POST.get("status")
    if key is None or wanted not in ("active", "inactive"):
        raise Http404
    try:
        active = mapping_services.set_api_key_status_by_label(
            actor=_actor(request), partner_id=partner.pk, policy_id=key.policy_id, label=key.label,
            status="Active" if wanted == "active" else "De-Active")
    except PmsError as exc:
        messages.error(request, explain(exc))
    else:
        messages.success(request, (_("Key “%(label)s” activated.") if active else _("Key “%(label)s” deactivated."))
                         % {"label": key.label})
    return redirect("portal:partner", partner_id=partner.pk)


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



# --- OAuth/OIDC clients (MOSIP 1.2) ----------------------------------------------------------

# The portal's languages as MOSIP's 3-letter codes, for a client's name per language.
LANGUAGE_CODES_3 = {"en": "eng", "fr": "fra", "ar": "ara"}
CLIENT_FIELDS = {"PMS_ESI_001": "public_key", "PMS_ESI_007": "public_key", "PMS_ESI_002": "policy",
                 "PMS_ESI_003": "policy", "PMS_ESI_005": "policy", "PMS_ESI_006": "policy", "PMS_PRT_057": "policy",
                 "PMS_PRT_061": "policy", "PMS_PRT_073": "policy"}


def _client_partner(request, partner_id: str):
    """The caller's authentication partner, when OAuth clients are switched on; else 404."""
    from kernel.conf import platform_settings

    partner = _owned_partner(request, partner_id)
    if partner.partner_type_id != "Auth_Partner" or not platform_settings.PMS_FEATURE_OIDC_CLIENT:
        raise Http404
    return partner


def _client_form(data=None, *, partner=None, editing=False, initial=None):
    from kernel.conf import platform_settings
    from policies.models import Policy

    policies = () if editing else (Policy.objects.filter(
        policy_type="Auth", api_key_requests__partner=partner, api_key_requests__status="approved")
        .distinct().order_by("name"))
    return OidcClientForm(data, initial=initial, policies=policies, editing=editing,
                          grant_types=platform_settings.PMS_OIDC_CLIENT_GRANT_TYPES,
                          auth_methods=platform_settings.PMS_OIDC_CLIENT_AUTH_METHODS)


def _client_values(form, name_key: str) -> dict:
    language = LANGUAGE_CODES_3.get((translation.get_language() or "en")[:2], "eng")
    data = form.cleaned_data
    return {name_key: data["name"], "logoUri": data["logo_uri"], "redirectUris": data["redirect_uris"],
            "grantTypes": data["grant_types"], "clientAuthMethods": data["auth_methods"],
            "clientNameLangMap": {language: data["name"]}}


@login_required
def oidc_clients(request, partner_id: str):
    """An authentication partner's OAuth clients (status) and *New client* (MOSIP 1.2's
    R103 through ``partners.services.oidc_clients.create_client``)."""
    from partners.services import oidc_clients as client_services

    partner = _client_partner(request, partner_id)
    actor = _actor(request)
    form = _client_form(request.POST if request.method == "POST" else None, partner=partner)
    if request.method == "POST" and form.is_valid():
        data = {**_client_values(form, "name"), "policyId": form.cleaned_data["policy"],
                "publicKey": form.cleaned_data["public_key"], "authPartnerId": partner.pk}
        try:
            client = client_services.create_client(actor=actor, api="oauth", data=data)
        except PmsError as exc:
            form.add_error(CLIENT_FIELDS.get(exc.code), explain(exc))
        else:
            messages.success(request, _("Client “%(name)s” created.") % {"name": client.display_name})
            return redirect("portal:oidc_clients", partner_id=partner.pk)
    clients = list(client_services.clients_for(actor).filter(partner=partner).order_by("-created_at"))
    return render(request, "portal/oidc_clients.html", {"partner": partner, "clients": clients, "form": form})


@login_required
def oidc_client(request, partner_id: str, client_id: str):
    """One client: edit its name, logo, redirect addresses, grant types and authentication
    methods (R104), or *Deactivate* it for good (R104 with ``INACTIVE``). Another
    partner's client, or an unknown one: 404."""
    from partners.services import oidc_clients as client_services

    partner = _client_partner(request, partner_id)
    actor = _actor(request)
    try:
        client = client_services.get_client(actor=actor, client_id=client_id)
    except PmsError:
        raise Http404 from None
    if client.partner_id != partner.pk:
        raise Http404
    initial = {"name": client.display_name, "logo_uri": client.logo_uri, "redirect_uris": "\n".join(client.redirect_uris),
               "grant_types": client.grant_types, "auth_methods": client.auth_methods}
    form = _client_form(request.POST if request.method == "POST" else None, editing=True, initial=initial)
    if request.method == "POST":
        if request.POST.get("action") == "deactivate":  # the stored values, status INACTIVE
            data = {"clientName": client.display_name, "logoUri": client.logo_uri, "redirectUris": client.redirect_uris,
                    "grantTypes": client.grant_types, "clientAuthMethods": client.auth_methods, "status": "INACTIVE",
                    "clientNameLangMap": client_services.lang_map(client) or {"eng": client.display_name}}
        elif form.is_valid():
            data = {**_client_values(form, "clientName"), "status": "ACTIVE"}
        else:
            data = None
        if data is not None:
            try:
                client_services.update_client(actor=actor, client_id=client.pk, data=data)
            except PmsError as exc:
                messages.error(request, explain(exc))
            else:
                messages.success(request, _("Client deactivated.") if data["status"] == "INACTIVE"
                                 else _("Client saved."))
                return redirect("portal:oidc_clients", partner_id=partner.pk)
    return render(request, "portal/oidc_client.html", {"partner": partner, "client": client, "form": form})
