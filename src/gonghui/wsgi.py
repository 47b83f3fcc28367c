import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()
# A database server that logs statements, plans or commit times would link voters to ballots: do not serve.
import_module("gonghui.voting.checks").refuse_unsafe_server()
import_module(settings.ROOT_URLCONF)  # the URLs, and with them every view, form and API schema
# What start-up made lives as long as the process: move it out of the garbage collector's generations, so
# that the collections a request's allocations trigger do not walk it again and again (about a tenth of a
# signed-in request's CPU; docs/benchmarks.md, "Vote storm").
gc.freeze()
