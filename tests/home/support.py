"""Reading the home page's to-do list the way a person reads it."""

import datetime
import html
import re
from dataclasses import dataclass

import time_machine
from django.urls import reverse

WIB = datetime.timezone(datetime.timedelta(hours=7))
LINE = re.compile(
    r'data-testid="todo-item" data-kind="(?P<kind>[^"]+)" data-urgency="(?P<urgency>[^"]+)">'
    r'.*?<div class="small text-muted">(?P<label>.*?) · (?P<unit>.*?)</div>\s*'
    r'<a href="(?P<url>[^"]+)" class="fw-semibold">(?P<title>.*?)</a>',
    re.S,
)


@dataclass(frozen=True)
class Line:
    kind: str
    urgency: str
    unit: str
    url: str
    title: str


def on(year, month, day):
    """Time stands still at 09:00 WIB of that day."""
    return time_machine.travel(datetime.datetime(year, month, day, 9, tzinfo=WIB), tick=False)


def home_lines(client, user) -> list[Line]:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return lines_of(response.content.decode())


def lines_of(body: str) -> list[Line]:
    return [
        Line(
            kind=m["kind"],
            urgency=m["urgency"],
            unit=html.unescape(m["unit"]),
            url=html.unescape(m["url"]),
            title=html.unescape(m["title"]),
        )
        for m in LINE.finditer(body)
    ]


def kinds(lines: list[Line]) -> list[str]:
    return [line.kind for line in lines]
