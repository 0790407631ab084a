"""Writing notices: ``notify`` (one notice to several people) and ``notify_many`` (a
batch, for the reminder run), marking them read, and each person's e-mail preferences.

A notice is written inside the caller's transaction: a rolled-back change tells nobody,
and the e-mail of a committed one leaves through the outbox after commit (a broker
outage delays it; the request never fails because of it). Nobody is told about their
own act (``exclude=actor``), and nobody who can no longer act: an inactive account, or a
suspended member of the notice's agency.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from apps.accounts.models import User
from apps.core.outbox import outbox_add_many
from apps.tenants.models import Membership

from .kinds import EmailMode, Kind, spec_of
from .models import Notification, NotificationPreference

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length


@dataclass(frozen=True)
class Notice:
    """What one notice says and what it is about (the same for all its recipients)."""

    kind: str
    title: str
    url: str = ""
    body: str = ""
    tenant_id: int | None = None
    unit_id: int | None = None
    content_type_id: int | None = None
    object_id: int | None = None
    key: str = ""  # a reminder's (object, kind, offset); empty for an event

    @classmethod
    def about(cls, obj: Model, *, kind: str, title: str, url: str = "", **fields) -> "Notice":
        """A notice about ``obj``: its agency, its unit (``obj.unit_id`` unless given)."""
        fields.setdefault("tenant_id", getattr(obj, "tenant_id", None))
        fields.setdefault("unit_id", getattr(obj, "unit_id", None))
        return cls(
            kind=kind,
            title=title,
            url=url,
            content_type_id=ContentType.objects.get_for_model(type(obj)).pk,
            object_id=obj.pk,
            **fields,
        )


def _ids(people: Iterable) -> set[int]:
    return {p if isinstance(p, int) else p.pk for p in people if p is not None}


def _reachable(user_ids: set[int], tenant_ids: set[int | None]) -> dict[int | None, set[int]]:
    """Per agency, who of ``user_ids`` may be told: active accounts that are active
    members there (for no agency: active accounts)."""
    active = set(User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", flat=True))
    result: dict[int | None, set[int]] = {None: active}
    real = [t for t in tenant_ids if t is not None]
    if real:
        with scopes_disabled():
            pairs = Membership.objects.filter(
                tenant_id__in=real, user_id__in=active, is_active=True
            ).values_list("tenant_id", "user_id")
        for tenant_id in real:
            result[tenant_id] = set()
        for tenant_id, user_id in pairs:
            result[tenant_id].add(user_id)
    return result


def email_modes(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], str]:
    """Each person's e-mail mode per kind (their choice, else the kind's default)."""
    kinds = set(kinds)
    chosen = {
        (user_id, kind): email
        for user_id, kind, email in NotificationPreference.objects.filter(
            user_id__in=set(user_ids), kind__in=kinds
        ).values_list("user_id", "kind", "email")
    }
    return {
        (user_id, kind): chosen.get((user_id, kind), spec_of(kind).default)
        for user_id in user_ids
        for kind in kinds
    }


def notify(recipients: Iterable, notice: Notice, *, exclude=None) -> list[Notification]:
    """Tell ``recipients`` (users or ids) ``notice``; returns the notices written (a
    reminder already sent to someone is not written again)."""
    return notify_many([(recipients, notice)], exclude=exclude)


def notify_many(batch: Iterable[tuple[Iterable, Notice]], *, exclude=None) -> list[Notification]:
    """Several notices at once, in a constant number of queries for the whole batch."""
    excluded = _ids([exclude]) if exclude is not None else set()
    wanted: list[tuple[set[int], Notice]] = []
    for recipients, notice in batch:
        Kind(notice.kind)  # ValueError for an unknown kind: a bug in the caller
        ids = _ids(recipients) - excluded
        if ids:
            title = (
                notice.title
                if len(notice.title) <= TITLE_MAX
                else (notice.title[: TITLE_MAX - 1] + "…")
            )
            if len(notice.url) > URL_MAX:
                raise ValueError(f"notice url longer than {URL_MAX}: {notice.url[:80]}…")
            wanted.append((ids, replace(notice, title=title)))
    if not wanted:
        return []
    everyone = set().union(*(ids for ids, _notice in wanted))
    reachable = _reachable(everyone, {notice.tenant_id for _ids_, notice in wanted})
    modes = email_modes(everyone, {notice.kind for _ids_, notice in wanted})
    rows = [
        Notification(
            recipient_id=user_id,
            tenant_id=notice.tenant_id,
            unit_id=notice.unit_id,
            kind=notice.kind,
            title=notice.title,
            body=notice.body,
            url=notice.url,
            content_type_id=notice.content_type_id,
            object_id=notice.object_id,
            key=notice.key,
            email=_email_of(modes[(user_id, notice.kind)]),
        )
        for ids, notice in wanted
        for user_id in sorted(ids & reachable[notice.tenant_id])
    ]
    created = _insert_events([r for r in rows if not r.key]) + _insert_keyed(
        [r for r in rows if r.key]
    )
    _queue_immediate(created)
    return created


def _email_of(mode: str) -> str:
    return {
        EmailMode.IMMEDIATE: Notification.Email.IMMEDIATE,
        EmailMode.DIGEST: Notification.Email.DIGEST,
    }.get(mode, Notification.Email.NONE)


def _insert_events(rows: list[Notification]) -> list[Notification]:
    return Notification.objects.bulk_create(rows) if rows else []


_KEYED_COLUMNS = (
    "recipient_id",
    "tenant_id",
    "unit_id",
    "kind",
    "title",
    "body",
    "url",
    "content_type_id",
    "object_id",
    "key",
    "email",
    "created_at",
)


def _insert_keyed(rows: list[Notification], chunk: int = 1000) -> list[Notification]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: the rows written now are the reminders
    nobody sent before (two runs racing for the same key: one of them writes it)."""
    created: list[Notification] = []
    if not rows:
        return created
    # Most reminders of a run were sent by an earlier run: leave those out before the
    # INSERT (one indexed read); the ON CONFLICT still settles two runs racing.
    sent = set(
        Notification.objects.filter(key__in={row.key for row in rows}).values_list(
            "recipient_id", "key"
        )
    )
    rows = [row for row in rows if (row.recipient_id, row.key) not in sent]
    table = connection.ops.quote_name(Notification._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _KEYED_COLUMNS)
    now = timezone.now()
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        placeholders = ", ".join(["(" + ", ".join(["%s"] * len(_KEYED_COLUMNS)) + ")"] * len(part))
        params: list = []
        for row in part:
            row.created_at = now
            params.extend(getattr(row, column) for column in _KEYED_COLUMNS)
        with connection.cursor() as cursor:
            # Table, columns and placeholders come from constants; values are parameters.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {placeholders} "  # noqa: S608
                f"ON CONFLICT (recipient_id, key) WHERE key <> '' DO NOTHING "
                f"RETURNING id, recipient_id, key",
                params,
            )
            written = {(recipient_id, key): pk for pk, recipient_id, key in cursor.fetchall()}
        for row in part:
            pk = written.get((row.recipient_id, row.key))
            if pk is not None:
                row.pk = row.id = pk
                row._state.adding = False
                created.append(row)
    return created


def _queue_immediate(created: list[Notification]) -> None:
    from .channels import channel_names
    from .delivery import deliver_notice

    by_tenant: dict[int | None, list[dict]] = defaultdict(list)
    for row in created:
        if row.email == Notification.Email.IMMEDIATE:
            for channel in channel_names():
                by_tenant[row.tenant_id].append({"notification_id": row.pk, "channel": channel})
    for tenant_id, payloads in by_tenant.items():
        outbox_add_many(handler=deliver_notice, payloads=payloads, tenant_id=tenant_id)


# --- reading ------------------------------------------------------------------------------


def mark_read(*, user, notification: Notification) -> bool:
    """Mark one of ``user``'s notices read; False when it already was."""
    if notification.recipient_id != user.pk:
        raise ValidationError(_("Pemberitahuan ini bukan milik Anda."))
    return bool(
        Notification.objects.filter(
            pk=notification.pk, recipient=user, read_at__isnull=True
        ).update(read_at=timezone.now())
    )


def mark_all_read(*, user, tenant_id: int | None) -> int:
    """Mark every unread notice of ``user`` in the active agency (and outside any) read."""
    from .selectors import inbox

    return inbox(user, tenant_id).filter(read_at__isnull=True).update(read_at=timezone.now())


# --- preferences -----------------------------------------------------------------------------


def preference_set(*, user, kind: str, email: str) -> NotificationPreference:
    """Choose the e-mail of one kind; below the kind's floor is refused in Indonesian."""
    try:
        spec = spec_of(kind)
    except ValueError:
        raise ValidationError({"kind": _("Jenis pemberitahuan tidak dikenal.")}) from None
    if email not in EmailMode.values:
        raise ValidationError({"email": _("Pilihan e-mail tidak dikenal.")})
    if not spec.allows(email):
        raise ValidationError(
            {
                "email": _(
                    "Pemberitahuan \u201c%(kind)s\u201d tidak dapat dimatikan; paling sedikit "
                    "dikirim dalam ringkasan harian."
                )
                % {"kind": Kind(kind).label}
            }
        )
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": email}
        )
    return preference


def preferences_set(*, user, choices: dict[str, str]) -> None:
    """Several kinds at once, all or none (the preferences page)."""
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        for kind, email in choices.items():
            try:
                preference_set(user=user, kind=kind, email=email)
            except ValidationError as exc:
                errors[kind] = [m for messages in exc.message_dict.values() for m in messages]
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ValidationError(errors)


def unsubscribe(*, user, kind: str) -> str:
    """The one-click unsubscribe of an e-mail: the lowest mode the kind allows."""
    spec = spec_of(kind)
    lowest = EmailMode.OFF if spec.allows(EmailMode.OFF) else EmailMode.DIGEST
    preference_set(user=user, kind=kind, email=lowest)
    return lowest
