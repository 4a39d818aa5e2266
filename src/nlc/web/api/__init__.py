"""The JSON API (django-ninja) at /api/.

Each app brings its own part: a router in ``<app>/api.py``, its request and answer shapes in
``<app>/schemas.py`` and, where it writes, the checked writes in ``<app>/writes.py``. This
package holds what they share (:mod:`.common`: refusals, paging, the steps of a write;
:mod:`.schemas`: error answers, page and date shapes) and, in :mod:`.urls`, the one
:class:`~ninja.NinjaAPI` that puts the routers together. A new app adds its router to
``ROUTERS`` there, in one line.

Nothing here imports an app at package level, so an app's router may import this package's
modules without a cycle.
"""
