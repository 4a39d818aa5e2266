from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "nlc.web.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from nlc.web.audit import log, registration
        from nlc.web.workspace import Link, register_link

        registration.connect()
        register_link(Link("audit", "Audit log", "audit-log", order=60, visible=log.can_read_log))
        # Each app's audit.py registers its models, its personal.py what it holds about people.
        autodiscover_modules("audit", "personal")
