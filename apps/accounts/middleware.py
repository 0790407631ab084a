from rest_framework.exceptions import AuthenticationFailed

from .authentication import ExpiringTokenAuthentication


class ApiTokenMiddleware:
    """Recognises an API client's ``Authorization: Token …`` before
    ``apps.tenants.middleware.TenantMiddleware`` opens the tenant scope: DRF authenticates
    only inside the view, too late for that. The person goes on ``request.token_user``
    (``request.user`` stays as it is: DRF still authenticates the token in the view, and a
    session's CSRF rules are untouched). A refused token leaves ``token_user`` None."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.token_user = None
        if not request.user.is_authenticated and request.META.get(
            "HTTP_AUTHORIZATION", ""
        ).startswith("Token "):
            try:
                authenticated = ExpiringTokenAuthentication().authenticate(request)
            except AuthenticationFailed:
                authenticated = None
            if authenticated:
                request.token_user = authenticated[0]
        return self.get_response(request)
