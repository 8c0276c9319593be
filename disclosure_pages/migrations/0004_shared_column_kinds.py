"""Catalog columns use the cluster-wide column kinds of core.choices (#5).

Three catalog kinds had their own codes for kinds the shared list already had;
stored pages and their revisions are moved to the shared codes.
"""

from django.db import migrations, models

RENAMED = {"notices": "notice", "plans": "planning", "organization": "functions"}


def _rename(apps, mapping):
    column_model = apps.get_model("disclosure_pages", "DisclosureColumnPage")
    revision_model = apps.get_model("wagtailcore", "Revision")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    for old, new in mapping.items():
        column_model.objects.filter(kind=old).update(kind=new)
    content_type = content_type_model.objects.filter(
        app_label="disclosure_pages", model="disclosurecolumnpage"
    ).first()
    if content_type is None:
        return
    revisions = revision_model.objects.filter(
        content_type_id=content_type.pk, content__kind__in=list(mapping)
    )
    for revision in revisions.iterator():
        revision.content["kind"] = mapping[revision.content["kind"]]
        revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure_pages", "0003_subject_taxonomy"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name='disclosurecolumnpage',
            name='kind',
            field=models.CharField(choices=[('news', '动态/要闻'), ('notice', '通知公告'), ('policy', '政策文件'), ('interpretation', '政策解读'), ('personnel', '人事'), ('planning', '规划计划'), ('consultation', '政务咨询'), ('survey', '调查征集'), ('interview', '在线访谈'), ('petition', '网上信访'), ('discipline_report', '纪检举报'), ('service', '办事服务'), ('budget', '财政预决算'), ('key_areas', '重点领域信息公开'), ('statistics', '统计信息'), ('annual_report', '政府信息公开年报'), ('topic', '专题专栏'), ('overview', '概况信息'), ('functions', '机构职能'), ('leaders', '负责人信息'), ('other', '其他')], default='policy', help_text='检查规则按栏目类型判断更新要求。', max_length=32, verbose_name='栏目类型'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
