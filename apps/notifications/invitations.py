"""An existing account invited to another agency (``INVITATION_OBSERVERS``, called by
``apps.accounts.invitations``, which may not import this app).

The notice belongs to no agency: the person is not a member of the inviting one yet, and
it shows in the bell whatever agency is active, linking to their invitations (accept or
decline). Its e-mail, as the person chose for invitations, is the invitation's e-mail.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.roles import Role

from .kinds import Kind
from .services import Notice, notify


def invitation_sent(invitation) -> None:
    parts = []
    if invitation.role:
        parts.append(
            _("Peran yang diberikan setelah Anda menerima: %(role)s di %(unit)s.")
            % {"role": Role(invitation.role).label, "unit": invitation.unit.name}
        )
    parts.append(
        _(
            "Tidak ada yang berubah pada akun Anda sebelum Anda menerimanya. Terima atau tolak "
            "undangan ini sebelum %(expires)s."
        )
        % {"expires": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M")}
    )
    notify(
        [invitation.user_id],
        Notice.about(
            invitation,
            kind=Kind.INVITATION,
            title=_("%(tenant)s mengundang Anda bergabung di ZI Portal")
            % {"tenant": invitation.tenant.name},
            body="\n".join(parts),
            url=reverse("my_invitations"),
            tenant_id=None,
            unit_id=None,
        ),
    )
