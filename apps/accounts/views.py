from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from apps.accounts.access import administered_units
from apps.audit.models import AuditEvent
from apps.core.forms import apply_validation_error
from apps.core.mixins import TenantAdminRequiredMixin
from apps.tenants.models import Membership
from apps.tenants.selectors import SESSION_KEY

from . import services
from .forms import InviteForm, PersonEditForm, RoleAssignForm
from .invitations import (
    invitation_accept,
    invitation_cancel,
    invitation_create,
    invitation_decline,
    invitations_of_tenant,
    open_invitations_for,
)
from .models import Invitation, RoleAssignment
from .selectors import get_member_or_404, people_of_tenant

INVITATIONS_SHOWN = 50


class PeopleListView(TenantAdminRequiredMixin, View):
    def get(self, request):
        search = request.GET.get("q", "").strip()[:100]
        return render(
            request,
            "accounts/people.html",
            {
                "people": people_of_tenant(search=search),
                "q": search,
                "invitations": invitations_of_tenant()[:INVITATIONS_SHOWN],
            },
        )


class PersonCreateView(TenantAdminRequiredMixin, View):
    """Invite a person. The answer is the same whether the e-mail had an account."""

    def _form(self, request, data=None):
        return InviteForm(data, units=administered_units(request.user).order_by("path"))

    def get(self, request):
        return render(request, "accounts/person_form.html", {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                invitation = invitation_create(
                    actor=request.user, tenant=request.tenant, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Undangan dikirim ke %(email)s. Ia menjadi pengguna instansi ini "
                        "setelah menerima undangan itu."
                    )
                    % {"email": invitation.email},
                )
                return redirect("accounts:people")
        return render(request, "accounts/person_form.html", {"form": form}, status=400)


class InvitationCancelView(TenantAdminRequiredMixin, View):
    def post(self, request, pk):
        invitation = get_object_or_404(Invitation.objects.all(), pk=pk)
        try:
            invitation_cancel(actor=request.user, tenant=request.tenant, invitation=invitation)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Undangan untuk %(email)s dibatalkan.") % {"email": invitation.email}
            )
        return redirect("accounts:people")


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
        try:
            if self.accept:
                invitation_accept(actor=request.user, invitation=invitation)
            else:
                invitation_decline(actor=request.user, invitation=invitation)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("my_invitations")
        if self.accept:
            request.session[SESSION_KEY] = invitation.tenant_id
            messages.success(
                request,
                _("Anda sekarang tergabung di %(tenant)s.") % {"tenant": invitation.tenant.name},
            )
            return redirect("home")
        messages.success(
            request,
            _("Undangan %(tenant)s ditolak.") % {"tenant": invitation.tenant.name},
        )
        return redirect("my_invitations")


class PersonDetailView(TenantAdminRequiredMixin, View):
    def _context(self, request, person, form=None):
        units = administered_units(request.user).order_by("path")
        return {
            "person": person,
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
        form = RoleAssignForm(request.POST, units=administered_units(request.user))
        if form.is_valid():
            try:
                services.role_assign(
                    actor=request.user, tenant=request.tenant, user=person, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Peran diberikan."))
                return redirect("accounts:person", pk=person.pk)
        return render(
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
        if form.is_valid():
            try:
                services.user_update(
                    actor=request.user, tenant=request.tenant, user=person, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Data pengguna disimpan."))
                return redirect("accounts:person", pk=person.pk)
        return render(
            request, "accounts/person_form.html", {"form": form, "person": person}, status=400
        )


class PersonActivationView(TenantAdminRequiredMixin, View):
    def post(self, request, pk):
        person = get_member_or_404(pk)
        active = request.POST.get("active") == "1"
        try:
            services.membership_set_active(
                actor=request.user, tenant=request.tenant, user=person, active=active
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Akses pengguna diaktifkan.") if active else _("Akses pengguna ditangguhkan."),
            )
        return redirect("accounts:person", pk=person.pk)


class RoleRevokeView(TenantAdminRequiredMixin, View):
    def post(self, request, pk):
        assignment = get_object_or_404(RoleAssignment.objects.select_related("unit", "user"), pk=pk)
        try:
            services.role_revoke(
                actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Peran dicabut."))
        return redirect("accounts:person", pk=assignment.user_id)
