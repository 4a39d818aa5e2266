"""The Plan and impact section's pages."""

from django.urls import path

from nlc.web.planning import views

P = "networks/<int:pk>/plan/"

urlpatterns = [
    path(P, views.network_plan, name="network-plan"),
    path(f"{P}focus/", views.edit_focus, name="plan-focus"),
    path(f"{P}goals/new/", views.new_goal, name="plan-goal-new"),
    path(f"{P}goals/<int:goal>/indicators/new/", views.new_indicator, name="plan-indicator-new"),
    path(f"{P}indicators/<int:indicator>/", views.indicator_detail, name="plan-indicator"),
    path(f"{P}indicators/<int:indicator>/rebase/", views.rebase_indicator, name="plan-rebase"),
    path(f"{P}meetings/new/", views.edit_meeting, name="plan-meeting-new"),
    path(f"{P}meetings/<int:meeting>/", views.edit_meeting, name="plan-meeting"),
    path(f"{P}proposals/new/", views.new_proposal, name="plan-proposal-new"),
    path(f"{P}proposals/<int:proposal>/", views.proposal_detail, name="plan-proposal"),
    path(f"{P}actions/new/", views.edit_action, name="plan-action-new"),
    path(f"{P}actions/<int:action>/", views.edit_action, name="plan-action"),
    path("networks/<int:pk>/impact/", views.network_impact, name="network-impact"),
]
