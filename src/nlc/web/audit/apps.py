from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "nlc.web.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from nlc.web.audit import registration

        registration.connect()
        autodiscover_modules("audit")  # each app's audit.py registers its models
