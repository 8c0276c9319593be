"""What an editor may read in the admin: the same rule for every admin view.

Wagtail filters its own listings and choosers by permission, but the admin API's
document and image endpoints list every object (with download URLs), and the
bulk-action confirm pages name every object asked for, readable or not. Pages
are readable where the editor may explore them; collection members (documents,
images) where the editor may choose, change or delete them.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model, QuerySet
from django.http import Http404
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import CollectionMember, Page
from wagtail.permissions import policy_registry

COLLECTION_READ_ACTIONS = ["choose", "change", "delete"]


def readable_instances(*, user, model: type[Model]) -> QuerySet | None:
    """The objects of ``model`` the user may read; None when no per-object rule."""
    if issubclass(model, Page):
        explorable = policy_registry.get_by_type(Page).explorable_instances(user)
        return model.objects.filter(pk__in=explorable.values("pk"))
    if issubclass(model, CollectionMember):
        return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
            user, COLLECTION_READ_ACTIONS
        )
    return None


class _ReadableQuerysetMixin:
    def get_queryset(self):
        readable = readable_instances(user=self.request.user, model=self.model)
        return super().get_queryset().filter(pk__in=readable.values("pk"))


class ReadableDocumentsAPIViewSet(_ReadableQuerysetMixin, DocumentsAdminAPIViewSet):
    pass


class ReadableImagesAPIViewSet(_ReadableQuerysetMixin, ImagesAdminAPIViewSet):
    pass


class _ReadableBulkActionMixin:
    """Drop objects the user may not read before the confirm page lists them."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        readable = readable_instances(user=self.request.user, model=self.model)
        if readable is None:
            return objects, extra
        pks = set(
            readable.filter(
                pk__in=[o.pk for o in objects + extra["items_with_no_access"]]
            ).values_list("pk", flat=True)
        )
        objects = [o for o in objects if o.pk in pks]
        extra["items_with_no_access"] = [
            o for o in extra["items_with_no_access"] if o.pk in pks
        ]
        if not objects and not extra["items_with_no_access"]:
            raise Http404
        return objects, extra


def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk-action dispatcher, restricted to readable objects."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(
        app_label, model_name, action
    )
    if action_class is None:
        raise Http404
    restricted = type(
        action_class.__name__, (_ReadableBulkActionMixin, action_class), {}
    )
    return restricted(request, model).dispatch(request)
