"""Partner services: the only writers of partners, API-key requests and keys. Each runs
its audited operation (partners.operations) and names the catalog section it implements."""

from .api_keys import (
    api_key_value,
    decide_api_key_request,
    fetch_api_key_request_for_manager,
    fetch_policy_by_id_or_api_key,
    fetch_policy_for_api_key,
    list_api_key_requests_for_manager,
    list_api_key_requests_of_partner,
    read_api_key_requests,
    request_api_key,
)
from .certificates import (
    check_partner_certificate,
    current_partner_certificate,
    domain_named,
    upload_ca_certificate,
    upload_partner_certificate,
)
from .contacts import add_or_update_contact
from .extractors import extractors_of, fetch_partner_policy, set_extractors
from .keys import download_api_key, fetch_api_key_mapping, remap_api_key, set_api_key_active
from .registration import (
    checked_contact_no,
    checked_email,
    fetch_partner,
    fetch_partner_for_manager,
    list_partners_for_manager,
    manager_summary,
    partner_type_named,
    policy_id_named,
    register_partner,
    set_partner_active,
    update_partner,
)
from .types import save_partner_type

__all__ = [
    "checked_contact_no",
    "checked_email",
    "add_or_update_contact",
    "check_partner_certificate",
    "save_partner_type",
    "current_partner_certificate",
    "domain_named",
    "upload_ca_certificate",
    "upload_partner_certificate",
    "extractors_of",
    "fetch_partner_policy",
    "set_extractors",
    "download_api_key",
    "fetch_api_key_mapping",
    "remap_api_key",
    "set_api_key_active",
    "api_key_value",
    "decide_api_key_request",
    "fetch_api_key_request_for_manager",
    "fetch_partner",
    "fetch_partner_for_manager",
    "fetch_policy_by_id_or_api_key",
    "fetch_policy_for_api_key",
    "list_api_key_requests_for_manager",
    "list_api_key_requests_of_partner",
    "read_api_key_requests",
    "list_partners_for_manager",
    "manager_summary",
    "policy_id_named",
    "partner_type_named",
    "register_partner",
    "request_api_key",
    "set_partner_active",
    "update_partner",
]
