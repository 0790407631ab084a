from django import forms
from django.core.exceptions import ValidationError


def apply_validation_error(
    form: forms.BaseForm, exc: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: per field where the form has it."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = field_map.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
    if isinstance(form, BootstrapFormMixin):
        form.mark_invalid_fields()


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes and mark invalid fields for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, CheckboxGroupWidget):
                widget.group_label = field.label  # names the filter for screen readers
            # The browser's maxlength cuts pasted text without a word; the counter of
            # static/js/portal.js shows the limit instead and the server refuses the excess.
            limit = widget.attrs.pop("maxlength", None) or getattr(field, "max_length", None)
            if limit and not isinstance(widget, forms.Select | forms.CheckboxInput):
                widget.attrs["data-maxlength"] = str(limit)

    def full_clean(self):
        super().full_clean()
        self.mark_invalid_fields()

    def mark_invalid_fields(self):
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" in widget.attrs.get("class", ""):
                    continue
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class CheckboxGroupWidget(forms.CheckboxSelectMultiple):
    """A multiple choice as checkboxes in a scrollable box (static/css/portal.css,
    .checkbox-group): a touch screen can tick them, a keyboard reaches them with Tab and
    Space, where a <select multiple> needs Ctrl-click. Use it for every multiple choice:

        assignees = forms.ModelMultipleChoiceField(queryset=..., widget=CheckboxGroupWidget)

    templates/includes/form_fields.html puts the field in a <fieldset> whose <legend> is
    the field's label (the widget sets use_fieldset). Each checkbox gets Bootstrap's
    form-check-input class whatever BootstrapFormMixin gave the widget, and keeps
    is-invalid / aria-invalid / aria-describedby of the field.

    ``CheckboxGroupWidget(filter=True)`` puts a search input above a long list: typing
    hides the options whose text does not match, ticked ones stay (static/js/portal.js,
    data-choice-filter; every option is marked data-choice). The box carries
    ``data-testid="choices-<field name>"``. The filter needs the field's id (auto_id).
    """

    template_name = "core/widgets/checkbox_group.html"
    option_template_name = "core/widgets/checkbox_group_option.html"
    use_fieldset = True
    _FIELD_CLASSES = frozenset({"form-control", "form-select", "form-check-input"})
    group_label = None  # the field's label, set by BootstrapFormMixin

    def __init__(self, attrs=None, choices=(), *, filter=False):
        super().__init__(attrs, choices)
        self.filter = filter

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filter"] = self.filter
        context["widget"]["group_label"] = self.group_label
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(
            name, value, label, selected, index, subindex=subindex, attrs=attrs
        )
        classes = [
            c for c in option["attrs"].get("class", "").split() if c not in self._FIELD_CLASSES
        ]
        option["attrs"]["class"] = " ".join(["form-check-input", *classes])
        return option
