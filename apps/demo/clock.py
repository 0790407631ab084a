"""The clock while seeding: what the demo makes "in the past" (an agent appointed in
January, a quarter recorded in March and approved in April) gets the dates it would have
had, because the services read today from the clock (appointment, realisation months,
the day a change was integrated, the workflow's history).

time-machine is a development dependency, as seed_demo is a development and CI tool;
without it, or for a moment not yet reached, the clock stays where it is and
``can_move`` says so (the callers leave out what needs the past)."""

import contextlib
import datetime

from django.utils import timezone


def can_move() -> bool:
    try:
        import time_machine  # noqa: F401
    except ImportError:
        return False
    return True


def moved_to(moment: datetime.datetime):
    """A context in which it is ``moment`` (which must be aware), when it has passed and
    the clock can move; the real present otherwise."""
    if moment >= timezone.now() or not can_move():
        return contextlib.nullcontext()
    import time_machine

    return time_machine.travel(moment, tick=False)
