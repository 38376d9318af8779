import copy

import factory

from policies.models import Policy, PolicyGroup, PolicyStatus, PolicyType

AUTH_DOCUMENT = {
    "authPolicies": [
        {"authType": "otp", "mandatory": True},
        {"authType": "bio", "authSubType": "FINGER", "mandatory": False},
    ],
    "allowedKycAttributes": [{"attributeName": "fullName", "required": True}, {"attributeName": "dateOfBirth"}],
}

DATA_SHARE_DOCUMENT = {
    "dataSharePolicies": {
        "typeOfShare": "Data Share", "validForInMinutes": "30", "transactionsAllowed": 2,
        "encryptionType": "Partner Based", "shareDomain": "mosip.io", "source": "ID Repository",
    },
    "shareableAttributes": [
        {"attributeName": "fullName", "source": [{"attribute": "fullName"}], "encrypted": True},
        {"attributeName": "face", "source": [{"attribute": "individualBiometrics", "filter": [{"type": "Face"}]}],
         "encrypted": True, "format": "extraction"},
    ],
}


def auth_document():
    return copy.deepcopy(AUTH_DOCUMENT)


def data_share_document():
    return copy.deepcopy(DATA_SHARE_DOCUMENT)


class PolicyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyGroup

    name = factory.Sequence(lambda n: f"Group {n}")
    description = factory.LazyAttribute(lambda o: f"{o.name} policies")


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    policy_group = factory.SubFactory(PolicyGroupFactory)
    name = factory.Sequence(lambda n: f"Policy {n}")
    description = "a policy"
    policy_type = PolicyType.AUTH
    document = factory.LazyFunction(auth_document)
    status = PolicyStatus.DRAFT


def make_manager(username: str, roles=("POLICYMANAGER",), *, groups=()):
    """A user with roles, mapped to policy groups (as ``create_pms_user --policy-groups``)."""
    from policies.models import ManagerGroupMapping
    from tests.support.users import make_user

    user = make_user(username, roles)
    for group in groups:
        ManagerGroupMapping.objects.create(user=user, policy_group=group)
    return user
