"""The JSON API under /api/v1/ (django-ninja). Each app contributes a router from its api.py.

Every endpoint takes a per-user API token (`Authorization: Bearer …`) or the browser session (CSRF-checked).
"""

from ninja import NinjaAPI

from gonghui.core.api import API_AUTH, install_error_handlers
from gonghui.orgs.api import router as orgs_router

api = NinjaAPI(title="工会工作平台 API", version="1", urls_namespace="api", auth=API_AUTH)
install_error_handlers(api, body_params={"payload"})
api.add_router("/", orgs_router)
