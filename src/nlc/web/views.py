"""Sign-in (throttled), sign-out, the area dashboard, and friendly error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nlc.web.maps.views import can_view_own_area
from nlc.web.registry import access
from nlc.web.registry.dashboard import area_summary


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


class ThrottledLoginView(LoginView):
    """Django's sign-in, refusing further attempts after repeated failures.

    Failures are counted per username and per address for ``LOGIN_THROTTLE_WINDOW``
    seconds; past ``LOGIN_THROTTLE_ATTEMPTS`` the page answers 429 without checking the
    password, so guessing cannot continue.
    """

    template_name = "registration/login.html"

    def _keys(self, request) -> list[str]:
        username = (request.POST.get("username") or "").strip().lower()
        return [f"login-fail:user:{username}", f"login-fail:addr:{_client_address(request)}"]

    def post(self, request, *args, **kwargs):
        keys = self._keys(request)
        if any(cache.get(k, 0) >= settings.LOGIN_THROTTLE_ATTEMPTS for k in keys):
            minutes = settings.LOGIN_THROTTLE_WINDOW // 60
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, f"Too many failed sign-ins. Try again in {minutes} minutes.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for key in self._keys(self.request):
            cache.add(key, 0, settings.LOGIN_THROTTLE_WINDOW)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, settings.LOGIN_THROTTLE_WINDOW)
        return super().form_invalid(form)


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
