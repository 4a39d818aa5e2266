"""Pages for the ties of a network: the list (search, filters, pagination) and the form.

Who may see a network's ties is :func:`access.can_view_network`; who may record or change
them is :func:`access.can_record_ties` / :func:`access.can_edit_tie`. People are named
through :func:`access.display_name`. Writes go through :mod:`nlc.web.registry.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from nlc.web.registry import access, contributions, services
from nlc.web.registry.forms import searchable
from nlc.web.registry.models import Network, Organisation, Person
from nlc.web.registry.views import PERSON_LABEL_FIELDS, person_label
from nlc.web.ties.forms import TieForm
from nlc.web.ties.models import Tie, TieType

PAGE_SIZE = 25
LEVELS = {"organisations": "Between organisations", "people": "Between people"}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@require_safe
@login_required
def tie_list(request, network_pk: int):
    user = request.user
    network = get_object_or_404(Network.objects.select_related("area"), pk=network_pk)
    _require(access.can_view_network(user, network))
    ties = Tie.objects.filter(network=network)
    kind = request.GET.get("type", "")
    if kind in TieType.values:
        ties = ties.filter(type=kind)
    else:
        kind = ""
    level = request.GET.get("level", "")
    if level == "organisations":
        ties = ties.filter(source_organisation__isnull=False)
    elif level == "people":
        ties = ties.filter(source_person__isnull=False)
    else:
        level = ""
    q = request.GET.get("q", "").strip()[:200]
    if q:
        # People are found by name only where the user may see their name.
        named = access.identifiable_people(user).filter(name__icontains=q).values("pk")
        ties = ties.filter(
            Q(source_organisation__name__icontains=q)
            | Q(target_organisation__name__icontains=q)
            | Q(source_person__in=named)
            | Q(target_person__in=named)
        )
    ties = ties.select_related(
        "source_organisation",
        "target_organisation",
        "source_person__organisation",
        "target_person__organisation",
    ).order_by("-observed_on", "-pk")
    page = Paginator(ties, PAGE_SIZE).get_page(request.GET.get("page"))
    can_record = access.can_record_ties(user, network)
    can_record_own = contributions.can_record_own_ties(user, network)

    def end(organisation, person) -> dict:
        if organisation is not None:
            return {"name": organisation.name, "url": organisation.get_absolute_url()}
        return {"name": access.display_name(user, person), "url": person.get_absolute_url()}

    rows = [
        {
            "tie": tie,
            "source": end(tie.source_organisation, tie.source_person),
            "target": end(tie.target_organisation, tie.target_person),
        }
        for tie in page
    ]
    context = {
        "network": network,
        "page": page,
        "rows": rows,
        "q": q,
        "type": kind,
        "types": TieType.choices,
        "level": level,
        "levels": LEVELS.items(),
        "can_record": can_record,
        "can_record_own": can_record_own,
        "pending": ties.filter(confirmed=False).count(),
    }
    return render(request, "ties/tie_list.html", context)


def _tie_form(request, tie: Tie, network: Network | None, area_id: int, own=None) -> TieForm:
    """The tie form, offering the area's organisations and the people of the network's
    member organisations (of the whole area for a tie recorded outside any network)."""
    if network is not None:
        people = Person.objects.filter(organisation__memberships__network=network)
    else:
        people = Person.objects.filter(organisation__area_id=area_id)
    current = [pk for pk in (tie.source_person_id, tie.target_person_id) if pk]
    if current:
        people = Person.objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=current))
    form = TieForm(
        request.POST if request.method == "POST" else None,
        instance=tie,
        organisations=Organisation.objects.filter(area_id=area_id).order_by("name", "pk"),
        people=people.select_related("organisation")
        .only(*PERSON_LABEL_FIELDS)
        .order_by("organisation__name", "pk"),
        person_label=person_label(request.user),
        own=own,
    )
    where = f"?network={network.pk}" if network is not None else ""
    for end in ("source", "target"):
        searchable(form.fields[f"{end}_organisation"], reverse("organisation-search") + where)
        searchable(form.fields[f"{end}_person"], reverse("person-search") + where)
    return form


def _form_page(request, form, network: Network | None, title: str):
    cancel = reverse("tie-list", args=[network.pk]) if network else reverse("dashboard")
    context = {"form": form, "title": title, "cancel": cancel, "network": network}
    return render(request, "ties/tie_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def tie_create(request, network_pk: int):
    user = request.user
    network = get_object_or_404(Network.objects.select_related("area"), pk=network_pk)
    steward = access.can_record_ties(user, network)
    # Members and partners record their own ties, which wait for a steward's confirmation.
    _require(steward or contributions.can_record_own_ties(user, network))
    own = None if steward else contributions.own_ends(user)
    tie = Tie(network=network, area_id=network.area_id, confirmed=steward)
    form = _tie_form(request, tie, network, network.area_id, own=own)
    if form.is_valid():
        services.record_tie(form.save(commit=False), network=network, by=user)
        if steward:
            messages.success(request, "Tie recorded.")
        else:
            messages.success(request, "Tie recorded; it counts once a facilitator confirms it.")
        return redirect("tie-list", network.pk)
    title = f"Record a tie · {network}" if steward else f"Record one of your ties · {network}"
    return _form_page(request, form, network, title)


@require_http_methods(["GET", "POST"])
@login_required
def tie_confirm(request, pk: int):
    """A leader or facilitator confirms a pending tie: from now on measures count it."""
    tie = get_object_or_404(Tie.objects.select_related("network"), pk=pk)
    _require(tie.network is not None and access.can_record_ties(request.user, tie.network))
    if request.method == "POST":
        services.confirm_tie(tie)
        messages.success(request, "Tie confirmed.")
        return redirect("tie-list", tie.network_id)
    cancel = reverse("tie-list", args=[tie.network_id])
    return render(request, "ties/confirm_tie.html", {"tie": tie, "cancel": cancel})


@require_http_methods(["GET", "POST"])
@login_required
def tie_edit(request, pk: int):
    tie = get_object_or_404(Tie.objects.select_related("network__area"), pk=pk)
    _require(access.can_edit_tie(request.user, tie))
    network = tie.network
    form = _tie_form(request, tie, network, tie.area_id)
    if form.is_valid():
        services.save_tie(form.save(commit=False))
        messages.success(request, "Tie saved.")
        return redirect("tie-list", network.pk) if network else redirect("dashboard")
    return _form_page(request, form, network, "Edit a tie" + (f" · {network}" if network else ""))
