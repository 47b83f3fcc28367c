"""Every demo login follows every link it is shown (issue 12): no page links to a page its reader cannot open.

A breadth-first walk from the home page over same-site links, as each of the demo's roles. Links that differ
only in their numbers (/members/17/, /members/18/ or ?page=2, ?page=3) are one kind of page: the walk opens the
first of each kind, which keeps it short while still reaching every kind of page a role is shown. The browser
pass (tests/browser/test_phone.py) looks for console errors; this one needs no browser.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from gonghui.orgs.demo import DEMO_LOGINS, build_demo

pytestmark = pytest.mark.django_db

PAGES_PER_ROLE = 250
CHINESE = re.compile(r"[\u4e00-\u9fff]")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def _links(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(page_url, href))
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client: Client) -> tuple[list[str], list[str]]:
    """Walk from the home page; return the HTML pages read and the problems found, each naming the page that
    carried the link."""
    seen, kinds = {"/"}, set()
    queue = deque([("/", "—")])
    pages, problems = [], []
    while queue and len(pages) < PAGES_PER_ROLE:
        url, source = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = response["Location"]
            if not urlsplit(target).netloc and target not in seen:
                seen.add(target)
                queue.appendleft((target, source))
            continue
        if response.status_code != 200:
            problems.append(f"{url} answers {response.status_code} (linked from {source})")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages.append(url)
        if not CHINESE.search(html):
            problems.append(f"{url} has no Chinese")
        for link in _links(url, html):
            parts = urlsplit(link)
            kind = (re.sub(r"\d+", "N", parts.path), tuple(sorted(parse_qs(parts.query))))
            if link in seen or kind in kinds:
                continue
            seen.add(link)
            kinds.add(kind)
            queue.append((link, url))
    return pages, problems


def test_no_demo_role_is_shown_a_link_it_cannot_open():
    build_demo()
    users = get_user_model().objects
    report = {}
    for login in DEMO_LOGINS:
        client = Client()
        client.force_login(users.get(username=login.username))
        pages, problems = crawl(client)
        assert len(pages) > 5, f"{login.username} reaches only {pages}"
        if problems:
            report[login.username] = problems
    assert not report, "\n".join(f"{user}: {problems}" for user, problems in report.items())
