"""The surveys app's audited models (loaded by :mod:`nlc.web.audit` when Django starts)."""

from nlc.web.audit.registration import register
from nlc.web.surveys.models import Answer, Invitation, Question, Survey, Wave, WaveTie

register(Survey, area=lambda survey: survey.network.area_id)
register(Question, area=lambda q: q.survey.network.area_id)
register(Wave, area=lambda wave: wave.survey.network.area_id)
register(
    Invitation,
    area=lambda i: i.wave.survey.network.area_id,
    people=lambda i: [i.person_id],
    include_fields=[
        f.name for f in Invitation._meta.concrete_fields if f.name not in ("nonce", "token_hash")
    ],
)
register(
    Answer,
    area=lambda a: a.invitation.wave.survey.network.area_id,
    people=lambda a: [a.invitation.person_id, a.alter_person_id],
)
register(WaveTie, area=lambda w: w.wave.survey.network.area_id)
