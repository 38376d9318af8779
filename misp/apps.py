from django.apps import AppConfig


class MispConfig(AppConfig):
    name = "misp"
    verbose_name = "MISPs"
