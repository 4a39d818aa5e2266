"""The brokerage app's audited models (loaded by :mod:`nlc.web.audit` when Django starts)."""

from nlc.web.audit.registration import register
from nlc.web.brokerage.models import (
    Broker,
    Dismissal,
    HeldBack,
    Introduction,
    Resource,
    Settings,
)


def _intro_people(intro) -> list[int]:
    return [p for p in (intro.source_person_id, intro.target_person_id) if p is not None]


register(Resource, area=lambda r: r.organisation.area_id)
register(Introduction, area=lambda i: i.area_id, people=_intro_people)
register(Dismissal, area=lambda d: d.area_id)
register(Broker, area=lambda b: b.area_id, people=lambda b: [b.person_id])
register(Settings, area=lambda s: s.area_id)
register(HeldBack, area=lambda h: h.area_id)
