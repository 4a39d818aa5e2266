"""Every model of NLC's apps is audited (hardening issue #9: "for registry, ties, roles,
memberships and everything the new apps add"), so that an app added later that forgets its
``audit.py`` fails here rather than going unlogged."""

from auditlog.registry import auditlog
from django.apps import apps

from nlc.web.audit import registration

#: Models deliberately not audited, with the reason.
NOT_AUDITED = {
    # An upload's bytes and progress; the import itself is logged once it ran (record_import).
    "imports.ImportJob",
    # Itself a history: each saved version of an item with who changed which fields.
    "knowledge.Version",
}


def nlc_models():
    return [m for m in apps.get_models() if m.__module__.startswith("nlc.")]


def test_every_model_of_the_apps_is_audited_with_its_area():
    missing = [
        m._meta.label
        for m in nlc_models()
        if m._meta.label not in NOT_AUDITED
        and not (auditlog.contains(m) and m in registration._SCOPES)
    ]
    assert missing == [], "register these in their app's audit.py"


def test_the_exemptions_name_real_unaudited_models():
    labels = {m._meta.label: m for m in nlc_models()}
    for label in NOT_AUDITED:
        assert label in labels and not auditlog.contains(labels[label])
