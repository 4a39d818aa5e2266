"""What the knowledge base holds about a person (see :mod:`nlc.web.audit.personal`): the
items they are an author of, and the review comments their user account wrote.

On erasure they are removed from the items' authors (the items stay: they are the
network's accounts of practice), a "who to contact" line naming them or giving their e-mail
is cleared, and their review comments lose their text (a step of the life cycle, such as
"published it", stays without its note and without an author).
"""

from __future__ import annotations

from django.db.models import Q

from nlc.web.audit.personal import PersonalData, register_personal_data
from nlc.web.knowledge.models import Comment, Item


def items(person) -> list[dict]:
    rows = Item.objects.filter(authors=person)
    return [
        {
            "item": item.title,
            "kind": item.get_kind_display(),
            "date": item.date.isoformat(),
            "status": item.get_status_display(),
            "contact": item.contact,
        }
        for item in rows.order_by("date", "pk")
    ]


def _naming(person) -> Q:
    named = Q(contact__icontains=person.name) if person.name.strip() else Q(pk__in=[])
    if person.email:
        named |= Q(contact__icontains=person.email)
    return named


def leave_items(person) -> int:
    authored = list(Item.objects.filter(authors=person))
    for item in authored:
        item.authors.remove(person)
    cleared = Item.objects.filter(_naming(person)).update(contact="")
    return len(authored) + cleared


def comments(person) -> list[dict]:
    if person.user_id is None:
        return []
    rows = Comment.objects.filter(author_id=person.user_id).select_related("item")
    return [
        {
            "item": c.item.title,
            "action": c.get_action_display(),
            "text": c.text,
            "written": c.created_at.isoformat(),
        }
        for c in rows.order_by("created_at", "pk")
    ]


def clear_comments(person) -> int:
    if person.user_id is None:
        return 0
    written = Comment.objects.filter(author_id=person.user_id)
    deleted, _ = written.filter(action=Comment.Action.COMMENT).delete()
    return deleted + written.update(text="", author=None)


for section in (
    PersonalData("knowledge_items", "Knowledge items they wrote", items, leave_items, order=30),
    PersonalData("knowledge_comments", "Review comments", comments, clear_comments, order=31),
):
    register_personal_data(section)
