"""The knowledge app's audited models (loaded by :mod:`nlc.web.audit` when Django starts).

Items are logged without their body (each version keeps the whole text, with who changed
it: :class:`~nlc.web.knowledge.models.Version`); comments and attachments in full.
"""

from nlc.web.audit.registration import register
from nlc.web.knowledge.models import Attachment, Comment, Item


def _authors(item) -> list[int]:
    if item.pk is None:
        return []
    return list(item.authors.values_list("pk", flat=True))


register(
    Item,
    area=lambda item: item.area_id,
    people=_authors,
    include_fields=[f.name for f in Item._meta.concrete_fields if f.name != "body"],
)
register(Comment, area=lambda comment: comment.item.area_id)
register(Attachment, area=lambda attachment: attachment.item.area_id)
