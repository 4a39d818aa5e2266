"""URL map. Page views live in each app's ``urls.py``; the JSON API under /api/ (docs at
/api/docs), put together from the apps' routers in ``nlc.web.api.urls``."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nlc.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/login/", views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", include("nlc.web.registry.urls")),
    path("", include("nlc.web.ties.urls")),
    path("", include("nlc.web.maps.urls")),
    path("", include("nlc.web.imports.urls")),
    path("", include("nlc.web.simulations.urls")),
    path("", include("nlc.web.learning.urls")),
    path("", include("nlc.web.planning.urls")),
    path("", include("nlc.web.reporting.urls")),
    path("", include("nlc.web.knowledge.urls")),
    path("", include("nlc.web.surveys.urls")),
    path("", include("nlc.web.brokerage.urls")),
    path("", include("nlc.web.audit.urls")),
    path("", include("nlc.web.exports.urls")),
    path("api/", include("nlc.web.api.urls")),
]

handler403 = "nlc.web.views.forbidden"
handler404 = "nlc.web.views.not_found"
handler500 = "nlc.web.views.server_error"
