"""The ties app's audited models (loaded by :mod:`nlc.web.audit` when Django starts)."""

from nlc.web.audit.registration import register
from nlc.web.ties.models import Tie

register(
    Tie,
    area=lambda tie: tie.area_id,
    people=lambda tie: [tie.source_person_id, tie.target_person_id],
    exclude_fields=["updated_at"],
)
