"""One status badge for every page: apps.core.badges' table, rendered by {% status_badge %}."""

import pytest
from django.db import models
from django.template import Context, Template

from apps.assessment.models import Assessment
from apps.core import badges
from apps.cycles.models import Cycle
from apps.evidence.models import EvidenceItem, ItemStatus
from apps.identification.models import Identification
from apps.lke.models import TemplateVersion
from apps.workplan.models import Task


def render(obj, args: str = "") -> str:
    return Template("{% load badges %}{% status_badge obj " + args + " %}").render(
        Context({"obj": obj})
    )


@pytest.mark.parametrize(
    ("obj", "args", "html"),
    [
        (
            Cycle(stage="dicabut"),
            '"stage"',
            '<span class="badge text-bg-danger">Dicabut</span>',
        ),
        (
            Cycle(stage="pembangunan"),
            '"stage"',
            '<span class="badge text-bg-primary">Pembangunan</span>',
        ),
        (
            Assessment(status="final"),
            'testid="status"',
            '<span class="badge text-bg-success" data-testid="status">Final</span>',
        ),
        (
            Assessment(status="draft"),
            'testid="status"',
            '<span class="badge text-bg-warning" data-testid="status">Sedang dinilai</span>',
        ),
        (
            EvidenceItem(status="verified"),
            'testid="status"',
            '<span class="badge text-bg-success" data-testid="status" '
            'title="Lolos semua tingkat rantai verifikasi">Terverifikasi</span>',
        ),
        (
            EvidenceItem(status="withdrawn"),
            'testid="status"',
            '<span class="badge text-bg-dark" data-testid="status">Ditarik</span>',
        ),
        (
            Identification(status="submitted"),
            'testid="identification-status"',
            '<span class="badge text-bg-info" data-testid="identification-status">'
            "Diajukan ke TPU</span>",
        ),
        (
            TemplateVersion(status="draft"),
            "",
            '<span class="badge text-bg-warning">Draf</span>',
        ),
        (
            Task(status="sedang"),
            'testid="task-status"',
            '<span class="badge text-bg-warning" data-testid="task-status">'
            "Sedang dilaksanakan</span>",
        ),
    ],
)
def test_the_badge_shows_the_declared_colour_and_the_choice_label(obj, args, html):
    assert render(obj, args) == html


def test_a_badge_can_take_its_text_from_the_object(monkeypatch):
    monkeypatch.setattr(EvidenceItem, "status_text", lambda self: "Menunggu Kanwil (1 dari 2)")
    html = render(EvidenceItem(status=ItemStatus.IN_VERIFICATION))
    assert html == (
        '<span class="badge text-bg-info text-wrap text-start">Menunggu Kanwil (1 dari 2)</span>'
    )


def test_every_value_of_a_registered_choices_class_needs_a_badge():
    class Colour(models.TextChoices):
        RED = "red", "Merah"
        BLUE = "blue", "Biru"

    with pytest.raises(ValueError, match="blue"):
        badges.register(Colour, {Colour.RED: "text-bg-danger"})
    assert not any(choices is Colour for choices, _value in badges.BADGES)
