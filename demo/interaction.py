"""Interaction data of the demo cluster: channels, messages in every state, an
online interview, a comment solicitation and a survey (docs/demo.md).

Rows are written directly (the handling services are not needed to show data),
but every message gets the log a real handling would leave (MessageEvent per
step), so the admin's history of each message is consistent.

Idempotent: channels are found by (site, slug), messages by (channel, title),
interviews and consultations by (site, slug); what exists keeps its dates, so
the demo does not move on every load. Dates are relative to the load (now).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.urls import Resolver404, resolve
from django.utils import timezone

from demo.cluster import V5_OVERDUE_SITE
from disclosure_pages.models import Organization
from interaction.choices import (
    ChannelKind,
    ConsultationKind,
    InterviewStatus,
    InvalidReason,
    MessageAction,
    MessageStatus,
    Moderation,
    QuestionKind,
)
from interaction.models import (
    Channel,
    Consultation,
    ConsultationComment,
    Interview,
    InterviewQuestion,
    Message,
    MessageEvent,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
    SurveyResponse,
)
from interaction.rules import (
    INTERVIEW_FOLLOW_UP_DAYS,
    due_date_for,
    local_date,
    new_query_code,
)
from site_registry.models import SiteProfile
from workdays.calendar import add_working_days

CONSULTATION_SLUG = "zxzx"
CITY_PORTAL = "www"

# The public interaction pages the 互动交流 column links to.
INTERACTION_LINKS = [
    ("/interaction/", "在线咨询、投诉和领导信箱"),
    ("/interaction/interviews/", "在线访谈"),
    ("/interaction/consultations/", "意见征集和问卷调查"),
]


@dataclass(frozen=True)
class ChannelSpec:
    slug: str
    kind: str
    name: str
    intro: str
    publish_replies: bool = True
    counts_for_v5: bool = True


CONSULTATION_CHANNEL = ChannelSpec(
    CONSULTATION_SLUG,
    ChannelKind.CONSULTATION,
    "政务咨询",
    "受理对本单位职责范围内政策、办事事项的咨询，10个工作日内答复。",
)
# The city portal's further channels.
PORTAL_CHANNELS = [
    ChannelSpec(
        "ldxx",
        ChannelKind.LEADER_MAILBOX,
        "市长信箱",
        "受理对全市经济社会发展的意见建议，由市政府办公室转相关单位办理。",
    ),
    ChannelSpec(
        "ts",
        ChannelKind.COMPLAINT,
        "投诉",
        "受理对机关工作人员作风、政务服务事项办理的投诉。",
    ),
    ChannelSpec(
        "zc",
        ChannelKind.ERROR_REPORT,
        "我为政府网站找错",
        "发现本网站的错别字、链接失效、内容不更新等问题，请在此留言，我们及时核实整改。",
    ),
    ChannelSpec(
        "wsxf",
        ChannelKind.PETITION,
        "网上信访",
        "依照《信访工作条例》办理，办理结果不在网站公开。",
        publish_replies=False,
        counts_for_v5=False,
    ),
]

# (title, question, answer): invented questions of the kind citizens ask.
ANSWERED = [
    (
        "灵活就业人员如何办理养老保险参保登记？",
        "本人近期离职，目前是灵活就业，想继续缴纳职工养老保险，请问需要到哪里办理、带什么材料？",
        "您好！灵活就业人员可通过“示范市人社”网上服务平台或就近的社保经办窗口办理参保登记，"
        "携带本人身份证件即可，无需其他材料。缴费基数可在全省上年度全口径城镇单位就业人员"
        "平均工资的60%至300%之间自愿选择。感谢您的来信。",
    ),
    (
        "新生儿落户需要准备哪些材料？",
        "孩子刚出生一个月，想给孩子在父亲户籍所在地落户，请问需要哪些材料，能否网上办理？",
        "您好！新生儿落户需提供《出生医学证明》、父母双方居民户口簿及身份证件、结婚证。"
        "目前已开通“出生一件事”联办，可在医院或政务服务网一次申请，"
        "办结后户口簿邮寄到家。感谢您的关注。",
    ),
    (
        "随迁子女小学入学需要什么条件？",
        "我们一家在本地租房居住三年，孩子明年上小学，户籍在外省，请问入学需要满足什么条件？",
        "您好！随迁子女入学实行积分入学与就近安排相结合的办法，需提供居住证、"
        "房屋租赁登记备案证明和父母一方的社保缴纳证明。报名时间一般在每年5月，"
        "具体以教育部门发布的招生公告为准。",
    ),
    (
        "住房公积金能否用于支付租房房租？",
        "本人在本市无自有住房，租房居住，请问住房公积金可以提取支付房租吗？每年能提多少？",
        "您好！在本市无自有住房且租赁住房的缴存职工，可按月或按年提取住房公积金支付房租，"
        "可通过公积金中心手机客户端在线申请，提取额度以当年公布的标准为准。",
    ),
    (
        "二手房交易后不动产登记多久能办完？",
        "近期购买了一套二手房，请问不动产转移登记需要多长时间，能否和税费缴纳一起办理？",
        "您好！二手房转移登记已实现“一窗受理、并行办理”，交易、缴税和登记在同一窗口一次办结，"
        "资料齐全的一般在3个工作日内办结，并可申领电子不动产权证书。",
    ),
    (
        "异地就医备案怎么办理？",
        "父母退休后长期随我在外地居住，看病需要异地就医备案，请问如何办理？",
        "您好！异地长期居住人员可通过国家医保服务平台或本地医保部门窗口办理异地就医备案，"
        "备案后在就医地定点医疗机构可直接结算。感谢您的来信。",
    ),
    (
        "老旧小区加装电梯有没有补贴？",
        "我们小区建于1998年，居民想加装电梯，请问政府是否有补贴，需要走什么程序？",
        "您好！既有住宅加装电梯可申请财政补助，由业主协商一致后向街道提出申请，"
        "经规划公示、施工许可后实施，竣工验收合格后按规定拨付补助资金。",
    ),
    (
        "个体工商户营业执照能否全程网办？",
        "想开一家小超市，请问办理个体工商户营业执照能否在网上办理，需要多长时间？",
        "您好！个体工商户登记已实现全程网办，通过政务服务网提交申请，"
        "材料齐全的当日办结，可选择邮寄或自助打印营业执照。",
    ),
]
# Open questions: answers are not written yet.
OPEN = [
    (
        "社区卫生服务中心周末是否开诊？",
        "家里老人慢性病需要定期开药，请问辖区社区卫生服务中心周六、周日是否正常接诊？",
    ),
    (
        "居住证到期后如何续签？",
        "本人居住证即将到期，请问续签是否需要本人到场，能否在手机上办理？",
    ),
    (
        "小区附近道路路灯长期不亮",
        "小区北门外道路的路灯已经不亮两周多了，晚上出行不便，请问由哪个部门负责维修？",
    ),
    (
        "退役军人优待证在哪里申领？",
        "本人是退役军人，请问退役军人优待证在哪里申领，需要携带什么材料？",
    ),
]
REPLIED = (
    "冬季供暖温度不达标向哪里反映？",
    "所住小区近一周室内温度只有16度左右，请问向哪个部门反映，多久能解决？",
    "您好！您反映的情况已转供热企业核实处理，供热企业将于3日内上门测温并排查管网。"
    "如仍不达标，可按规定申请退还相应供暖费。",
)
SPAM = (
    "高价回收各类购物卡，专业代办贷款",
    "长期高价回收购物卡、加油卡，专业代办各类贷款，详情请加微信咨询。",
)
# (title, question, answer) private: the writer did not agree to publication.
PRIVATE = (
    "关于本人养老金待遇核定的咨询",
    "本人今年退休，养老金核定金额与自己估算的差距较大，请帮助核查缴费记录。",
    "您好！经核查，您2003年至2005年的缴费记录因单位名称变更尚未合并，"
    "已为您办理合并，养老金将于下月重新核定并补发差额。",
)
OVERDUE = (
    "街道老年食堂什么时候开业？",
    "听说辖区要建老年食堂，已经施工很久了，请问什么时候能开业，对老人有没有优惠？",
)
PORTAL_MESSAGES = {
    "ldxx": [
        (
            "建议增加城区公共停车位",
            "老城区停车难问题突出，建议利用边角地块建设立体停车场，并开放机关单位夜间停车。",
            "您好！感谢您的建议。市城管部门已会同各区梳理边角地块，今年新建公共停车泊位2000个，"
            "机关企事业单位停车场夜间和节假日错时开放工作正在推进。",
        ),
        (
            "建议在公园增设适老化座椅",
            "市民公园步道较长，沿途休息座椅少，老年人散步不便，建议增设带扶手的座椅。",
            "",
        ),
    ],
    "ts": [
        (
            "政务服务大厅窗口午休时间无人值守",
            "中午12点到大厅办理业务，不动产窗口无人值守，等待近一小时，希望改进。",
            "您好！经核查情况属实，已对相关窗口提出批评，并落实午间轮岗值守制度，"
            "感谢您的监督。",
        ),
        (
            "办事窗口要求提供已取消的证明材料",
            "在窗口办理业务时被要求提供已明确取消的证明材料，请核查。",
            "",
        ),
    ],
    "zc": [
        (
            "“政策文件”栏目部分附件无法下载",
            "贵网站政策文件栏目中有两份文件的附件点击后提示页面不存在，请核实。",
            "您好！经核查，因附件存储迁移导致链接失效，现已全部修复。感谢您的纠错。",
        ),
    ],
    "wsxf": [
        (
            "关于征地补偿款发放的信访事项",
            "反映本村征地补偿款发放标准和进度问题，请求依法处理。",
            "",
        ),
    ],
}
NAMES = ["王先生", "李女士", "张先生", "刘女士", "陈先生", "杨女士", "赵先生", "周女士"]


def _phone(number: int) -> str:
    # Masked as published lists show them: never a valid, complete mobile number.
    return f"13{number % 10}****{1000 + number * 37 % 9000:04d}"


def _at(moment: datetime.datetime, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.localtime(moment).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )


def _days_ago(now: datetime.datetime, days: int, hour: int) -> datetime.datetime:
    """``days`` calendar days before ``now`` at ``hour``, moved back off weekends."""
    moment = _at(now - datetime.timedelta(days=days), hour)
    while moment.weekday() >= 5:
        moment -= datetime.timedelta(days=1)
    return moment


def ensure_channel(profile: SiteProfile, spec: ChannelSpec, departments) -> Channel:
    """The channel ``spec.slug`` of ``profile``, created or brought to the spec."""
    channel, created = Channel.objects.get_or_create(
        site=profile,
        slug=spec.slug,
        defaults={
            "kind": spec.kind,
            "name": spec.name,
            "intro": spec.intro,
            "publish_replies": spec.publish_replies,
            "counts_for_v5": spec.counts_for_v5,
        },
    )
    # A channel open_site created keeps its name; the demo's rules apply.
    wanted = {
        "kind": spec.kind,
        "publish_replies": spec.publish_replies,
        "counts_for_v5": spec.counts_for_v5,
        "answer_days": 10,
        "is_active": True,
        "intro": channel.intro or spec.intro,
    }
    if any(getattr(channel, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(channel, name, value)
        channel.save()
    if created or not channel.departments.exists():
        channel.departments.set(departments)
    return channel


@dataclass
class _Plan:
    """One message to create and the steps of its handling so far."""

    title: str
    content: str
    status: str
    received_at: datetime.datetime
    answer: str = ""
    wants_public: bool = True
    published: bool = False
    invalid: bool = False


def _message_plans(profile_index: int, now, *, overdue: bool) -> list[_Plan]:
    """The 政务咨询 messages of one site: every state, current to ``now``."""
    answered = [ANSWERED[(profile_index + n) % len(ANSWERED)] for n in range(4)]
    plans = [
        _Plan(
            title,
            question,
            MessageStatus.ANSWERED,
            _days_ago(now, 20 + 15 * n, 9 + n),
            answer,
            published=True,
        )
        for n, (title, question, answer) in enumerate(answered)
    ]
    plans.append(
        _Plan(
            PRIVATE[0],
            PRIVATE[1],
            MessageStatus.ANSWERED,
            _days_ago(now, 25, 14),
            PRIVATE[2],
            wants_public=False,
        )
    )
    opens = [OPEN[(profile_index + n) % len(OPEN)] for n in range(3)]
    # Received 2–8 days ago (at most 10 with a weekend): 10 working days
    # span at least 12 calendar days, so all are due soon, none overdue.
    for n, (status, days) in enumerate(
        [
            (MessageStatus.RECEIVED, 2),
            (MessageStatus.ASSIGNED, 5),
            (MessageStatus.ASSIGNED, 8),
        ]
    ):
        title, question = opens[n]
        plans.append(_Plan(title, question, status, _days_ago(now, days, 10)))
    plans.append(
        _Plan(
            REPLIED[0],
            REPLIED[1],
            MessageStatus.REPLIED,
            _days_ago(now, 5, 16),
            REPLIED[2],
        )
    )
    plans.append(
        _Plan(
            SPAM[0],
            SPAM[1],
            MessageStatus.INVALID,
            _days_ago(now, 3, 8),
            invalid=True,
        )
    )
    if overdue:
        # Planted: unanswered for 4 months, so the inspection flags V5.
        received = _at(now - relativedelta(months=4), 10)
        plans.append(_Plan(OVERDUE[0], OVERDUE[1], MessageStatus.ASSIGNED, received))
    return plans


def _portal_plans(slug: str, now) -> list[_Plan]:
    plans = []
    for n, (title, question, answer) in enumerate(PORTAL_MESSAGES[slug]):
        if answer:
            plans.append(
                _Plan(
                    title,
                    question,
                    MessageStatus.ANSWERED,
                    _days_ago(now, 20 + 7 * n, 11),
                    answer,
                    published=True,
                )
            )
        else:
            status = MessageStatus.RECEIVED if slug == "ts" else MessageStatus.ASSIGNED
            plans.append(
                _Plan(
                    title,
                    question,
                    status,
                    _days_ago(now, 3 + n, 15),
                    wants_public=slug != "wsxf",
                )
            )
    return plans


def _events(message: Message, plan: _Plan, channel: Channel) -> list[MessageEvent]:
    """The handling log that leads to ``plan.status``, step by step."""
    start = message.received_at
    department = message.department
    events = [
        MessageEvent(
            message=message,
            action=MessageAction.SUBMITTED,
            at=start,
            to_status=MessageStatus.RECEIVED,
        )
    ]
    if plan.invalid:
        events.append(
            MessageEvent(
                message=message,
                action=MessageAction.INVALIDATED,
                at=start + datetime.timedelta(hours=2),
                from_status=MessageStatus.RECEIVED,
                to_status=MessageStatus.INVALID,
                note=message.invalid_note,
            )
        )
        return events
    if plan.status == MessageStatus.RECEIVED:
        return events
    events.append(
        MessageEvent(
            message=message,
            action=MessageAction.ASSIGNED,
            at=start + datetime.timedelta(hours=3),
            from_status=MessageStatus.RECEIVED,
            to_status=MessageStatus.ASSIGNED,
            department=department,
        )
    )
    if plan.status == MessageStatus.ASSIGNED:
        return events
    replied_at = (message.answered_at or timezone.now()) - datetime.timedelta(hours=20)
    if plan.status == MessageStatus.REPLIED:
        replied_at = start + datetime.timedelta(days=2, hours=1)
    events.append(
        MessageEvent(
            message=message,
            action=MessageAction.REPLIED,
            at=replied_at,
            from_status=MessageStatus.ASSIGNED,
            to_status=MessageStatus.REPLIED,
            department=department,
        )
    )
    if plan.status == MessageStatus.REPLIED:
        return events
    events.append(
        MessageEvent(
            message=message,
            action=MessageAction.APPROVED,
            at=message.answered_at,
            from_status=MessageStatus.REPLIED,
            to_status=MessageStatus.ANSWERED,
        )
    )
    if message.is_published:
        events.append(
            MessageEvent(
                message=message,
                action=MessageAction.PUBLISHED,
                at=message.published_at,
                from_status=MessageStatus.ANSWERED,
                to_status=MessageStatus.ANSWERED,
            )
        )
    return events


def _message(channel: Channel, plan: _Plan, number: int, department) -> Message:
    received = plan.received_at
    message = Message(
        site=channel.site,
        channel=channel,
        title=plan.title,
        content=plan.content,
        contact_name=NAMES[number % len(NAMES)],
        contact_phone=_phone(number),
        wants_public=plan.wants_public,
        query_code=new_query_code(),
        status=plan.status,
        received_at=received,
        due_date=due_date_for(received, channel.answer_days),
        submitter_ip=f"192.0.2.{10 + number % 200}",  # documentation range
        content_digest=hashlib.sha256(plan.content.encode()).hexdigest(),
    )
    if plan.invalid:
        message.invalid_reason = InvalidReason.SPAM
        message.invalid_note = "广告推销信息，与政务咨询无关。"
        return message
    if plan.status != MessageStatus.RECEIVED:
        message.department = department
    if plan.status in (MessageStatus.REPLIED, MessageStatus.ANSWERED):
        message.answer = plan.answer
        message.answer_department = department.name if department else ""
    if plan.status == MessageStatus.ANSWERED:
        # Answered well within the deadline, never in the future.
        day = add_working_days(local_date(received), channel.answer_days - 3)
        message.answered_at = min(
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 30))),
            timezone.now() - datetime.timedelta(days=1),
        )
        if plan.published and plan.wants_public and channel.publish_replies:
            message.is_published = True
            message.published_at = message.answered_at + datetime.timedelta(hours=1)
    return message


def _ensure_messages(channel: Channel, plans: list[_Plan], department) -> int:
    """Create the planned messages the channel lacks, with their logs."""
    existing = set(
        Message.objects.filter(channel=channel).values_list("title", flat=True)
    )
    new = [
        (plan, _message(channel, plan, channel.site_id * 7 + n, department))
        for n, plan in enumerate(plans)
        if plan.title not in existing
    ]
    if not new:
        return 0
    created = Message.objects.bulk_create([message for _plan, message in new])
    events = []
    for (plan, _draft), message in zip(new, created, strict=True):
        events.extend(_events(message, plan, channel))
    MessageEvent.objects.bulk_create(events)
    return len(created)


def _ensure_interview(profile: SiteProfile, now) -> None:
    slug = "yhyshj"
    if Interview.objects.filter(site=profile, slug=slug).exists():
        return
    start = _at(_days_ago(now, 20, 9), 9, 30)
    end = start + datetime.timedelta(hours=1, minutes=30)
    interview = Interview.objects.create(
        site=profile,
        slug=slug,
        title="优化营商环境 提升政务服务效能",
        topic="围绕“高效办成一件事”，介绍我市优化营商环境、提升政务服务效能的"
        "主要举措，回应企业和群众关心的问题。",
        guests="赵志远，示范市人民政府办公室副主任\n孙晓梅，示范市政务服务中心主任",
        starts_at=start,
        ends_at=end,
        # Announced two weeks ahead: well over INTERVIEW_NOTICE_DAYS working days.
        announced_at=start - datetime.timedelta(days=14),
        status=InterviewStatus.FINISHED,
        summary="嘉宾介绍了“一网通办”“一窗受理”改革进展，并在线回答了网友提问。",
        transcript=(
            "【主持人】各位网友大家好，欢迎收看本期在线访谈。\n"
            "【赵志远】今年以来，我们聚焦企业和群众办事的堵点难点，推出了"
            "20个“一件事”集成服务，平均办理时间压缩了60%。\n"
            "【孙晓梅】政务服务中心全面推行“一窗受理、集成服务”，"
            "企业开办当天即可办结。\n"
            "【主持人】感谢两位嘉宾，本期访谈到此结束。"
        ),
        video_url="https://video.shifan.example.gov.cn/interviews/yhyshj.mp4",
        is_published=True,
    )
    asked = start - datetime.timedelta(days=2)
    live = [
        (
            "企业开办现在最快多长时间能办完？",
            "孙晓梅",
            "资料齐全的，营业执照、公章刻制、发票申领和社保登记当天即可一次办结。",
        ),
        (
            "“高效办成一件事”都包括哪些事项？",
            "赵志远",
            "包括新生儿出生、企业信息变更、退休、不动产登记等20个事项，"
            "今后还将逐步扩大。",
        ),
        (
            "周末能否到政务服务中心办事？",
            "孙晓梅",
            "政务服务中心周六上午提供延时服务，高频事项均可办理。",
        ),
    ]
    questions = [
        InterviewQuestion(
            interview=interview,
            asker_name=f"网友{n + 1:03d}",
            content=content,
            submitted_at=asked + datetime.timedelta(hours=n),
            moderation=Moderation.APPROVED,
            answer=answer,
            answered_by=guest,
            answered_at=start + datetime.timedelta(minutes=20 + 20 * n),
            answered_live=True,
        )
        for n, (content, guest, answer) in enumerate(live)
    ]
    follow_up_due = add_working_days(local_date(end), INTERVIEW_FOLLOW_UP_DAYS)
    questions.append(
        InterviewQuestion(
            interview=interview,
            asker_name="网友104",
            content="个体户变更经营范围能否网上办理？",
            submitted_at=start + datetime.timedelta(minutes=75),
            moderation=Moderation.APPROVED,
            answer="可以。通过政务服务网登录后选择“个体工商户变更登记”，"
            "提交后1个工作日内办结。",
            answered_by="孙晓梅",
            answered_at=timezone.make_aware(
                datetime.datetime.combine(
                    add_working_days(local_date(end), 2), datetime.time(15)
                )
            ),
            due_date=follow_up_due,
        )
    )
    questions.append(
        InterviewQuestion(
            interview=interview,
            asker_name="网友105",
            content=SPAM[1],
            submitted_at=start + datetime.timedelta(minutes=40),
            moderation=Moderation.REJECTED,
        )
    )
    InterviewQuestion.objects.bulk_create(questions)


def _ensure_solicitation(profile: SiteProfile, now, organizer: str) -> None:
    slug = "rxgl-zqyj"
    if Consultation.objects.filter(site=profile, slug=slug).exists():
        return
    starts = _at(now - datetime.timedelta(days=70), 9)
    ends = starts + datetime.timedelta(days=30)
    consultation = Consultation.objects.create(
        site=profile,
        slug=slug,
        kind=ConsultationKind.SOLICITATION,
        title="关于公开征求《示范市12345政务服务便民热线管理办法（征求意见稿）》意见的公告",
        description="为规范12345政务服务便民热线管理，提高诉求办理质效，"
        "我们起草了《示范市12345政务服务便民热线管理办法（征求意见稿）》，"
        "现向社会公开征求意见，征求意见时间为30日。",
        organizer=organizer,
        starts_at=starts,
        ends_at=ends,
        feedback="征求意见期间共收到意见建议5条，采纳3条，部分采纳1条，未采纳1条。"
        "采纳的意见主要包括：延长夜间人工服务时间、明确诉求办理回访时限、"
        "增加老年人专席服务。未采纳的意见涉及热线收费，与热线公益属性不符。",
        feedback_published_at=ends + datetime.timedelta(days=15),
        results_public=True,
        is_published=True,
    )
    comments = [
        ("陈先生", "建议夜间人工服务时间延长到22点。", Moderation.APPROVED),
        ("刘女士", "建议明确诉求办结后的回访时限，并公开满意度。", Moderation.APPROVED),
        ("市民", "建议设立老年人专席，减少语音导航层级。", Moderation.APPROVED),
        ("周先生", "建议热线与12315等专线的转接规则写得更具体。", Moderation.APPROVED),
        ("匿名", SPAM[1], Moderation.REJECTED),
    ]
    ConsultationComment.objects.bulk_create(
        ConsultationComment(
            consultation=consultation,
            name=name,
            content=content,
            submitted_at=starts + datetime.timedelta(days=2 + 5 * n, hours=n),
            moderation=moderation,
        )
        for n, (name, content, moderation) in enumerate(comments)
    )


SURVEY_QUESTIONS = [
    (
        "您一般通过哪种方式办理政务服务事项？",
        QuestionKind.SINGLE,
        ["政务服务网或手机客户端", "政务服务大厅窗口", "自助服务终端", "委托他人办理"],
    ),
    (
        "您希望政务服务在哪些方面优先改进？（可多选）",
        QuestionKind.MULTIPLE,
        ["减少证明材料", "缩短办理时间", "延长服务时间", "提高网上办理便利度"],
    ),
    (
        "您对本市政务服务的总体评价是？",
        QuestionKind.SINGLE,
        ["非常满意", "满意", "基本满意", "不满意"],
    ),
]
SURVEY_RESPONSES = 30


def _ensure_survey(profile: SiteProfile, now, organizer: str) -> None:
    slug = "zwfw-myd"
    if Consultation.objects.filter(site=profile, slug=slug).exists():
        return
    starts = _at(now - datetime.timedelta(days=20), 9)
    survey = Consultation.objects.create(
        site=profile,
        slug=slug,
        kind=ConsultationKind.SURVEY,
        title="示范市政务服务满意度问卷调查",
        description="为了解群众和企业对政务服务的评价和需求，特开展本次问卷调查，"
        "问卷匿名填写，约需2分钟。",
        organizer=organizer,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(days=45),
        results_public=True,
        is_published=True,
    )
    questions = []
    for order, (text, kind, options) in enumerate(SURVEY_QUESTIONS):
        question = SurveyQuestion.objects.create(
            consultation=survey, sort_order=order, text=text, kind=kind
        )
        created = SurveyOption.objects.bulk_create(
            SurveyOption(question=question, sort_order=n, text=option)
            for n, option in enumerate(options)
        )
        questions.append((question, created))
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(
            consultation=survey,
            submitted_at=starts + datetime.timedelta(hours=7 + 11 * n),
            submitter_ip=f"192.0.2.{100 + n}",
        )
        for n in range(SURVEY_RESPONSES)
    )
    answers, chosen = [], []
    for n, response in enumerate(responses):
        for q, (question, options) in enumerate(questions):
            answer = SurveyAnswer(response=response, question=question)
            answers.append(answer)
            # A fixed, uneven spread so the result bars differ.
            picks = [options[(n * (q + 2) // 7 + q) % len(options)]]
            if question.kind == QuestionKind.MULTIPLE and n % 3:
                picks.append(options[(n + 1) % len(options)])
            chosen.append(set(picks))
    SurveyAnswer.objects.bulk_create(answers)
    through = SurveyAnswer.options.through
    through.objects.bulk_create(
        through(surveyanswer_id=answer.pk, surveyoption_id=option.pk)
        for answer, options in zip(answers, chosen, strict=True)
        for option in options
    )


def load_demo_interaction(slugs: list[str]) -> None:
    """Channels, messages, interview, solicitation and survey of the open sites.

    ``slugs`` are the demo sites' slugs (their home pages'), in SITES order.
    """
    now = timezone.now()
    profiles = {
        profile.root_page.slug: profile
        for profile in SiteProfile.objects.filter(
            root_page__slug__in=slugs
        ).select_related("root_page")
    }
    for index, slug in enumerate(slugs):
        profile = profiles[slug]
        departments = list(Organization.objects.filter(sites=profile).order_by("pk"))
        department = departments[0] if departments else None
        channel = ensure_channel(profile, CONSULTATION_CHANNEL, departments)
        plans = _message_plans(index, now, overdue=slug == V5_OVERDUE_SITE)
        _ensure_messages(channel, plans, department)
        if slug != CITY_PORTAL:
            continue
        for order, spec in enumerate(PORTAL_CHANNELS, start=1):
            portal_channel = ensure_channel(profile, spec, departments)
            if portal_channel.sort_order != order:
                portal_channel.sort_order = order
                portal_channel.save(update_fields=["sort_order"])
            _ensure_messages(portal_channel, _portal_plans(spec.slug, now), department)
        organizer = department.name if department else profile.name
        _ensure_interview(profile, now)
        _ensure_solicitation(profile, now, organizer)
        _ensure_survey(profile, now, organizer)


def routed_links() -> list[tuple[str, str]]:
    """The interaction pages that are served by the interaction app.

    A path that falls through to Wagtail's page serving is not (yet) an
    interaction page; linking it would only make a broken link.
    """
    links = []
    for path, label in INTERACTION_LINKS:
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.url_name != "wagtail_serve":
            links.append((path, label))
    return links


def column_paragraphs() -> list[str]:
    """The 互动交流 column's text: where to write, and links to the live pages."""
    texts = ["欢迎通过政务咨询栏目提出问题和建议，我们将在规定时限内答复并公开。"]
    texts += [f'<a href="{path}">{label}</a>' for path, label in routed_links()]
    return texts
