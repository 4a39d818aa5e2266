"""The learning app's audited models (loaded by :mod:`nlc.web.audit` when Django starts).

Bulk writes (the demo, the import, the co-participation ties a sync makes) are not logged
one by one, as elsewhere; every change through the pages and the API is.
"""

from nlc.web.audit.registration import register
from nlc.web.learning import models


def _area(activity) -> int:
    return activity.network.area_id


register(models.Activity, area=_area, exclude_fields=["updated_at"])
register(
    models.Participant,
    area=lambda p: _area(p.activity),
    people=lambda p: [p.person_id],
)
register(models.Step, area=lambda s: _area(s.activity), people=lambda s: [s.author_id])
register(models.CasePupil, area=lambda c: _area(c.activity))
register(models.CaseObservation, area=lambda o: _area(o.step.activity))
register(models.Attachment, area=lambda a: _area(a.activity))
register(models.AdoptionEvent, area=lambda e: _area(e.activity), people=lambda e: [e.person_id])
