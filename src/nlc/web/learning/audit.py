"""The learning app's audited models (loaded by :mod:`nlc.web.audit` when Django starts).

Bulk writes (the demo, the import, the co-participation ties a sync makes) are not logged
one by one, as elsewhere; every change through the pages and the API is.
"""

from nlc.web.audit.registration import register
from nlc.web.learning.models import (
    Activity,
    AdoptionEvent,
    Attachment,
    CaseObservation,
    CasePupil,
    Participant,
    Step,
)


def _area(activity) -> int:
    return activity.network.area_id


register(Activity, area=_area, exclude_fields=["updated_at"])
register(
    Participant,
    area=lambda p: _area(p.activity),
    people=lambda p: [p.person_id],
)
register(Step, area=lambda s: _area(s.activity), people=lambda s: [s.author_id])
register(CasePupil, area=lambda c: _area(c.activity))
register(CaseObservation, area=lambda o: _area(o.step.activity))
register(Attachment, area=lambda a: _area(a.activity))
register(AdoptionEvent, area=lambda e: _area(e.activity), people=lambda e: [e.person_id])
