from django.utils.functional import SimpleLazyObject

from .chain import is_verifier


def evidence(request):
    """``is_verifier``: the user holds the role of an active verification level in the
    active tenant (the "Antrian verifikasi" menu entry). Lazy: one query, only on pages
    that read it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "tenant", None) is None:
        return {"is_verifier": False}
    return {"is_verifier": SimpleLazyObject(lambda: is_verifier(user))}
