from django.apps import AppConfig


class SimulationsConfig(AppConfig):
    name = "nlc.web.simulations"
    label = "simulations"

    def ready(self):
        from nlc.web.workspace import Section, register_section

        register_section(
            Section(
                "simulate",
                "Simulate",
                "network-simulate",
                order=80,
                summary="How a practice could spread between the organisations, and what a "
                "new tie would change. Nothing is saved.",
            )
        )
