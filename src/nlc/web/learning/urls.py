from django.urls import path

from nlc.web.learning import views

urlpatterns = [
    path("networks/<int:pk>/activities/", views.network_activities, name="network-activities"),
    path("networks/<int:pk>/activities/new/", views.activity_create, name="activity-create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/remove/", views.activity_delete, name="activity-delete"),
    path("activities/<int:pk>/debrief/", views.activity_debrief, name="activity-debrief"),
    path("activities/<int:pk>/participants/", views.participant_add, name="participant-add"),
    path("activities/<int:pk>/steps/", views.step_add, name="step-add"),
    path("activities/<int:pk>/case-pupils/", views.case_pupil_add, name="case-pupil-add"),
    path("activities/<int:pk>/adoptions/", views.adoption_add, name="adoption-add"),
    path("activities/<int:pk>/attachments/", views.attachment_add, name="attachment-add"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant-remove"),
    path(
        "participants/<int:pk>/contribution/",
        views.participant_contribution,
        name="participant-contribution",
    ),
    path("steps/<int:pk>/observations/", views.observation_add, name="observation-add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]
