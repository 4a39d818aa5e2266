"""The brokerage pages: the area's page (open suggestions, introductions under way, the
local authority's own brokerage), the effect of introductions, the resource register, the
brokers and hold-back setting, and a network's Brokerage section. Thin: reads come from
:mod:`~nlc.web.brokerage.suggestions` and :mod:`~nlc.web.brokerage.effects`, writes go
through :mod:`~nlc.web.brokerage.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from nlc.brokerage.lifecycle import IntroductionError
from nlc.web.brokerage import access, services
from nlc.web.brokerage.effects import effect, la_brokerage
from nlc.web.brokerage.forms import ActForm, AdvanceForm, BrokerForm, HoldbackForm, ResourceForm
from nlc.web.brokerage.models import Broker, Introduction, Resource, Settings
from nlc.web.brokerage.suggestions import KINDS, OPEN, find_open, open_suggestions
from nlc.web.registry import access as registry_access
from nlc.web.registry.models import Area, Network
from nlc.web.validation import messages as error_messages


def _area(request) -> Area:
    """The area whose brokerage the user keeps (administrators and brokers), else 403."""
    if request.user.is_superuser and not registry_access.profile_of(request.user):
        area = Area.objects.order_by("pk").first()
        if area is not None:
            return area
    area = access.brokerage_area(request.user)
    if area is None:
        raise PermissionDenied
    return area


def _grouped(by_kind: dict) -> list[dict]:
    """Suggestions by kind, then by network, for the template."""
    kinds = []
    for key, label in KINDS.items():
        networks: dict[str, dict] = {}
        for shown in by_kind.get(key, []):
            name = shown.network.name if shown.network else "Across the area"
            group = networks.setdefault(name, {"name": name, "network": shown.network, "items": []})
            group["items"].append(shown)
        count = len(by_kind.get(key, []))
        kinds.append({"key": key, "label": label, "networks": networks.values(), "count": count})
    return kinds


def _introductions(user, area: Area, network: Network | None = None):
    rows = Introduction.objects.filter(area=area).select_related(
        "network", "source_organisation", "target_organisation", "source_person", "target_person"
    )
    if network is not None:
        rows = rows.filter(network=network)
    if not access.sees_people(user, area.pk):
        rows = rows.filter(source_person__isnull=True, network__in=access.led_networks(user))
    return rows.order_by("-proposed_on", "-pk")


@require_safe
@login_required
def home(request):
    area = _area(request)
    keeper = access.sees_people(request.user, area.pk)
    context = {
        "area": area,
        "keeper": keeper,
        "kinds": _grouped(open_suggestions(request.user, area)),
        "introductions": _introductions(request.user, area),
        "open_statuses": OPEN,
        "la": la_brokerage(area) if keeper else None,
        "may_manage": access.can_manage_brokers(request.user, area.pk),
        "act_form": ActForm(),
        "advance_form": AdvanceForm(),
    }
    return render(request, "brokerage/home.html", context)


@require_safe
@login_required
def network_brokerage(request, pk: int):
    network = get_object_or_404(Network, pk=pk)
    if not registry_access.can_view_network(request.user, network):
        raise Http404
    if not access.can_see_network_suggestions(request.user, network):
        raise PermissionDenied
    context = {
        "network": network,
        "kinds": _grouped(open_suggestions(request.user, network.area, network=network)),
        "introductions": _introductions(request.user, network.area, network),
        "open_statuses": OPEN,
        "act_form": ActForm(),
        "advance_form": AdvanceForm(),
    }
    return render(request, "brokerage/network.html", context)


def _back(request, network: Network | None):
    if request.POST.get("next") == "network" and network is not None:
        return redirect("network-brokerage", network.pk)
    return redirect("brokerage-home")


def _find(request, area: Area, form: ActForm):
    """The suggestion the form names, as the user may see it now (404 when it is not)."""
    network = None
    if form.cleaned_data.get("network"):
        network = get_object_or_404(Network, pk=form.cleaned_data["network"], area=area)
    shown = find_open(request.user, area, form.cleaned_data["key"], network)
    if shown is None:
        raise Http404("That suggestion is no longer open.")
    return shown, network


def _acting_area(request, form: ActForm) -> Area:
    if not form.is_valid():
        raise Http404("That is not a suggestion.")
    network_pk = form.cleaned_data.get("network")
    if network_pk:
        network = get_object_or_404(Network, pk=network_pk)
        if not access.can_see_network_suggestions(request.user, network):
            raise PermissionDenied
        return network.area
    return _area(request)


@require_POST
@login_required
def act(request):
    """Start an introduction from a suggestion, or dismiss it (``dismiss`` in the form)."""
    form = ActForm(request.POST)
    area = _acting_area(request, form)
    shown, network = _find(request, area, form)
    if not access.can_act_on(request.user, area.pk, network, about_people=shown.about_people):
        raise PermissionDenied
    if "dismiss" in request.POST:
        services.dismiss(
            area, shown.suggestion, by=request.user, reason=form.cleaned_data.get("reason") or ""
        )
        messages.success(request, f"Dismissed: {shown.source_label} → {shown.target_label}.")
        return _back(request, network)
    ends = services.ends_of(shown.suggestion, shown.network)
    if ends is None:
        messages.error(request, "This suggestion cannot become an introduction; dismiss it.")
        return _back(request, network)
    try:
        services.start_introduction(
            area,
            ends,
            by=request.user,
            network=shown.network,
            suggestion=shown.suggestion,
            level=form.cleaned_data.get("level") or "suggest",
        )
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error_messages(error).values() for m in ms))
        return _back(request, network)
    messages.success(
        request, f"Introduction proposed: {shown.source_label} and {shown.target_label}."
    )
    return _back(request, network)


@require_POST
@login_required
def advance(request, pk: int):
    intro = get_object_or_404(Introduction.objects.select_related("network"), pk=pk)
    if not access.can_act_on(
        request.user, intro.area_id, intro.network, about_people=intro.between_people
    ):
        raise Http404
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a step for the introduction.")
        return _back(request, intro.network)
    try:
        services.advance_introduction(
            intro, form.cleaned_data["action"], by=request.user, notes=form.cleaned_data["notes"]
        )
    except (IntroductionError, ValidationError) as error:
        messages.error(request, str(getattr(error, "message", error)))
        return _back(request, intro.network)
    messages.success(request, f"Introduction {intro.pk}: {intro.get_status_display().lower()}.")
    return _back(request, intro.network)


def _keeper_area(request) -> Area:
    """The area, for its administrators and brokers only (not leaders)."""
    area = _area(request)
    if not access.sees_people(request.user, area.pk):
        raise PermissionDenied
    return area


@require_safe
@login_required
def effect_page(request):
    area = _keeper_area(request)
    result = effect(area)
    settings = Settings.objects.filter(area=area).first()
    return render(
        request,
        "brokerage/effect.html",
        {"area": area, "result": result, "holdback": settings.holdback if settings else 0},
    )


def _resource_page(request, area: Area, form: ResourceForm):
    rows = Resource.objects.filter(organisation__area=area).select_related("organisation")
    return render(
        request,
        "brokerage/resources.html",
        {
            "area": area,
            "resources": rows,
            "form": form,
            "may_edit": access.can_edit_register(request.user, area.pk),
        },
    )


@login_required
def resources(request):
    area = _keeper_area(request)
    if request.method == "POST":
        form = ResourceForm(request.POST, area_id=area.pk)
        if form.is_valid():
            services.save_resource(form.instance, by=request.user)
            messages.success(request, "Added to the register.")
            return redirect("brokerage-resources")
        return _resource_page(request, area, form)
    return _resource_page(request, area, ResourceForm(area_id=area.pk))


@require_POST
@login_required
def delete_resource(request, pk: int):
    area = _keeper_area(request)
    resource = get_object_or_404(Resource, pk=pk, organisation__area=area)
    services.delete(resource)
    messages.success(request, "Taken off the register.")
    return redirect("brokerage-resources")


@login_required
def brokers(request):
    area = _area(request)
    if not access.can_manage_brokers(request.user, area.pk):
        raise PermissionDenied
    broker_form = BrokerForm(area_id=area.pk)
    settings = Settings.objects.filter(area=area).first()
    holdback_form = HoldbackForm(initial={"holdback": settings.holdback if settings else 0})
    if request.method == "POST" and "person" in request.POST:
        broker_form = BrokerForm(request.POST, area_id=area.pk)
        if broker_form.is_valid():
            services.name_broker(area, broker_form.cleaned_data["person"], by=request.user)
            return redirect("brokerage-brokers")
    elif request.method == "POST" and "remove" in request.POST:
        broker = get_object_or_404(Broker, pk=request.POST["remove"], area=area)
        services.delete(broker)
        return redirect("brokerage-brokers")
    elif request.method == "POST":
        holdback_form = HoldbackForm(request.POST)
        if holdback_form.is_valid():
            services.set_holdback(area, holdback_form.cleaned_data["holdback"])
            return redirect("brokerage-brokers")
    context = {
        "area": area,
        "brokers": Broker.objects.filter(area=area).select_related("person__organisation"),
        "broker_form": broker_form,
        "holdback_form": holdback_form,
    }
    return render(request, "brokerage/brokers.html", context)
