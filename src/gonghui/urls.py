from django.urls import include, path

from .api import api
from .core.registry import app_modules

# Django tries the patterns in order and every app's pages sit at the root: the API (votes from phones and apps)
# comes first, then each app's pages, the ballot engine's before the others (core.registry.gonghui_apps).
urlpatterns = [
    path("api/v1/", api.urls),
    *(path("", include(module)) for module in app_modules("urls", busiest_first=True)),
]

handler500 = "gonghui.core.views.server_error"
