import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from apps.core.choices import Area
from apps.core.models import TenantOwned
from apps.core.nip import NIPField, validate_nip

from .roles import AREA_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("E-mail wajib diisi.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Global (one login across agencies); agencies are joined by Membership."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    nip = NIPField(
        _("NIP"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nip],
        help_text=_("18 angka, boleh kosong untuk non-ASN."),
    )
    phone = models.CharField(_("telepon/WhatsApp"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(
        _("operator platform"),
        default=False,
        help_text=_("Boleh masuk ke admin Django (operator platform)."),
    )
    date_joined = models.DateTimeField(_("terdaftar"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(models.functions.Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if self.nip == "":
            self.nip = None

    def get_full_name(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        """A new password (change, reset, admin, command) or a deactivated account ends
        every API token of the person. ``set_password`` leaves ``_password`` set until
        this save; a hash upgrade at login clears it first, so it keeps the tokens."""
        password_changed = self._password is not None
        super().save(*args, **kwargs)
        if (password_changed or not self.is_active) and self.pk:
            ApiToken.objects.filter(user=self).delete()

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RoleAssignment(TenantOwned):
    """A role held by a person in a unit (and, for Pokja and TPU roles, one area)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    area = models.CharField(_("area"), max_length=3, choices=Area.choices, blank=True, default="")
    created_at = models.DateTimeField(_("diberikan"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diberikan oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        ordering = ["unit__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role", "area"],
                name="role_assignment_unique",
                violation_error_message=_("Pengguna sudah memegang peran ini di unit tersebut."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(AREA_ROLES)) & ~Q(area="")
                    | ~Q(role__in=sorted(AREA_ROLES)) & Q(area="")
                ),
                name="role_assignment_area_iff_area_role",
                violation_error_message=_(
                    "Peran Ketua Pokja, Anggota Pokja dan Penilai TPU wajib memilih area; "
                    "peran lain tidak memakai area."
                ),
            ),
        ]
        indexes = [models.Index(fields=["tenant", "user"])]

    def clean(self):
        """A role stays inside one agency: its unit is of the role's agency and its holder
        is an active member there (the database enforces the unit part too)."""
        super().clean()
        errors = {}
        if self.tenant_id and self.unit_id and self.unit.tenant_id != self.tenant_id:
            errors["unit"] = _(
                "Unit %(unit)s bukan milik instansi peran ini; peran hanya dapat diberikan "
                "di unit instansi itu sendiri."
            ) % {"unit": self.unit.name}
        if self.tenant_id and self.user_id:
            from apps.tenants.models import Membership

            with scopes_disabled():
                is_member = Membership.objects.filter(
                    tenant_id=self.tenant_id, user_id=self.user_id, is_active=True
                ).exists()
            if not is_member:
                errors["user"] = _(
                    "Pengguna bukan anggota aktif instansi ini; tambahkan dulu sebagai "
                    "pengguna instansi tersebut."
                )
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.area:
            label = f"{label} ({self.area})"
        return f"{label} – {self.unit.name}"


def hash_token_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """An API token of one person (``Authorization: Token <key>``), one per script or
    device. Only the SHA-256 of the key is stored; the key is shown once, at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(_("hash kunci"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("awalan"), max_length=8, editable=False, help_text=_("Awal kunci, untuk mengenalinya.")
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @classmethod
    def issue(cls, *, user, name: str, ttl_days: int | None = None) -> tuple["ApiToken", str]:
        """A new token (unsaved) and its key, which is never stored."""
        key = secrets.token_hex(24)
        days = settings.API_TOKEN_TTL_DAYS if ttl_days is None else ttl_days
        now = timezone.now()
        token = cls(
            user=user,
            name=name,
            key_hash=hash_token_key(key),
            prefix=key[:8],
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        return token, key


class Invitation(TenantOwned):
    """An agency asks a person to join it (issue 10: no silent membership, no disclosure).

    The inviting admin learns nothing about whether the e-mail already had an account:
    every invitation looks the same to them. The person becomes a member (and gets the
    optional role) only when they accept it, after logging in; a person without an
    account first sets a password through the invitation e-mail. Rows are written by
    ``services.invitation_*`` only.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu jawaban")
        ACCEPTED = "accepted", _("diterima")
        DECLINED = "declined", _("ditolak")
        CANCELLED = "cancelled", _("dibatalkan")

    email = models.EmailField(_("e-mail"))
    # What the admin typed; used for a new account only, never read back from an
    # existing account (so the admin never sees another agency's data).
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit peran"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices, blank=True)
    area = models.CharField(_("area"), max_length=3, choices=Area.choices, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diundang oleh"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    decided_at = models.DateTimeField(_("dijawab"), null=True, blank=True)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "user"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_person",
                violation_error_message=_("Orang ini sudah memiliki undangan yang menunggu."),
            ),
            models.CheckConstraint(
                condition=Q(role="") & Q(unit__isnull=True) & Q(area="")
                | ~Q(role="") & Q(unit__isnull=False),
                name="invitation_role_has_unit",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.tenant_id}"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()

    @property
    def state_label(self) -> str:
        return str(_("kedaluwarsa")) if self.is_expired else self.get_status_display()
