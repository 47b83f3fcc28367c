"""The JSON API under /api/v1/ (django-ninja). Each app contributes a router from its api.py.

Every endpoint takes a per-user API token (`Authorization: Bearer …`) or the browser session (CSRF-checked).
"""

from ninja import NinjaAPI

from gonghui.agreements.api import router as agreements_router
from gonghui.congress.api import router as congress_router
from gonghui.core.api import API_AUTH, install_error_handlers
from gonghui.notices.api import router as notices_router
from gonghui.orgs.api import router as orgs_router
from gonghui.proposals.api import router as proposals_router
from gonghui.voting.api import router as voting_router

api = NinjaAPI(title="工会工作平台 API", version="1", urls_namespace="api", auth=API_AUTH)
install_error_handlers(api, body_params={"payload"})
api.add_router("/", orgs_router)
api.add_router("/", voting_router)
api.add_router("/", congress_router)
api.add_router("/", proposals_router)
api.add_router("/", notices_router)
api.add_router("/", agreements_router)
