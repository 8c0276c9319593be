"""Admin form of the disclosure document page: server-side checks editors hit."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import DatedPageForm


class OrganizationChoiceMixin:
    """Page forms with an ``organization`` chosen from the editor's sites
    (documents, service guides)."""

    def clean_organization(self):
        # The chooser offers only the organisations of the editor's open sites;
        # a posted id is checked again here, the browser being untrusted. A
        # document keeps the organisation it already has.
        organization = self.cleaned_data.get("organization")
        user = getattr(self, "for_user", None)
        if organization is None or user is None:
            return organization
        if organization.pk == self.instance.organization_id:
            return organization
        choosable = type(organization).choosable_by(user=user)
        if not choosable.filter(pk=organization.pk).exists():
            raise forms.ValidationError(
                _("不能选择“%(name)s”：该发布机构不属于您编辑的网站，或其网站已关闭。"),
                params={"name": organization.name},
            )
        return organization


class DisclosureDocumentPageForm(OrganizationChoiceMixin, DatedPageForm):
    def default_slug(self) -> str:
        # 示办发〔2024〕12号 → "2024-12": short, and the same for the same draft.
        from disclosure_pages.docnumbers import parse_document_number

        try:
            parsed = parse_document_number(self.data.get("document_number", ""))
        except ValidationError:
            return ""
        return "-".join(str(part) for part in (parsed.year, parsed.serial) if part)

    def clean_index_number(self) -> str:
        value = (self.cleaned_data.get("index_number") or "").strip()
        stored = ""
        if self.instance.pk:
            stored = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("index_number", flat=True)
                .first()
                or ""
            )
        if stored and value != stored:
            raise forms.ValidationError(
                _("索引号 %(number)s 已在发布时确定，不能更改。"),
                params={"number": stored},
            )
        return value

    def clean(self):
        cleaned = super().clean()  # refuses a past go_live_at
        self._clean_relations()
        return cleaned

    def _clean_relations(self) -> None:
        """Amend/repeal rows (docs/domain.md b10): each names a catalog document,
        chosen or by its number, and together they obey the rules of
        ``amendments.relation_errors``; errors go to the row they concern."""
        from disclosure_pages.amendments import (
            Declared,
            relation_errors,
            resolve_row,
        )

        formset = self.formsets.get("relations")
        if formset is None or not formset.is_valid():
            return
        rows = []
        deleted = set(formset.deleted_forms)
        for form in formset.forms:
            if form in deleted:
                continue
            if not form.has_changed() and form.instance.pk is None:
                continue
            try:
                resolve_row(form.instance)
            except ValidationError as error:
                field = "target" if error.code == "no_target" else "target_number"
                form.add_error(field, error)
                continue
            rows.append(form)
        declared = [
            Declared(kind=form.instance.kind, target=form.instance.target)
            for form in rows
        ]
        for position, message in relation_errors(
            source_pk=self.instance.pk, declared=declared
        ):
            rows[position].add_error("target", message)
