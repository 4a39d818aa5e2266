from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "nlc.web.reporting"
    label = "reporting"

    def ready(self):
        from nlc.web.workspace import Section, register_section

        register_section(
            Section(
                "report",
                "Report",
                "network-report-page",
                order=90,
                summary="What are we learning about...? The network's report, to download as "
                "HTML or PDF.",
            )
        )
