from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts (users, logins, tokens, machine clients)"

    def ready(self) -> None:
        from django.contrib import admin

        from .forms import LockoutAwareLoginForm

        admin.site.login_form = LockoutAwareLoginForm
