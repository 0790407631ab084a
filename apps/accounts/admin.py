from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin import (
    GuardedDeleteMixin,
    ReadOnlyAdminMixin,
    ServiceAdminMixin,
    TenantOwnedAdmin,
)
from apps.core.nip import NIPFormField
from apps.tenants.models import Membership, Tenant
from apps.tenants.services import tenant_update

from . import services
from .models import ApiToken, Invitation, RoleAssignment, User


class GuardedUserChangeForm(UserChangeForm):
    """Deactivating an account must leave each agency it administers another active
    Admin Instansi (the check locks the agency's admin rows until the save)."""

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and cleaned.get("is_active") is False
            and "is_active" in self.changed_data
        ):
            try:
                services.ensure_user_leaves_no_agency_without_admin(self.instance)
            except ValidationError as exc:
                self.add_error("is_active", exc)
        return cleaned


@admin.register(User)
class UserAdmin(GuardedDeleteMixin, BaseUserAdmin):
    form = GuardedUserChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "nip", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name", "nip"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Data diri"), {"fields": ["full_name", "nip", "phone"]}),
        (_("Hak akses platform"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Waktu"), {"fields": ["last_login", "date_joined"]}),
        (_("Verifikasi dua langkah"), {"fields": ["two_factor"]}),
    ]
    readonly_fields = ["two_factor"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = []

    @admin.display(description=_("status"))
    def two_factor(self, obj):
        """Status and the audited reset (apps/accounts/twofactor), never the secret."""
        if not obj.pk:
            return "–"
        from .twofactor.policy import two_factor_state

        state = two_factor_state(obj)
        back = reverse("admin:accounts_user_change", args=[obj.pk])
        reset = f"{reverse('twofactor:reset', args=[obj.pk])}?{urlencode({'next': back})}"
        return format_html(
            '{} · {} · <a href="{}">{}</a>',
            _("aktif") if state.enrolled else _("belum aktif"),
            _("wajib") if state.required else _("tidak wajib"),
            reset,
            _("Reset dengan alasan"),
        )

    def save_model(self, request, obj, form, change):
        if change and "is_active" in form.changed_data:
            # Through the service: the last-admin guard under lock and the audit record.
            services.user_set_active(actor=request.user, user=obj, active=obj.is_active)
        super().save_model(request, obj, form, change)

    def delete_problem(self, obj):
        try:
            services.ensure_user_leaves_no_agency_without_admin(obj)
        except ValidationError as exc:
            return " ".join(exc.messages)
        return None


class GuardedRoleAssignmentForm(forms.ModelForm):
    """Moving or changing the agency's last root Admin Instansi assignment is refused."""

    # No Meta: the admin builds the model form lazily (inside its unscoped request).

    def clean(self):
        cleaned = super().clean()
        original = self.instance
        if original.pk and self.changed_data:
            problem = services.last_agency_admin_problem(
                tenant_id=RoleAssignment.objects.get(pk=original.pk).tenant_id,
                losing_assignment_id=original.pk,
            )
            if problem:
                raise ValidationError(problem)
        return cleaned


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ServiceAdminMixin, TenantOwnedAdmin):
    """Through the role services: the last-admin guard under lock and the audit record."""

    form = GuardedRoleAssignmentForm
    list_display = ["user", "role", "area", "unit", "tenant", "created_at"]
    list_filter = ["tenant", "role", "area"]
    search_fields = ["user__email", "user__full_name", "unit__code", "unit__name"]
    # Names to search, not raw ids; the model's clean() refuses a unit or a holder of
    # another agency than the one chosen (the database refuses the unit as well).
    autocomplete_fields = ["user", "unit"]
    readonly_fields = ["created_by", "created_at"]

    def service_save(self, request, obj, form, change):
        fields = {"user": obj.user, "unit": obj.unit, "role": obj.role, "area": obj.area}
        if change:
            services.role_update(
                actor=request.user, assignment=RoleAssignment.objects.get(pk=obj.pk), **fields
            )
        else:
            obj.pk = services.role_assign(actor=request.user, tenant=obj.tenant, **fields).pk

    def service_delete(self, request, obj):
        services.role_revoke(actor=request.user, assignment=obj)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, TenantOwnedAdmin):
    """Invitations are sent, resent and cancelled in the portal (audited services)."""

    list_display = ["email", "tenant", "status", "role", "created_at", "expires_at"]
    list_filter = ["tenant", "status"]
    search_fields = ["email"]
    readonly_fields = [f.name for f in Invitation._meta.fields]


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Operators see and revoke (delete, through the audited service) tokens; keys are
    never stored, so none to show."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at"]
    search_fields = ["user__email", "name", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def service_delete(self, request, obj):
        services.api_token_revoke(actor=request.user, token=obj)


# --- Agencies and memberships (the tenants app's models, administered with the people) --


class TenantAddForm(forms.ModelForm):
    """A new agency together with its first Admin Instansi (invited by e-mail)."""

    admin_name = forms.CharField(label=_("Nama admin instansi"), max_length=150)
    admin_email = forms.EmailField(
        label=_("E-mail admin instansi"),
        help_text=_(
            "Undangan untuk mengatur kata sandi dikirim ke alamat ini. Jika e-mail sudah "
            "punya akun, akun itu yang menjadi admin (nama dan NIP-nya tidak diubah)."
        ),
    )
    admin_nip = NIPFormField(
        label=_("NIP admin instansi"),
        required=False,
        help_text=_("18 angka (spasi, titik atau tanda minus dibuang); kosongkan untuk non-ASN."),
    )

    class Meta:
        model = Tenant
        fields = ["name", "code", "kind"]

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("admin_email")
        if email and not User.objects.filter(email__iexact=email).exists():
            # The account the service will create must be valid: NIP free, name present.
            user = User(email=email, full_name=cleaned.get("admin_name") or "")
            user.nip = cleaned.get("admin_nip") or None
            try:
                user.full_clean(exclude=["password"])
            except ValidationError as exc:
                names = {"nip": "admin_nip", "full_name": "admin_name", "email": "admin_email"}
                for field, errors in exc.message_dict.items():
                    self.add_error(names.get(field), errors)
        return cleaned


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    """Platform operators create and edit agencies here; through the services, so the
    root unit, default unit types, the first Admin Instansi (with the invitation) and the
    audit record come with them."""

    list_display = ["name", "code", "kind", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    add_fieldsets = [
        (None, {"fields": ["name", "code", "kind"]}),
        (_("Admin instansi pertama"), {"fields": ["admin_name", "admin_email", "admin_nip"]}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = TenantAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return super().get_fieldsets(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            tenant_update(
                actor=request.user,
                tenant=Tenant.objects.get(pk=obj.pk),
                **{f: form.cleaned_data[f] for f in form.changed_data},
            )
            return
        data = form.cleaned_data
        created, user, invited = services.tenant_onboard(
            actor=request.user,
            name=obj.name,
            code=obj.code,
            kind=obj.kind,
            admin_email=data["admin_email"],
            admin_name=data["admin_name"],
            admin_nip=data.get("admin_nip") or "",
        )
        obj.pk = created.pk
        if invited:
            text = gettext("%(name)s menjadi Admin Instansi; undangan dikirim ke %(email)s.")
        else:
            text = gettext("Akun %(email)s (%(name)s) yang sudah ada menjadi Admin Instansi.")
        messages.info(request, text % {"name": user.full_name, "email": user.email})

    def has_delete_permission(self, request, obj=None):
        return False


class GuardedMembershipForm(forms.ModelForm):
    """Suspending the membership of an agency's last active Admin Instansi is refused
    (issue 10)."""

    # No Meta: the admin builds the model form lazily (inside its unscoped request).

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.changed_data:
            original = Membership.objects.get(pk=self.instance.pk)
            # Who and which agency are read-only once added: only a suspension loses.
            if not cleaned.get("is_active", True) and original.is_active:
                problem = services.last_agency_admin_problem(
                    tenant_id=original.tenant_id, losing_user_id=original.user_id
                )
                if problem:
                    raise ValidationError(problem)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(ServiceAdminMixin, TenantOwnedAdmin):
    """Through the membership services: the last-admin guard and the audit record. Who
    and which agency are fixed once added; access is suspended or restored."""

    form = GuardedMembershipForm
    list_display = ["user", "tenant", "is_active", "created_at"]
    list_filter = ["tenant", "is_active"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "tenant"] if obj is not None else []

    def service_save(self, request, obj, form, change):
        if change:
            services.membership_set_active(
                actor=request.user, tenant=obj.tenant, user=obj.user, active=obj.is_active
            )
        else:
            obj.pk = services.membership_add(
                actor=request.user, tenant=obj.tenant, user=obj.user, active=obj.is_active
            ).pk

    def service_delete(self, request, obj):
        services.membership_remove(actor=request.user, membership=obj)
