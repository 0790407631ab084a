"""``{% progress p %}``: a checklist-completeness bar (``selectors.Progress``).

Built in Python rather than included as a template: a cycle's evidence page draws one for
each of its 113 questions, and an ``{% include %}`` per row was a large share of the
page's time (issue 12: the Pokja's pages are half of the load).
"""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def progress(p):
    if not p or not p.entries:
        return mark_safe('<span class="text-muted small">–</span>')
    percent = p.percent
    return format_html(
        '<div class="d-flex align-items-center gap-2" title="{title}">'
        '<div class="progress flex-grow-1 zi-progress-evidence" role="progressbar" '
        'aria-label="{label}" aria-valuenow="{value}" aria-valuemin="0" aria-valuemax="100">'
        '<div class="progress-bar bg-success" data-width="{value}"></div></div>'
        '<span class="small text-nowrap">{satisfied}/{entries} · {shown}%</span></div>',
        title=_("%(s)s dari %(e)s dokumen checklist terverifikasi")
        % {"s": p.satisfied, "e": p.entries},
        label=_("Kelengkapan bukti"),
        value=str(percent),
        satisfied=p.satisfied,
        entries=p.entries,
        shown=number_format(percent),
    )
