"""Search-as-you-type pickers: the one way a form offers units or people (issue 12).

At a large agency (2 000 units, 4 000 people) a ``<select>`` with every unit the admin
administers, or every person of the agency, is hundreds of kilobytes of HTML on each
page that has such a form. A field becomes a picker with ``offer(field, *sources, url=…)``:

* A ``PickerSource`` says what the field offers (a queryset, already scoped by the app's
  selector), how an option reads, which columns the typed text matches, and – for a field
  that offers two kinds of rows (the unit's roster and the agency's other people) – a group
  name and a prefix of the value that tells the kinds apart.
* ``SearchSelect`` renders a plain ``<select>`` while the sources hold at most
  ``settings.PICKER_SELECT_MAX`` rows (50: a small agency sees no change, and reading 51
  rows is how it finds out), and otherwise only the chosen option: a text input
  (``role="combobox"``), a hidden input carrying the value, and a list that
  ``static/js/picker.js`` fills from ``url`` as the user types (at least ``QUERY_MIN``
  characters, debounced, at most ``RESULTS`` matches).
* The view at ``url`` answers with ``picker_response(request, sources)`` over sources
  built by the same function the form uses, after the same access check as the page;
  other agencies' rows never appear because the querysets are tenant-scoped.
* Validation stays the form field's own (its queryset, or ``pick`` over the sources): a
  value nobody offered gets the field's error, as before.
"""

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .nip import normalise_nip

RESULTS = 20  # matches sent for one search
QUERY_MIN = 2
QUERY_MAX = 100
WORDS_MAX = 6  # words of a query matched; more only cost time
SELECT_MAX_DEFAULT = 50
_DEFAULT = object()


def is_id(text: str) -> bool:
    """ASCII digits that fit a bigint (str.isdigit() would let "²" through to int())."""
    return re.fullmatch(r"[0-9]{1,18}", text) is not None


def select_max() -> int:
    return getattr(settings, "PICKER_SELECT_MAX", SELECT_MAX_DEFAULT)


@dataclass(frozen=True)
class PickerSource:
    """Rows a picker offers. ``search``: columns matched (each word of the query must
    match one of them, case-insensitive); ``nip``: a NIP column matched from its start
    when the query is digits (typed or printed "19850101 2010…"); ``key``: the column
    whose value (after ``prefix``) the form receives."""

    queryset: QuerySet
    search: Sequence[str]
    label: Callable[[Model], str] = str
    option_label: Callable[[Model], str] | None = None  # in the plain <select>
    group: str = ""
    prefix: str = ""
    key: str = "pk"
    nip: str = ""

    def value(self, obj) -> str:
        return f"{self.prefix}{getattr(obj, self.key)}"

    def matching(self, query: str) -> QuerySet:
        words = query.split()[:WORDS_MAX]
        match = Q()
        for word in words:
            match &= Q(
                *(Q(**{f"{name}__icontains": word}) for name in self.search), _connector=Q.OR
            )
        digits = normalise_nip(query)
        if self.nip and re.fullmatch(r"[0-9]+", digits):
            match |= Q(**{f"{self.nip}__startswith": digits})
        return self.queryset.filter(match)

    def get(self, value: str):
        """The offered row whose value is ``value``, or None."""
        if not value.startswith(self.prefix):
            return None
        raw = value[len(self.prefix) :]
        if not is_id(raw):
            return None
        return self.queryset.filter(**{self.key: int(raw)}).first()


def find(sources: Sequence[PickerSource], value: str):
    """``(source, row)`` of the first source that offers ``value``, or None."""
    for source in sources:
        found = source.get(str(value))
        if found is not None:
            return source, found
    return None


def pick(sources: Sequence[PickerSource], value: str):
    """The row offered as ``value`` (validation of a field whose choices are the sources
    themselves), or None."""
    found = find(sources, value)
    return found[1] if found else None


def search(sources: Sequence[PickerSource], query: str, limit: int = RESULTS):
    """At most ``limit`` rows matching ``query``, source after source, and whether there
    were more. One query per source, one more to know whether a source left out has any."""
    results, more = [], False
    for source in sources:
        room = limit - len(results)
        if room <= 0:
            more = more or source.matching(query).exists()
            if more:
                break
            continue
        rows = list(source.matching(query)[: room + 1])
        if len(rows) > room:
            more, rows = True, rows[:room]
        results += [
            {"value": source.value(obj), "label": source.label(obj), "group": str(source.group)}
            for obj in rows
        ]
    return results, more


def picker_error(message: str, status: int = 400) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    add_never_cache_headers(response)
    return response


def picker_response(request, sources: Sequence[PickerSource]) -> JsonResponse:
    """The JSON a picker reads: ``{"results": [{"value", "label", "group"}], "more"}``;
    a query too short or too long is a 400 with an Indonesian ``error``."""
    raw = request.GET.get("q", "")
    if len(raw) > QUERY_MAX:
        return picker_error(
            _("Kata pencarian terlalu panjang: maksimal %(n)s karakter.") % {"n": QUERY_MAX}
        )
    query = " ".join(raw.split())
    if len(query) < QUERY_MIN:
        return picker_error(_("Ketik minimal %(n)s huruf.") % {"n": QUERY_MIN})
    results, more = search(sources, query)
    response = JsonResponse({"results": results, "more": more})
    add_never_cache_headers(response)  # who may be chosen changes with every role
    return response


class SearchSelect(forms.Select):
    """The picker's widget (see the module). Configure it with ``offer``; the form field
    validates as any choice field does."""

    template_name = "core/widgets/search_select.html"

    def __init__(
        self, attrs=None, *, sources=(), url="", empty_label=None, depends=None, placeholder=""
    ):
        super().__init__(attrs)
        self.placeholder = placeholder
        self.sources = tuple(sources)
        self.url = url
        self.empty_label = empty_label
        self.depends = depends or {}

    def small_choices(self):
        """The sources' rows as <select> choices while they are few, else None."""
        limit, total, parts = select_max(), 0, []
        for source in self.sources:
            rows = list(source.queryset[: limit + 1 - total])
            total += len(rows)
            if total > limit:
                return None
            label = source.option_label or source.label
            parts.append((source.group, [(source.value(obj), label(obj)) for obj in rows]))
        choices = [] if self.empty_label is None else [("", self.empty_label)]
        if any(group for group, _options in parts):
            return choices + [(str(group), options) for group, options in parts if options]
        return choices + [option for _group, options in parts for option in options]

    def get_context(self, name, value, attrs):
        small = self.small_choices()
        self.choices = small or []
        context = super().get_context(name, value, attrs)
        if small is not None:
            context["widget"]["picker"] = None
            return context
        values = [v for v in context["widget"]["value"] if v]
        source, chosen = (find(self.sources, values[0]) if values else None) or (None, None)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"picker_{name}"
        classes = widget["attrs"].get("class", "").replace("form-select", "form-control")
        described = [widget["attrs"].get("aria-describedby", ""), f"{widget_id}_status"]
        widget["attrs"] = {
            **widget["attrs"],
            "id": widget_id,
            "class": classes,
            "aria-describedby": " ".join(d for d in described if d),
        }
        widget["picker"] = {
            "url": self.url,
            "id": widget_id,
            "value": source.value(chosen) if source else "",
            "label": source.label(chosen) if source else "",
            "depends": json.dumps(self.depends) if self.depends else "",
            "placeholder": self.placeholder,
            "min": QUERY_MIN,
            "results": RESULTS,
        }
        return context


def offer(
    field: forms.Field,
    *sources: PickerSource,
    url: str,
    empty_label=_DEFAULT,
    depends: dict[str, str] | None = None,
    placeholder: str = "",
) -> None:
    """Make ``field`` a picker over ``sources`` whose search asks ``url``. The empty
    option is ``empty_label`` (a model choice field's own by default, None for none).
    ``depends`` maps a query parameter to the id of another field whose value is sent
    with the search (the picker is emptied when that field changes). ``placeholder``
    says what may be typed ("nama atau kode unit")."""
    if empty_label is _DEFAULT:
        empty_label = getattr(field, "empty_label", gettext_lazy("— pilih —"))
    widget = field.widget
    if not isinstance(widget, SearchSelect):
        widget = SearchSelect(attrs=dict(field.widget.attrs))
        widget.is_required = field.required
        field.widget = widget
    widget.sources = tuple(sources)
    widget.url = url
    widget.empty_label = empty_label
    widget.depends = depends or {}
    widget.placeholder = placeholder or gettext_lazy("Ketik untuk mencari…")
