from django.urls import path

from nlc.web.learning import views

#: What an activity's page adds to it: each posted to ``activities/<pk>/<part>s/``, named
#: ``<part>-add``, served by ``views.<part>_add`` (hyphens as underscores).
ADDED = ("participant", "step", "case-pupil", "adoption", "attachment")

urlpatterns = [
    path("networks/<int:pk>/activities/", views.network_activities, name="network-activities"),
    path("networks/<int:pk>/activities/new/", views.activity_create, name="activity-create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/remove/", views.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/debrief/", views.activity_debrief, name="activity-debrief"),
    *(
        path(
            f"activities/<int:pk>/{part}s/",
            getattr(views, f"{part.replace('-', '_')}_add"),
            name=f"{part}-add",
        )
        for part in ADDED
    ),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant-remove"),
    path(
        "participants/<int:pk>/contribution/",
        views.participant_contribution,
        name="participant-contribution",
    ),
    path("steps/<int:pk>/observations/", views.observation_add, name="observation-add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]
