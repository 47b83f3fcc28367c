"""Every list reads on a 390-px phone (issue 12), on the demo area as its cadres see it.

A table may be wider than the phone: it then scrolls sideways inside its wrapper with its first column pinned
(app.css), so nothing is cut off and no row loses its label. What a person would notice is checked: the page
itself never scrolls sideways, the first column stays in view, no cell is squeezed to a character per line
(the roster was 21,369 px tall), and the browser reports no error (a blocked inline script or style).
"""

import pytest
from django.utils import timezone

from gonghui.congress.models import Session, Term
from gonghui.orgs.demo import DEMO_PASSWORD, build_demo
from gonghui.orgs.models import RoleAssignment
from gonghui.plans.models import Plan, PlanItem
from gonghui.voting.models import Poll

from .conftest import login, seed_what_migrations_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_HEIGHT_LIMIT = 15_000  # px: 50 rows, or the statistics with their chart; the roster was 21,369

MEASURE = """() => {
  const SQUEEZED_WIDTH = 40;  // px: two characters and the cell padding
  const page = document.documentElement;
  const tables = [...document.querySelectorAll('main table')].map((table) => {
    const wrapper = table.closest('.table-responsive');
    const label = table.id || table.querySelector('th, td')?.textContent.trim() || '?';
    if (!wrapper) return {label, problem: 'not in a .table-responsive wrapper'};
    const scrolls = getComputedStyle(wrapper).overflowX === 'auto';
    const overflows = table.getBoundingClientRect().width > wrapper.clientWidth + 1;
    wrapper.scrollLeft = wrapper.scrollWidth;
    const first = table.querySelector('tr > :first-child');
    const firstVisible = first.getBoundingClientRect().left >= wrapper.getBoundingClientRect().left - 1;
    wrapper.scrollLeft = 0;
    // The content of each cell that is not prose (.cell-text may run to several lines by design).
    // A column squeezed to a character or two per line: text of three characters or more in a narrow cell.
    const squeezed = [...table.querySelectorAll('th, td')].find((cell) =>
      cell.textContent.trim().length >= 3 && cell.getBoundingClientRect().width < SQUEEZED_WIDTH);
    return {label, overflows, scrolls, firstVisible, squeezed: squeezed?.textContent.trim().slice(0, 20)};
  });
  return {pageWidth: page.scrollWidth, viewport: page.clientWidth, height: page.scrollHeight, tables};
}"""


def _problems(phone, url: str, errors: list[str]) -> list[str]:
    errors.clear()
    response = phone.goto(url)
    found = [f"answers {response.status}"] if response.status != 200 else []
    page = phone.evaluate(MEASURE)
    if page["pageWidth"] > page["viewport"]:
        found.append(f"page scrolls sideways: {page['pageWidth']} px wide in a {page['viewport']}-px screen")
    if page["height"] > PAGE_HEIGHT_LIMIT:
        found.append(f"page is {page['height']} px tall")
    for table in page["tables"]:
        label = table["label"]
        if problem := table.get("problem"):
            found.append(f"table {label}: {problem}")
            continue
        if table["overflows"] and not table["scrolls"]:
            found.append(f"table {label} is cut off")
        if not table["firstVisible"]:
            found.append(f"table {label}: first column scrolls out of view")
        if table["squeezed"]:
            found.append(f"table {label}: a column squeezed to one character per line ({table['squeezed']})")
    found += [f"console: {error}" for error in errors]
    return found


def test_every_list_reads_on_a_phone(phone):
    seed_what_migrations_seed()
    build_demo()
    showcase = RoleAssignment.objects.get(user__username="zhuxi").node
    pages = {
        "zhuxi": [
            "/",
            "/members/",
            "/members/?page=2",
            "/proposals/",
            "/agreements/",
            "/polls/",
            "/congress/",
            "/audit/",
            "/calendar/",
            "/transfers/",
            "/imports/",
            "/enterprises/",
            "/orgs/",
            "/roles/",
            "/rules/",
            "/tokens/",
            "/notifications/",
            "/join/applications/",
            f"/congress/terms/{Term.objects.filter(node=showcase).first().pk}/",
            f"/congress/sessions/{Session.objects.filter(term__node=showcase).first().pk}/",
            f"/polls/{Poll.objects.filter(node=showcase).first().pk}/electorate/",
            "/plans/",
            f"/plans/{Plan.objects.get(node=showcase, year=timezone.localdate().year).pk}/",
            f"/plans/items/{PlanItem.objects.filter(plan__node=showcase).exclude(provider='').first().pk}/",
        ],
        "zhen": [
            "/",
            "/agreements/stats/",
            "/agreements/stats/?list=without",
            "/agreements/targets/",
            "/enterprises/",
            "/orgs/",
            "/congress/",
            "/proposals/",
            "/plans/",
            f"/plans/items/{PlanItem.objects.filter(cascade=True).first().pk}/board/",
        ],
        "qu": ["/", "/agreements/stats/"],
        "daibiao": ["/", "/mine/", "/my-polls/", "/proposals/"],
        "ganshi": ["/", "/members/"],
        "caiwu": ["/"],
        "jingshen": ["/", "/audit/"],
        "nvgong": ["/"],
        "huiyuan": ["/", "/me/", "/mine/", "/mine/card/", "/join/"],
        "xingzheng": ["/", "/agreements/"],
        "xuexiao": ["/", "/congress/"],
    }
    report, errors = {}, []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    for username, urls in pages.items():
        phone.context.clear_cookies()
        login(phone, username, DEMO_PASSWORD)
        phone.wait_for_url("**/")
        for url in urls:
            if problems := _problems(phone, url, errors):
                report[f"{username} {url}"] = problems
    assert not report, "\n".join(f"{page}: {problems}" for page, problems in report.items())
