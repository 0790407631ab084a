from django_scopes import scope, scopes_disabled

from .selectors import resolve_tenant, tenants_of

TENANT_HEADER = "HTTP_X_TENANT"


class TenantMiddleware:
    """Sets ``request.tenant`` and runs the whole request (rendering included) inside
    ``scope(tenant=…)``, so every query of a tenant-owned model is filtered by it.

    API clients authenticating with a token are recognised too: the middleware before this
    one (apps.accounts.middleware.ApiTokenMiddleware) puts the token's person on
    ``request.token_user``, because DRF authenticates only inside the view, too late to
    open the scope. A request without a tenant gets no scope: tenant-owned queries then
    fail loudly instead of returning other agencies' rows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            user = getattr(request, "token_user", None) or user

        request.tenant = None
        if request.path.startswith("/admin/") and user.is_authenticated and user.is_superuser:
            # Platform operators work across agencies in Django admin.
            with scopes_disabled():
                return self.get_response(request)
        if user.is_authenticated:
            # Read once per request: the agency switcher in the menu lists them too.
            request.user_tenants = list(tenants_of(user))
            request.tenant = resolve_tenant(
                user,
                requested_code=request.META.get(TENANT_HEADER),
                session=request.session,
                tenants=request.user_tenants,
            )
        if request.tenant is None:
            # An explicit scope without a tenant: tenant-owned queries raise, even when
            # the caller (a test, a command) had disabled scoping around the request.
            with scope():
                return self.get_response(request)
        with scope(tenant=request.tenant.pk):
            return self.get_response(request)
