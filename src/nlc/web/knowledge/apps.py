from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "nlc.web.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge"

    def ready(self):
        from nlc.web.knowledge import access
        from nlc.web.registry.access import can_view_network
        from nlc.web.workspace import Link, Section, register_link, register_section

        register_section(
            Section(
                "knowledge",
                "Knowledge",
                "network-knowledge",
                order=50,
                visible=can_view_network,
                summary="Accounts of practice, case studies, tools and data-sets from the "
                "network, and items from elsewhere that fit its focus.",
            )
        )
        register_link(
            Link("knowledge", "Knowledge", "knowledge-list", order=35, visible=access.may_read)
        )
