"""``Authorization: Token <key>`` for the API: the key's hash is looked up, an expired
token or an inactive person is refused (the same message as an unknown key)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiToken, hash_token_key

# last_used_at is written at most this often per token (not on every request).
LAST_USED_RESOLUTION = timedelta(minutes=5)


class ExpiringTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key):
        token = (
            ApiToken.objects.valid()
            .select_related("user")
            .filter(key_hash=hash_token_key(key))
            .first()
        )
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("Token tidak valid atau sudah kedaluwarsa."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
