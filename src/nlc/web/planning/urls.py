"""The Plan and impact section's pages."""

from django.urls import path

from nlc.web.planning import views
from nlc.web.routes import network_page, new_and_existing

P = "networks/<int:pk>/plan/"
INDICATOR = f"{P}indicators/<int:indicator>/"

urlpatterns = [
    network_page("plan", views.network_plan),
    path(f"{P}focus/", views.edit_focus, name="plan-focus"),
    path(f"{P}goals/new/", views.new_goal, name="plan-goal-new"),
    path(f"{P}goals/<int:goal>/indicators/new/", views.new_indicator, name="plan-indicator-new"),
    path(INDICATOR, views.indicator_detail, name="plan-indicator"),
    path(f"{INDICATOR}rebase/", views.rebase_indicator, name="plan-rebase"),
    *new_and_existing(P, "meeting", "plan-meeting", views.edit_meeting),
    *new_and_existing(P, "proposal", "plan-proposal", views.new_proposal, views.proposal_detail),
    *new_and_existing(P, "action", "plan-action", views.edit_action),
    network_page("impact", views.network_impact),
]
