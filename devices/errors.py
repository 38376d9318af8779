"""Device master-data error codes (catalog §10; MOSIP 1.0 masterdata codes where the
catalog has none, docs/api-tour.md, "Devices", lists the choices)."""

from kernel.errors import ErrorCode


class DeviceErrors:
    # Validation (D8/D9): 001 stops the check, the others are collected.
    DEVICE_NOT_FOUND = ErrorCode("ADM-DPM-001", "Device does not exist", 404)
    DEVICE_NOT_REGISTERED = ErrorCode("ADM-DPM-002", "Device is Revoked/Retired", 409)
    PROVIDER_NOT_FOUND = ErrorCode("ADM-DPM-003", "Device Provider does not exist", 404)
    PROVIDER_INACTIVE = ErrorCode("ADM-DPM-004", "Device Provider is marked Inactive", 409)
    MDS_NOT_FOUND = ErrorCode("ADM-DPM-005", "MDS does not exist", 404)
    MDS_INACTIVE = ErrorCode("ADM-DPM-006", "MDS is marked Inactive", 409)
    SOFTWARE_MISMATCH = ErrorCode("ADM-DPM-007", "Software version does not match against the Service ID", 409)
    DIGITAL_ID_MISMATCH = ErrorCode("ADM-DPM-008", "Device Provider ID does not match against the Service ID", 409)

    # Providers (D1/D2)
    PROVIDER_MISSING_INPUT = ErrorCode("ADM-DPM-010", "Mandatory input parameter is missing - {field}", 400)
    # "{provider}" is the caller's own input: the id it chose, or the vendor name it sent.
    PROVIDER_EXISTS = ErrorCode("ADM-DPM-011", "{provider} Device Provider already exist", 409)
    PROVIDER_UPDATE_MISSING_INPUT = ErrorCode("ADM-DPM-013", "Mandatory input parameter is missing - {field}", 400)
    # Foundational trust providers (D3/D4)
    FTP_MISSING_INPUT = ErrorCode("ADM-DPM-015", "Mandatory input parameter is missing - {field}", 400)
    FTP_EXISTS = ErrorCode("ADM-DPM-016", "Foundational Trust Provider already exist", 409)
    FTP_NOT_FOUND = ErrorCode("ADM-DPM-016", "FTP is not present for id {id}", 404)
    FTP_UPDATE_MISSING_INPUT = ErrorCode("ADM-DPM-018", "Mandatory input parameter is missing - {field}", 400)
    # MOSIP device services (D10/D11)
    MDS_MISSING_INPUT = ErrorCode("ADM-DPM-020", "Mandatory input parameter is missing - {field}", 400)
    MDS_EXISTS = ErrorCode("ADM-DPM-021", "MDS Details already exist", 409)
    MDS_ID_NOT_FOUND = ErrorCode("ADM-DPM-023", "MDS ID {id} does not exist", 404)
    MDS_PROVIDER_NOT_FOUND = ErrorCode("ADM-DPM-039", "Device Provider ID not found in the list of Device Providers", 404)
    MDS_TYPE_NOT_FOUND = ErrorCode("ADM-DPM-040", "Device Type Code not found in the list of Device Types", 404)
    MDS_SUB_TYPE_NOT_FOUND = ErrorCode("ADM-DPM-041", "Device Sub Type Code not found in the list of Device Sub Types",
                                       404)

    # Registration (D5)
    REGISTER_MISSING_INPUT = ErrorCode("ADM-DPM-025", "Mandatory input parameter is missing - {field}", 400)
    TYPE_NOT_FOUND = ErrorCode("ADM-DPM-026", "{type} Device Type does not exist", 404)
    SUB_TYPE_NOT_FOUND = ErrorCode("ADM-DPM-027", "{sub_type} Device Sub-Type does not exist", 404)
    L0_NEEDS_JSON = ErrorCode("ADM-DPM-029", "For Device ID, Json value expected for a L0 Device", 400)
    MAKE_MODEL_MISMATCH = ErrorCode("ADM-DPM-030", "Make/Model inside the Json does not match with the input", 409)
    FOUNDATIONAL = ErrorCode("ADM-DPM-030", "Error occured while validating Foundational", 409)
    PROVIDER_DETAILS_MISMATCH = ErrorCode(
        "ADM-DPM-031", "Device Provider details inside the Json does not match with the input", 409)
    PROVIDER_NOT_REGISTERED = ErrorCode(
        "ADM-DPM-032", "Device Provider ID/Name does not exist in the list of Registered Device Providers", 404)
    INVALID_CERTIFICATION = ErrorCode("ADM-DPM-033", "Invalid Certification Level received", 400)
    INVALID_PURPOSE = ErrorCode("ADM-DPM-034", "Invalid Purpose received", 400)
    ALREADY_REGISTERED = ErrorCode("ADM-DPM-043", "Serial no and DpId already exist", 409)
    CODE_TAKEN = ErrorCode("ADM-DPM-043", "Device code {code} is already registered", 409)
    TIMESTAMP_AFTER = ErrorCode("MSD-RDS-001", "Time Stamp input is {minutes} min after the current timestamp", 400)
    TIMESTAMP_BEFORE = ErrorCode("MSD-RDS-001", "Time Stamp input is {minutes} min before the current timestamp", 400)

    # Deregistration and status (D6/D7)
    DEREGISTER_UNKNOWN = ErrorCode("ADM-DPM-001", "Device does not exist", 404)
    ALREADY_DEREGISTERED = ErrorCode("ADM-DPM-002", "Device already de-registered: it is {status}", 409)
    STATUS_MISSING_INPUT = ErrorCode("ADM-DPM-036", "Mandatory input parameter is missing - {field}", 400)
    INVALID_STATUS = ErrorCode("ADM-DPM-037", "Invalid Status received", 400)
    SAME_STATUS = ErrorCode("ADM-DPM-037", "Device already is in {status} status", 409)
    REVOKED_IS_FINAL = ErrorCode("ADM-DPM-037", "Device has been revoked", 409)
    STATUS_UNKNOWN_DEVICE = ErrorCode("ADM-DPM-038", "Data not found for provided device code", 404)

    # Requests that are not what they claim to be (MOSIP masterdata's bean-validation code)
    INVALID_INPUT = ErrorCode("KER-MSD-999", "Invalid request input - {field}", 400)


class Devices12Errors:
    """MOSIP 1.2's SBI and device-detail routes (R70-R92, 1.2 catalog §11, §12, §20): its
    codes and texts, typos kept. Where this service refuses more than MOSIP (final
    deactivation, the legacy approvals' state rules, a device id already taken) it answers
    the closest code MOSIP has (docs/api-tour-1.2.md, "SBIs and device details")."""

    # R70/R71 (SecureBiometricInterfaceServiceImpl)
    CREATED_IN_FUTURE = ErrorCode("PMS_AUT_514", "The created date should be less than or equal to the current date.", 400)
    EXPIRY_NOT_AFTER_TODAY = ErrorCode("PMS_AUT_508", "ExpiryDate should be greaterthan/equal Today.", 400)
    EXPIRY_TOO_FAR = ErrorCode("PMS_AUT_515", "Expiry date should not be greater than {years} years from today", 400)
    CREATED_TOO_OLD = ErrorCode("PMS_AUT_516", "Created date should not be less than {years} years from today", 400)
    PROVIDER_INACTIVE = ErrorCode("PMS_AUT_002", "This partner has been inactivated by Partner admin", 404)
    SBI_VERSION_EXISTS = ErrorCode("PMS_AUT_512", "SBI details exists for given SBI Version. Multiple SBI with same "
                                                  "SBI Version cannot be added.", 409)
    SBI_NOT_FOUND = ErrorCode("PMS_AUT_007", "Secure Biometric Interface not found for the id {id}", 404)
    # R72
    SBI_ALREADY_APPROVED = ErrorCode("PMS_AUT_517", "The selected SBI has been already approved", 409)
    SBI_ALREADY_REJECTED = ErrorCode("PMS_AUT_518", "The selected SBI has been already rejected", 409)
    SBI_APPROVAL_VALUE = ErrorCode("PMS_AUT_026", "ApprovalStatus should be Activate / De-activate", 400)
    # R82-R84, R79/R80
    SUB_TYPE_NOT_FOUND = ErrorCode("PMS_AUT_001", "Reg Device Sub Type Code not found in the list of Reg Device Sub "
                                                  "Types", 404)
    DEVICE_EXISTS = ErrorCode("PMS_AUT_003", "Device Details already exists", 409)
    DEVICE_NOT_FOUND = ErrorCode("PMS_AUT_005", "Device detail for id {id} does not exist", 404)
    DEVICE_APPROVAL_VALUE = ErrorCode("PMS_AUT_025", "ApprovalStatus should be Activate / De-activate", 400)
    MAP_DEVICE_NOT_APPROVED = ErrorCode("PMS_AUT_027", "Device details for id {id} are not yet approved. Please provide "
                                                       "approved details.", 409)
    MAP_DEVICE_REJECTED = ErrorCode("PMS_AUT_028", "Device details for id {id} are rejected. Cann't use same details for "
                                                   "mapping.", 409)
    MAP_PROVIDER_MISMATCH = ErrorCode("PMS_AUT_509", "Device Details and SBI do not belongs to same provider.", 409)
    MAPPING_NOT_FOUND = ErrorCode("PMS_AUT_510", "Mapping not exists for given data.", 404)
    MAP_SBI_NOT_APPROVED = ErrorCode("PMS_AUT_511", "SBI for which device is being mapped is not approved", 409)
    MAP_SBI_EXPIRED = ErrorCode("PMS_AUT_513", "SBI for which device is being mapped is expired", 409)
    # The revamp routes (R73-R76, R85-R87)
    NO_PARTNER = ErrorCode("PMS_CERTIFICATE_ERROR_002", "User Id does not exists.", 404)
    PARTNER_NOT_ACTIVE = ErrorCode("PMS_PMP_016", "Partner is not active.", 409)
    INVALID_REQUEST = ErrorCode("PMS_REQUEST_ERROR_001", "Invalid request.", 400)
    PARTNER_NOT_USERS = ErrorCode("PMS_DEVICE_ERROR_001", "Partner id is not associated with user.", 404)
    SBI_NOT_PARTNERS = ErrorCode("PMS_DEVICE_ERROR_002", "SBI is not associated with partner Id.", 409)
    INVALID_PARTNER_TYPE = ErrorCode("PMS_DEVICE_ERROR_003", "Invalid partner type.", 409)
    MAPPING_EXISTS = ErrorCode("PMS_DEVICE_ERROR_004", "SBI and Device mapping already exists.", 409)
    SBI_UNKNOWN = ErrorCode("PMS_DEVICE_ERROR_005", "SBI do not exists.", 404)
    DEVICE_UNKNOWN = ErrorCode("PMS_DEVICE_ERROR_006", "Device do not exists.", 404)
    DEVICE_NOT_PARTNERS = ErrorCode("PMS_DEVICE_ERROR_007", "Device is not associated with partner Id.", 409)
    SBI_PENDING = ErrorCode("PMS_DEVICE_ERROR_009", "Unable to add device because the associated SBI is not approved.",
                            409)
    DEVICE_NOT_PENDING = ErrorCode("PMS_DEVICE_ERROR_010", "Given device details are not in pending for approval "
                                                           "status.", 409)
    MAPPING_MISSING = ErrorCode("PMS_DEVICE_ERROR_012", "SBI and Device mapping does not exists.", 404)
    DEVICE_ALREADY_DEACTIVATED = ErrorCode("PMS_DEVICE_ERROR_014", "The selected device has been already deactivated.",
                                           409)
    DEVICE_NOT_USERS = ErrorCode("PMS_DEVICE_ERROR_016", "Device is not associated with user.", 404)
    SBI_NOT_USERS = ErrorCode("PMS_DEVICE_ERROR_019", "SBI is not associated with user.", 404)
    SBI_ALREADY_DEACTIVATED = ErrorCode("PMS_DEVICE_ERROR_020", "The selected SBI is already deactivated.", 409)
    SBI_EXPIRED = ErrorCode("PMS_DEVICE_ERROR_021", "SBI for which device is being added is expired", 409)
    SBI_NOT_APPROVED = ErrorCode("PMS_DEVICE_ERROR_022", "The selected SBI is not in an approved status.", 409)
    DEVICE_NOT_APPROVED = ErrorCode("PMS_DEVICE_ERROR_023", "The selected Device is not in an approved status.", 409)
    NO_SBI_TO_APPROVE = ErrorCode("PMS_DEVICE_ERROR_024", "This device cannot be approved as it does not have any SBI "
                                                          "associated to it.", 400)
    NO_SBI_TO_REJECT = ErrorCode("PMS_DEVICE_ERROR_025", "This device cannot be rejected as it does not have any SBI "
                                                         "associated to it.", 400)
    DEACTIVATE_VALUE = ErrorCode("PMS_DEVICE_ERROR_026", "Request status should be De-Activate", 400)
    DEVICE_STATUS_VALUE = ErrorCode("PMS_DEVICE_ERROR_027", "Request status should be either approved or rejected", 400)
    SBI_REJECTED = ErrorCode("PMS_DEVICE_ERROR_028", "Unable to add device because the associated SBI is already "
                                                     "rejected", 409)
    SBI_DEACTIVATED = ErrorCode("PMS_DEVICE_ERROR_029", "Unable to add device because the associated SBI is already "
                                                        "deactivated", 409)


class FtmChipErrors:
    """MOSIP 1.2's FTM chip codes (1.2 catalog §13, §20; texts verbatim, typos kept). The
    codes the certificate routes share (PMS_CERTIFICATE_ERROR_002, PMS_PMP_016,
    PMS_FEATURE_003) are the partners app's. Two refusals MOSIP does not make (a deactivated
    chip stays deactivated, a rejected one is not approved: R95) answer with the nearest
    catalog codes, PMS_FTM_ERROR_007 and PMS_FTM_ERROR_008 (docs/api-tour-1.2.md)."""

    PROVIDER_NOT_FOUND = ErrorCode("PMP_AUT_030", "The FTP provider is either inactive or does not exist.", 404)
    CHIP_NOT_FOUND = ErrorCode("PMP_AUT_031", "ftp chip id not exists.", 404)
    CHIP_EXISTS = ErrorCode("PMP_AUT_032", "FTM Chip details already exists for the same make and model", 409)
    NO_CERTIFICATE = ErrorCode("PMP_AUT_033", "Certificate is not uploaded.", 409)
    NOT_PROVIDERS_CHIP = ErrorCode("PMP_AUT_034", "Ftp chip detail id and ftp provider id not mappped. ", 404)
    UPLOAD_STATUS = ErrorCode("PMP_AUT_038", "The certificate can only be uploaded for FTM that is either pending "
                                             "certificate upload or has an approved status.", 409)
    UPLOAD_DEACTIVATED = ErrorCode("PMP_AUT_039", "FTM chip is deactivated.", 409)
    STATUS_VALUE = ErrorCode("PMS_DEVICE_ERROR_026", "Request status should be De-Activate", 400)
    FETCH_FAILED = ErrorCode("PMS_FTM_ERROR_001", "Error while fetching the FTM chip details", 500)
    FTM_ID_INVALID = ErrorCode("PMS_FTM_ERROR_004", "FTM Id is invalid", 400)
    FTM_NOT_FOUND = ErrorCode("PMS_FTM_ERROR_005", "FTM Details do not exists.", 404)
    ALREADY_DEACTIVATED = ErrorCode("PMS_FTM_ERROR_007", "The selected FTM is already deactivated.", 409)
    DOWNLOAD_STATUS = ErrorCode("PMS_FTM_ERROR_008", "The selected FTM must have a status of either pending_approval "
                                                     "or approved.", 409)
    DOWNLOAD_DEACTIVATED = ErrorCode("PMS_FTM_ERROR_009", "Cannot download the certificate for a deactivated FTM", 409)
    NOT_APPROVED = ErrorCode("PMS_FTM_ERROR_010", "The selected FTM is not in an approved status.", 409)
