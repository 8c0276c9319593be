"""Service guides (办事指南) of the demo cluster: a few complete guides on every
open site, under its 办事服务 column (docs/demo.md).

The guides carry all ten elements of V6, so no demo site fails it. Idempotent:
a guide is found by its slug under the column and rewritten only when its
content changed. The demo has no provincial service portal to link to, so the
guides carry no online-handling address (the link checker would fetch it).
"""

from __future__ import annotations

from dataclasses import dataclass

from demo.cluster import ORGANIZATIONS, SITES
from disclosure_pages.models import Organization
from service_guides.choices import Audience, MaterialForm, ServiceTheme
from service_guides.models import (
    ServiceGuidePage,
    ServiceIndexPage,
    ServiceMaterial,
    ServiceStep,
)

HOURS = "工作日上午9:00—12:00，下午13:30—17:00（法定节假日除外）。"
# (name, form, notes); originals and copies follow the form.
Material = tuple[str, str, str]
COUNTS = {
    MaterialForm.ORIGINAL: (1, 0),
    MaterialForm.COPY: (0, 1),
    MaterialForm.ORIGINAL_AND_COPY: (1, 1),
    MaterialForm.ELECTRONIC: (0, 0),
}


@dataclass(frozen=True)
class DemoGuide:
    slug: str
    title: str
    audience: str
    theme: str
    legal_basis: str
    conditions: str
    materials: tuple[Material, ...]
    fees: str
    time_limit: str
    steps: tuple[tuple[str, str], ...]
    # Handled by another organ's window (the portal lists guides of its
    # departments): the demo organisation's slug.
    organization: str = ""


ACCEPT = ("申请", "申请人通过窗口或网上提交申请材料。")
RECEIVE = (
    "受理",
    "材料齐全、符合法定形式的，当场受理；不齐全的一次性告知需补正的材料。",
)
REVIEW = ("审查", "对申请材料进行审查，必要时进行现场核查。")
DECIDE = ("决定", "作出准予或不予许可的决定；不予许可的说明理由。")
DELIVER = ("送达", "通过窗口领取或邮寄送达办理结果。")

GUIDES = {
    "tzxmba": DemoGuide(
        "tzxmba",
        "企业投资项目备案",
        Audience.LEGAL,
        ServiceTheme.INVESTMENT,
        "《企业投资项目核准和备案管理条例》（国务院令第673号）第三条、第十三条。",
        "在本行政区域内投资建设、实行备案管理的企业投资项目。",
        (
            ("企业投资项目备案信息表", MaterialForm.ORIGINAL, "在线填报后打印"),
            ("营业执照", MaterialForm.COPY, "加盖企业公章"),
        ),
        "不收费",
        "即时办结",
        (("网上填报", "通过投资项目在线审批监管平台填报项目信息。"), RECEIVE, DECIDE),
        organization="fgw",
    ),
    "jnsc": DemoGuide(
        "jnsc",
        "固定资产投资项目节能审查",
        Audience.LEGAL,
        ServiceTheme.INVESTMENT,
        "《固定资产投资项目节能审查办法》（国家发展改革委令第2号）第五条。",
        "年综合能源消费量1000吨标准煤以上（含）的固定资产投资项目。",
        (
            ("节能审查申请文件", MaterialForm.ORIGINAL, ""),
            ("项目节能报告", MaterialForm.ORIGINAL_AND_COPY, "复印件一式两份"),
        ),
        "不收费",
        "承诺时限15个工作日",
        (ACCEPT, RECEIVE, REVIEW, DECIDE, DELIVER),
        organization="fgw",
    ),
    "jszg": DemoGuide(
        "jszg",
        "教师资格认定",
        Audience.PERSONAL,
        ServiceTheme.QUALIFICATION,
        "《中华人民共和国教师法》第十三条；《教师资格条例》第十三条。",
        "遵守宪法和法律，热爱教育事业，具备规定学历，教师资格考试合格，"
        "普通话水平达到相应标准，体检合格。",
        (
            ("居民身份证", MaterialForm.ORIGINAL, "核验后退还"),
            ("学历证书", MaterialForm.ORIGINAL, "核验后退还"),
            ("中小学教师资格考试合格证明", MaterialForm.ELECTRONIC, "系统自动核验"),
            ("体格检查表", MaterialForm.ORIGINAL, "指定医院出具"),
        ),
        "不收费",
        "承诺时限20个工作日",
        (ACCEPT, RECEIVE, REVIEW, DECIDE, ("发证", "颁发教师资格证书。")),
        organization="jyj",
    ),
    "mbxx": DemoGuide(
        "mbxx",
        "民办学校设立审批",
        Audience.LEGAL,
        ServiceTheme.EDUCATION,
        "《中华人民共和国民办教育促进法》第十二条、第十七条。",
        "举办者具有法人资格或完全民事行为能力，办学条件符合国家规定的设置标准。",
        (
            ("申办报告", MaterialForm.ORIGINAL, ""),
            ("举办者资格证明文件", MaterialForm.COPY, "加盖公章"),
            ("拟办学校章程", MaterialForm.ORIGINAL, ""),
            ("资产来源、资金数额及有效证明文件", MaterialForm.ORIGINAL_AND_COPY, ""),
        ),
        "不收费",
        "承诺时限60个工作日",
        (ACCEPT, RECEIVE, REVIEW, ("实地考察", "组织专家实地考察办学条件。"), DECIDE),
        organization="jyj",
    ),
    "yszc": DemoGuide(
        "yszc",
        "医师执业注册",
        Audience.PERSONAL,
        ServiceTheme.QUALIFICATION,
        "《中华人民共和国医师法》第十三条；《医师执业注册管理办法》第九条。",
        "取得医师资格，受聘于医疗、预防、保健机构。",
        (
            ("医师执业注册申请审核表", MaterialForm.ORIGINAL, ""),
            ("医师资格证书", MaterialForm.ORIGINAL_AND_COPY, "原件核验后退还"),
            ("近6个月内的健康体检证明", MaterialForm.ORIGINAL, ""),
            ("拟执业机构的聘用证明", MaterialForm.ORIGINAL, ""),
        ),
        "不收费",
        "承诺时限5个工作日",
        (ACCEPT, RECEIVE, REVIEW, DECIDE, DELIVER),
        organization="wjw",
    ),
    "yljg": DemoGuide(
        "yljg",
        "医疗机构执业登记",
        Audience.LEGAL,
        ServiceTheme.HEALTH,
        "《医疗机构管理条例》第十五条、第十六条。",
        "按照设置审批或备案的要求完成建设，符合医疗机构基本标准。",
        (
            ("医疗机构执业登记申请书", MaterialForm.ORIGINAL, ""),
            ("医疗机构用房产权证明或使用证明", MaterialForm.COPY, ""),
            ("医疗机构规章制度", MaterialForm.ORIGINAL, ""),
            ("卫生技术人员名录及其有关资格证书、执业证书", MaterialForm.COPY, ""),
        ),
        "不收费",
        "承诺时限20个工作日",
        (ACCEPT, RECEIVE, ("现场审核", "对执业场所和设备进行现场审核。"), DECIDE),
        organization="wjw",
    ),
    "zfxxgk": DemoGuide(
        "zfxxgk",
        "政府信息公开申请",
        Audience.BOTH,
        ServiceTheme.OTHER,
        "《中华人民共和国政府信息公开条例》第二十七条至第三十三条。",
        "公民、法人或者其他组织需要获取本机关未主动公开的政府信息。",
        (
            ("政府信息公开申请表", MaterialForm.ORIGINAL, "可在线填写"),
            ("申请人身份证明", MaterialForm.COPY, ""),
        ),
        "不收费（申请数量、频次明显超过合理范围的，按规定收取信息处理费）",
        "自收到申请之日起20个工作日内答复",
        (ACCEPT, RECEIVE, REVIEW, ("答复", "出具书面答复并送达申请人。")),
    ),
    "dibao": DemoGuide(
        "dibao",
        "最低生活保障审核确认",
        Audience.PERSONAL,
        ServiceTheme.RELIEF,
        "《社会救助暂行办法》第九条至第十一条。",
        "共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合家庭财产状况规定。",
        (
            ("最低生活保障申请书", MaterialForm.ORIGINAL, ""),
            ("家庭成员居民身份证、户口簿", MaterialForm.ORIGINAL_AND_COPY, ""),
            ("家庭经济状况核对授权书", MaterialForm.ORIGINAL, "家庭成员签字"),
        ),
        "不收费",
        "承诺时限30个工作日",
        (
            ACCEPT,
            RECEIVE,
            ("调查核实", "入户调查家庭经济状况并公示。"),
            DECIDE,
        ),
    ),
    "ylbx": DemoGuide(
        "ylbx",
        "城乡居民基本养老保险参保登记",
        Audience.PERSONAL,
        ServiceTheme.SOCIAL_SECURITY,
        "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）。",
        "年满16周岁（不含在校学生），非国家机关和事业单位工作人员，"
        "不属于职工基本养老保险覆盖范围的城乡居民。",
        (("居民身份证或户口簿", MaterialForm.ORIGINAL, "核验后退还"),),
        "不收费",
        "即时办结",
        (ACCEPT, RECEIVE, ("登记", "录入参保信息，当场办结。")),
    ),
    "sfz": DemoGuide(
        "sfz",
        "居民身份证办理",
        Audience.PERSONAL,
        ServiceTheme.IDENTITY,
        "《中华人民共和国居民身份证法》第八条、第十一条。",
        "具有本辖区常住户口的中国公民申领、换领、补领居民身份证。",
        (
            ("居民户口簿", MaterialForm.ORIGINAL, "核验后退还"),
            ("原居民身份证", MaterialForm.ORIGINAL, "换领时交回"),
        ),
        "首次申领和有效期满换领：20元/证；丢失补领、损坏换领：40元/证"
        "（依据《财政部 国家发展改革委关于居民身份证收费标准及有关问题的通知》）。",
        "承诺时限20个工作日（加急7个工作日）",
        (
            ACCEPT,
            ("采集", "现场采集人像、指纹信息。"),
            RECEIVE,
            ("制证", "上报制证。"),
            ("领证", "凭回执到原受理点领取。"),
        ),
    ),
    "gljt": DemoGuide(
        "gljt",
        "高龄津贴申领",
        Audience.PERSONAL,
        ServiceTheme.RELIEF,
        "《中华人民共和国老年人权益保障法》第三十三条；本省高龄津贴制度实施办法。",
        "具有本辖区户籍、年满80周岁的老年人。",
        (
            ("居民身份证", MaterialForm.COPY, ""),
            ("本人银行账户信息", MaterialForm.COPY, ""),
        ),
        "不收费",
        "承诺时限10个工作日",
        (ACCEPT, RECEIVE, REVIEW, ("发放", "审核通过后按月发放。")),
    ),
    "zjd": DemoGuide(
        "zjd",
        "农村宅基地和建房（规划许可）审批",
        Audience.PERSONAL,
        ServiceTheme.CONSTRUCTION,
        "《中华人民共和国土地管理法》第六十二条；《中华人民共和国城乡规划法》第四十一条。",
        "本集体经济组织成员，符合“一户一宅”规定和村庄规划。",
        (
            ("农村宅基地和建房（规划许可）申请表", MaterialForm.ORIGINAL, ""),
            ("农村宅基地使用承诺书", MaterialForm.ORIGINAL, ""),
            ("村民小组会议记录", MaterialForm.COPY, ""),
        ),
        "不收费",
        "承诺时限20个工作日",
        (
            ACCEPT,
            ("村级审查", "村民小组讨论并公示。"),
            RECEIVE,
            ("联审", "乡镇组织自然资源、农业农村等部门联审。"),
            DECIDE,
        ),
    ),
}

# Which guides each open site offers (the rest of a site's services are
# imagined behind the portal's 政务服务网).
SITE_GUIDES = {
    "www": ("tzxmba", "jszg", "yszc", "zfxxgk"),
    "dc": ("dibao", "ylbx", "zfxxgk"),
    "xc": ("dibao", "ylbx"),
    "fgw": ("tzxmba", "jnsc"),
    "jyj": ("jszg", "mbxx"),
    "wjw": ("yszc", "yljg"),
    "jd": ("sfz", "gljt"),
    "qtz": ("sfz", "zjd"),
}


def _values(guide: DemoGuide, spec, organization: Organization) -> dict:
    organization_name = ORGANIZATIONS[guide.organization or spec.slug].name
    return {
        "title": guide.title,
        "audience": guide.audience,
        "theme": guide.theme,
        "legal_basis": guide.legal_basis,
        "conditions": guide.conditions,
        "location": f"{spec.address}，{organization_name}政务服务窗口",
        "organization": organization,
        "fees": guide.fees,
        "hours": f"{HOURS}{guide.time_limit}。",
        "phone": spec.phone,
    }


def _children(guide: DemoGuide):
    materials = [
        ServiceMaterial(
            name=name,
            form=form,
            originals=COUNTS[form][0],
            copies=COUNTS[form][1],
            notes=notes,
        )
        for name, form, notes in guide.materials
    ]
    steps = [ServiceStep(title=title, description=text) for title, text in guide.steps]
    return materials, steps


def _rows(page: ServiceGuidePage) -> tuple:
    return (
        [
            (m.name, m.form, m.originals, m.copies, m.notes)
            for m in page.materials.all()
        ],
        [(s.title, s.description) for s in page.steps.all()],
    )


def ensure_guide(index: ServiceIndexPage, guide: DemoGuide, values: dict) -> None:
    """Create the guide live, or publish its changes; unchanged is left alone."""
    materials, steps = _children(guide)
    page = ServiceGuidePage.objects.child_of(index).filter(slug=guide.slug).first()
    wanted = (
        [(m.name, m.form, m.originals, m.copies, m.notes) for m in materials],
        [(s.title, s.description) for s in steps],
    )
    if page is not None and page.live:
        same = all(getattr(page, key) == value for key, value in values.items())
        if same and _rows(page) == wanted:
            return
    if page is None:
        page = ServiceGuidePage(slug=guide.slug, live=False, **values)
        page.materials = materials
        page.steps = steps
        index.add_child(instance=page)
    else:
        for key, value in values.items():
            setattr(page, key, value)
        page.materials = materials
        page.steps = steps
    # Through the publication pipeline, as an editor's guide is published.
    page.save_revision().publish()


def load_demo_service_guides(site_slugs: list[str]) -> None:
    """Guides on each of ``site_slugs`` (open sites with a 办事服务 column)."""
    specs = {spec.slug: spec for spec in SITES}
    organizations = {
        org.name: org
        for org in Organization.objects.filter(
            name__in=[o.name for o in ORGANIZATIONS.values()]
        )
    }
    for slug in site_slugs:
        spec = specs[slug]
        index = ServiceIndexPage.objects.filter(
            url_path__endswith=f"/{slug}/services/"
        ).first()
        if index is None:
            continue
        for key in SITE_GUIDES.get(slug, ()):
            guide = GUIDES[key]
            organization = organizations[ORGANIZATIONS[guide.organization or slug].name]
            ensure_guide(index, guide, _values(guide, spec, organization))
