"""The portal's forms: they parse and check what a person typed, in their language; the
services decide (and check again)."""

from __future__ import annotations

import hashlib
import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.services import reset_password
from partners.models import CertificateDomain
from partners.selectors import partner_types_open_to_registration
from policies.selectors import active_groups, published_policies_of_group

CODE = re.compile(r"[0-9]{6}")
MAX_CERTIFICATE_BYTES = 64 * 1024


class PartnerTypeForm(forms.Form):
    """Step one of registering: the kind of partner, which decides the questions asked."""

    partner_type = forms.ChoiceField(label=_("Partner type"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = {t.code: t for t in partner_types_open_to_registration()}
        self.fields["partner_type"].choices = [(code, partner_type_label(t)) for code, t in self.types.items()]


# The seeded types in the visitor's language; a type an admin adds shows its description.
TYPE_LABELS = {
    "Auth_Partner": _("Authentication partner (bank, telco)"),
    "Credential_Partner": _("Receives credentials"),
    "Online_Verification_Partner": _("Online verification (e-KYC) partner"),
    "MISP_Partner": _("Infrastructure service provider"),
    "Print_Partner": _("Prints cards"),
    "Device_Provider": _("Biometric device maker"),
    "FTM_Provider": _("Foundational trust module (chip) provider"),
    "ABIS_Partner": _("Biometric matching engine"),
    "SDK_Partner": _("Biometric SDK provider"),
    "Manual_Adjudication": _("Manual adjudication system"),
}


def partner_type_label(kind) -> str:
    return str(TYPE_LABELS.get(kind.code) or kind.description or kind.code.replace("_", " "))


class RegistrationForm(forms.Form):
    organization_name = forms.CharField(label=_("Organisation name"), max_length=128)
    email = forms.EmailField(label=_("E-mail address"), max_length=150,
                             help_text=_("A verification code is sent here; it is also your login."))
    partner_type = forms.CharField(widget=forms.HiddenInput)
    policy_group = forms.ChoiceField(label=_("Policy group"), help_text=_("The group whose policies you will use."))
    contact_no = forms.RegexField(label=_("Contact number"), max_length=16, regex=r"^\+?[0-9][0-9 ()-]{0,15}$",
                                  error_messages={"invalid": _("Digits, spaces, brackets and dashes, at most 16.")})
    address = forms.CharField(label=_("Address"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    password1 = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validators_help_text_html)
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, partner_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = partner_type
        if partner_type is None or not partner_type.requires_policy_group:
            del self.fields["policy_group"]  # asked only of types that need one
        else:
            self.fields["policy_group"].choices = [("", "—")] + [(g.name, g.name) for g in active_groups()]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            email = cleaned.get("email") or ""
            try:
                validate_password(first, user=get_user_model()(username=email, email=email))
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                         "pattern": "[0-9]{6}"}))

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not CODE.fullmatch(code):
            raise ValidationError(_("The code is the 6 digits from the e-mail."))
        return code


class PortalLoginForm(AuthenticationForm):
    """Django's login form, through the same lock-out as the API and the admin
    (accounts.backends); a locked account is told so rather than "wrong password"."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail address or user name")

    def clean_username(self):
        name = self.cleaned_data.get("username", "").strip()
        return name.lower() if "@" in name else name

    def get_invalid_login_error(self):
        if getattr(self.request, "pms_login_refusal", None):
            return ValidationError(_("Too many failed attempts: this account is locked for a while. Try again later."),
                                   code="locked_out")
        return super().get_invalid_login_error()


class PortalPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the registration code's pause between two links for one
    address (so the form cannot flood a mailbox). The page says the same either way, so it
    tells nobody whether an account uses the address."""

    def save(self, **kwargs):
        from .conf import app_settings

        email = self.cleaned_data["email"].strip().lower()
        key = "pms:portal:password-reset:" + hashlib.sha256(email.encode()).hexdigest()
        if not cache.add(key, 1, app_settings.PMS_PORTAL_OTP_RESEND_SECONDS):
            return
        super().save(**kwargs)


class PortalSetPasswordForm(SetPasswordForm):
    """The new password after an e-mailed reset link, set by accounts' service (audited)."""

    def __init__(self, user, *args, actor=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.actor = actor

    def save(self, commit=True):
        reset_password(actor=self.actor, user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class ApiKeyRequestForm(forms.Form):
    """Request a policy (MOSIP 1.2's R20; the same record as a 1.0 key request)."""

    policy = forms.ChoiceField(label=_("Policy"))
    use_case = forms.CharField(label=_("What the key is for"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        policies = published_policies_of_group(partner.policy_group_id if partner else None)
        self.fields["policy"].choices = [(p.name, p.name) for p in policies]


class CertificateForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), choices=CertificateDomain.choices)
    certificate_file = forms.FileField(label=_("Certificate file (PEM or DER)"), required=False)
    certificate_text = forms.CharField(label=_("or paste it (PEM)"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}))

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("certificate_file"), (cleaned.get("certificate_text") or "").strip()
        if upload:
            if upload.size > MAX_CERTIFICATE_BYTES:
                raise ValidationError(_("The file is larger than 64 KB."))
            raw = upload.read()
            try:
                text = raw.decode("ascii")
            except UnicodeDecodeError:
                import base64

                text = base64.b64encode(raw).decode()  # DER: the service reads base64 of it
        if not text:
            raise ValidationError(_("Choose a certificate file or paste the certificate."))
        cleaned["certificate"] = text
        return cleaned


class ContactForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    contact_no = forms.RegexField(label=_("Contact number"), max_length=16, regex=r"^\+?[0-9][0-9 ()-]{0,15}$",
                                  error_messages={"invalid": _("Digits, spaces, brackets and dashes, at most 16.")})
    address = forms.CharField(label=_("Address"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class GenerateKeyForm(forms.Form):
    """Generate a labelled key (MOSIP 1.2's R22) under a policy the partner has an approved
    request for. Its fields are prefixed ``generate-`` beside the request form's."""

    policy = forms.ChoiceField(label=_("Policy"))
    label = forms.CharField(label=_("Label"), max_length=36,
                            help_text=_("A name for this key, unique for the policy (at most 36 characters)."))

    def __init__(self, *args, approved_policies=(), **kwargs):
        kwargs.setdefault("prefix", "generate")
        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [(name, name) for name in approved_policies]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OidcClientForm(forms.Form):
    """An OAuth client of an authentication partner (MOSIP 1.2's R103/R104, through
    ``partners.services.oidc_clients``). Creating asks for the policy (among the partner's
    approved Auth policies) and the public key (a JWK, pasted); editing cannot change
    them. Grant types and authentication methods are the ones the platform offers
    (system-config's ``grantTypes``, ``clientAuthMethods``)."""

    name = forms.CharField(label=_("Name"), max_length=256)
    policy = forms.ChoiceField(label=_("Policy"))
    public_key = forms.CharField(label=_("Public key (JWK)"), widget=forms.Textarea(attrs={"rows": 5, "dir": "ltr"}),
                                 help_text=_("The client's public key as a JSON Web Key, e.g. "
                                             "{\"kty\": \"RSA\", \"e\": \"AQAB\", \"n\": \"…\"}."))
    logo_uri = forms.URLField(label=_("Logo address"), max_length=2048, assume_scheme="https")
    redirect_uris = forms.CharField(label=_("Redirect addresses"), widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
                                    help_text=_("One address per line, at most five."))
    grant_types = forms.MultipleChoiceField(label=_("Grant types"), widget=forms.CheckboxSelectMultiple)
    auth_methods = forms.MultipleChoiceField(label=_("Client authentication methods"),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, policies=(), grant_types=(), auth_methods=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [(p.pk, p.name) for p in policies]
        self.fields["grant_types"].choices = [(g, g) for g in grant_types]
        self.fields["auth_methods"].choices = [(m, m) for m in auth_methods]
        if editing:
            del self.fields["policy"]
            del self.fields["public_key"]

    def clean_public_key(self):
        import json

        try:
            value = json.loads(self.cleaned_data["public_key"])
        except (ValueError, RecursionError):  # not JSON, or nested past what the parser takes
            raise forms.ValidationError(_("This is not a JSON Web Key.")) from None
        if not isinstance(value, dict) or not value:
            raise forms.ValidationError(_("This is not a JSON Web Key."))
        return value

    def clean_redirect_uris(self):
        uris = _lines(self.cleaned_data["redirect_uris"])
        if not 1 <= len(uris) <= 5:
            raise forms.ValidationError(_("Give one to five addresses, one per line."))
        return uris


class FtmChipForm(forms.Form):
    """Register an FTM chip (MOSIP 1.2's R93): its make and model, as MOSIP limits them."""

    prefix = "chip"
    make = forms.CharField(label=_("Make"), max_length=36)
    model = forms.CharField(label=_("Model"), max_length=36)


class ChipCertificateForm(CertificateForm):
    """A chip's certificate (MOSIP 1.2's R96): always of the FTM domain."""

    domain = None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", attrs={"dir": "ltr"}, **kwargs)


class SbiForm(forms.Form):
    """Add an SBI version (MOSIP 1.2's R70): its version, the hash of its binary and the
    dates of its release and expiry (days, in UTC). The service checks the dates against
    the platform's limits (``PMS_SBI_CREATED_MAX_YEARS``, ``PMS_SBI_EXPIRY_MAX_YEARS``);
    its refusals come back on the field they concern."""

    prefix = "sbi"
    version = forms.CharField(label=_("SBI version"), max_length=64)
    binary_hash = forms.CharField(label=_("Hash of the SBI binary"), max_length=36, widget=forms.TextInput(
        attrs={"dir": "ltr"}), help_text=_("At most 36 characters."))
    created = forms.DateField(label=_("Created on"), widget=DateInput(), input_formats=["%Y-%m-%d"])
    expires = forms.DateField(label=_("Expires on"), widget=DateInput(), input_formats=["%Y-%m-%d"])


class DeviceDetailForm(forms.Form):
    """Add a device model to an SBI (MOSIP 1.2's R75): the type and sub-type, among the
    active device types and sub-types of the master data (one choice, grouped by type),
    its make and model."""

    prefix = "device"
    kind = forms.ChoiceField(label=_("Device type and sub-type"))
    make = forms.CharField(label=_("Make"), max_length=36)
    model = forms.CharField(label=_("Model"), max_length=36)

    def __init__(self, *args, **kwargs):
        from devices.models import DeviceSubType

        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for sub_type in (DeviceSubType.objects.filter(is_active=True, device_type__is_active=True)
                         .select_related("device_type").order_by("device_type__code", "code")):
            groups.setdefault(sub_type.device_type.code, []).append(
                (f"{sub_type.device_type.code}/{sub_type.code}", f"{sub_type.device_type.code} — {sub_type.code}"))
        self.fields["kind"].choices = list(groups.items())

    def clean_kind(self):
        device_type, _slash, sub_type = self.cleaned_data["kind"].partition("/")
        return device_type, sub_type
