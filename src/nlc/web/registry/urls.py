"""Pages for networks (with their memberships and roles), organisations and people."""

from django.urls import path

from nlc.web.registry import search, views
from nlc.web.routes import record_pages


def _network_part(part: str, name: str, create, edit, remove) -> list:
    """The add, edit and remove pages of a network's ``part`` (members, roles)."""
    base = f"networks/<int:network_pk>/{part}/"
    return [
        path(f"{base}add/", create, name=f"{name}-create"),
        path(f"{base}<int:pk>/edit/", edit, name=f"{name}-edit"),
        path(f"{base}<int:pk>/remove/", remove, name=f"{name}-remove"),
    ]


urlpatterns = [
    *record_pages("networks", "network", views),
    path("networks/<int:pk>/members/", views.network_members, name="network-members"),
    path("networks/<int:pk>/analysis/", views.network_analysis_page, name="network-analysis"),
    *_network_part(
        "members",
        "membership",
        views.membership_create,
        views.membership_edit,
        views.membership_remove,
    ),
    path(
        "networks/<int:network_pk>/members/<int:pk>/approve/",
        views.membership_approve,
        name="membership-approve",
    ),
    *_network_part("roles", "role", views.role_create, views.role_edit, views.role_remove),
    *record_pages("organisations", "organisation", views),
    *record_pages("people", "person", views),
    path("people/<int:pk>/contact/", views.person_contact, name="person-contact"),
    path("search/organisations/", search.search_organisations, name="organisation-search"),
    path("search/people/", search.search_people, name="person-search"),
]
