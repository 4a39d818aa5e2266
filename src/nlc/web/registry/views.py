"""Pages for networks, organisations and people: lists, details, forms.

Every view asks :mod:`nlc.web.registry.access` before it shows or changes anything; a
missing object is a 404 page and one the user may not see or change is a 403 page
(``PermissionDenied``). Writes go through :mod:`nlc.web.registry.services`.

The network page shows the measures of ``nlc.analysis.analyse`` on the network's
organisation ties, built by :func:`nlc.web.ties.services.organisation_network`: the same
numbers ``nlc analyse`` gives for the same ties.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from nlc.web.cache import derived
from nlc.web.registry import access, contributions, models, services
from nlc.web.registry.analysis import (
    analysis_choice,
    compare,
    network_measures,
    organisation_positions,
    organisation_ties_shown,
    shown_names,
)
from nlc.web.registry.forms import (
    ChangeOverTimeForm,
    MembershipForm,
    NetworkForm,
    NetworkOrganisationForm,
    NetworkRoleForm,
    OrganisationForm,
    PersonForm,
    searchable,
)
from nlc.web.ties.measures import VIEWS, network_analysis
from nlc.web.workspace import permitted_object, section_context

PAGE_SIZE = 25


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _query(request) -> str:
    return request.GET.get("q", "").strip()[:200]


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _bound(request) -> dict | None:
    return request.POST if request.method == "POST" else None


def _form_page(request, form, *, title: str, cancel: str, intro: str = ""):
    context = {"form": form, "title": title, "cancel": cancel, "intro": intro}
    return render(request, "registry/form.html", context)


def _save_or_show(request, form, *, save, message, title: str, cancel: str, then=None):
    """Save a valid ``form`` with the service ``save`` and go to ``then`` (by default the
    saved record), saying ``message`` (text, or a function of the record); otherwise show
    the form, with its errors once submitted."""
    if form.is_valid():
        saved = save(form.save(commit=False))
        messages.success(request, message(saved) if callable(message) else message)
        return redirect(then or saved)
    return _form_page(request, form, title=title, cancel=cancel)


def _added(request, form, *, save, noun: str, listing: str):
    """The page that adds a ``noun``: saved, it says "<record> added." (see _save_or_show)."""
    return _save_or_show(
        request,
        form,
        save=save,
        message=lambda saved: f"{saved} added.",
        title=f"New {noun}",
        cancel=reverse(listing),
    )


def _edited(request, form, *, save, noun: str):
    """The page that edits ``form``'s record, a ``noun`` (see _save_or_show)."""
    record = form.instance
    return _save_or_show(
        request,
        form,
        save=save,
        message=f"{noun.capitalize()} saved.",
        title=f"Edit {record}",
        cancel=record.get_absolute_url(),
    )


def _person_rows(user, people) -> list[dict]:
    """People with the name and contact details ``user`` may see."""
    return [
        {
            "person": person,
            "name": access.display_name(user, person),
            "contact": access.can_see_contact_details(user, person),
        }
        for person in people
    ]


def _network(user, pk: int, may: Callable[..., bool]) -> models.Network:
    return permitted_object(user, models.Network.objects.select_related("area"), pk, may)


#: What :func:`person_label` reads: a form listing thousands of people loads only these.
PERSON_LABEL_FIELDS = (
    "name",
    "is_pupil",
    "organisation_id",
    "organisation__name",
    "organisation__area_id",
)


def person_label(user):
    """Name a person as ``user`` may see them (a pseudonym for evaluators and pupils)."""

    def label(person: models.Person) -> str:
        return f"{access.display_name(user, person)} ({person.organisation.name})"

    return label


# Networks --------------------------------------------------------------------------------


@require_safe
@login_required
def network_list(request):
    q = _query(request)
    networks = models.Network.objects.filter(
        pk__in=access.visible_networks(request.user).values("pk")
    )
    if q:
        networks = networks.filter(
            Q(name__icontains=q) | Q(focus__icontains=q) | Q(programme__icontains=q)
        )
    networks = (
        networks.select_related("area")
        .annotate(member_count=Count("memberships"))
        .order_by("name", "pk")
    )
    context = {
        "page": _page(request, networks),
        "q": q,
        "can_create": access.can_create_network(request.user),
    }
    return render(request, "registry/network_list.html", context)


def _viewable_network(request, pk: int) -> models.Network:
    return _network(request.user, pk, access.can_view_network)


def _tie_counts(network: models.Network) -> dict:
    return network.ties.aggregate(
        organisation=Count("pk", filter=Q(source_organisation__isnull=False)),
        people=Count("pk", filter=Q(source_person__isnull=False)),
    )


@require_safe
@login_required
def network_detail(request, pk: int):
    """The workspace's overview: key figures and what they mean."""
    network = _viewable_network(request, pk)
    if {"from", "to"} & set(request.GET):
        # The change-over-time form lived here before the analysis had its own section.
        return redirect(f"{reverse('network-analysis', args=[pk])}?{request.GET.urlencode()}")
    context = section_context(request, network, "overview", **_overview(network))
    return render(request, "registry/network_detail.html", context)


def _overview(network: models.Network) -> dict:
    """The overview's counts and key figures: the same for everyone who may see the network
    (organisations are named, people only counted), so computed once per version of the data
    for all server processes (:func:`nlc.web.cache.derived`)."""

    def build() -> dict:
        people = models.Person.objects.filter(organisation__memberships__network=network)
        return {
            "member_count": network.memberships.count(),
            "people_count": people.count(),
            "role_count": network.roles.count(),
            "tie_counts": _tie_counts(network),
            "measures": network_measures(network_analysis(network)),
            "survey_change": _survey_change(network),
        }

    return derived(f"nlc:network-overview:{network.pk}", build)


def _survey_change(network: models.Network) -> dict | None:
    """The change between the latest two closed survey waves (the surveys app's
    :func:`~nlc.web.surveys.overview.change_data`), or None without that app."""
    if not apps.is_installed("nlc.web.surveys"):
        return None
    from nlc.web.surveys.overview import change_data

    return change_data(network)


def _member_groups(user, network: models.Network, q: str) -> list[dict]:
    """The network's organisations, each with its membership and the roles of its people.

    Ordered as before (membership role, then name); organisations whose people hold roles
    but that are no longer members come last. With ``q``, only organisations whose name,
    kind or membership role matches, or whose role holders match by role or by a name the
    user may see (so a search cannot unmask anyone).
    """
    order = {role: i for i, role in enumerate(models.MembershipRole.values)}
    kinds = {kind: i for i, kind in enumerate(models.RoleKind.values)}
    groups: dict[int, dict] = {}
    for m in network.memberships.select_related("organisation"):
        groups[m.organisation_id] = {"organisation": m.organisation, "membership": m, "roles": []}
    assignable = access.assignable_roles(user, network)
    roles = network.roles.select_related("person__organisation")
    # Not by name: that order would hint at the names of people shown by pseudonym.
    for role in sorted(roles, key=lambda r: (kinds.get(r.role, len(kinds)), r.pk)):
        organisation = role.person.organisation
        group = groups.setdefault(
            organisation.pk, {"organisation": organisation, "membership": None, "roles": []}
        )
        group["roles"].append(
            {
                "role": role,
                "name": access.display_name(user, role.person),
                "contact": access.can_see_contact_details(user, role.person),
                "can_change": role.role in assignable,
            }
        )
    ordered = sorted(
        groups.values(),
        key=lambda g: (
            order.get(g["membership"].role, len(order)) if g["membership"] else len(order) + 1,
            g["organisation"].name,
            g["organisation"].pk,
        ),
    )
    if not q:
        return ordered
    wanted = q.casefold()
    named = set(
        access.identifiable_people(user)
        .filter(name__icontains=q, roles__network=network)
        .values_list("pk", flat=True)
    )

    def matches(group) -> bool:
        organisation, membership = group["organisation"], group["membership"]
        texts = [organisation.name, organisation.get_kind_display()]
        texts += [membership.get_role_display()] if membership else []
        texts += [row["role"].get_role_display() for row in group["roles"]]
        return any(wanted in t.casefold() for t in texts) or any(
            row["role"].person_id in named for row in group["roles"]
        )

    return [group for group in ordered if matches(group)]


@require_safe
@login_required
def network_members(request, pk: int):
    """The workspace's members and roles: organisations with their people's roles, paged."""
    network = _viewable_network(request, pk)
    user = request.user
    q = _query(request)
    context = section_context(
        request,
        network,
        "members",
        q=q,
        page=_page(request, _member_groups(user, network, q)),
        member_count=network.memberships.count(),
        role_count=network.roles.count(),
        can_edit=access.can_edit_network(user, network),
        can_approve=access.is_area_admin(user, network.area_id),
        can_manage_roles=access.can_manage_roles(user, network),
    )
    return render(request, "registry/network_members.html", context)


@require_safe
@login_required
def network_analysis_page(request, pk: int):
    """The workspace's analysis: the measures of the organisations, the people or the
    organisations linked through people (``?view=``), grouped by any attribute
    (``?group=``), and their change between two dates."""
    network = _viewable_network(request, pk)
    choice = analysis_choice(request.GET)
    change = ChangeOverTimeForm(request.GET if {"from", "to"} & set(request.GET) else None)
    comparison = None
    if change.is_bound and change.is_valid():
        comparison = compare(network, *change.dates, choice)
    activity_ties = request.GET.get("activity_ties") != "exclude"  # learning activities' ties
    analysis = network_analysis(
        network, view=choice.view, group=choice.group, activity_ties=activity_ties
    )
    context = section_context(
        request,
        network,
        "analysis",
        tie_counts=_tie_counts(network),
        measures=network_measures(
            analysis, names=shown_names(request.user, analysis, choice.view), view=choice.view
        ),
        choice=choice,
        views=VIEWS.items(),
        activity_ties=activity_ties,
        change=change,
        comparison=comparison,
    )
    return render(request, "registry/network_analysis.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def network_create(request):
    _require(access.can_create_network(request.user))
    form = NetworkForm(_bound(request), areas=access.administered_areas(request.user))
    if form.is_valid():
        network = services.save_network(form.save(commit=False))
        messages.success(request, f"Network “{network}” created.")
        return redirect(network)
    return _form_page(request, form, title="New network", cancel=reverse("network-list"))


@require_http_methods(["GET", "POST"])
@login_required
def network_edit(request, pk: int):
    network = _network(request.user, pk, access.can_edit_network)
    form = NetworkForm(
        _bound(request), instance=network, areas=access.administered_areas(request.user)
    )
    if form.is_valid():
        services.save_network(form.save(commit=False))
        messages.success(request, "Network saved.")
        return redirect(network)
    return _form_page(
        request, form, title=f"Edit {network.name}", cancel=network.get_absolute_url()
    )


# Memberships and roles -------------------------------------------------------------------


def _members_url(network: models.Network) -> str:
    return reverse("network-members", args=[network.pk])


def _of_network(model, network_pk: int, pk: int, *related: str):
    """A membership or role of the network ``network_pk``, or a 404 page."""
    queryset = model.objects.select_related("network__area", *related)
    return get_object_or_404(queryset, pk=pk, network_id=network_pk)


def _network_form_page(request, network: models.Network, form, *, save, message, title: str):
    """The form of one of a network's memberships or roles; saved, back to its members."""
    return _save_or_show(
        request,
        form,
        save=save,
        message=message,
        title=f"{title} · {network}",
        cancel=_members_url(network),
        then=_members_url(network),
    )


def _confirm_remove(request, record, *, remove, done: str, title: str, detail: str):
    """Remove ``record`` (a membership or role) on POST, then go back to its network's
    members; otherwise ask first."""
    network = record.network
    if request.method == "POST":
        remove(record)
        messages.success(request, done)
        return redirect(_members_url(network))
    context = {"title": title, "detail": detail, "cancel": _members_url(network)}
    return render(request, "registry/confirm_remove.html", context)


def _membership_form(request, network: models.Network, membership: models.Membership):
    organisations = models.Organisation.objects.filter(area_id=network.area_id).exclude(
        memberships__network=network
    )
    form = MembershipForm(_bound(request), instance=membership, organisations=organisations)
    if not membership.pk:
        url = reverse("organisation-search") + f"?network={network.pk}"
        searchable(form.fields["organisation"], url)
    title = f"Edit {membership.organisation}" if membership.pk else "Add a member organisation"

    def saved(membership: models.Membership) -> str:
        return f"{membership.organisation} is a member of {network}."

    return _network_form_page(
        request, network, form, save=services.save_membership, message=saved, title=title
    )


@require_http_methods(["GET", "POST"])
@login_required
def membership_create(request, network_pk: int):
    network = _network(request.user, network_pk, access.can_edit_network)
    # A leader's addition is pending until an area administrator approves it (access module).
    approved = access.is_area_admin(request.user, network.area_id)
    return _membership_form(request, network, models.Membership(network=network, approved=approved))


@require_http_methods(["GET", "POST"])
@login_required
def membership_edit(request, network_pk: int, pk: int):
    membership = _of_network(models.Membership, network_pk, pk, "organisation")
    _require(access.can_edit_network(request.user, membership.network))
    return _membership_form(request, membership.network, membership)


@require_http_methods(["GET", "POST"])
@login_required
def membership_approve(request, network_pk: int, pk: int):
    """An area administrator approves a membership, so that the network's leaders and
    facilitators see the organisation's people's protected data (access module)."""
    membership = _of_network(models.Membership, network_pk, pk, "organisation")
    network = membership.network
    _require(access.can_approve_membership(request.user, membership))
    if request.method == "POST":
        membership.approved = True
        services.save_membership(membership)
        messages.success(request, f"{membership.organisation}'s membership is approved.")
        return redirect("network-members", network.pk)
    context = {
        "title": f"Approve {membership.organisation}'s membership of {network}?",
        "detail": "The network's leaders and facilitators will see the contact details of "
        "the organisation's people and the names of its pupils.",
        "cancel": reverse("network-members", args=[network.pk]),
        "action": "Approve",
    }
    return render(request, "registry/confirm_remove.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def membership_remove(request, network_pk: int, pk: int):
    membership = _of_network(models.Membership, network_pk, pk, "organisation")
    network = membership.network
    _require(access.can_edit_network(request.user, network))
    return _confirm_remove(
        request,
        membership,
        remove=services.remove_membership,
        done=f"{membership.organisation} left {network}.",
        title=f"Take {membership.organisation} out of {network}?",
        detail="Ties already recorded with this organisation are kept.",
    )


def _role_form(request, network: models.Network, role: models.NetworkRole):
    user = request.user
    people = (
        access.role_candidates(user, network)
        .select_related("organisation")
        .only(*PERSON_LABEL_FIELDS)
    )
    form = NetworkRoleForm(
        _bound(request),
        instance=role,
        people=people.order_by("organisation__name", "pk"),
        person_label=person_label(user),
        roles=access.assignable_roles(user, network),
    )
    searchable(form.fields["person"], reverse("person-search") + f"?network={network.pk}")
    title = "Edit a role" if role.pk else "Give someone a role"
    return _network_form_page(
        request, network, form, save=services.save_role, message="Role saved.", title=title
    )


@require_http_methods(["GET", "POST"])
@login_required
def role_create(request, network_pk: int):
    network = _network(request.user, network_pk, access.can_manage_roles)
    return _role_form(request, network, models.NetworkRole(network=network))


@require_http_methods(["GET", "POST"])
@login_required
def role_edit(request, network_pk: int, pk: int):
    role = _of_network(models.NetworkRole, network_pk, pk, "person__organisation")
    _require(access.can_assign_role(request.user, role.network, role.role))
    return _role_form(request, role.network, role)


@require_http_methods(["GET", "POST"])
@login_required
def role_remove(request, network_pk: int, pk: int):
    role = _of_network(models.NetworkRole, network_pk, pk, "person__organisation")
    _require(access.can_assign_role(request.user, role.network, role.role))
    name = access.display_name(request.user, role.person)
    return _confirm_remove(
        request,
        role,
        remove=services.remove_role,
        done="Role removed.",
        title=f"Remove {name}'s role as {role.get_role_display().lower()}?",
        detail=f"{name} stays in {role.person.organisation}; only the role goes.",
    )


# Organisations ---------------------------------------------------------------------------


@require_safe
@login_required
def organisation_list(request):
    q = _query(request)
    kind = request.GET.get("kind", "")
    organisations = access.visible_organisations(request.user)
    if kind in models.OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    else:
        kind = ""
    if q:
        match = (
            Q(name__icontains=q)
            | Q(postcode__icontains=q)
            | Q(local_authority__icontains=q)
            | Q(trust__icontains=q)
        )
        if q.isdigit():
            match |= Q(urn=int(q))
        organisations = organisations.filter(match)
    organisations = organisations.order_by("name", "pk")
    context = {
        "page": _page(request, organisations),
        "q": q,
        "kind": kind,
        "kinds": models.OrganisationKind.choices,
        "can_create": contributions.can_add_organisation(request.user),
    }
    return render(request, "registry/organisation_list.html", context)


@require_safe
@login_required
def organisation_detail(request, pk: int):
    """An organisation: its details, networks, people, ties the user may see, and its
    position in each of its networks."""
    user = request.user
    organisations = models.Organisation.objects.select_related("area")
    organisation = permitted_object(user, organisations, pk, access.can_view_organisation)
    memberships = organisation.memberships.filter(
        network__in=access.visible_networks(user).values("pk")
    ).select_related("network")
    page = _page(request, organisation.people.select_related("organisation").order_by("pk"))
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "page": page,
        "people": _person_rows(user, page),
        "can_edit": access.can_edit_organisation(user, organisation),
        "can_add_person": contributions.can_add_person_to(user, organisation),
        "positions": organisation_positions(organisation, [m.network for m in memberships]),
        "ties": organisation_ties_shown(user, organisation),
    }
    return render(request, "registry/organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def organisation_create(request):
    user = request.user
    _require(contributions.can_add_organisation(user))
    if access.can_create_organisation(user):
        form = OrganisationForm(_bound(request), areas=access.administered_areas(user))
        save = services.save_organisation
    else:  # a network leader: the organisation joins a network they lead
        form = NetworkOrganisationForm(_bound(request), networks=contributions.networks_led(user))

        def save(organisation):
            return contributions.add_organisation(organisation, form.cleaned_data["network"])

    return _added(request, form, save=save, noun="organisation", listing="organisation-list")


@require_http_methods(["GET", "POST"])
@login_required
def organisation_edit(request, pk: int):
    organisation = permitted_object(
        request.user, models.Organisation, pk, access.can_edit_organisation
    )
    form = OrganisationForm(
        _bound(request), instance=organisation, areas=access.administered_areas(request.user)
    )
    return _edited(request, form, save=services.save_organisation, noun="organisation")


# People ----------------------------------------------------------------------------------


@require_safe
@login_required
def person_list(request):
    user = request.user
    q = _query(request)
    people = access.visible_people(user)
    if q:
        # Names are searched only where the user may see them (never for evaluators, and
        # pupils' names only for those who may see them), so a search cannot unmask anyone.
        named = access.identifiable_people(user).filter(name__icontains=q).values("pk")
        people = people.filter(
            Q(pk__in=named) | Q(organisation__name__icontains=q) | Q(job_title__icontains=q)
        )
    # Ordered by organisation, then by record: ordering by name would hint at hidden names.
    people = people.select_related("organisation").order_by("organisation__name", "pk")
    page = _page(request, people)
    context = {
        "page": page,
        "rows": _person_rows(user, page),
        "q": q,
        "can_create": contributions.can_add_person(user),
    }
    return render(request, "registry/person_list.html", context)


@require_safe
@login_required
def person_detail(request, pk: int):
    user = request.user
    people = models.Person.objects.select_related("organisation__area")
    person = permitted_object(user, people, pk, access.can_view_person)
    roles = person.roles.filter(network__in=access.visible_networks(user).values("pk"))
    context = {
        "person": person,
        "name": access.display_name(user, person),
        "identified": access.can_see_identity(user, person),
        "contact": access.can_see_contact_details(user, person),
        "roles": roles.select_related("network"),
        "can_edit": access.can_edit_person(user, person),
        "is_me": person.user_id is not None and person.user_id == user.pk,
    }
    return render(request, "registry/person_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def person_create(request):
    user = request.user
    _require(contributions.can_add_person(user))
    organisations = contributions.organisations_for_new_people(user)
    initial = {}
    if request.GET.get("organisation", "").isdigit():
        initial["organisation"] = int(request.GET["organisation"])
    form = PersonForm(_bound(request), organisations=organisations, initial=initial)
    searchable(form.fields["organisation"], reverse("organisation-search"))
    return _added(request, form, save=services.save_person, noun="person", listing="person-list")


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request, pk: int):
    user = request.user
    people = models.Person.objects.select_related("organisation")
    person = permitted_object(user, people, pk, access.can_edit_person)
    organisations = models.Organisation.objects.filter(area__in=access.administered_areas(user))
    form = PersonForm(_bound(request), instance=person, organisations=organisations)
    return _edited(request, form, save=services.save_person, noun="person")


@require_http_methods(["GET", "POST"])
@login_required
def person_contact(request, pk: int):
    """A person chooses whether their work contact is shown to their networks' people."""
    person = get_object_or_404(models.Person, pk=pk)
    _require(person.user_id is not None and person.user_id == request.user.pk)
    if request.method == "POST":
        services.save_contact_choice(person, hide=request.POST.get("hide") == "on")
        messages.success(request, "Your choice is saved.")
        return redirect(person)
    return render(request, "registry/person_contact.html", {"person": person})
