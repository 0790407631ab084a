"""The simulated people of ``bench/load.py`` (issue 12, load), run by locust in its own
process; not meant to be started by hand.

``bench/load.py`` logs every person in beforehand (a session in the database, past the
second step for those who need one) and writes a plan: a JSON file named by
``ZI_LOAD_PLAN`` with, per role, one entry per distinct person (their session cookie and
the pages that are theirs). Each simulated user takes the next unused person of its role,
opens the home page, then reads the pages of its role with 5-15 s between requests, as a
person reading a page does. Only GETs: the load is reading, as most of a working day is.

A response other than 200 is a failure (redirects are not followed: a session that was
not accepted would otherwise end on the login page and count as a success).
"""

from __future__ import annotations

import html
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["ZI_LOAD_PLAN"]).read_text(encoding="utf-8"))
QUEUE_LINK = re.compile(PLAN["queue_link"])
_next_person = {role: 0 for role in ("pokja", "verifier", "leader")}


def next_person(role: str) -> dict:
    """The next person of ``role`` not yet taken by a simulated user. The plan has as many
    as the largest run needs; past that (more users than people) they are reused."""
    people = PLAN[role]
    person = people[_next_person[role] % len(people)]
    _next_person[role] += 1
    return person


class Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(PLAN["wait_min"], PLAN["wait_max"])

    def on_start(self):
        self.person = next_person(self.role)
        # The proxy in front of gunicorn terminates TLS and says so (as in
        # docker-compose.yml's health check); the cookie as the browser sends it.
        self.headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": f"{PLAN['cookie']}={self.person['session']}",
            "Accept": "text/html",
        }
        self.get(self.person["urls"]["home"], "home")

    def get(self, url: str, page: str) -> str:
        name = f"{self.role}: {page}"
        with self.client.get(
            url, headers=self.headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(
                    f"HTTP {response.status_code}{' → ' + where if where else ''}"
                    f" ({self.person['who']}, {url})"
                )
                return ""
            return response.text

    @task(1)
    def home(self):
        self.get(self.person["urls"]["home"], "home")


class Pokja(Person):
    """A Ketua Tim / Anggota Pokja of one UPT: the cycle's evidence (by area), the
    evidence of the questions of their areas, the unit's completeness, the work plan."""

    weight = PLAN["weights"]["pokja"]
    role = "pokja"

    @task(3)
    def cycle_evidence(self):
        area = random.choice(["", *self.person["areas"]])
        url = self.person["urls"]["cycle"] + (f"?area={area}" if area else "")
        self.get(url, "evidence of the cycle /bukti/siklus/[cycle]/")

    @task(4)
    def question(self):
        url = random.choice(self.person["urls"]["questions"])
        self.get(url, "question /bukti/siklus/[cycle]/[code]/")

    @task(1)
    def completeness(self):
        self.get(self.person["urls"]["completeness"], "completeness of the unit ?unit=")

    @task(1)
    def work_plan(self):
        self.get(self.person["urls"]["plan"], "work plan /rencana-kerja/siklus/[cycle]/")

    @task(1)
    def my_tasks(self):
        self.get(self.person["urls"]["tasks"], "my tasks /rencana-kerja/tugas-saya/")


class Verifier(Person):
    """A Verifikator of a Kanwil or an Eselon I: the queue, then an item from it."""

    weight = PLAN["weights"]["verifier"]
    role = "verifier"
    links: list[str]

    def on_start(self):
        self.links = []
        super().on_start()

    @task(3)
    def queue(self):
        page = self.get(self.person["urls"]["queue"], "queue /bukti/antrian/")
        if page:
            self.links = [html.unescape(link) for link in QUEUE_LINK.findall(page)]

    @task(4)
    def item_from_queue(self):
        if not self.links:  # an empty or unread queue: read it (again) instead
            self.queue()
            return
        self.get(random.choice(self.links), "item from the queue /bukti/siklus/…?antrian=1")


class Leader(Person):
    """A Pimpinan or an Admin Instansi: completeness, the unit tree, the cycle list."""

    weight = PLAN["weights"]["leader"]
    role = "leader"

    @task(2)
    def completeness(self):
        self.get(self.person["urls"]["completeness"], "completeness /bukti/kelengkapan/")

    @task(1)
    def unit_tree(self):
        self.get(self.person["urls"]["tree"], "unit tree /unit/")

    @task(1)
    def cycles(self):
        self.get(self.person["urls"]["cycles"], "cycle list /siklus/")
