"""Pages of notices: the list (the bell's target), opening one, marking read, the e-mail
preferences, and the one-click unsubscribe of an e-mail's footer. Every page reads the
logged-in person's own notices only; a notice of another person is a 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from apps.accounts.models import User
from apps.core.actions import perform
from apps.core.http import error_text

from . import selectors, services
from .channels import read_unsubscribe_token
from .kinds import EmailMode, Kind

PAGE_SIZE = 25


def _tenant_id(request) -> int | None:
    tenant = getattr(request, "tenant", None)
    return tenant.pk if tenant is not None else None


class NotificationListView(LoginRequiredMixin, View):
    """The person's notices in the active agency, newest first; ``?status=unread``."""

    def get(self, request):
        tenant_id = _tenant_id(request)
        only_unread = request.GET.get("status") == "unread"
        notifications = selectors.inbox(request.user, tenant_id).select_related("tenant")
        if only_unread:
            notifications = notifications.filter(read_at__isnull=True)
        page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        openable = selectors.openable_ids(request.user, tenant_id, rows)
        return render(
            request,
            "notifications/list.html",
            {
                "page": page,
                "rows": [(n, n.pk in openable) for n in rows],
                "only_unread": only_unread,
                "unread": selectors.unread_count(request.user, tenant_id),
                "elsewhere": selectors.unread_elsewhere(request.user, tenant_id),
            },
        )


class NotificationOpenView(LoginRequiredMixin, View):
    """Open a notice: mark it read and go to its object, while the person may still read
    it (otherwise back to the list, saying why)."""

    def post(self, request, pk):
        notification = selectors.get_notification_for_user(request.user, pk)
        services.mark_read(user=request.user, notification=notification)
        if selectors.can_open(request.user, _tenant_id(request), notification):
            return redirect(notification.url)
        messages.info(
            request,
            _(
                "Pemberitahuan ditandai sudah dibaca. Tautannya tidak dapat dibuka: Anda "
                "tidak lagi berwenang atas unitnya, atau pemberitahuan ini milik instansi "
                "lain (ganti instansi aktif)."
            ),
        )
        return redirect("notifications:list")


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request, pk):
        notification = selectors.get_notification_for_user(request.user, pk)
        return perform(
            request,
            lambda: services.mark_read(user=request.user, notification=notification),
            success=None,
            redirect_to=_back(request),
        )


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        return perform(
            request,
            lambda: services.mark_all_read(user=request.user, tenant_id=_tenant_id(request)),
            success=lambda n: _("%(n)s pemberitahuan ditandai sudah dibaca.") % {"n": n},
            redirect_to=_back(request),
        )


def _back(request) -> str:
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("notifications:list")


class PreferencesView(LoginRequiredMixin, View):
    """Per kind: e-mail immediately, in the daily digest, or not at all (down to the
    kind's floor). The bell shows every kind regardless."""

    template_name = "notifications/preferences.html"

    def get(self, request):
        return self._render(request, selectors.preferences_of(request.user), {})

    def _render(self, request, rows, errors, status=200):
        return render(
            request,
            self.template_name,
            {"rows": rows, "errors": errors, "modes": EmailMode.choices},
            status=status,
        )

    def post(self, request):
        rows = selectors.preferences_of(request.user)
        choices = {}
        for row in rows:
            value = request.POST.get(f"email-{row['kind']}")
            if value is not None and value != row["email"]:
                choices[row["kind"]] = value
        # Not submit(): the choices are a table of radio buttons, one row per kind, not a
        # Django form; a refusal is shown on its row and nothing is saved.
        try:
            services.preferences_set(user=request.user, choices=choices)
        except ValidationError as exc:
            errors = {kind: " ".join(msgs) for kind, msgs in exc.message_dict.items()}
            for row in rows:
                if row["kind"] in choices:
                    row["email"] = choices[row["kind"]]
            messages.error(request, _("Preferensi belum disimpan; periksa pilihan bertanda."))
            return self._render(request, rows, errors, status=400)
        messages.success(request, _("Preferensi pemberitahuan disimpan."))
        return redirect("notifications:preferences")


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """The link in an e-mail's footer (no login: the signed link names the person and
    the kind). GET shows what it does and a button; POST does it, which is also what a
    mail client's one-click unsubscribe (RFC 8058) sends, hence no CSRF token."""

    template_name = "notifications/unsubscribe.html"

    def _read(self, token):
        try:
            user_id, kind = read_unsubscribe_token(token)
            kind = Kind(kind)
        except (signing.BadSignature, ValueError, KeyError, TypeError):
            return None, None
        user = User.objects.filter(pk=user_id, is_active=True).first()
        return (user, kind) if user is not None else (None, None)

    def get(self, request, token):
        user, kind = self._read(token)
        if user is None:
            return render(request, self.template_name, {"invalid": True}, status=400)
        return render(request, self.template_name, {"kind": kind, "token": token})

    def post(self, request, token):
        user, kind = self._read(token)
        if user is None:
            return render(request, self.template_name, {"invalid": True}, status=400)
        # Not perform(): the person has no session (a link from an e-mail, or the mail
        # client's one-click POST); the answer is this page, never a redirect.
        try:
            mode = services.unsubscribe(user=user, kind=kind)
        except ValidationError as exc:
            return render(request, self.template_name, {"error": error_text(exc)}, status=400)
        return render(
            request,
            self.template_name,
            {"kind": kind, "done": True, "mode": EmailMode(mode)},
        )
