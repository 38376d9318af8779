from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts (users, logins, tokens, machine clients)"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the identity checks)
