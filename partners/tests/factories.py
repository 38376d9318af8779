from partners.models import Partner, PartnerType
from policies.models import ManagerGroupMapping
from tests.support.users import make_user


def make_partner(owner=None, *, name="Airtel India", group=None, partner_type="Auth_Partner", partner_id=None, **extra):
    owner = owner or make_user(f"owner-{name.lower().replace(' ', '-')}", ["AUTH_PARTNER"])
    # get_or_create: a transactional test flushes the rows the seed migration wrote
    kind, _ = PartnerType.objects.get_or_create(pk=partner_type, defaults={"requires_policy_group": group is not None})
    partner = Partner(name=name, partner_type=kind, policy_group=group,
                      contact_no="+91 98450 00000", email="ops@airtel.example", address="Bengaluru", owner=owner, **extra)
    if partner_id:
        partner.id = partner_id
    partner.save()
    return partner


def make_partner_manager(username, groups=()):
    user = make_user(username, ["PARTNERMANAGER"])
    for group in groups:
        ManagerGroupMapping.objects.create(user=user, policy_group=group)
    return user
