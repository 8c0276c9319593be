"""Who may do what in the cluster: the cluster-wide groups and each site's groups.

The office and auditor groups span every site; each site gets an editor and a
reviewer group scoped to its pages and its media collection. Other apps ask
here (not in the write modules) for the group names.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)

from core import roles
from site_registry.models import SiteProfile

# Re-exported: other apps import the group names from here.
OFFICE_GROUP = roles.OFFICE_GROUP
AUDITOR_GROUP = roles.AUDITOR_GROUP

EDITOR_PAGE_PERMS = ["add_page", "change_page", "lock_page", "unlock_page"]
# The office publishes anywhere. A site's own groups publish only through the
# site's workflow: Wagtail publishes as the last approver, so the workflow gives
# its last step (the secrecy review) the publish permission on the site
# (publishing.services.configure_site_workflow, on ``site_opened``).
OFFICE_PAGE_PERMS = [*EDITOR_PAGE_PERMS, "publish_page", "bulk_delete_page"]
REVIEWER_PAGE_PERMS = [*EDITOR_PAGE_PERMS, "bulk_delete_page"]
EDITOR_MEDIA_PERMS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
REVIEWER_MEDIA_PERMS = [
    *EDITOR_MEDIA_PERMS,
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]
OFFICE_MODEL_PERMS = [
    ("site_registry", "add_siteprofile"),
    ("site_registry", "change_siteprofile"),
    # Deleting is refused for any site that has been live (delete_site).
    ("site_registry", "delete_siteprofile"),
    ("site_registry", "view_siteprofile"),
    ("site_registry", "add_sitedomain"),
    ("site_registry", "change_sitedomain"),
    ("site_registry", "delete_sitedomain"),
    ("site_registry", "view_sitedomain"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    ("wagtail_localize", "submit_translation"),
    # The working-day calendar that statutory deadlines count on.
    ("workdays", "add_calendarday"),
    ("workdays", "change_calendarday"),
    ("workdays", "delete_calendarday"),
    ("workdays", "view_calendarday"),
    # Sites without public services, exempt from V6's "no services".
    ("service_guides", "add_serviceexemption"),
    ("service_guides", "change_serviceexemption"),
    ("service_guides", "delete_serviceexemption"),
    ("service_guides", "view_serviceexemption"),
    # Each site's review workflow and its steps (Wagtail's workflow admin).
    ("wagtailcore", "add_workflow"),
    ("wagtailcore", "change_workflow"),
    ("wagtailcore", "add_task"),
    ("wagtailcore", "change_task"),
    # The column skeletons (栏目模板) new sites open with.
    ("home", "add_siteskeleton"),
    ("home", "change_siteskeleton"),
    ("home", "delete_siteskeleton"),
    ("home", "view_siteskeleton"),
    # Legacy genre/subject words a site migration maps (整合迁移).
    ("disclosure_pages", "add_legacyalias"),
    ("disclosure_pages", "change_legacyalias"),
    ("disclosure_pages", "delete_legacyalias"),
    ("disclosure_pages", "view_legacyalias"),
    # The cluster's search: synonym groups and promoted results, reached from
    # the search reports' 添加为同义词 / 添加为推荐结果 (#20.8).
    ("search", "add_synonymgroup"),
    ("search", "change_synonymgroup"),
    ("search", "delete_synonymgroup"),
    ("search", "view_synonymgroup"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
    ("wagtailsearchpromotions", "view_searchpromotion"),
]
AUDITOR_MODEL_PERMS = [
    ("site_registry", "view_siteprofile"),
    ("site_registry", "view_sitedomain"),
    ("workdays", "view_calendarday"),
]


# Permissions that Wagtail and wagtail-localize create in data migrations, not
# from model Meta: a test database flush removes them and nothing recreates
# them, so they are recreated here the way those migrations do.
MIGRATION_PERMISSIONS = {
    ("wagtailadmin", "access_admin"): ("admin", "Can access Wagtail admin"),
    ("wagtail_localize", "submit_translation"): (
        "translation",
        "Can submit translations",
    ),
}


def _perm(app_label: str, codename: str) -> Permission:
    if (app_label, codename) in MIGRATION_PERMISSIONS:
        model, name = MIGRATION_PERMISSIONS[(app_label, codename)]
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        return permission
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _root_collection() -> Collection:
    # Also created by a Wagtail data migration; recreated after a flush.
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def _access_admin() -> Permission:
    return _perm("wagtailadmin", "access_admin")


def _page_perm(codename: str) -> Permission:
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=codename
    )


def _grant_pages(group: Group, page: Page, codenames: Iterable[str]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_perm(codename)
        )


def _grant_collection(
    group: Group, collection: Collection, perms: Iterable[tuple[str, str]]
) -> None:
    for app_label, codename in perms:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_perm(app_label, codename)
        )


@transaction.atomic
def ensure_cluster_roles() -> tuple[Group, Group]:
    """The office group (sees and runs every site) and the auditor group.

    Wagtail has no read-only page permission. The auditor gets only
    ``bulk_delete_page`` on the tree root: on its own it allows no action
    (deleting needs add or change as well, see PagePermissionTester.can_delete)
    but makes every page explorable, so auditors read every site in the admin
    and change nothing.
    """
    root = Page.get_first_root_node()
    root_collection = _root_collection()
    access_admin = _access_admin()

    office, _created = Group.objects.get_or_create(name=OFFICE_GROUP)
    office.permissions.add(
        access_admin, *(_perm(app, code) for app, code in OFFICE_MODEL_PERMS)
    )
    _grant_pages(office, root, OFFICE_PAGE_PERMS)
    _grant_collection(office, root_collection, REVIEWER_MEDIA_PERMS)

    auditor, _created = Group.objects.get_or_create(name=AUDITOR_GROUP)
    auditor.permissions.add(
        access_admin, *(_perm(app, code) for app, code in AUDITOR_MODEL_PERMS)
    )
    _grant_pages(auditor, root, ["bulk_delete_page"])
    return office, auditor


def create_site_groups(profile: SiteProfile) -> None:
    """The site's media collection and its editor, reviewer and secrecy groups.

    The reviewers do the first review (初审), the secrecy group the secrecy
    review (保密审查) of the workflow the site gets when it opens.
    """
    if profile.is_subsite and profile.parent.collection_id:
        parent_collection = profile.parent.collection
    else:
        parent_collection = _root_collection()
    collection = parent_collection.add_child(instance=Collection(name=profile.name))
    editors = Group.objects.create(name=_("%(site)s·编辑") % {"site": profile.name})
    reviewers = Group.objects.create(name=_("%(site)s·审核") % {"site": profile.name})
    secrecy = Group.objects.create(name=_("%(site)s·保密审查") % {"site": profile.name})
    access_admin = _access_admin()
    for group, page_perms, media_perms in (
        (editors, EDITOR_PAGE_PERMS, EDITOR_MEDIA_PERMS),
        (reviewers, REVIEWER_PAGE_PERMS, REVIEWER_MEDIA_PERMS),
        (secrecy, EDITOR_PAGE_PERMS, EDITOR_MEDIA_PERMS),
    ):
        group.permissions.add(access_admin)
        _grant_pages(group, profile.root_page, page_perms)
        _grant_collection(group, collection, media_perms)
    profile.collection = collection
    profile.editors_group = editors
    profile.reviewers_group = reviewers
    profile.secrecy_group = secrecy
    profile.save(
        update_fields=[
            "collection",
            "editors_group",
            "reviewers_group",
            "secrecy_group",
        ]
    )
