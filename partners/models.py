"""Partners, their API-key requests and keys (SPEC §5 "Partners", §6, §9.1-9.11)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from kernel.history import HistoricalRecords
from kernel.ids import numeric_id
from kernel.models import MasterRecord, SealedKey
from kernel.transitions import Lifecycle, Transition
from policies.models import Policy, PolicyGroup


def new_record_id() -> str:
    return numeric_id(14)


class PartnerType(MasterRecord):
    """A kind of partner (data, seeded by a migration; admins add more). ``role`` is the
    role a partner of this type acts with; a type may require a policy group."""

    code = models.CharField(primary_key=True, max_length=36)
    description = models.CharField(max_length=256, blank=True)
    requires_policy_group = models.BooleanField(default=True)
    role = models.CharField(max_length=64, blank=True, help_text="role name, e.g. AUTH_PARTNER")
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ApprovalStatus(models.TextChoices):
    """MOSIP 1.2's ``approval_status`` of a partner, spelled as 1.2 stores it. A partner
    registered through 1.2 is ``InProgress`` and inactive until its certificate is
    uploaded; one registered through 1.0 is active at once and so ``approved``."""

    IN_PROGRESS = "InProgress", "In progress"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"  # never written by 1.2.2 (catalog 16.1); kept so reads know it


class DeactivatedThrough(models.TextChoices):
    """Which generation's route deactivated a partner (SPEC §10.4). MOSIP 1.2's R40
    deactivation is terminal for both generations; a 1.0 route (PM2) may re-activate only
    what a 1.0 route deactivated. Empty while the partner is active, or never deactivated."""

    NOT_DEACTIVATED = "", "Not deactivated"
    V1_0 = "1.0", "A 1.0 route (reversible)"
    V1_2 = "1.2", "A 1.2 route (terminal)"


class Partner(MasterRecord):
    """An organisation registered with the platform, owned by the user who registered it
    (SPEC §9.1). Names are unique within a policy group, and among partners without one.

    ``owner`` is MOSIP 1.2's ``partner.user_id``: a 1.2 "partner belongs to the caller"
    check is ``owner == caller`` on both generations' records."""

    id = models.CharField(primary_key=True, max_length=36, default=new_record_id, editable=False)
    name = models.CharField(max_length=128)
    partner_type = models.ForeignKey(PartnerType, on_delete=models.PROTECT, related_name="partners")
    policy_group = models.ForeignKey(PolicyGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="partners")
    contact_no = models.CharField(max_length=16)
    email = models.CharField(max_length=254)
    address = models.CharField(max_length=2000)
    is_active = models.BooleanField(default=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partners")
    # MOSIP 1.2's columns (1.2 catalog 5.1, 18.2); 1.0 routes neither read nor write them.
    approval_status = models.CharField(max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.APPROVED)
    lang_code = models.CharField(max_length=3, blank=True)
    logo_url = models.CharField(max_length=2048, blank=True)
    additional_info = models.JSONField(default=list, blank=True)
    deactivated_through = models.CharField(max_length=3, choices=DeactivatedThrough.choices, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint("policy_group", Lower("name"), name="uniq_partner_name_in_group_ci"),
            models.UniqueConstraint(Lower("name"), condition=Q(policy_group__isnull=True),
                                    name="uniq_partner_name_without_group_ci"),
            models.CheckConstraint(condition=Q(approval_status__in=["InProgress", "approved", "rejected"]),
                                   name="partner_approval_status_known"),
        ]
        indexes = [models.Index(fields=["policy_group", "is_active"]), models.Index(fields=["owner"]),
                   # the lists' order (PM5, admin): a page is read off the index, not sorted
                   models.Index(fields=["name", "id"], name="partner_list_order")]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


class PartnerTally(models.Model):
    """How many partners each policy group holds, by type and active flag: the lists'
    ``totalItems`` without a ``COUNT(*)`` over the partners (docs/architecture.md, "Partner totals").

    Kept by database triggers on the partner table (migration ``partners/0007``), so that
    no write path, the admin's, a bulk load's or a future one's, can forget it; never
    written by the application. ``policy_group_key`` is the group's id, ``""`` for
    partners without a group (so that the unique key needs no NULL)."""

    policy_group_key = models.CharField(max_length=36, blank=True)
    partner_type_key = models.CharField(max_length=36)
    is_active = models.BooleanField()
    partners = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["policy_group_key", "partner_type_key", "is_active"],
                                               name="uniq_partner_tally_key")]
        verbose_name_plural = "partner tallies"

    def __str__(self) -> str:
        return f"{self.policy_group_key or '-'}/{self.partner_type_key}/{self.is_active}: {self.partners}"


class PartnerContact(MasterRecord):
    """A contact of a partner (``{id}/addcontact``, SPEC §9.13), one per e-mail address."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="contacts")
    email = models.CharField(max_length=254)
    contact_no = models.CharField(max_length=16)
    address = models.CharField(max_length=2000)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "email"]
        constraints = [models.UniqueConstraint("partner", Lower("email"), name="uniq_partner_contact_email_ci")]

    def __str__(self) -> str:
        return f"{self.email} ({self.partner_id})"


class RequestStatus(models.TextChoices):
    """A key (1.2: policy-mapping) request's status, stored as the 1.0 routes have always
    stored it; labels are the 1.0 spelling. MOSIP 1.2's routes show ``InProgress``,
    ``approved``, ``rejected`` and read either spelling in any case
    (``partners.services.mapping.status_12``/``stored_status``): one record, two
    spellings (SPEC §10.1), no data migration."""

    IN_PROGRESS = "in-progress", "In-Progress"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


API_KEY_REQUEST_LIFECYCLE = Lifecycle(
    Transition("approve", [RequestStatus.IN_PROGRESS], RequestStatus.APPROVED),
    Transition("reject", [RequestStatus.IN_PROGRESS], RequestStatus.REJECTED),
)


class ApiKeyRequest(MasterRecord):
    """A partner's request for an API key under a published policy of its group (PS2);
    a partner manager approves or rejects it once (PM4). MOSIP 1.2's policy-mapping
    request (R20, decided by R21) is the same record: the 1.0 approval makes its key, the
    1.2 approval makes none (keys come from R22, several per request)."""

    id = models.CharField(primary_key=True, max_length=36, default=new_record_id, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="api_key_requests")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="api_key_requests")
    use_case = models.CharField(max_length=4000)
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.IN_PROGRESS)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "policy"], condition=Q(status="in-progress"),
                                    name="uniq_open_api_key_request"),
            models.CheckConstraint(condition=Q(status__in=["in-progress", "approved", "rejected"]),
                                   name="api_key_request_status_known"),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = "API key request"

    def __str__(self) -> str:
        return f"{self.partner_id} → {self.policy_id} ({self.status})"

    @property
    def api_key(self) -> "PartnerApiKey | None":
        """The key the 1.0 approval made for this request: the one labelled with the
        request's id (the 1.1 convention, 1.2 catalog §7.7, §18.2). A request approved
        through MOSIP 1.2's R21 has none (its keys come from R22, under other labels), so
        the 1.0 routes tell it approved with no key to give. Reads the prefetched
        ``api_keys`` when the query prefetched them (the lists do)."""
        cached = getattr(self, "_prefetched_objects_cache", {}).get("api_keys")
        rows = cached if cached is not None else self.api_keys.all()
        return next((key for key in rows if key.label == self.id), None)


def normalised_label(label: str) -> str:
    """A key label as uniqueness and lookups read it (1.2 catalog §7.3): whitespace
    trimmed and runs of it collapsed to one space, and case-insensitive (lower-cased):
    ``" Prod  key"``, ``"prod key"`` and ``"PROD KEY"`` name the same key of a partner's
    policy. MOSIP compares case-sensitively; here two labels differing only in case
    would be two keys nobody tells apart by reading, so the second is refused."""
    return " ".join((label or "").split()).lower()


class PartnerApiKey(MasterRecord, SealedKey):
    """An API key of a partner under a policy (SPEC §6): sealed, found by its digest, shown
    by its hint (``kernel.models.SealedKey``); never stored in clear.

    Several keys per partner and policy (1.2 catalog §18.2), told apart by ``label``
    (unique per partner and policy once normalised: ``label_key``, see
    ``normalised_label``). Each belongs to the approved request it was made under: the
    1.0 approval makes one, labelled with the request's id; MOSIP 1.2's R22 makes any
    number, labelled by the partner."""

    id = models.CharField(primary_key=True, max_length=36, default=new_record_id, editable=False)
    request = models.ForeignKey(ApiKeyRequest, on_delete=models.PROTECT, related_name="api_keys")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="api_keys")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="api_keys")
    label = models.CharField(max_length=36)
    label_key = models.CharField(max_length=36, editable=False, help_text="the label trimmed, collapsed, lower-cased")

    history = HistoricalRecords(excluded_fields=["sealed_key"])

    class Meta:
        ordering = ["-valid_from", "id"]
        verbose_name = "partner API key"
        constraints = [models.UniqueConstraint(fields=["partner", "policy", "label_key"], name="uniq_api_key_label")]

    def save(self, *args, **kwargs):
        self.label_key = normalised_label(self.label)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"key {self.id} of {self.partner_id}"


class BiometricExtractor(MasterRecord):
    """Which extractor (provider, version) a partner uses for a biometric attribute under a
    policy it asked a key for (1.1 ``partnerId/{p}/policyId/{q}``)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="extractors")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="extractors")
    attribute_name = models.CharField(max_length=128)
    biometric = models.CharField(max_length=64)
    provider = models.CharField(max_length=128)
    version = models.CharField(max_length=64)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "policy", "attribute_name", "biometric"]
        constraints = [models.UniqueConstraint(fields=["partner", "policy", "attribute_name", "biometric"],
                                               name="uniq_extractor_per_attribute")]

    def __str__(self) -> str:
        return f"{self.attribute_name}/{self.biometric}: {self.provider} {self.version}"


class PartnerCredentialType(MasterRecord):
    """MOSIP 1.2's credential-type mapping (R36, read by R37): which policy a partner's
    credentials of one type (``auth``, ``qrcode``, ``euin``...) are issued under. The 1.0
    generation has none, so only the 1.2 routes read and write it.

    One row per partner and credential type: MOSIP upserts (partner, policy id, credential
    type), yet R37 reads *the* policy of a partner and type, which two rows could not
    answer; here R36 for a type already mapped moves it to the named policy. The type is
    stored as configured in PMS_ALLOWED_CREDENTIAL_TYPES (matched case-insensitively)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="credential_types")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="credential_types")
    credential_type = models.CharField(max_length=64)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "credential_type"]
        constraints = [models.UniqueConstraint(fields=["partner", "credential_type"], name="uniq_partner_credential_type")]
        verbose_name = "partner credential type"

    def __str__(self) -> str:
        return f"{self.partner_id}/{self.credential_type} → {self.policy_id}"


class ApiKeyExpiryNotice(models.Model):
    """That the partner of ``key`` was mailed that the key expires at ``valid_to``
    (``manage.py remind_expiring_api_keys``): at most one reminder per key and expiry
    time. A key whose validity is extended has a new expiry time, hence a new window. An
    append-only log of mails (no history table): the run that wrote it is audited."""

    key = models.ForeignKey(PartnerApiKey, on_delete=models.CASCADE, related_name="expiry_notices")
    valid_to = models.DateTimeField(help_text="the expiry time the reminder announced")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["key", "valid_to"], name="uniq_api_key_expiry_notice")]
        verbose_name = "API key expiry notice"

    def __str__(self) -> str:
        return f"expiry notice of key {self.key_id} ({self.valid_to:%Y-%m-%d %H:%M})"


class CertificateDomain(models.TextChoices):
    AUTH = "AUTH", "AUTH"
    DEVICE = "DEVICE", "DEVICE"
    FTM = "FTM", "FTM"


class TrustedCertificate(MasterRecord):
    """A CA (root) or intermediate certificate of a domain that partner certificates of
    that domain must chain to (``uploadCACertificate``)."""

    id = models.CharField(primary_key=True, max_length=36, default=new_record_id, editable=False)
    domain = models.CharField(max_length=16, choices=CertificateDomain.choices)
    certificate_pem = models.TextField()
    subject = models.CharField(max_length=1024)
    issuer = models.CharField(max_length=1024)
    fingerprint = models.CharField(max_length=64)
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    is_root = models.BooleanField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["domain", "subject"]
        constraints = [models.UniqueConstraint(fields=["domain", "fingerprint"], name="uniq_trusted_certificate")]

    def __str__(self) -> str:
        return f"{self.domain}: {self.subject}"


class PartnerCertificate(MasterRecord):
    """A partner's certificate as uploaded (signed by its CA) and the copy this service
    re-signed with its own key; the newest upload is the partner's current one."""

    id = models.CharField(primary_key=True, max_length=36, default=new_record_id, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="certificates")
    domain = models.CharField(max_length=16, choices=CertificateDomain.choices)
    certificate_pem = models.TextField()
    signed_certificate_pem = models.TextField()
    fingerprint = models.CharField(max_length=64)
    not_after = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "-created_at", "id"]

    def __str__(self) -> str:
        return f"certificate {self.id} of {self.partner_id}"


class OidcClientStatus(models.TextChoices):
    """MOSIP 1.2's ``oidc_client.status``: ``INACTIVE`` is terminal (SPEC §10.4)."""

    ACTIVE = "ACTIVE", "Active"
    INACTIVE = "INACTIVE", "Inactive"


class OidcClientApi(models.TextChoices):
    """Which generation of MOSIP's client routes made the client: ``oauth`` (R103, with a
    name per language) or ``oidc`` (R107, deprecated in MOSIP). eSignet has one URL each."""

    OAUTH = "oauth", "OAuth (/oauth/client)"
    OIDC = "oidc", "OIDC (/oidc/client)"


class EsignetSync(models.TextChoices):
    """Where the row stands with eSignet (partners.services.oidc_clients, "no orphan").
    ``creating``: recorded here before eSignet was asked to create it, not yet confirmed;
    such a row is no client yet: reads and lists leave it out. ``updating``: eSignet was
    asked to change it and the change is not yet confirmed here. Empty: in step (or
    eSignet is not configured)."""

    IN_STEP = "", "In step"
    CREATING = "creating", "Creation not yet confirmed"
    UPDATING = "updating", "Update not yet confirmed"


class OidcClient(MasterRecord):
    """An OAuth/OIDC client of an authentication partner (MOSIP 1.2 ``pms.oidc_client``).

    ``id`` is the client id: the URL-safe base64 (no padding) of the SHA-256 of the public
    key's DER SubjectPublicKeyInfo, so one key makes one client. ``name`` is the stored
    text MOSIP keeps: for OAuth clients the JSON of the name per language plus
    ``"@none"``. Lists (redirect URIs, claims, ACR values, grant types, auth methods)
    are JSON arrays. eSignet keeps its own copy when configured; ``esignet_sync`` says
    whether both sides are known to agree."""

    id = models.CharField(primary_key=True, max_length=100)
    name = models.TextField()
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="oidc_clients")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="oidc_clients")
    logo_uri = models.CharField(max_length=2048)
    redirect_uris = models.JSONField(default=list)
    public_key = models.TextField(help_text="the JWK, as JSON text")
    claims = models.JSONField(default=list)
    acr_values = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=OidcClientStatus.choices, default=OidcClientStatus.ACTIVE)
    grant_types = models.JSONField(default=list)
    auth_methods = models.JSONField(default=list)
    api = models.CharField(max_length=8, choices=OidcClientApi.choices, default=OidcClientApi.OAUTH)
    esignet_sync = models.CharField(max_length=16, choices=EsignetSync.choices, default=EsignetSync.IN_STEP,
                                    blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "-created_at", "id"]
        verbose_name = "OIDC client"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["ACTIVE", "INACTIVE"]), name="oidc_client_status_known"),
        ]
        indexes = [models.Index(fields=["esignet_sync"])]

    def __str__(self) -> str:
        return f"OIDC client {self.id} of {self.partner_id}"

    @property
    def display_name(self) -> str:
        """The plain name: ``@none`` of an OAuth client's language map, else the text."""
        import json

        if self.api == OidcClientApi.OAUTH:
            try:
                names = json.loads(self.name)
            except ValueError:
                return self.name
            if isinstance(names, dict):
                return str(names.get("@none") or next(iter(names.values()), ""))
        return self.name
