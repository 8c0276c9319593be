"""Legacy genre, subject and validity words seen on sites being migrated,
mapped onto the managed lists (docs/domain.md b4a); the office edits them.

The office group (core.roles.OFFICE_GROUP, literal here) may edit the table.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICE = "站群管理办公室"

# 办法、规定、细则 … name a normative text (规范性文件); a government's 规章
# are issued by a 令 and carry that genre. 实施意见 is an 意见; a plan or
# 方案 that is not a 规划 has no catalog kind of its own: 其他.
GENRES = {
    "办法": "normative",
    "暂行办法": "normative",
    "实施办法": "normative",
    "管理办法": "normative",
    "规定": "normative",
    "暂行规定": "normative",
    "若干规定": "normative",
    "细则": "normative",
    "实施细则": "normative",
    "规则": "normative",
    "行政规范性文件": "normative",
    "政府规章": "rules",
    "政府令": "order",
    "令": "order",
    "实施意见": "opinion",
    "指导意见": "opinion",
    "若干意见": "opinion",
    "方案": "other",
    "实施方案": "other",
    "工作方案": "other",
    "发展规划": "plan",
    "规划纲要": "plan",
    "专项规划": "plan",
    "工作计划": "work_plan",
    "工作总结": "work_plan",
    "工作要点": "work_plan",
    "会议纪要": "minutes",
    "复函": "letter",
    "统计公报": "statistics",
    "其它": "other",
}

# Older or local subject names → (top level, sub-subject or None).
SUBJECTS = {
    "国民经济管理": ("国民经济管理、国有资产监管", None),
    "国有资产": ("国民经济管理、国有资产监管", "国有资产监管"),
    "财政金融": ("财政、金融、审计", None),
    "金融": ("财政、金融、审计", None),
    "国土资源": ("国土资源、能源", None),
    "自然资源": ("国土资源、能源", None),
    "能源": ("国土资源、能源", None),
    "农业": ("农业、林业、水利", "农业、畜牧业、渔业"),
    "农林水利": ("农业、林业、水利", None),
    "交通": ("工业、交通", None),
    "交通运输": ("工业、交通", None),
    "工业": ("工业、交通", None),
    "商务": ("商贸、海关、旅游", None),
    "商贸": ("商贸、海关、旅游", None),
    "市场监管": ("市场监管、安全生产监管", None),
    "食品药品": ("市场监管、安全生产监管", "食品药品监管"),
    "安全生产": ("市场监管、安全生产监管", "安全生产监管"),
    "城乡建设": ("城乡建设、环境保护", "城乡建设（含住房）"),
    "住房城乡建设": ("城乡建设、环境保护", "城乡建设（含住房）"),
    "住房保障": ("城乡建设、环境保护", "城乡建设（含住房）"),
    "环境保护": ("城乡建设、环境保护", "环境监测、保护与治理"),
    "生态环境": ("城乡建设、环境保护", "环境监测、保护与治理"),
    "科技教育": ("科技、教育", None),
    "文化": ("文化、广电、新闻出版", "文化"),
    "广播电视": ("文化、广电、新闻出版", "广播、电影、电视"),
    "医疗卫生": ("卫生、体育", "卫生"),
    "卫生健康": ("卫生、体育", "卫生"),
    "人口计生": ("人口与计划生育、妇女儿童工作", "人口与计划生育"),
    "劳动人事": ("劳动、人事、监察", None),
    "人力资源和社会保障": ("劳动、人事、监察", None),
    "就业": ("劳动、人事、监察", "劳动就业"),
    "公安司法": ("公安、安全、司法", None),
    "民政": ("民政、扶贫、救灾", None),
    "乡村振兴": ("民政、扶贫、救灾", "扶贫"),
    "民族宗教": ("民族、宗教", None),
    "外事": ("对外事务", "外交、外事"),
    "侨务": ("港澳台侨工作", "侨务工作"),
    "其它": ("其他", None),
}

VALIDITIES = {
    "现行有效": "valid",
    "有效": "valid",
    "已失效": "expired",
    "失效": "expired",
    "已废止": "repealed",
    "废止": "repealed",
    "已修订": "amended",
    "已修改": "amended",
}


def load(apps, schema_editor):
    LegacyAlias = apps.get_model("disclosure_pages", "LegacyAlias")
    SubjectCategory = apps.get_model("disclosure_pages", "SubjectCategory")
    for value, genre in GENRES.items():
        LegacyAlias.objects.get_or_create(
            kind="genre", legacy_value=value, defaults={"genre": genre}
        )
    for value, validity in VALIDITIES.items():
        LegacyAlias.objects.get_or_create(
            kind="validity", legacy_value=value, defaults={"validity": validity}
        )
    for value, (top_name, sub_name) in SUBJECTS.items():
        top = SubjectCategory.objects.filter(name=top_name, parent=None).first()
        if top is None:
            continue  # the office renamed or removed it
        target = top
        if sub_name:
            target = SubjectCategory.objects.filter(name=sub_name, parent=top).first()
            if target is None:
                continue
        LegacyAlias.objects.get_or_create(
            kind="subject", legacy_value=value, defaults={"subject": target}
        )

    app_config = apps.get_app_config("disclosure_pages")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    office = Group.objects.filter(name=OFFICE).first()
    if office is not None:
        office.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="disclosure_pages",
                codename__endswith="_legacyalias",
            )
        )


def unload(apps, schema_editor):
    apps.get_model("disclosure_pages", "LegacyAlias").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure_pages", "0009_legacy_aliases"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(load, unload)]
