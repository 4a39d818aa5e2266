from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "nlc.web.surveys"
    label = "surveys"

    def ready(self):
        from nlc.web.registry import access
        from nlc.web.workspace import Section, register_section

        register_section(
            Section(
                "surveys",
                "Surveys",
                "network-surveys",
                order=60,
                visible=access.can_view_network,
                summary="Relationship surveys, wave after wave: who works with whom, in "
                "members' own words, with response tracking and wave-to-wave change.",
            )
        )
