"""Pages for networks (with their memberships and roles), organisations and people."""

from django.urls import path

from nlc.web.registry import search, views


def _network_part(part: str, name: str, create, edit, remove) -> list:
    """The add, edit and remove pages of a network's ``part`` (members, roles)."""
    base = f"networks/<int:network_pk>/{part}/"
    return [
        path(f"{base}add/", create, name=f"{name}-create"),
        path(f"{base}<int:pk>/edit/", edit, name=f"{name}-edit"),
        path(f"{base}<int:pk>/remove/", remove, name=f"{name}-remove"),
    ]


urlpatterns = [
    path("networks/", views.network_list, name="network-list"),
    path("networks/add/", views.network_create, name="network-create"),
    path("networks/<int:pk>/", views.network_detail, name="network-detail"),
    path("networks/<int:pk>/members/", views.network_members, name="network-members"),
    path("networks/<int:pk>/analysis/", views.network_analysis_page, name="network-analysis"),
    path("networks/<int:pk>/edit/", views.network_edit, name="network-edit"),
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
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/add/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("people/", views.person_list, name="person-list"),
    path("people/add/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/contact/", views.person_contact, name="person-contact"),
    path("search/organisations/", search.search_organisations, name="organisation-search"),
    path("search/people/", search.search_people, name="person-search"),
]
