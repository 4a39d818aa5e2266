from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "nlc.web.learning"
    label = "learning"
    verbose_name = "Learning activities"

    def ready(self):
        from nlc.web.learning import analysis
        from nlc.web.registry import access
        from nlc.web.registry.analysis import AnalysisView, register_analysis_view
        from nlc.web.ties.measures import GROUPINGS
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
        register_analysis_view(
            AnalysisView(
                analysis.VIEW,
                "People linked through learning activities (people × activities)",
                groupings=GROUPINGS["people"],
                build=analysis.people_through_activities,
                nodes=("person", "people", "person-detail"),
                names=analysis.activity_names,
                description=analysis.DESCRIPTION,
                affiliations={
                    "heading": "Activities linking the most groups",
                    "intro": "In the people × activities view each learning activity is an "
                    "affiliation: these activities brought together people of the most groups",
                    "column": "Activity",
                    "members": "People",
                    "url": "activity-detail",
                },
                fingerprint=analysis.activities_fingerprint,
            )
        )
