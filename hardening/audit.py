"""Log logins, failures, logouts and permission changes into Wagtail's audit log.

Wagtail logs page and snippet actions itself; account events are recorded here
as ModelLogEntry rows against the user or group, with the client's address.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model, signals
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import GroupCollectionPermission, GroupPagePermission, ModelLogEntry

from hardening.selectors import client_ip

ACTIONS = {
    "hardening.login": (_("登录"), _("登录成功")),
    "hardening.login_failed": (_("登录失败"), _("登录失败")),
    "hardening.logout": (_("退出登录"), _("退出登录")),
    "hardening.groups_changed": (_("用户组变更"), _("用户所属用户组已变更")),
    "hardening.permissions_changed": (_("权限变更"), _("权限已变更")),
    "hardening.otp_enrolled": (_("启用两步验证"), _("已绑定动态口令设备")),
}


def _ip(request) -> str:
    return client_ip(request) if request is not None else ""


def on_login(sender, request, user, **kwargs):
    log(instance=user, action="hardening.login", user=user, data={"ip": _ip(request)})


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        log(
            instance=user,
            action="hardening.logout",
            user=user,
            data={"ip": _ip(request)},
        )


def on_login_failed(sender, credentials, request=None, **kwargs):
    user_model = get_user_model()
    username = str(credentials.get(user_model.USERNAME_FIELD, ""))[:150]
    user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
    data = {"ip": _ip(request), "username": username}
    if user is not None:
        log(instance=user, action="hardening.login_failed", data=data)
        return
    # Unknown names are attacks too; there is no object to log against.
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user_model),
        object_id="unknown",  # no such user: the name tried is the label
        label=username,
        action="hardening.login_failed",
        data=data,
        timestamp=timezone.now(),
    )


def _names(model, pks) -> list[str]:
    return sorted(str(obj) for obj in model.objects.filter(pk__in=pks or []))


def on_user_groups(sender, instance, action, pk_set, reverse, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # group.user_set.add(...): log on each user
        users = get_user_model().objects.filter(pk__in=pk_set or [])
        for user in users:
            log(
                instance=user,
                action="hardening.groups_changed",
                data={"change": action, "groups": [str(instance)]},
            )
        return
    log(
        instance=instance,
        action="hardening.groups_changed",
        data={"change": action, "groups": _names(Group, pk_set)},
    )


def on_permissions(sender, instance, action, pk_set, model, reverse, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    log(
        instance=instance,
        action="hardening.permissions_changed",
        data={
            "change": action,
            "permissions": [
                f"{p.content_type.app_label}.{p.codename}"
                for p in model.objects.filter(pk__in=pk_set or []).select_related(
                    "content_type"
                )
            ],
        },
    )


def on_object_permission(sender, instance, **kwargs):
    created = kwargs.get("created")
    change = "deleted" if created is None else ("added" if created else "changed")
    target = getattr(instance, "page", None) or getattr(instance, "collection", None)
    log(
        instance=instance.group,
        action="hardening.permissions_changed",
        data={
            "change": change,
            "permissions": [instance.permission.codename],
            "target": f"{type(target).__name__} {target.pk}: {target}",
        },
    )


def connect() -> None:
    signals.user_logged_in.connect(on_login, dispatch_uid="hardening_login")
    signals.user_logged_out.connect(on_logout, dispatch_uid="hardening_logout")
    signals.user_login_failed.connect(on_login_failed, dispatch_uid="hardening_fail")
    user_model = get_user_model()
    m2m_changed.connect(
        on_user_groups,
        sender=user_model.groups.through,
        dispatch_uid="hardening_user_groups",
    )
    m2m_changed.connect(
        on_permissions,
        sender=user_model.user_permissions.through,
        dispatch_uid="hardening_user_permissions",
    )
    m2m_changed.connect(
        on_permissions,
        sender=Group.permissions.through,
        dispatch_uid="hardening_group_permissions",
    )
    for model in (GroupPagePermission, GroupCollectionPermission):
        post_save.connect(
            on_object_permission,
            sender=model,
            dispatch_uid=f"hardening_{model.__name__}",
        )
        post_delete.connect(
            on_object_permission,
            sender=model,
            dispatch_uid=f"hardening_{model.__name__}_delete",
        )
