"""The Surveys section's pages and the respondent's personal link."""

from django.urls import path

from nlc.web.routes import actions, network_page
from nlc.web.surveys import respond, views

P = "networks/<int:pk>/surveys/"
S = f"{P}<int:survey>/"
Q = f"{S}questions/"
W = f"{P}waves/<int:wave>/"

#: What a wave's page does to it: each posted to ``<W><verb>/``, named ``survey-wave-<verb>``,
#: served by ``views.wave_<verb>``.
WAVE_ACTIONS = ("invite", "remind", "close", "export", "import")

urlpatterns = [
    network_page("surveys", views.network_surveys),
    path(f"{P}new/", views.survey_new, name="survey-new"),
    path(S, views.survey_detail, name="survey-detail"),
    path(Q, views.question_new, name="survey-question-new"),
    path(f"{Q}<int:question>/delete/", views.question_delete, name="survey-question-delete"),
    path(f"{S}waves/", views.wave_open, name="survey-wave-open"),
    path(W, views.wave_detail, name="survey-wave"),
    *actions(W, views, "wave", *WAVE_ACTIONS, name="survey-wave-{verb}"),
    path(f"{W}links.csv", views.wave_links, name="survey-wave-links"),
    path(f"{W}map.json", views.wave_map, name="survey-wave-map"),
    path(f"{W}answers/<int:answer>/match/", views.answer_match, name="survey-answer-match"),
    path("s/<str:token>/", respond.respond, name="survey-respond"),
    path("s/<str:token>/withdraw/", respond.withdraw, name="survey-withdraw"),
]
