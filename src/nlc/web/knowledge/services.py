"""Writes of the knowledge app, each in one transaction: save an item (with a new version
and its search entry), move it through its life cycle, comment, attach files.

Pages, the API and imports all write through these functions; who may do what is checked by
their callers with :mod:`nlc.web.knowledge.access`, except the life-cycle rules, which hold
for everyone and are checked here (:class:`LifeCycleError`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nlc.web.knowledge import index
from nlc.web.knowledge.attachments import check_upload, safe_name
from nlc.web.knowledge.models import Attachment, Comment, Item, Status, Version

__all__ = [
    "TRACKED",
    "LifeCycleError",
    "add_attachment",
    "comment",
    "move",
    "save_item",
    "snapshot",
]

#: The fields a version records (besides the people, organisations and networks).
TRACKED = (
    "kind", "title", "summary", "body", "date", "tags", "ecm", "phase", "theme",
    "what_was_done", "for_whom", "what_changed", "cost_and_time", "evidence", "contact",
    "status", "public", "activity_type_id", "activity_id",
)  # fmt: skip

#: Life-cycle moves: action -> (from statuses, to status).
MOVES = {
    Comment.Action.SUBMIT: ((Status.DRAFT,), Status.IN_REVIEW),
    Comment.Action.RETURN: ((Status.IN_REVIEW, Status.PUBLISHED), Status.DRAFT),
    Comment.Action.PUBLISH: ((Status.IN_REVIEW,), Status.PUBLISHED),
    Comment.Action.ARCHIVE: ((Status.PUBLISHED,), Status.ARCHIVED),
}


DONE = {
    Comment.Action.SUBMIT: "sent for review",
    Comment.Action.RETURN: "returned to draft",
    Comment.Action.PUBLISH: "published",
    Comment.Action.ARCHIVE: "archived",
}


class LifeCycleError(ValueError):
    """A move the item's status does not allow (publishing a draft, say)."""


def snapshot(item: Item) -> dict:
    """The item's tracked values, as JSON: what a version keeps."""
    values = {}
    for name in TRACKED:
        value = getattr(item, name)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    if item.pk is not None:
        values["authors"] = sorted(item.authors.values_list("pk", flat=True))
        values["organisations"] = sorted(item.organisations.values_list("pk", flat=True))
        values["networks"] = sorted(item.networks.values_list("pk", flat=True))
    return values


def _record_version(item: Item, user) -> Version:
    values = snapshot(item)
    last = item.versions.order_by("-number").first()
    before = last.values if last else {}
    changed = [k for k, v in values.items() if before.get(k) != v] if last else ["created"]
    labels = {f.name: str(f.verbose_name) for f in Item._meta.concrete_fields}
    text = ", ".join(labels.get(k.removesuffix("_id"), k) for k in changed)
    return Version.objects.create(
        item=item,
        number=(last.number + 1) if last else 1,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        changed=text[:500],
        values=values,
    )


@transaction.atomic
def save_item(
    item: Item,
    user=None,
    *,
    networks: Iterable | None = None,
    authors: Iterable | None = None,
    organisations: Iterable | None = None,
) -> Item:
    """Save ``item`` (validated by the caller), set its people, organisations and networks
    when given, record a version when anything changed, and re-index it.

    A new item's area is that of its first network.
    """
    networks = list(networks) if networks is not None else None
    if item.pk is None:
        if item.created_by_id is None and getattr(user, "is_authenticated", False):
            item.created_by = user
        if networks and item.area_id is None:
            item.area_id = networks[0].area_id
    item.save()
    if networks is not None:
        item.networks.set(networks)
    if authors is not None:
        item.authors.set(authors)
    if organisations is not None:
        item.organisations.set(organisations)
    last = item.versions.order_by("-number").first()
    if last is None or last.values != snapshot(item):
        _record_version(item, user)
    index.index_items([item])
    return item


@transaction.atomic
def move(item: Item, action: str, user, note: str = "", *, public: bool | None = None) -> Item:
    """Move ``item`` through its life cycle (:data:`MOVES`), with an optional note.

    Publishing sets ``published_at`` (the feed's date) the first time; returning or
    archiving an item takes it out of the public resource.
    """
    if action not in MOVES:
        raise LifeCycleError(f"unknown action {action!r}")
    sources, target = MOVES[action]
    if item.status not in sources:
        status = item.get_status_display().lower()
        raise LifeCycleError(f"A {status} item cannot be {DONE[action]}.")
    item.status = target
    if target == Status.PUBLISHED:
        item.published_at = item.published_at or timezone.now()
        if public is not None:
            item.public = public
    else:
        item.public = False
    save_item(item, user)
    Comment.objects.create(item=item, author=_user(user), action=action, text=note.strip())
    return item


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def comment(item: Item, user, text: str) -> Comment:
    """Add a review comment."""
    return Comment.objects.create(item=item, author=_user(user), text=text.strip())


@transaction.atomic
def set_public(item: Item, user, public: bool) -> Item:
    """Mark a published item public (or not)."""
    if public and item.status != Status.PUBLISHED:
        raise LifeCycleError("Only published items may be public.")
    item.public = public
    return save_item(item, user)


def add_attachment(item: Item, user, upload) -> Attachment:
    """Keep an uploaded file with the item, after :func:`check_upload` (ValueError if not).

    ``upload`` is a Django ``UploadedFile`` (or anything with ``name``, ``size`` and
    ``chunks()``).
    """
    head = b""
    for chunk in upload.chunks():
        head += chunk
        if len(head) >= 65536:
            break
    content_type = check_upload(upload.name, upload.size, head[:65536])
    name = safe_name(upload.name)
    attachment = Attachment(
        item=item, name=name, content_type=content_type, size=upload.size, uploaded_by=_user(user)
    )
    upload.seek(0)
    attachment.file.save(name, ContentFile(upload.read()), save=False)
    attachment.save()
    return attachment


def activity_of(item: Item):
    """The activity the item came from (an object of the learning app), or None."""
    if item.activity_type_id is None or item.activity_id is None:
        return None
    model = item.activity_type.model_class()
    if model is None:
        return None
    return model.objects.filter(pk=item.activity_id).first()
