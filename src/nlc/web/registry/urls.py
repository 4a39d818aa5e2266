"""Pages for networks (with their memberships and roles), organisations and people."""

from django.urls import path

from nlc.web.registry import views

urlpatterns = [
    path("networks/", views.network_list, name="network-list"),
    path("networks/add/", views.network_create, name="network-create"),
    path("networks/<int:pk>/", views.network_detail, name="network-detail"),
    path("networks/<int:pk>/edit/", views.network_edit, name="network-edit"),
    path(
        "networks/<int:network_pk>/members/add/",
        views.membership_create,
        name="membership-create",
    ),
    path(
        "networks/<int:network_pk>/members/<int:pk>/edit/",
        views.membership_edit,
        name="membership-edit",
    ),
    path(
        "networks/<int:network_pk>/members/<int:pk>/remove/",
        views.membership_remove,
        name="membership-remove",
    ),
    path("networks/<int:network_pk>/roles/add/", views.role_create, name="role-create"),
    path("networks/<int:network_pk>/roles/<int:pk>/edit/", views.role_edit, name="role-edit"),
    path(
        "networks/<int:network_pk>/roles/<int:pk>/remove/",
        views.role_remove,
        name="role-remove",
    ),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/add/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("people/", views.person_list, name="person-list"),
    path("people/add/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
]
