"""What waits for a person in the surveys (``apps.core.todo``): follow-up actions of the
units whose surveys they manage that are not done yet, each due by its own date – once
done with its evidence it is the LKE's evidence for PPF4C/PPF1C."""

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.access import Capability, grants_of
from apps.core.todo import LIMIT, TodoItem

from .access import AREA
from .models import FollowUpAction, FollowUpStatus

TITLE_CHARS = 60


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def follow_up_items(user, tenant, grants=None) -> list[TodoItem]:
    """Open follow-up actions, the earliest deadline first (one query)."""
    if not user.is_authenticated:
        return []
    grants = grants_of(user) if grants is None else grants
    if not grants.anywhere(Capability.SURVEY_MANAGE, area=AREA):
        return []
    rows = list(
        FollowUpAction.objects.filter(tenant=tenant)
        .exclude(status=FollowUpStatus.DONE)
        .filter(grants.where(Capability.SURVEY_MANAGE, unit="survey__unit", area=AREA))
        .select_related("survey", "survey__unit", "item")
        .annotate(total=Window(Count("id")))
        .order_by("due_on", "id")[:LIMIT]
    )
    return [
        TodoItem(
            kind="surveys.follow_up",
            kind_label=_("Tindak lanjut survei"),
            title=_("%(element)s%(survey)s: %(action)s")
            % {
                "element": f"{row.item.code} " if row.item_id else "",
                "survey": f"{row.survey.short_kind} {row.survey.get_period_display()} "
                f"{row.survey.year}",
                "action": _short(row.action),
            },
            unit=row.survey.unit.name,
            url=reverse("surveys:follow_ups", args=[row.survey_id]) + f"#tl-{row.pk}",
            due_on=row.due_on,
            waiting_since=row.created_at,
            total=row.total if row.total > LIMIT else 0,
            list_url=reverse("surveys:follow_ups", args=[row.survey_id]),
        )
        for row in rows
    ]


def publication_items(user, tenant, grants=None) -> list[TodoItem]:
    """Closed surveys whose results are not published yet (PermenPANRB 14/2017 expects
    them published; the LKE's PPF4B), the longest closed first; with suggestions still
    waiting for review, that review comes first (one query)."""
    from django.db.models import Q

    from .models import Status, SuggestionState, Survey

    if not user.is_authenticated:
        return []
    grants = grants_of(user) if grants is None else grants
    if not grants.anywhere(Capability.SURVEY_MANAGE, area=AREA):
        return []
    rows = list(
        Survey.objects.filter(tenant=tenant, status=Status.CLOSED, published_at__isnull=True)
        .filter(grants.where(Capability.SURVEY_MANAGE, unit="unit", area=AREA))
        .select_related("unit")
        .annotate(
            pending=Count(
                "responses", filter=Q(responses__suggestion_state=SuggestionState.PENDING)
            ),
            total=Window(Count("id")),
        )
        .order_by("closed_at", "id")[:LIMIT]
    )
    items = []
    for row in rows:
        name = f"{row.short_kind} {row.get_period_display()} {row.year}"
        if row.pending:
            title = _("Tinjau %(n)s saran responden lalu publikasikan hasil %(survey)s") % {
                "n": row.pending,
                "survey": name,
            }
            url = reverse("surveys:suggestions", args=[row.pk])
        else:
            title = _("Publikasikan hasil %(survey)s") % {"survey": name}
            url = reverse("surveys:publish", args=[row.pk])
        items.append(
            TodoItem(
                kind="surveys.publish",
                kind_label=_("Publikasi hasil survei"),
                title=title,
                unit=row.unit.name,
                url=url,
                waiting_since=row.closed_at,
                total=row.total if row.total > LIMIT else 0,
                list_url=reverse("surveys:list"),
            )
        )
    return items
