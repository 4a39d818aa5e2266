"""Sign-in (throttled), sign-out, the area dashboard, and friendly error pages."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nlc.web import throttle
from nlc.web.maps.views import can_view_own_area
from nlc.web.registry import access
from nlc.web.registry.dashboard import area_summary


class ThrottledLoginView(LoginView):
    """Django's sign-in, throttled per (username, address) pair (:mod:`nlc.web.throttle`).

    After ``LOGIN_THROTTLE_ATTEMPTS`` failures the pair waits, longer after each further
    failure; meanwhile the page answers 429 with ``Retry-After`` without checking the password.
    """

    template_name = "registration/login.html"
    authentication_form = throttle.ThrottledAuthenticationForm

    def form_invalid(self, form):
        return throttle.answer(self.request, super().form_invalid(form))


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")


@login_required
def dashboard(request):
    networks = access.visible_networks(request.user)
    return render(
        request,
        "dashboard.html",
        {
            "summary": area_summary(request.user, networks),
            "networks": networks.select_related("area"),
            "role": access.profile_of(request.user),
            "can_view_area": can_view_own_area(request.user),
            "can_import": access.is_area_admin(request.user),
        },
    )


def _error_page(request, status: int, title: str, message: str):
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def forbidden(request, exception=None):
    return _error_page(request, 403, "Not allowed", "Your account may not see or change this.")


def not_found(request, exception=None):
    return _error_page(request, 404, "Not found", "There is nothing at this address.")


def server_error(request):
    return _error_page(
        request, 500, "Something went wrong", "The error has been logged. Nothing was changed."
    )
