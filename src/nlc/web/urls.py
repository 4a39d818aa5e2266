"""URL map. Page views live in each app's ``urls.py``; the JSON API under /api/ (docs at
/api/docs), put together from the apps' routers in ``nlc.web.api.urls``."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nlc.web import views

#: The apps whose pages are served from the site's root, in the order their patterns are tried.
#: To add an app's pages, add its name here.
PAGE_APPS = (
    "registry",
    "ties",
    "maps",
    "imports",
    "simulations",
    "learning",
    "planning",
    "reporting",
    "knowledge",
    "surveys",
    "brokerage",
    "audit",
    "exports",
)

#: The titles of the sign-in and password forms (``registration/form.html``): each names the
#: page, its heading and its button.
SIGN_IN = {"title": "Sign in"}
CHANGE_PASSWORD = {"title": "Change password"}

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accounts/login/", views.ThrottledLoginView.as_view(extra_context=SIGN_IN), name="login"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(extra_context=CHANGE_PASSWORD),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    *(path("", include(f"nlc.web.{app}.urls")) for app in PAGE_APPS),
    path("api/", include("nlc.web.api.urls")),
]

handler403 = "nlc.web.views.forbidden"
handler404 = "nlc.web.views.not_found"
handler500 = "nlc.web.views.server_error"
