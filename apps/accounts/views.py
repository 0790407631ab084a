from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View

from apps.audit.models import AuditEvent
from apps.core.actions import perform, submit
from apps.core.forms import apply_validation_error
from apps.core.mixins import TenantAdminRequiredMixin
from apps.tenants.models import Membership
from apps.tenants.selectors import SESSION_KEY
from apps.units.pickers import units_for

from . import services
from .forms import ApiTokenForm, CeleryPasswordResetForm, InviteForm, PersonEditForm, RoleAssignForm
from .invitations import (
    invitation_accept,
    invitation_cancel,
    invitation_create,
    invitation_decline,
    invitations_of_tenant,
    open_invitations_for,
)
from .lockout import account_failures, account_is_locked
from .models import ApiToken, Invitation, RoleAssignment
from .selectors import get_member_or_404, people_of_tenant
from .throttles import (
    invitation_allowed,
    invitation_limit_message,
    password_reset_allowed,
    password_reset_limit_message,
)

INVITATIONS_SHOWN = 50
PEOPLE_PER_PAGE = 50


class PeopleListView(TenantAdminRequiredMixin, View):
    def get(self, request):
        search = request.GET.get("q", "").strip()[:100]
        # get_page: a page number that is not a number, or out of range, shows the first
        # or the last page instead of an error.
        page = Paginator(people_of_tenant(search=search), PEOPLE_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "accounts/people.html",
            {
                "page": page,
                "people": page.object_list,
                "q": search,
                "invitations": invitations_of_tenant()[:INVITATIONS_SHOWN],
            },
        )


class PersonCreateView(TenantAdminRequiredMixin, View):
    """Invite a person. The answer is the same whether the e-mail had an account."""

    def _form(self, request, data=None):
        return InviteForm(data, units=units_for(request.user, "admin"))

    def get(self, request):
        return render(request, "accounts/person_form.html", {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST)
        if not invitation_allowed(request.user):
            messages.error(request, invitation_limit_message())
            return render(request, "accounts/person_form.html", {"form": form}, status=429)
        response = submit(
            request,
            form,
            lambda: invitation_create(
                actor=request.user, tenant=request.tenant, **form.cleaned_data
            ),
            success=lambda invitation: (
                _(
                    "Undangan dikirim ke %(email)s. Ia menjadi pengguna instansi ini "
                    "setelah menerima undangan itu."
                )
                % {"email": invitation.email}
            ),
            redirect_to="accounts:people",
        )
        return response or render(request, "accounts/person_form.html", {"form": form}, status=400)


class InvitationCancelView(TenantAdminRequiredMixin, View):
    def post(self, request, pk):
        invitation = get_object_or_404(Invitation.objects.all(), pk=pk)
        return perform(
            request,
            lambda: invitation_cancel(
                actor=request.user, tenant=request.tenant, invitation=invitation
            ),
            success=_("Undangan untuk %(email)s dibatalkan.") % {"email": invitation.email},
            redirect_to="accounts:people",
        )


class MyInvitationsView(LoginRequiredMixin, View):
    """The invitations addressed to the logged-in person, from any agency."""

    def get(self, request):
        return render(
            request,
            "accounts/my_invitations.html",
            {"invitations": list(open_invitations_for(request.user))},
        )


class MyInvitationAnswerView(LoginRequiredMixin, View):
    accept = True

    def post(self, request, pk):
        invitation = open_invitations_for(request.user).filter(pk=pk).first()
        if invitation is None:
            raise Http404
        if not self.accept:
            return perform(
                request,
                lambda: invitation_decline(actor=request.user, invitation=invitation),
                success=_("Undangan %(tenant)s ditolak.") % {"tenant": invitation.tenant.name},
                redirect_to="my_invitations",
            )

        def accept():
            invitation_accept(actor=request.user, invitation=invitation)
            request.session[SESSION_KEY] = invitation.tenant_id  # the joined agency is active

        return perform(
            request,
            accept,
            success=_("Anda sekarang tergabung di %(tenant)s.")
            % {"tenant": invitation.tenant.name},
            redirect_to="home",
            refused_to="my_invitations",
        )


class PersonDetailView(TenantAdminRequiredMixin, View):
    def _context(self, request, person, form=None):
        units = units_for(request.user, "admin")
        return {
            "person": person,
            "login_locked": account_is_locked(person.email),
            "failed_logins": account_failures(person.email),
            "membership": Membership.objects.get(user=person),
            "assignments": RoleAssignment.objects.filter(user=person)
            .select_related("unit")
            .order_by("unit__path"),
            "form": form or RoleAssignForm(units=units),
            "history": AuditEvent.objects.filter(
                Q(object_type="accounts.user", object_id=str(person.pk))
                | Q(object_type="accounts.roleassignment", after__user=person.pk)
                | Q(object_type="accounts.roleassignment", before__user=person.pk)
            ).select_related("actor")[:20],
        }

    def get(self, request, pk):
        person = get_member_or_404(pk)
        return render(request, "accounts/person.html", self._context(request, person))

    def post(self, request, pk):
        """Assign a role."""
        person = get_member_or_404(pk)
        form = RoleAssignForm(request.POST, units=units_for(request.user, "admin"))
        response = submit(
            request,
            form,
            lambda: services.role_assign(
                actor=request.user, tenant=request.tenant, user=person, **form.cleaned_data
            ),
            success=_("Peran diberikan."),
            redirect_to=("accounts:person", person.pk),
        )
        return response or render(
            request, "accounts/person.html", self._context(request, person, form), status=400
        )


class PersonEditView(TenantAdminRequiredMixin, View):
    def get(self, request, pk):
        person = get_member_or_404(pk)
        form = PersonEditForm(
            initial={"full_name": person.full_name, "nip": person.nip or "", "phone": person.phone}
        )
        return render(request, "accounts/person_form.html", {"form": form, "person": person})

    def post(self, request, pk):
        person = get_member_or_404(pk)
        form = PersonEditForm(request.POST)
        response = submit(
            request,
            form,
            lambda: services.user_update(
                actor=request.user, tenant=request.tenant, user=person, **form.cleaned_data
            ),
            success=_("Data pengguna disimpan."),
            redirect_to=("accounts:person", person.pk),
        )
        return response or render(
            request, "accounts/person_form.html", {"form": form, "person": person}, status=400
        )


class PersonActivationView(TenantAdminRequiredMixin, View):
    def post(self, request, pk):
        person = get_member_or_404(pk)
        active = request.POST.get("active") == "1"
        return perform(
            request,
            lambda: services.membership_set_active(
                actor=request.user, tenant=request.tenant, user=person, active=active
            ),
            success=_("Akses pengguna diaktifkan.")
            if active
            else _("Akses pengguna ditangguhkan."),
            redirect_to=("accounts:person", person.pk),
        )


class RoleRevokeView(TenantAdminRequiredMixin, View):
    def post(self, request, pk):
        assignment = get_object_or_404(RoleAssignment.objects.select_related("unit", "user"), pk=pk)
        return perform(
            request,
            lambda: services.role_revoke(
                actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
            ),
            success=_("Peran dicabut."),
            redirect_to=("accounts:person", assignment.user_id),
        )


class PersonUnlockView(TenantAdminRequiredMixin, View):
    """Admin Instansi: clear a member's failed logins (the login lockout)."""

    def post(self, request, pk):
        person = get_member_or_404(pk)
        return perform(
            request,
            lambda: services.login_unlock(actor=request.user, tenant=request.tenant, user=person),
            success=_("Kunci masuk %(name)s dibuka; ia dapat langsung masuk lagi.")
            % {"name": person.full_name},
            redirect_to=("accounts:person", person.pk),
        )


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, limited per client address and per e-mail (429)."""

    form_class = CeleryPasswordResetForm

    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(None, password_reset_limit_message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class ApiTokenListView(LoginRequiredMixin, View):
    """The person's own API tokens ("Token API"): create one (its key shown once) and
    revoke any. Needs no agency: a token belongs to the person."""

    template_name = "accounts/api_tokens.html"

    def _render(self, request, form=None, new_key=None, status=200):
        return render(
            request,
            self.template_name,
            {
                "tokens": ApiToken.objects.valid().filter(user=request.user),
                "form": form or ApiTokenForm(),
                "new_key": new_key,
                "ttl_days": settings.API_TOKEN_TTL_DAYS,
            },
            status=status,
        )

    def get(self, request):
        return self._render(request)

    def post(self, request):
        form = ApiTokenForm(request.POST)
        # not submit(): success renders the page (the new key is shown once), no redirect.
        if form.is_valid():
            try:
                token, key = services.api_token_create(
                    user=request.user, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                # Rendered, not redirected: the key is shown this once and stored nowhere.
                messages.success(request, _("Token %(name)s dibuat.") % {"name": token.name})
                response = self._render(request, new_key=key)
                response["Cache-Control"] = "no-store"
                return response
        return self._render(request, form=form, status=400)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
        return perform(
            request,
            lambda: services.api_token_revoke(actor=request.user, token=token),
            success=_("Token %(name)s dicabut.") % {"name": token.name},
            redirect_to="api_tokens",
        )
