"""Pages for networks (with their memberships and roles), organisations and people."""

from django.urls import path

from nlc.web.registry import search, views
from nlc.web.routes import actions, network_page, record_pages


def _network_part(part: str, noun: str, *verbs: str) -> list:
    """The add page of a network's ``part`` (members, roles) and the ``verbs`` on one of them."""
    base = f"networks/<int:network_pk>/{part}/"
    return [
        path(f"{base}add/", getattr(views, f"{noun}_create"), name=f"{noun}-create"),
        *actions(f"{base}<int:pk>/", views, noun, *verbs),
    ]


urlpatterns = [
    *record_pages("networks", "network", views),
    network_page("members", views.network_members),
    network_page("analysis", views.network_analysis_page),
    *_network_part("members", "membership", "edit", "remove", "approve"),
    *_network_part("roles", "role", "edit", "remove"),
    *record_pages("organisations", "organisation", views),
    *record_pages("people", "person", views),
    path("people/<int:pk>/contact/", views.person_contact, name="person-contact"),
    path("search/organisations/", search.search_organisations, name="organisation-search"),
    path("search/people/", search.search_people, name="person-search"),
]
