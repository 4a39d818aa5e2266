from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "nlc.web.learning"
    label = "learning"
    verbose_name = "Learning activities"

    def ready(self):
        from nlc.web.registry import access
        from nlc.web.workspace import Section, register_section

        register_section(
            Section(
                "activities",
                "Activities",
                "network-activities",
                order=40,
                visible=access.can_view_network,
                summary="Learning walks, lesson study, enquiry and the network's other shared "
                "work: planned, carried out, recorded, and turned into ties.",
            )
        )
