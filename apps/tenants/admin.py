from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.core.admin import ServiceAdminMixin, TenantOwnedAdmin
from apps.core.nip import NIPFormField

from .models import Membership, Tenant
from .services import tenant_onboard, tenant_update


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
        created, user, invited = tenant_onboard(
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
        from apps.accounts.services import last_agency_admin_problem

        cleaned = super().clean()
        if self.instance.pk and self.changed_data:
            original = Membership.objects.get(pk=self.instance.pk)
            # Who and which agency are read-only once added: only a suspension loses.
            if not cleaned.get("is_active", True) and original.is_active:
                problem = last_agency_admin_problem(
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
        from apps.accounts import services

        if change:
            services.membership_set_active(
                actor=request.user, tenant=obj.tenant, user=obj.user, active=obj.is_active
            )
        else:
            obj.pk = services.membership_add(
                actor=request.user, tenant=obj.tenant, user=obj.user, active=obj.is_active
            ).pk

    def service_delete(self, request, obj):
        from apps.accounts import services

        services.membership_remove(actor=request.user, membership=obj)
