"""The WSGI application. gunicorn loads this module in each worker before the worker takes its
first request, so the worker is made ready here rather than by the request that happens to come
first."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kefu.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Import every view and API schema (the URLconf: ~300 ms of CPU, ninja building its pydantic
    models), fill the reverse map and load each language's catalogues; then keep the cyclic garbage
    collector off what start-up made. Before, each worker's first request waited ~300 ms, and every
    ~110 intakes a full collection walked the whole heap of modules and schemas for ~55 ms: the
    p99 of a bench run (issue 19)."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().reverse_dict  # noqa: B018 (a property: imports the URLconf and builds the map)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Board")
    gc.collect()
    gc.freeze()


warm_up()
