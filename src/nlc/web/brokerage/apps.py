from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    name = "nlc.web.brokerage"
    label = "brokerage"
    verbose_name = "Brokerage"

    def ready(self):
        from nlc.web.brokerage import access
        from nlc.web.workspace import Link, Section, register_link, register_section

        register_link(
            Link("brokerage", "Brokerage", "brokerage-home", order=45, visible=access.may_broker)
        )
        register_section(
            Section(
                "brokerage",
                "Brokerage",
                "network-brokerage",
                order=85,
                visible=access.can_see_network_suggestions,
                summary="Suggested introductions, members, partners, resources and knowledge "
                "for the network, and the introductions under way.",
            )
        )
