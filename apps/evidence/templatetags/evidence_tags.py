"""``{% progress p %}``: a checklist-completeness bar (``selectors.Progress``);
``{% question_rows rows %}``: the question rows of one area on a cycle's evidence page.

Built in Python rather than as template loops: a cycle's evidence page draws a row and a
bar for each of its 113 questions, and the template engine's per-row work was most of the
page's time (issue 12: the Pokja's pages are half of the load).
"""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
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


# The item counts shown per question, in this order: (status, badge colour, words).
_COUNT_BADGES = (
    ("verified", "text-bg-success", "terverifikasi"),
    ("in_verification", "text-bg-info", "menunggu verifikasi"),
    ("returned", "text-bg-warning", "dikembalikan"),
    ("draft", "text-bg-secondary", "draf"),
)


@register.simple_tag
def question_rows(rows):
    """``<tr>`` per question: code linked to its evidence page, text, item counts per
    status, checklist completeness (``CycleEvidenceView``'s rows)."""
    words = {status: _(text) for status, _colour, text in _COUNT_BADGES}

    def badges(counts):
        return format_html_join(
            " ",
            '<span class="badge {}">{} {}</span>',
            (
                (colour, counts[status], words[status])
                for status, colour, _text in _COUNT_BADGES
                if counts.get(status)
            ),
        )

    return format_html_join(
        "\n",
        '<tr><td class="text-nowrap"><a href="{}">{}</a></td><td>{}</td>'
        '<td class="text-nowrap small">{}</td><td class="zi-minw-12">{}</td></tr>',
        (
            (
                row["url"],
                row["question"].code,
                row["question"].text,
                badges(row["counts"]),
                progress(row["progress"]),
            )
            for row in rows
        ),
    )
