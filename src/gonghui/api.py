"""The JSON API under /api/v1/ (django-ninja). Each app contributes the router of its api.py.

Every endpoint takes a per-user API token (`Authorization: Bearer …`) or the browser session (CSRF-checked).
"""

from ninja import NinjaAPI

from gonghui.core.api import API_AUTH, install_error_handlers
from gonghui.core.registry import app_modules

api = NinjaAPI(title="工会工作平台 API", version="1", urls_namespace="api", auth=API_AUTH)
install_error_handlers(api, body_params={"payload"})
for module in app_modules("api", busiest_first=True):
    if hasattr(module, "router"):  # core's api.py holds what the routers share, not a router of its own
        api.add_router("/", module.router)
