"""The controlled vocabularies are data (``src/nlc/web/vocabularies.toml``): every choice
field of the apps takes its list from there, and the models match their migrations."""

import pickle
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from nlc.web import vocabularies
from nlc.web.knowledge.models import Comment
from nlc.web.registry.models import Phase
from nlc.web.ties.models import TieType

#: Choice lists built from other data: the learning kinds come from ``learning/kinds.py``.
NOT_VOCABULARIES = {"learning.Activity.kind"}


def _field_lists() -> dict[str, tuple]:
    """Each choice field of NLC's models, ``app.Model.field``, with its (value, label) pairs."""
    return {
        f"{model._meta.label}.{field.name}": tuple((v, str(label)) for v, label in field.choices)
        for model in apps.get_models()
        if model.__module__.startswith("nlc.")
        for field in model._meta.get_fields()
        if getattr(field, "choices", None)
    }


def _vocabulary_lists() -> dict[str, tuple]:
    return {
        f"{app}.{name}": tuple((value, label) for _, value, label in vocabulary.choices)
        for (app, name), vocabulary in vocabularies.load().items()
    }


def test_a_vocabulary_works_as_a_written_out_class_would():
    assert TieType.ADVICE == "advice"
    assert TieType.ADVICE.label == "Advice"
    assert TieType.choices[0] == ("advice", "Advice")
    assert Phase.NOT_APPLICABLE == "" and Phase("").label == "Not applicable"
    assert Comment.Action.SUBMIT.label == "sent it for review"


def test_every_member_pickles_as_itself():
    # The derived-data cache pickles what it keeps; members must come back as themselves.
    for _, name in vocabularies.load():
        for member in getattr(vocabularies, name):
            assert pickle.loads(pickle.dumps(member)) is member


def test_every_choice_field_of_the_apps_takes_a_vocabulary():
    known = set(_vocabulary_lists().values())
    loose = [
        field
        for field, choices in _field_lists().items()
        if choices not in known and field not in NOT_VOCABULARIES
    ]
    assert loose == [], "put these lists in src/nlc/web/vocabularies.toml"


def test_every_vocabulary_is_used_by_a_field():
    used = set(_field_lists().values())
    assert [name for name, pairs in _vocabulary_lists().items() if pairs not in used] == []


def test_each_name_is_one_class_and_names_are_unique_across_apps():
    from nlc.web.vocabularies import TieType as again

    assert again is TieType
    names = [name for _, name in vocabularies.load()]
    assert len(names) == len(set(names))


def test_a_member_name_is_the_value_in_capitals_unless_the_value_is_empty():
    for vocabulary in vocabularies.load().values():
        for member, value, _ in vocabulary.choices:
            assert member == value.upper() or not value, (vocabulary.name, member)


@pytest.mark.django_db
def test_the_models_need_no_new_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
