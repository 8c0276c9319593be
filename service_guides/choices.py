"""Enumerations of service guides (docs/domain.md, 办事指南)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who a service is for: the national service platform's two entrances."""

    PERSONAL = "personal", _("个人办事")
    LEGAL = "legal", _("法人办事")
    BOTH = "both", _("个人和法人")


class ServiceTheme(models.TextChoices):
    """Service themes (主题分类 of 办事服务), a short list after the national
    government service platform's life-event and business-event themes. Not the
    State Council policy taxonomy of the catalog: that classifies documents by
    policy area, citizens look for services by what they need to do."""

    BIRTH = "birth", _("生育收养")
    HOUSEHOLD = "household", _("户籍办理")
    IDENTITY = "identity", _("证件办理")
    EDUCATION = "education", _("教育科研")
    EMPLOYMENT = "employment", _("就业创业")
    SOCIAL_SECURITY = "social_security", _("社会保障")
    HEALTH = "health", _("医疗卫生")
    HOUSING = "housing", _("住房保障")
    MARRIAGE = "marriage", _("婚姻登记")
    RELIEF = "relief", _("社会救助")
    QUALIFICATION = "qualification", _("职业资格")
    ESTABLISHMENT = "establishment", _("设立变更")
    PERMITS = "permits", _("准营准办")
    INVESTMENT = "investment", _("投资审批")
    CONSTRUCTION = "construction", _("规划建设")
    TAX = "tax", _("税收财务")
    AGRICULTURE = "agriculture", _("农林牧渔")
    TRANSPORT = "transport", _("交通出行")
    OTHER = "other", _("其他")


class MaterialForm(models.TextChoices):
    """In which form a material is handed in (原件/复印件)."""

    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    ORIGINAL_AND_COPY = "original_and_copy", _("原件和复印件")
    ELECTRONIC = "electronic", _("电子材料")
