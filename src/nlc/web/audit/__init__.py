"""The audit log: who created, changed or deleted what, and when (django-auditlog).

Each app says which of its models are audited in its own ``audit.py``, one line a model::

    # nlc/web/<app>/audit.py
    from nlc.web.audit.registration import register
    from nlc.web.<app>.models import Thing

    register(Thing, area=lambda thing: thing.area_id)

``area`` names the area whose administrators may read the entries; ``people`` (optional)
the people an entry is about, so that a person's data can be exported and erased. This app
loads every installed app's ``audit.py`` when Django starts (:mod:`nlc.web.audit.apps`).

The actor is the signed-in user for web pages and the API (auditlog's middleware) and
"nlc <command>" for the command line (:func:`nlc.web.audit.registration.cli_context`).
Only area administrators read the log: evaluators, who see people under pseudonyms, do not.
"""
