"""Writes of the knowledge API: check who may, validate, then save through
:mod:`nlc.web.knowledge.services` in one transaction (a refused or invalid request changes
nothing)."""

from __future__ import annotations

from django.db import transaction

from nlc.web.api.common import Refused, invalid, save
from nlc.web.knowledge import access, queries, services
from nlc.web.knowledge.models import Item, Status
from nlc.web.registry import access as registry

__all__ = ["create_item", "update_item"]

#: status wanted -> (action, who may: "edit" the authors, "review" the reviewers)
_MOVES = {
    Status.IN_REVIEW: "submit",
    Status.PUBLISHED: "publish",
    Status.ARCHIVED: "archive",
    Status.DRAFT: "return",
}
_LISTS = ("networks", "authors", "organisations")


def _references(user, data: dict, item: Item) -> dict:
    """The networks, authors and organisations named, each checked against what the user
    may choose (422 naming the field otherwise)."""
    chosen = {}
    current = set(item.networks.values_list("pk", flat=True)) if item.pk else set()
    pools = {
        "networks": access.writable_networks(user).model.objects.filter(
            pk__in=set(access.writable_networks(user).values_list("pk", flat=True)) | current
        ),
        "authors": queries.visible_for(user),
        "organisations": registry.visible_organisations(user),
    }
    for name in _LISTS:
        if name not in data:
            continue
        wanted = list(dict.fromkeys(data.pop(name)))
        found = {o.pk: o for o in pools[name].filter(pk__in=wanted)}
        missing = [pk for pk in wanted if pk not in found]
        if missing:
            raise invalid(name, f"You may not choose {missing[0]} here.")
        chosen[name] = [found[pk] for pk in wanted]
    return chosen


def _flatten(data: dict) -> dict:
    if "tags" in data:
        data["tags"] = ", ".join(t.strip() for t in data["tags"] if t.strip())
    if "ecm" in data:
        data["ecm"] = ",".join(dict.fromkeys(data["ecm"]))
    return data


@transaction.atomic
def create_item(user, data: dict) -> Item:
    if not access.can_create(user):
        raise Refused("Your account may not write knowledge items.")
    data = _flatten(dict(data))
    item = Item()
    chosen = _references(user, data, item)
    item.area_id = chosen["networks"][0].area_id
    return save(item, data, lambda i: services.save_item(i, user, **chosen))


@transaction.atomic
def update_item(user, item: Item, data: dict) -> Item:
    data = _flatten(dict(data))
    status, public, note = data.pop("status", None), data.pop("public", None), data.pop("note", "")
    if data or (status is None and public is None):
        if not access.can_edit(user, item):
            raise Refused("Your account may not change this item.")
        chosen = _references(user, data, item)
        item = save(item, data, lambda i: services.save_item(i, user, **chosen))
    if status is not None and status != item.status:
        action = _MOVES[status]
        allowed = (
            access.can_submit(user, item) if action == "submit" else access.can_review(user, item)
        )
        if not allowed:
            raise Refused("Your account may not move this item to that status.")
        try:
            services.move(item, action, user, note, public=public)
        except services.LifeCycleError as exc:
            raise invalid("status", str(exc)) from None
    elif public is not None and public != item.public:
        if not access.can_review(user, item):
            raise Refused("Only the item's reviewers may make it public.")
        try:
            services.set_public(item, user, public)
        except services.LifeCycleError as exc:
            raise invalid("public", str(exc)) from None
    return item
