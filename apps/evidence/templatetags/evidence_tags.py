"""``{% progress p %}``: a checklist-completeness bar (``selectors.Progress``);
``{% question_rows rows %}``: the question rows of one area on a cycle's evidence page;
``{% queue_rows items query %}``: the rows of a verifier's queue.

Built in Python rather than as template loops: a cycle's evidence page draws a row and a
bar for each of its 113 questions, and the template engine's per-row work was most of the
page's time (issue 12: the Pokja's pages are half of the load).
"""

from django import template
from django.template.defaultfilters import date as date_format
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
    ("verified", "text-bg-success", gettext_lazy("terverifikasi")),
    ("in_verification", "text-bg-info", gettext_lazy("menunggu verifikasi")),
    ("returned", "text-bg-warning", gettext_lazy("dikembalikan")),
    ("draft", "text-bg-secondary", gettext_lazy("draf")),
)


@register.simple_tag
def question_rows(rows):
    """``<tr>`` per question: code linked to its evidence page, text, item counts per
    status, checklist completeness (``CycleEvidenceView``'s rows)."""
    words = {status: str(text) for status, _colour, text in _COUNT_BADGES}

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


@register.simple_tag
def queue_rows(items, query=""):
    """``<tr>`` per queue item (``QueueView``: ``item.waited`` set): a checkbox for bulk
    verification, the item linked to its question page in queue mode (with the queue's
    filters), the question, the unit, the level, how long it has waited."""
    url_of = reverse("evidence:question", args=[0, "KODE"]).replace("/0/KODE/", "/{}/{}/")
    suffix = "?antrian=1" + (f"&{query}" if query else "")
    rows = []
    for item in items:
        n, total = item.chain_position
        days = item.waited.days
        waited = ngettext("%(n)s hari", "%(n)s hari", days) % {"n": days} if days else _("hari ini")
        rows.append(
            (
                item.pk,
                _("Pilih %(t)s") % {"t": item.title},
                url_of.format(item.cycle_id, item.question.code)
                + suffix
                + f"#item-{item.pk}-title",
                item.title,
                item.question.code,
                truncatechars(item.question.text, 120),
                item.unit.name,
                _("%(name)s (%(n)s dari %(total)s)")
                % {"name": item.current_level_name, "n": n, "total": total},
                # In the active time zone, as the template filter gives it.
                date_format(template_localtime(item.waiting_since), "d M Y H:i"),
                waited,
            )
        )
    return format_html_join(
        "\n",
        '<tr data-testid="queue-row">'
        '<td><input class="form-check-input" type="checkbox" name="item" value="{0}"'
        ' id="pick-{0}" aria-label="{1}"></td>'
        '<td><a href="{2}">{3}</a></td>'
        '<td class="small"><strong>{4}</strong> {5}</td>'
        '<td class="small">{6}</td>'
        '<td class="small">{7}</td>'
        '<td class="small text-nowrap" data-testid="waited" title="{8}">{9}</td></tr>',
        rows,
    )
