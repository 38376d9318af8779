from django.apps import AppConfig


class MispConfig(AppConfig):
    name = "misp"
    verbose_name = "MISPs"

    def ready(self) -> None:
        from partners.signals import partner_deactivated_12

        from .services.licenses12 import deactivate_partner_licenses

        partner_deactivated_12.connect(deactivate_partner_licenses, dispatch_uid="misp.deactivate_partner_licenses")
