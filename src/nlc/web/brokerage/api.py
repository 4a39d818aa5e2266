"""JSON API of the brokerage assistant (the brokerage app's router, added in
:mod:`nlc.web.api.urls`): open suggestions, dismissing them, introductions and their life
cycle, and the resource register.

Access follows :mod:`nlc.web.brokerage.access`: area administrators and named brokers see
and act on every suggestion of their area; network leaders on the organisation-level ones of
the networks they lead; everyone else is refused (403). Objects of another area, or that the
user may not know of, answer 404.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema

from nlc.brokerage.lifecycle import IntroductionError
from nlc.web.api.common import Invalid, Missing, changes, get, invalid, ref, require, save
from nlc.web.api.schemas import ERRORS, Id, Status
from nlc.web.brokerage import access, services
from nlc.web.brokerage.models import Introduction, Resource
from nlc.web.brokerage.schemas import (
    AdvanceIn,
    DismissIn,
    IntroductionIn,
    IntroductionOut,
    ResourceIn,
    ResourceOut,
    ResourcePatch,
    SuggestionsOut,
)
from nlc.web.brokerage.suggestions import KINDS, Shown, find_open, open_suggestions
from nlc.web.registry import access as registry_access
from nlc.web.registry.models import Area, Network, Organisation
from nlc.web.validation import messages

router = Router(tags=["brokerage"])
NOT_A_BROKER = "Only the area's administrators, its named brokers and network leaders broker."
REGISTER_ONLY = "Only the area's administrators and brokers keep the resource register."


class SuggestionFilters(Schema):
    network: Id | None = None
    kind: str | None = None


def _area(user) -> Area:
    """The user's area, if they may broker there at all (403 otherwise)."""
    profile = registry_access.profile_of(user)
    require(profile is not None, NOT_A_BROKER)
    allowed = access.sees_people(user, profile.area_id) or access.led_networks(user).exists()
    require(allowed, NOT_A_BROKER)
    return profile.area


def _network(user, area: Area, pk: int | None) -> Network | None:
    if pk is None:
        return None
    network = get(Network.objects.filter(area=area), pk, "network")
    require(access.can_see_network_suggestions(user, network), NOT_A_BROKER)
    return network


def _out(shown: Shown) -> dict:
    s = shown.suggestion
    return {
        "key": shown.key,
        "kind": s.kind,
        "source": s.source,
        "target": s.target,
        "source_label": shown.source_label,
        "target_label": shown.target_label,
        "score": s.score,
        "reasons": list(s.reasons),
        "network": shown.network.pk if shown.network else None,
        "about_people": shown.about_people,
    }


@router.get("/brokerage/suggestions", response={200: SuggestionsOut, **ERRORS})
def list_suggestions(request, filters: Query[SuggestionFilters]):
    """Open suggestions the user may see, by kind in the papers' order, best first."""
    area = _area(request.user)
    if filters.kind is not None and filters.kind not in KINDS:
        raise invalid("kind", f"Choose one of {', '.join(KINDS)}.")
    network = _network(request.user, area, filters.network)
    by_kind = open_suggestions(request.user, area, network=network)
    items = [_out(s) for kind in KINDS if kind in (filters.kind or kind) for s in by_kind[kind]]
    return {"count": len(items), "items": items}


def _open(user, payload) -> tuple[Area, Shown]:
    area = _area(user)
    parts = tuple(payload.key.split("|"))
    if len(parts) != 3 or not all(parts):
        raise invalid("key", "Give a suggestion's key (kind|source|target).")
    shown = find_open(user, area, parts, _network(user, area, payload.network))
    if shown is None:
        raise Missing("There is no such open suggestion.")
    require(
        access.can_act_on(user, area.pk, shown.network, about_people=shown.about_people),
        NOT_A_BROKER,
    )
    return area, shown


@router.post("/brokerage/suggestions/dismiss", response={204: None, **ERRORS})
def dismiss_suggestion(request, payload: DismissIn):
    """Dismiss an open suggestion: it is not shown again until its reasons change."""
    area, shown = _open(request.user, payload)
    services.dismiss(area, shown.suggestion, by=request.user, reason=payload.reason)
    return Status(204, None)


def _introduction_out(intro: Introduction) -> dict:
    fields = [f.attname for f in Introduction._meta.concrete_fields]
    row = {f.removesuffix("_id"): getattr(intro, f) for f in fields}
    row["id"] = intro.pk
    return row


def _introductions(user):
    area = _area(user)
    rows = Introduction.objects.filter(area=area)
    if not access.sees_people(user, area.pk):
        rows = rows.filter(source_person__isnull=True, network__in=access.led_networks(user))
    return rows


@router.get("/brokerage/introductions", response={200: list[IntroductionOut], **ERRORS})
def list_introductions(request):
    """The area's introductions the user may follow, newest first."""
    return [_introduction_out(i) for i in _introductions(request.user).order_by("-proposed_on")]


@router.post("/brokerage/introductions", response={201: IntroductionOut, **ERRORS})
def create_introduction(request, payload: IntroductionIn):
    """Start an introduction from an open suggestion (its reasons and score are kept)."""
    area, shown = _open(request.user, payload)
    ends = services.ends_of(shown.suggestion, shown.network)
    if ends is None:
        raise invalid("key", "This suggestion cannot become an introduction; dismiss it.")
    try:
        intro = services.start_introduction(
            area,
            ends,
            by=request.user,
            network=shown.network,
            suggestion=shown.suggestion,
            level=payload.level.value,
            notes=payload.notes,
        )
    except ValidationError as error:
        raise Invalid(messages(error)) from None
    return Status(201, _introduction_out(intro))


@router.post(
    "/brokerage/introductions/{introduction_id}/advance",
    response={200: IntroductionOut, **ERRORS},
)
def advance_introduction(request, introduction_id: Id, payload: AdvanceIn):
    """Take an introduction one step on; ``succeed`` records a tie of provenance brokered."""
    intro = get(
        _introductions(request.user).select_related("network"), introduction_id, "introduction"
    )
    try:
        intro = services.advance_introduction(
            intro, payload.action, by=request.user, notes=payload.notes
        )
    except IntroductionError as error:
        raise invalid("action", str(error)) from None
    return _introduction_out(intro)


# ---- the resource register -----------------------------------------------------------------


def _resources(user):
    area = _area(user)
    rows = Resource.objects.filter(organisation__area=area)
    if not access.sees_people(user, area.pk):
        members = Organisation.objects.filter(memberships__network__in=access.led_networks(user))
        rows = rows.filter(organisation__in=members)
    return area, rows


def _resource_out(r: Resource) -> dict:
    return {
        "id": r.pk,
        "organisation": r.organisation_id,
        "side": r.side,
        "kind": r.kind,
        "description": r.description,
        "start_date": r.start_date,
        "end_date": r.end_date,
    }


@router.get("/brokerage/resources", response={200: list[ResourceOut], **ERRORS})
def list_resources(request):
    _, rows = _resources(request.user)
    return [_resource_out(r) for r in rows.order_by("pk")]


@router.post("/brokerage/resources", response={201: ResourceOut, **ERRORS})
def create_resource(request, payload: ResourceIn):
    area, _ = _resources(request.user)
    require(access.can_edit_register(request.user, area.pk), REGISTER_ONLY)
    data = changes(payload, partial=False)
    organisation = ref(Organisation, data.pop("organisation"), "organisation")
    if organisation.area_id != area.pk:
        raise invalid("organisation", f"There is no organisation {organisation.pk} in your area.")
    for field in ("side", "kind"):
        if data[field] is None:
            raise invalid(field, "This field is required.")
    resource = Resource(organisation=organisation)
    nullable = ("start_date", "end_date")
    saved = save(
        resource,
        data,
        lambda r: services.save_resource(r, by=request.user),
        nullable=nullable,
        exclude=["created_by"],
    )
    return Status(201, _resource_out(saved))


@router.patch("/brokerage/resources/{resource_id}", response={200: ResourceOut, **ERRORS})
def update_resource(request, resource_id: Id, payload: ResourcePatch):
    area, rows = _resources(request.user)
    resource = get(rows, resource_id, "resource")
    require(access.can_edit_register(request.user, area.pk), REGISTER_ONLY)
    saved = save(
        resource,
        changes(payload),
        services.save_resource,
        nullable=("start_date", "end_date"),
        exclude=["created_by"],
    )
    return _resource_out(saved)


@router.delete("/brokerage/resources/{resource_id}", response={204: None, **ERRORS})
def delete_resource(request, resource_id: Id):
    area, rows = _resources(request.user)
    resource = get(rows, resource_id, "resource")
    require(access.can_edit_register(request.user, area.pk), REGISTER_ONLY)
    services.delete(resource)
    return Status(204, None)
