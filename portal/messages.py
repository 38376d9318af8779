"""What a refusal says on a portal page, in the visitor's language. Services raise coded
errors with English messages (those go to the audit trail); the page shows the text
below for the codes a partner meets, else the code and the service's message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kernel.errors import PmsError

TEXTS = {
    "PMS_PTL_001": _("The verification code is not correct. Attempts left: %(left)s."),
    "PMS_PTL_002": _("The verification code has expired. Ask for a new code."),
    "PMS_PTL_003": _("Too many wrong codes: this registration is locked. Register again later."),
    "PMS_PTL_004": _("A code was sent less than %(seconds)s seconds ago. Please wait before asking again."),
    "PMS_PTL_005": _("No more codes can be sent for this registration."),
    "PMS_PTL_006": _("This registration is not waiting for a code. Register again or log in."),
    "PMS_PTL_007": _("This e-mail address is already registered. Log in, or reset your password."),
    "PMS_PTL_008": _("An organisation with this name is already registered."),
    "PMS_PTL_009": _("Too many wrong codes were entered for this e-mail address. Try again later."),
    "PMS_PTL_010": _("This password is not accepted."),
    "PMS_PTL_011": _("The e-mail with your code could not be sent. Please try again."),
    "PMS_PTL_012": _("Too many registrations were sent from your network. Please try again in an hour."),
    "PMS_PRT_001": _("An organisation with this name is already registered in this policy group."),
    "PMS_PRT_002": _("This policy group does not exist."),
    "PMS_PRT_010": _("This partner type does not exist."),
    "PMS_PRT_012": _("This e-mail address is not valid."),
    "PMS_PRT_013": _("This contact number is not valid."),
    "PMS_PRT_053": _("A request for this policy is already waiting for a decision."),
    "PMS_PRT_073": _("This policy does not exist."),
    "PMS_PRT_109": _("This policy is not approved for your partner yet."),
    "PMS_PRT_110": _("This label is already used for a key of this policy. Choose another."),
    "PMS_PRT_111": _("This key does not exist."),
    "PMS_PMP_014": _("This policy does not exist in your policy group."),
    "PMS_PMP_016": _("This partner is not active."),
    "PMS_PMP_019": _("This policy is not active."),
    "PMS_PMP_023": _("This policy group is not active."),
    "PMS_PMS_022": _("This key is already inactive."),
    "PMS_PRT_055": _("This key exists, but only the partner's owner can see it."),
    "PMS_PRT_060": _("You already have an approved key for this policy."),
    "PMS_PRT_098": _("This policy is not published in your policy group."),
    "PMS_PRT_105": _("This key has not been created yet."),
    "PMS_PRT_108": _("Choose a policy group."),
    "PMS_PRT_429": _("E-mail addresses of this domain cannot register."),
    "PMS_POL_053": _("This policy group is not active."),
    "PMS_MSP_405": _("This partner is not active."),
    "PMS_MSP_416": _("This partner already has a license."),
    "PMS_MSP_418": _("A license is issued once every policy request of the partner is approved."),
    "PMS_MSP_419": _("The policy of your first policy request no longer exists."),
    "PMS_ESI_001": _("A client with this public key already exists."),
    "PMS_ESI_002": _("This policy is not approved for your partner yet."),
    "PMS_ESI_003": _("This policy makes an authentication mandatory: no client can be made for it."),
    "PMS_ESI_005": _("This policy gives no user claim a client could ask for."),
    "PMS_ESI_006": _("This policy allows no authentication a client could ask for."),
    "PMS_ESI_007": _("This public key cannot be read. Paste the public key as a JSON Web Key."),
    "PMS_ESI_008": _("This client is deactivated: it cannot be changed any more."),
    "PMS_PRT_500": _("The sign-in service could not be reached. Please try again."),
    # MOSIP 1.2's SBIs and device models (devices.services.sbi12, device_details12)
    "PMS_AUT_514": _("The creation date cannot be after today."),
    "PMS_AUT_508": _("The expiry date must be after today."),
    "PMS_AUT_515": _("The expiry date cannot be more than %(years)s years from today."),
    "PMS_AUT_516": _("The creation date cannot be more than %(years)s years ago."),
    "PMS_AUT_512": _("An SBI with this version already exists for this partner."),
    "PMS_AUT_002": _("This partner is not active."),
    "PMS_AUT_001": _("This device type and sub-type do not exist."),
    "PMS_AUT_003": _("This device model is already registered and not rejected or deactivated."),
    "PMS_DEVICE_ERROR_004": _("This device is already added to this SBI."),
    "PMS_DEVICE_ERROR_009": _("Devices can be added once a partner admin approves this SBI."),
    "PMS_DEVICE_ERROR_014": _("This device is already deactivated."),
    "PMS_DEVICE_ERROR_020": _("This SBI is already deactivated."),
    "PMS_DEVICE_ERROR_021": _("This SBI has expired: no device can be added to it."),
    "PMS_DEVICE_ERROR_022": _("This SBI is not approved."),
    "PMS_DEVICE_ERROR_023": _("This device is not approved."),
    "PMS_DEVICE_ERROR_028": _("This SBI was rejected: no device can be added to it."),
    "PMS_DEVICE_ERROR_029": _("This SBI is deactivated: no device can be added to it."),
}


def explain(error: PmsError) -> str:
    """The refusal in the active language, filled with the values the error carries."""
    text = TEXTS.get(error.code)
    if text is None:
        return f"{error.code}: {error.message}"
    message = str(text)
    return message % error.values if "%(" in message else message
