"""Pages for the ties recorded in a network's work."""

from django.urls import path

from nlc.web.ties import views

urlpatterns = [
    path("networks/<int:network_pk>/ties/", views.tie_list, name="tie-list"),
    path("networks/<int:network_pk>/ties/add/", views.tie_create, name="tie-create"),
    path("ties/<int:pk>/edit/", views.tie_edit, name="tie-edit"),
    path("ties/<int:pk>/confirm/", views.tie_confirm, name="tie-confirm"),
]
