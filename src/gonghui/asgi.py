import os
from importlib import import_module

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_asgi_application()
# A database server that logs statements, plans or commit times would link voters to ballots: do not serve.
import_module("gonghui.voting.checks").refuse_unsafe_server()
