"""JSON API of the knowledge app (added to the API in :mod:`nlc.web.api.urls`).

Every endpoint asks :mod:`nlc.web.knowledge.access`: lists and searches hold only the items
the user may read; an item the user may not read answers 403, one that does not exist 404.
Authors are named through :func:`nlc.web.registry.access.display_names`. Writes go through
:mod:`nlc.web.knowledge.writes`.
"""

from __future__ import annotations

from ninja import Query, Router

from nlc.web.api.common import get, page, require
from nlc.web.api.schemas import ERRORS, Id, Status
from nlc.web.knowledge import access, queries, writes
from nlc.web.knowledge.models import Item
from nlc.web.knowledge.schemas import (
    ItemFilters,
    ItemIn,
    ItemOut,
    ItemPage,
    ItemPatch,
    SearchQuery,
    SearchResults,
)

router = Router()


def _item_out(user, item: Item) -> dict:
    out = {name: getattr(item, name) for name in ItemOut.model_fields if hasattr(item, name)}
    return {
        **out,
        "id": item.pk,
        "tags": item.tag_list,
        "ecm": item.ecm_list,
        "networks": list(item.networks.values_list("pk", flat=True)),
        "organisations": list(item.organisations.values_list("pk", flat=True)),
        "authors": queries.author_names(user, item),
        "page_url": item.get_absolute_url(),
        "can_edit": access.can_edit(user, item),
        "can_review": access.can_review(user, item),
    }


def _visible(user, pk: int) -> Item:
    item = get(Item, pk, "knowledge item")
    require(access.can_view(user, item), "Your account may not read this item.")
    return item


def _filters(query) -> dict:
    return {k: (v.value if hasattr(v, "value") else v) for k, v in query.model_dump().items()}


@router.get("/knowledge", response={200: ItemPage, **ERRORS}, tags=["knowledge"])
def list_items(request, filters: Query[ItemFilters]):
    """Items the user may read, newest first, narrowed by the filters."""
    user = request.user
    items = queries.filtered(access.visible_items(user), _filters(filters))
    return page(
        items.order_by("-date", "-pk"), filters, lambda rows: [_item_out(user, i) for i in rows]
    )


@router.get("/knowledge/search", response={200: SearchResults, **ERRORS}, tags=["knowledge"])
def search_items(request, query: Query[SearchQuery]):
    """Search the items the user may read (hybrid full text and semantic), best first."""
    data = _filters(query)
    items = queries.filtered(access.visible_items(request.user), data)
    found = queries.search_items(items, data["q"], limit=data["limit"])
    return {
        "results": [
            {
                "id": item.pk,
                "title": item.title,
                "kind": item.kind,
                "score": round(hit.score, 4),
                "snippet": hit.snippet,
            }
            for item, hit in found
        ]
    }


@router.get("/knowledge/{item_id}", response={200: ItemOut, **ERRORS}, tags=["knowledge"])
def get_item(request, item_id: Id):
    return _item_out(request.user, _visible(request.user, item_id))


@router.post("/knowledge", response={201: ItemOut, **ERRORS}, tags=["knowledge"])
def create_item(request, payload: ItemIn):
    """Draft an item (in networks the user belongs to)."""
    item = writes.create_item(request.user, payload.model_dump())
    return Status(201, _item_out(request.user, item))


@router.patch("/knowledge/{item_id}", response={200: ItemOut, **ERRORS}, tags=["knowledge"])
def update_item(request, item_id: Id, payload: ItemPatch):
    """Change an item (only the fields sent), or move it through its life cycle (status)."""
    item = _visible(request.user, item_id)
    saved = writes.update_item(request.user, item, payload.model_dump(exclude_unset=True))
    return _item_out(request.user, saved)
