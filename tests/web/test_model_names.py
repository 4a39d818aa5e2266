"""What a record is called (``str()``): a model's ``shown_as`` pattern, else its name field."""

from __future__ import annotations

import datetime as dt

from nlc.web.brokerage.models import Broker, Dismissal, Settings
from nlc.web.planning.models import Goal, Meeting
from nlc.web.registry.models import Area, Membership, Network, Organisation, Person
from nlc.web.surveys.models import Survey, Wave


def test_a_pattern_names_a_record_by_its_fields():
    area = Area(name="North")
    network = Network(name="Readers", area=area)
    person = Person(name="Ann Lee")
    assert str(Meeting(title="Autumn", held_on=dt.date(2025, 9, 1))) == "Autumn (2025-09-01)"
    assert str(Membership(organisation=Organisation(name="Oak"), network=network)) == (
        "Oak in Readers"
    )
    assert str(Wave(survey=Survey(title="Who helps whom"), number=2)) == "Who helps whom, wave 2"
    assert str(Broker(person=person, area=area)) == "Ann Lee (broker in North)"
    assert str(Settings(area=area)) == "Brokerage settings of North"
    assert str(Dismissal(kind="people", source="p1", target="p2")) == "people p1 → p2"


def test_without_a_pattern_the_name_field_names_a_record():
    assert str(Goal(title="Every child reads")) == "Every child reads"
