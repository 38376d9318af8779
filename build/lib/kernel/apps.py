from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "kernel"
    verbose_name = "Kernel (envelope, errors, keys)"

    def ready(self) -> None:
        from . import checks, schema  # noqa: F401  (registers system checks and the schema extension)
