"""The data managers' admin site: staff as Django has them, and area administrators.

An area administrator (``Profile.role == area_admin``) is not staff in Django's sense, yet
manages the data of one area. :class:`DataAdminSite` lets them in (sign-in throttled as the
site's own) and the model admins of :mod:`nlc.web.registry.admin` and
:mod:`nlc.web.ties.admin` show and change only their area's records
(:class:`nlc.web.registry.admin.AreaScopedAdmin`); accounts and profiles stay with
superusers. ``SiteConfig`` (:mod:`nlc.web.site`) makes this the default ``admin.site``.
"""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm

from nlc.web.registry import access
from nlc.web.throttle import NlcAdminSite, ThrottledAdminAuthenticationForm


def manages_area_data(user) -> bool:
    """Whether ``user`` is an active area administrator (not a superuser)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and access.is_area_admin(user)
    )


class DataAdminAuthenticationForm(ThrottledAdminAuthenticationForm):
    """The admin's throttled sign-in, open to area administrators as well as staff."""

    def confirm_login_allowed(self, user):
        if manages_area_data(user):
            AuthenticationForm.confirm_login_allowed(self, user)  # active accounts only
        else:
            super().confirm_login_allowed(user)


class DataAdminSite(NlcAdminSite):
    """The admin for staff and for area administrators (their own area's data only)."""

    login_form = DataAdminAuthenticationForm
    site_header = "NLC data administration"
    site_title = "NLC data"

    def has_permission(self, request):
        return super().has_permission(request) or manages_area_data(request.user)
