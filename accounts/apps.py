from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from accounts import privacy
        from accounts.services import notifications, users  # noqa: F401 (mail kinds)
        from accounts.services.privacy import privacy_register

        privacy_register(self.label, privacy)
