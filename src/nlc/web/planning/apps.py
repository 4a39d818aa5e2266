from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "nlc.web.planning"
    label = "planning"

    def ready(self):
        from nlc.web.workspace import Section, register_section

        register_section(
            Section(
                "plan",
                "Plan and impact",
                "network-plan",
                order=70,
                summary="The shared focus, goals and indicators with their charts; meetings, "
                "decisions and actions; who takes part; outcomes beside the network's change.",
            )
        )
