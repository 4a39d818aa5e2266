"""A network's Activities section, an activity's pages and what they add to it."""

from django.urls import path

from nlc.web.learning import views
from nlc.web.routes import actions, network_page

A = "activities/<int:pk>/"

#: What an activity's page adds to it: each posted to ``activities/<pk>/<part>s/``, named
#: ``<part>-add``, served by ``views.<part>_add`` (hyphens as underscores).
ADDED = ("participant", "step", "case-pupil", "adoption", "attachment")

urlpatterns = [
    network_page("activities", views.network_activities),
    path("networks/<int:pk>/activities/new/", views.activity_create, name="activity-create"),
    path(A, views.activity_detail, name="activity-detail"),
    *actions(A, views, "activity", "edit", "debrief"),
    path(f"{A}remove/", views.activity_delete, name="activity-delete"),
    *(
        path(f"{A}{part}s/", getattr(views, f"{part.replace('-', '_')}_add"), name=f"{part}-add")
        for part in ADDED
    ),
    *actions("participants/<int:pk>/", views, "participant", "remove", "contribution"),
    path("steps/<int:pk>/observations/", views.observation_add, name="observation-add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]
