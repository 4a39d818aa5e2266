"""The Surveys section's pages and the respondent's personal link."""

from django.urls import path

from nlc.web.surveys import respond, views

P = "networks/<int:pk>/surveys/"

urlpatterns = [
    path(P, views.network_surveys, name="network-surveys"),
    path(f"{P}new/", views.survey_new, name="survey-new"),
    path(f"{P}<int:survey>/", views.survey_detail, name="survey-detail"),
    path(f"{P}<int:survey>/questions/", views.question_new, name="survey-question-new"),
    path(
        f"{P}<int:survey>/questions/<int:question>/delete/",
        views.question_delete,
        name="survey-question-delete",
    ),
    path(f"{P}<int:survey>/waves/", views.wave_open, name="survey-wave-open"),
    path(f"{P}waves/<int:wave>/", views.wave_detail, name="survey-wave"),
    path(f"{P}waves/<int:wave>/invite/", views.wave_invite, name="survey-wave-invite"),
    path(f"{P}waves/<int:wave>/remind/", views.wave_remind, name="survey-wave-remind"),
    path(f"{P}waves/<int:wave>/links.csv", views.wave_links, name="survey-wave-links"),
    path(f"{P}waves/<int:wave>/close/", views.wave_close, name="survey-wave-close"),
    path(f"{P}waves/<int:wave>/map.json", views.wave_map, name="survey-wave-map"),
    path(f"{P}waves/<int:wave>/export/", views.wave_export, name="survey-wave-export"),
    path(f"{P}waves/<int:wave>/import/", views.wave_import, name="survey-wave-import"),
    path(
        f"{P}waves/<int:wave>/answers/<int:answer>/match/",
        views.answer_match,
        name="survey-answer-match",
    ),
    path("s/<str:token>/", respond.respond, name="survey-respond"),
    path("s/<str:token>/withdraw/", respond.withdraw, name="survey-withdraw"),
]
