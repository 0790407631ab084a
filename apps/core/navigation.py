"""The main menu: one registry each app adds its entries to.

Each app declares its entries in ``<app>/nav.py`` (imported by ``CoreConfig.ready``):
``register(NavItem(...))`` for a link, ``register(NavSection(...))`` for a dropdown whose
links name it as their ``section``. Top-level links and dropdowns are ordered together by
``order``, a dropdown's links by theirs; ``visible(request)`` decides per request (it must
not query per entry: read what the request already knows). ``{% main_menu %}``
(apps.core.templatetags.navigation) renders what the request may see.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse

from .access import request_capabilities


def always(request: HttpRequest) -> bool:
    return True


def capable(capability: str) -> Callable[[HttpRequest], bool]:
    """Visible to whoever holds ``capability`` somewhere in the active agency (the access
    policy's table, read once per request)."""

    def visible(request: HttpRequest) -> bool:
        return capability in request_capabilities(request)

    visible.__name__ = f"capable_{capability.replace('.', '_')}"
    return visible


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    section: str = ""  # the key of the NavSection it sits in; "" for the menu bar
    visible: Callable[[HttpRequest], bool] = always
    testid: str = ""


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str
    order: int


@dataclass
class Entry:
    """What the template draws: a link (``url``) or a dropdown (``children``)."""

    label: str
    url: str = ""
    testid: str = ""
    children: list["Entry"] = field(default_factory=list)


_ITEMS: dict[str, NavItem] = {}
_SECTIONS: dict[str, NavSection] = {}


def register(entry: NavItem | NavSection) -> None:
    if isinstance(entry, NavSection):
        if entry.key in _SECTIONS:
            raise ValueError(f"menu section {entry.key!r} registered twice")
        _SECTIONS[entry.key] = entry
    else:
        if entry.url_name in _ITEMS:
            raise ValueError(f"menu entry {entry.url_name!r} registered twice")
        _ITEMS[entry.url_name] = entry


def menu(request: HttpRequest) -> list[Entry]:
    """The entries ``request`` may see, in menu order; a dropdown with no visible link is
    left out."""
    top: list[tuple[int, Entry]] = []
    sections = {
        key: (section.order, Entry(label=section.label)) for key, section in _SECTIONS.items()
    }
    for item in sorted(_ITEMS.values(), key=lambda item: item.order):
        if not item.visible(request):
            continue
        entry = Entry(label=item.label, url=reverse(item.url_name), testid=item.testid)
        if item.section:
            sections[item.section][1].children.append(entry)
        else:
            top.append((item.order, entry))
    top += [(order, entry) for order, entry in sections.values() if entry.children]
    return [entry for _order, entry in sorted(top, key=lambda pair: pair[0])]
