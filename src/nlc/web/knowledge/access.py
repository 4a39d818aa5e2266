"""Who may read, write, review and publish knowledge items. Every page, API endpoint and
search of the knowledge app asks these functions.

- Authors (any account with a person, and area administrators) draft items in the networks
  they belong to and change them while they are drafts; an item's authors are its listed
  people and the account that created it.
- Leaders and facilitators of one of an item's networks, and area administrators, review:
  they change, return, publish and archive it, but never review an item they wrote (the
  reviewer is someone other than the author).
- Members read the items of their networks (drafts only their own) and every published item.
- Community partners read published items and their own.
- Evaluators read every item of their area, read only, with authors pseudonymised
  (:func:`nlc.web.registry.access.display_names`).
- Anyone, without an account, reads published items marked public (the public resource).

Leaders and facilitators read, besides, every item of the networks they steward, drafts
included; members and partners of the networks read the items in review and after.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from nlc.web.knowledge.models import Item, Status
from nlc.web.registry import access as registry
from nlc.web.registry.models import Network, NetworkRole, UserRole

__all__ = [
    "can_comment",
    "can_create",
    "can_edit",
    "can_review",
    "can_view",
    "is_author",
    "may_read",
    "public_items",
    "reviewable_networks",
    "visible_items",
    "writable_networks",
]

_STEWARD_USER_ROLES = (UserRole.NETWORK_LEADER, UserRole.FACILITATOR)


def may_read(user) -> bool:
    """Whether the user may use the knowledge pages at all (a signed-in account with a role)."""
    return user.is_authenticated and (user.is_superuser or registry.profile_of(user) is not None)


def public_items() -> QuerySet[Item]:
    """Items anyone may read: published and marked public."""
    return Item.objects.filter(status=Status.PUBLISHED, public=True)


def _own(user) -> Q:
    person = registry._person_id(user)
    own = Q(created_by_id=user.pk)
    if person is not None:
        own |= Q(pk__in=Item.authors.through.objects.filter(person_id=person).values("item_id"))
    return own


def _in_networks(networks) -> Q:
    return Q(pk__in=Item.networks.through.objects.filter(network_id__in=networks).values("item_id"))


def reviewable_networks(user) -> QuerySet[Network]:
    """Networks whose items the user may review and publish (stewards; admins of the area)."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    profile = registry.profile_of(user)
    if profile is None:
        return Network.objects.none()
    if profile.role == UserRole.AREA_ADMIN:
        return Network.objects.filter(area_id=profile.area_id)
    if profile.role not in _STEWARD_USER_ROLES:
        return Network.objects.none()
    stewarded = NetworkRole.objects.filter(
        person_id=registry._person_id(user), role__in=registry.STEWARD_ROLES
    ).values("network_id")
    return Network.objects.filter(pk__in=stewarded, area_id=profile.area_id)


def visible_items(user) -> QuerySet[Item]:
    """Items the user may read (see the module docstring)."""
    if not user.is_authenticated:
        return public_items()
    if user.is_superuser:
        return Item.objects.all()
    profile = registry.profile_of(user)
    if profile is None:
        return public_items()
    if profile.role in (UserRole.AREA_ADMIN, UserRole.EVALUATOR):
        return Item.objects.filter(area_id=profile.area_id)
    allowed = Q(status=Status.PUBLISHED) | _own(user)
    if profile.role != UserRole.COMMUNITY_PARTNER:
        mine = registry.visible_networks(user).values("pk")
        allowed |= _in_networks(mine) & ~Q(status=Status.DRAFT)
        allowed |= _in_networks(reviewable_networks(user).values("pk"))
    return Item.objects.filter(allowed)


def can_view(user, item: Item) -> bool:
    return visible_items(user).filter(pk=item.pk).exists()


def is_author(user, item: Item) -> bool:
    """Whether the user wrote the item (created it, or is among its authors)."""
    if not user.is_authenticated or item.pk is None:
        return False
    return Item.objects.filter(_own(user), pk=item.pk).exists()


def writable_networks(user) -> QuerySet[Network]:
    """Networks the user may draft items in: those they belong to (evaluators none)."""
    if registry.role_of(user) == UserRole.EVALUATOR and not user.is_superuser:
        return Network.objects.none()
    return registry.visible_networks(user)


def can_create(user) -> bool:
    return writable_networks(user).exists()


def _reviews_networks_of(user, item: Item) -> bool:
    networks = item.networks.values("pk")
    return reviewable_networks(user).filter(pk__in=networks).exists()


def can_review(user, item: Item) -> bool:
    """Return, publish, archive or mark public: a steward of one of the item's networks, or
    an administrator of its area, who is not one of its authors."""
    if user.is_authenticated and user.is_superuser:
        return True
    return _reviews_networks_of(user, item) and not is_author(user, item)


def can_edit(user, item: Item) -> bool:
    """Change the item's text and details: its authors while it is a draft; its reviewers
    (stewards, administrators) before it is archived."""
    if item.status == Status.ARCHIVED:
        return False
    if user.is_authenticated and user.is_superuser:
        return True
    if registry.role_of(user) == UserRole.EVALUATOR:
        return False
    if item.status == Status.DRAFT and is_author(user, item):
        return True
    return _reviews_networks_of(user, item)


def can_submit(user, item: Item) -> bool:
    """Send a draft for review: whoever may change it."""
    return item.status == Status.DRAFT and can_edit(user, item)


def can_comment(user, item: Item) -> bool:
    """Comment on an item under review or in draft: its authors and its reviewers."""
    if item.status not in (Status.DRAFT, Status.IN_REVIEW):
        return False
    return can_edit(user, item) or can_review(user, item) or is_author(user, item)
