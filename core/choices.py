"""Enumerations shared by every app.

ColumnKind is THE list of column kinds for public content columns (news,
notices, topics, services...). The inspection rules of 国办秘函〔2019〕19号
(docs/domain.md b7, d2) depend on these kinds: 动态/要闻 must be updated within
two weeks, 通知公告/政策文件 within six months, 人事/规划计划 are "should-update"
kinds.
The disclosure catalog's columns (目录栏目) use the same list: one list means one
set of freshness rules for every column of a site.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ColumnKind(models.TextChoices):
    NEWS = "news", _("动态/要闻")
    NOTICE = "notice", _("通知公告")
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")
    PERSONNEL = "personnel", _("人事")
    PLANNING = "planning", _("规划计划")
    CONSULTATION = "consultation", _("政务咨询")
    SURVEY = "survey", _("调查征集")
    INTERVIEW = "interview", _("在线访谈")
    PETITION = "petition", _("网上信访")
    DISCIPLINE_REPORT = "discipline_report", _("纪检举报")
    SERVICE = "service", _("办事服务")
    BUDGET = "budget", _("财政预决算")
    KEY_AREAS = "key_areas", _("重点领域信息公开")
    STATISTICS = "statistics", _("统计信息")
    ANNUAL_REPORT = "annual_report", _("政府信息公开年报")
    TOPIC = "topic", _("专题专栏")
    OVERVIEW = "overview", _("概况信息")
    FUNCTIONS = "functions", _("机构职能")
    LEADERS = "leaders", _("负责人信息")
    # Statutory proactive-disclosure columns (条例 art. 20, docs/domain.md b6)
    # that the kinds above do not already name.
    LICENSING = "licensing", _("行政许可和服务事项")
    ENFORCEMENT = "enforcement", _("行政处罚和行政强制")
    FEES = "fees", _("行政事业性收费")
    PROCUREMENT = "procurement", _("政府集中采购")
    KEY_PROJECTS = "key_projects", _("重大建设项目")
    EMERGENCY = "emergency", _("突发公共事件应对")
    SUPERVISION = "supervision", _("监督检查")
    # Statutory content named by the seeds.
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    GAZETTE = "gazette", _("政府公报")
    PROPOSAL_RESULT = "proposal_result", _("建议提案办理结果")
    OTHER = "other", _("其他")


class HomeLayout(models.TextChoices):
    PORTAL = "portal", _("门户网站（完整版式）")
    COMPACT = "compact", _("部门、乡镇网站（精简版式）")
