"""Reading items: filters shared by the pages and the API, search among what a user may see,
related items, and the people to ask about an item (from the map's ties)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence

from django.db.models import Q, QuerySet

from nlc.web.knowledge import access, index
from nlc.web.knowledge.models import Item, Status
from nlc.web.registry import access as registry
from nlc.web.registry.models import NetworkRole, Person
from nlc.web.ties.models import Tie

__all__ = [
    "filtered",
    "people_to_ask",
    "published_elsewhere",
    "related",
    "search_items",
    "search_many",
]


#: Each filter's name and the lookup it narrows items by, in the order they apply.
FILTERS = {
    "kind": "kind",
    "ecm": "ecm__contains",
    "phase": "phase",
    "theme": "theme__iexact",
    "network": "networks__pk",
    "status": "status",
    "date_from": "date__gte",
    "date_to": "date__lte",
}


def filtered(items: QuerySet[Item], filters: dict) -> QuerySet[Item]:
    """``items`` narrowed by the filters given (the keys of :data:`FILTERS`); empty values
    are ignored."""
    for name, lookup in FILTERS.items():
        if filters.get(name):
            items = items.filter(**{lookup: filters[name]})
    return items.distinct()


def search_items(items: QuerySet[Item], query: str, limit: int = 20) -> list[tuple[Item, object]]:
    """Search ``items`` (already limited to what the user may see) for ``query``: the items
    with their hits (score, snippet), best first."""
    ids = set(items.values_list("pk", flat=True))
    return search_many([(ids, query, limit)])[0]


def search_many(
    searches: Sequence[tuple[Collection[int], str, int]],
) -> list[list[tuple[Item, object]]]:
    """Several searches, each ``(ids, query, limit)`` (the item ids to search among, already
    limited to what the user may see): for each, the items with their hits, best first, as
    :func:`search_items` gives them. The items found are read in one query for them all."""
    hits = [index.search(query, ids, limit=limit) for ids, query, limit in searches]
    found = Item.objects.in_bulk(sorted({int(h.id) for each in hits for h in each}))
    return [[(found[int(h.id)], h) for h in each if int(h.id) in found] for each in hits]


def published_elsewhere(user, networks) -> dict[int, set[int]]:
    """For each of ``networks`` (by primary key), the ids of the published items the user
    may read that are not that network's: one query for all the networks."""
    linked: dict[int, set[int | None]] = defaultdict(set)
    published = access.visible_items(user).filter(status=Status.PUBLISHED)
    for pk, network_id in published.values_list("pk", "networks"):
        linked[pk].add(network_id)
    return {n.pk: {pk for pk, mine in linked.items() if n.pk not in mine} for n in networks}


def related(user, item: Item, limit: int = 5) -> list[tuple[Item, object]]:
    """Items close to ``item`` in meaning, among those the user may read (itself excluded)."""
    pool = access.visible_items(user).exclude(pk=item.pk).exclude(status=Status.ARCHIVED)
    return search_items(pool, f"{item.title}. {item.summary}", limit)


def for_focus(user, network, limit: int = 5) -> list[tuple[Item, object]]:
    """Published items of other networks that fit the network's shared focus."""
    if not network.focus.strip():
        return []
    pool = published_elsewhere(user, [network])[network.pk]
    return search_many([(pool, network.focus, limit)])[0]


def related_to_network(user, network, limit: int = 5) -> list[tuple[Item, object]]:
    """Published items of other networks close to what this network has published lately."""
    own = list(
        Item.objects.filter(networks=network, status=Status.PUBLISHED)
        .order_by("-date")
        .values_list("title", flat=True)[:5]
    )
    if not own:
        return []
    pool = published_elsewhere(user, [network])[network.pk]
    return search_many([(pool, ". ".join(own), limit)])[0]


def people_to_ask(user, item: Item, limit: int = 8) -> list[dict]:
    """People close to this practice, from the map: those tied to its authors, then those
    holding a role in a network through the organisations tied to its organisations.

    Only people the user may see; never pupils; named as :func:`registry.display_names`
    allows. Each entry has ``person``, ``name`` and ``why``.
    """
    authors = list(item.authors.values_list("pk", flat=True))
    organisations = list(item.organisations.values_list("pk", flat=True))
    scores: Counter[int] = Counter()
    why: dict[int, str] = {}
    ties = Tie.objects.filter(
        Q(source_person__in=authors) | Q(target_person__in=authors)
    ).values_list("source_person", "target_person", "weight")
    for source, target, weight in ties:
        other = target if source in authors else source
        if other is not None and other not in authors:
            scores[other] += weight or 1
            why.setdefault(other, "works with an author")
    near = Tie.objects.filter(
        Q(source_organisation__in=organisations) | Q(target_organisation__in=organisations)
    ).values_list("source_organisation", "target_organisation")
    close = {s if t in organisations else t for s, t in near} - set(organisations) - {None}
    roles = NetworkRole.objects.filter(
        person__organisation__in=close | set(organisations),
        role__in=["leader", "facilitator", "lead_learner", "mentor", "teacher_enquirer"],
    ).values_list("person_id", flat=True)
    for pk in roles:
        if pk not in authors and pk not in scores:
            scores[pk] += 0.5
            why.setdefault(pk, "holds a role in an organisation close to this work")
    ranked = [pk for pk, _ in scores.most_common()]
    people = (
        registry.visible_people(user)
        .filter(pk__in=ranked, is_pupil=False)
        .select_related("organisation")
    )
    found = {p.pk: p for p in people}
    chosen = [found[pk] for pk in ranked if pk in found][:limit]
    names = registry.display_names(user, ((p.pk, p.name, p.is_pupil) for p in chosen))
    return [{"person": p, "name": names[p.pk], "why": why[p.pk]} for p in chosen]


def author_names(user, item: Item) -> list[str]:
    """The item's authors as the user may see them named (pupils and, for evaluators,
    everyone pseudonymised)."""
    people = list(item.authors.all())
    names = registry.display_names(user, ((p.pk, p.name, p.is_pupil) for p in people))
    return [names[p.pk] for p in people]


def public_author_names(item: Item) -> list[str]:
    """Authors' names for the public resource: names only, and never a pupil's."""
    return [p.name for p in item.authors.all() if not p.is_pupil]


def visible_for(user) -> QuerySet[Person]:
    """People the user may name as authors: visible, not pupils."""
    return registry.visible_people(user).filter(is_pupil=False).select_related("organisation")
