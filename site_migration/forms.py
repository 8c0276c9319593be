"""The upload form of a migration package: hostile until checked here.

A .zip by name and by content (its magic number and a readable directory),
within ``SITE_MIGRATION_MAX_BYTES``, with no member that is absolute, climbs
out with "..", or is a symbolic link. The run's package reader checks the
members again (sizes, manifest) before anything is imported.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from site_migration.selectors import migration_targets

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members; an empty one
DEFAULT_MAX_BYTES = 2048 * 2**20


def max_package_bytes() -> int:
    return getattr(settings, "SITE_MIGRATION_MAX_BYTES", DEFAULT_MAX_BYTES)


class TargetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.is_subsite and obj.parent_id:
            return f"{obj.parent.name} / {obj.name}"
        return obj.name


def _unsafe_member(info: zipfile.ZipInfo) -> bool:
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    mode = info.external_attr >> 16
    return (
        name.startswith("/")
        or (len(name) > 1 and name[1] == ":")  # a Windows drive
        or ".." in parts
        or stat.S_ISLNK(mode)
    )


class PackageUploadForm(forms.Form):
    site = TargetChoiceField(
        label=gettext_lazy("目标站点"),
        queryset=migration_targets().order_by("root_page__path"),
        help_text=gettext_lazy("迁移包导入到哪个网站或子站。"),
    )
    package = forms.FileField(
        label=gettext_lazy("迁移包"),
        help_text=gettext_lazy("整合迁移包（.zip），格式见导入格式说明。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    strict = forms.BooleanField(
        label=gettext_lazy("严格模式"),
        required=False,
        help_text=gettext_lazy("可宽松映射的旧数据也按错误处理，不写入。"),
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("迁移包应为 .zip 文件。"))
        limit = max_package_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("迁移包超过 %(max)s，请拆分后分批迁移。")
                % {"max": filesizeformat(limit)}
            )
        upload.seek(0)
        head = upload.read(4)
        upload.seek(0)
        if head not in ZIP_MAGIC:
            raise forms.ValidationError(_("文件内容不是 zip 压缩包。"))
        try:
            with zipfile.ZipFile(upload) as bundle:
                members = bundle.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise forms.ValidationError(_("zip 压缩包已损坏，无法读取。")) from error
        finally:
            upload.seek(0)
        unsafe = [info.filename for info in members if _unsafe_member(info)]
        if unsafe:
            raise forms.ValidationError(
                _("压缩包含有不安全的路径（绝对路径、“..”或符号链接）：%(name)s")
                % {"name": unsafe[0][:100]}
            )
        return upload
