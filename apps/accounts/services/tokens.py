"""A person's own API tokens."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.actions import AuditAction
from apps.core.exceptions import AccessDenied

from ..access import is_platform_operator
from ..auditing import audit_record_for_person
from ..models import ApiToken, User


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new named token for ``user``; returns it with its key (shown once, never
    stored). Expired tokens of the person are removed first."""
    if not user.is_active:
        raise AccessDenied(_("Akun ini tidak aktif."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Beri nama token, mis. \u201cskrip laporan\u201d.")})
    limit = settings.API_TOKEN_MAX_PER_USER
    tokens = ApiToken.objects.select_for_update(of=("self",)).filter(user=user)
    tokens.filter(expires_at__lte=timezone.now()).delete()
    if tokens.count() >= limit:
        raise ValidationError(
            _(
                "Anda sudah memiliki %(limit)d token aktif. Cabut token yang tidak dipakai "
                "lagi di halaman Token API, lalu buat yang baru."
            )
            % {"limit": limit}
        )
    token, key = ApiToken.issue(user=user, name=name)
    token.full_clean()
    token.save()
    audit_record_for_person(
        actor=user,
        user=user,
        action=AuditAction.API_TOKEN_CREATE,
        after={"name": token.name, "prefix": token.prefix, "expires_at": str(token.expires_at)},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    """A person revokes one of their own tokens (a platform operator, anyone's)."""
    if token.user_id != getattr(actor, "pk", None) and not is_platform_operator(actor):
        raise AccessDenied(_("Token ini bukan milik Anda."))
    audit_record_for_person(
        actor=actor,
        user=token.user,
        action=AuditAction.API_TOKEN_REVOKE,
        after={"name": token.name, "prefix": token.prefix},
    )
    token.delete()
