"""The evidence endpoints. Thin: items are found through the visible-items selector (404
for missing, other agency and not visible alike); every write is one service call, which
checks the actor's role (403) and records the event."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import (
    TENANT_HEADER_PARAMETER,
    HasTenant,
    KeysetPagination,
    Pagination,
    get_or_404,
    parse,
)
from apps.core.models import StateChange
from apps.cycles.models import Cycle
from apps.cycles.selectors import get_cycle_for_user
from apps.files.serving import serve_stored_file
from apps.files.upload import use_hashing_upload_handlers
from apps.lke.models import Area, Question

from .. import services
from ..chain import awaiting
from ..models import EvidenceItem, EvidenceRevision
from ..selectors import (
    awaits_you_flag,
    cycles_progress,
    items_readable_by,
    queue_counts,
    verifier_queue,
)
from .inputs import (
    EvidenceAddInput,
    EvidenceItemListQuery,
    EvidenceReturnInput,
    EvidenceRevisionInput,
    EvidenceVerifyInput,
    EvidenceWithdrawInput,
    PageQuery,
    upload_content,
)
from .serializers import (
    EvidenceCompletenessSerializer,
    EvidenceItemDetailSerializer,
    EvidenceItemSerializer,
    EvidenceQueueSerializer,
)

# --- Reads ----------------------------------------------------------------------------


def _for_output(items: QuerySet[EvidenceItem], user, *, detail: bool = False) -> QuerySet:
    """Everything the item serializers read, in a fixed number of queries."""
    items = _related(items, detail=detail)
    return items.annotate(awaits_you=awaits_you_flag(user))


def _related(items: QuerySet[EvidenceItem], *, detail: bool = False) -> QuerySet:
    """The related rows the item serializers read (all but ``awaits_you``)."""
    revisions = EvidenceRevision.objects.select_related("stored_file", "created_by")
    items = items.select_related(
        "unit", "question", "requirement", "question__indicator__aspect__area"
    )
    if detail:
        return items.prefetch_related(
            Prefetch("revisions", queryset=revisions.order_by("-number")),
            Prefetch("history", queryset=StateChange.objects.select_related("actor")),
        )
    return items.prefetch_related(
        Prefetch("revisions", queryset=revisions.filter(is_current=True), to_attr="current")
    )


def _item_or_404(user, pk) -> EvidenceItem:
    return get_or_404(items_readable_by(user), pk=pk)


def _revision_or_404(user, pk) -> EvidenceRevision:
    return get_or_404(
        EvidenceRevision.objects.select_related("stored_file"),
        pk=pk,
        item__in=items_readable_by(user),
    )


class UploadingViewSet(viewsets.GenericViewSet):
    def initialize_request(self, request, *args, **kwargs):
        # Before DRF (or its CSRF check) parses the body: files go to a temporary file,
        # hashed on the way, one chunk in memory at a time.
        use_hashing_upload_handlers(request)
        return super().initialize_request(request, *args, **kwargs)


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class EvidenceItemViewSet(UploadingViewSet):
    """Evidence items of the units the user can see (assessors: verified items only).
    Unit staff upload and submit; verifiers verify or return at their level."""

    permission_classes = [HasTenant]
    serializer_class = EvidenceItemSerializer
    queryset = EvidenceItem.objects.none()  # for the schema only; every action builds its own
    # Oldest first by (created_at, id): every page one range of evidence_list_idx.
    pagination_class = KeysetPagination

    def _detail(self, pk, status_code=status.HTTP_200_OK) -> Response:
        user = self.request.user
        item = get_or_404(_for_output(items_readable_by(user), user, detail=True), pk=pk)
        context = {"request": self.request}
        return Response(
            EvidenceItemDetailSerializer(item, context=context).data, status=status_code
        )

    @extend_schema(parameters=[EvidenceItemListQuery], responses=EvidenceItemSerializer(many=True))
    def list(self, request):
        query = parse(EvidenceItemListQuery, request, data=request.query_params)
        items = items_readable_by(request.user)
        for field, lookup in (
            ("cycle", "cycle"),
            ("question", "question__code"),
            ("status", "status"),
        ):
            if field in query:
                items = items.filter(**{lookup: query[field]})
        page = self.paginate_queryset(_related(items))
        # The per-row flag for the page's rows only: one query however deep the page.
        awaited = set(
            awaiting(request.user).filter(pk__in=[i.pk for i in page]).values_list("pk", flat=True)
        )
        for item in page:
            item.awaits_you = item.pk in awaited
        data = EvidenceItemSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(responses=EvidenceItemDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._detail(_item_or_404(request.user, pk).pk)

    @extend_schema(
        request={"multipart/form-data": EvidenceAddInput},
        responses={201: EvidenceItemDetailSerializer},
    )
    def create(self, request):
        """Add a draft item holding one file (multipart) or one link."""
        data = parse(EvidenceAddInput, request)
        item = services.evidence_add(
            actor=request.user,
            cycle=data["cycle"],
            question=data["question"],
            requirement=data.get("requirement"),
            title=data.get("title", ""),
            **upload_content(request, data),
        )
        return self._detail(item.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": EvidenceRevisionInput},
        responses={201: EvidenceItemDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def revisions(self, request, pk=None):
        """A new revision of a draft or returned item (a returned item becomes a draft)."""
        item = _item_or_404(request.user, pk)
        data = parse(EvidenceRevisionInput, request)
        services.evidence_revise(
            actor=request.user,
            item=item,
            note=data.get("note", ""),
            **upload_content(request, data),
        )
        return self._detail(item.pk, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EvidenceItemDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send a draft into the verification chain (fixed now, from level 1)."""
        item = _item_or_404(request.user, pk)
        services.evidence_submit(actor=request.user, item=item)
        return self._detail(item.pk)

    @extend_schema(request=EvidenceVerifyInput, responses=EvidenceItemDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Verify at the current level (only its verifiers: 403 otherwise)."""
        item = _item_or_404(request.user, pk)
        data = parse(EvidenceVerifyInput, request)
        services.evidence_verify(actor=request.user, item=item, comment=data.get("comment", ""))
        return self._detail(item.pk)

    @extend_schema(request=EvidenceReturnInput, responses=EvidenceItemDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_item(self, request, pk=None):
        """Return to the unit with a comment; a new revision restarts the chain."""
        item = _item_or_404(request.user, pk)
        data = parse(EvidenceReturnInput, request)
        services.evidence_return(actor=request.user, item=item, comment=data.get("comment", ""))
        return self._detail(item.pk)

    @extend_schema(request=EvidenceWithdrawInput, responses=EvidenceItemDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw the item (its history stays)."""
        item = _item_or_404(request.user, pk)
        data = parse(EvidenceWithdrawInput, request)
        services.evidence_withdraw(actor=request.user, item=item, reason=data.get("reason", ""))
        return self._detail(item.pk)


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """A download answers with the file's own type whatever ``Accept`` asks for; only its
    error bodies are rendered (as JSON)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class EvidenceRevisionViewSet(viewsets.GenericViewSet):
    permission_classes = [HasTenant]
    queryset = EvidenceRevision.objects.none()  # for the schema only

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Seluruh berkas.")
            ),
            (206, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("Rentang yang diminta (header Range).")
            ),
        }
    )
    @action(detail=True, methods=["get"], content_negotiation_class=AnyAcceptNegotiation)
    def download(self, request, pk=None):
        """The revision's file (``?unduh=1``: as an attachment). Honours one ``Range``."""
        revision = _revision_or_404(request.user, pk)
        if revision.stored_file is None:  # a link: nothing stored to send
            raise Http404
        return serve_stored_file(
            request,
            revision.stored_file,
            as_attachment=request.GET.get("unduh") == "1",
            name=revision.display_name,
        )


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class QueueView(APIView):
    """Items whose current verification level awaits the user, oldest submission first,
    and how many await them per unit and area."""

    permission_classes = [HasTenant]

    # An APIView, not a list action: drf-spectacular would wrap the whole answer (items
    # and counts) in another page envelope.
    @extend_schema(parameters=[PageQuery], responses=EvidenceQueueSerializer)
    def get(self, request):
        items = _for_output(verifier_queue(request.user), request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(items, request, view=self)
        response = paginator.get_paginated_response(
            EvidenceItemSerializer(page, many=True, context={"request": request}).data
        )
        # Thousands of rows for an agency-wide assessor (the TPI of a ministry): written as
        # plain dicts with the serializer's field names, not field by field through it.
        response.data["counts"] = [
            {
                "unit": row["unit_id"],
                "unit_code": row["unit__code"],
                "unit_name": row["unit__name"],
                "area": row["area_code"],
                "count": row["count"],
            }
            for row in queue_counts(request.user)
        ]
        return response


@extend_schema(parameters=[TENANT_HEADER_PARAMETER])
class CompletenessViewSet(viewsets.GenericViewSet):
    permission_classes = [HasTenant]
    queryset = Cycle.objects.none()  # for the schema only
    lookup_url_kwarg = "cycle_id"

    @extend_schema(responses=EvidenceCompletenessSerializer)
    @action(detail=True, methods=["get"])
    def completeness(self, request, cycle_id=None):
        """Checklist completeness: documents with verified evidence, in total, per area
        and per question."""
        cycle = get_cycle_for_user(request.user, cycle_id)
        progress = cycles_progress([cycle])[cycle.pk]
        areas = Area.objects.filter(version_id=cycle.template_id).order_by(
            "component__order", "order", "pk"
        )
        questions = (
            Question.objects.filter(version_id=cycle.template_id)
            .order_by(
                "indicator__aspect__area__component__order",
                "indicator__aspect__area__order",
                "indicator__aspect__order",
                "indicator__order",
                "order",
            )
            .values_list("pk", "code", "indicator__aspect__area__code")
        )

        def row(p, **extra) -> dict:
            return {"entries": p.entries, "satisfied": p.satisfied, "percent": p.percent, **extra}

        data = {
            "cycle": cycle.pk,
            "total": row(progress.total),
            "areas": [
                row(progress.areas[a.code], code=a.code, name=a.name)
                for a in areas
                if a.code in progress.areas
            ],
            "questions": [
                row(progress.questions[pk], id=pk, code=code, area=area)
                for pk, code, area in questions
                if pk in progress.questions
            ],
        }
        return Response(EvidenceCompletenessSerializer(data).data)
