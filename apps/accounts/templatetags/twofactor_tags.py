from django import template

from apps.accounts.twofactor.forms import ResetForm
from apps.accounts.twofactor.policy import two_factor_state

register = template.Library()


@register.inclusion_tag("accounts/twofactor/_person_card.html", takes_context=True)
def two_factor_card(context, person):
    """A person's 2FA status on their page, with the reset form for an admin."""
    return {
        "person": person,
        "state": two_factor_state(person),
        "form": ResetForm(),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
