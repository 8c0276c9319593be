"""Disclosure on application in the demo (issue #18, docs/demo.md): the
disclosure offices of the city government and of the development commission,
applications in every state and with every reply type, each with the event
log a real handling leaves, one overdue, one carried over from last year, and
two review/lawsuit records.

Rows are written directly (the handling services are not needed to show
data). Idempotent: offices by organ, applications by registration number,
appeal records by case number; what exists is left as it is.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from applications.choices import (
    Action,
    AppealKind,
    AppealResult,
    ApplicantType,
    Channel,
    DeliveryChannel,
    DeliveryForm,
    FeeMethod,
    IdType,
    Outcome,
    ReplyType,
    Status,
)
from applications.models import (
    AppealRecord,
    Application,
    ApplicationEvent,
    DisclosureOffice,
)
from applications.selectors.clocks import (
    answer_due,
    correction_notice_due,
    third_party_due,
)
from demo.cluster import ORGANIZATIONS, SITES
from disclosure_pages.models import Organization
from site_registry.models import SiteProfile
from workdays.calendar import add_working_days, working_days_between

CITY, DEPARTMENT = "www", "fgw"


@dataclass(frozen=True)
class DemoApplication:
    number: str
    site: str  # which organ: CITY or DEPARTMENT
    status: str
    title: str
    # Working days ago the application was received; None: not yet received.
    received_ago: int | None = 5
    reply_type: str = ""
    outcome: str = ""
    applicant_type: str = ApplicantType.NATURAL
    channel: str = Channel.IN_PERSON
    # (action, status after it) after the first event.
    steps: tuple = field(default_factory=tuple)


R = Status.REGISTERED
_ANSWERS = [
    (ReplyType.ALREADY_PUBLIC, Outcome.DISCLOSED, "2025年市政府工作报告全文"),
    (ReplyType.DISCLOSED, Outcome.DISCLOSED, "老旧小区改造项目资金安排"),
    (ReplyType.PARTIAL, Outcome.PARTIAL, "某道路工程招标评审材料"),
    (ReplyType.WITHHELD, Outcome.WITHHELD_PROCESS, "某规划调整的内部讨论记录"),
    (ReplyType.NOT_EXIST, Outcome.UNABLE_NOT_HELD, "1985年某企业改制文件"),
    (ReplyType.NOT_OURS, Outcome.UNABLE_NOT_HELD, "某区学校招生计划"),
    (ReplyType.REPEAT, Outcome.NOT_PROCESSED_REPEAT, "已答复过的征收补偿标准"),
    (ReplyType.OTHER_ROUTE, Outcome.NOT_PROCESSED_CONFIRM, "某企业工商登记档案"),
]

APPLICATIONS = [
    DemoApplication(
        "DEMO-SQ-001",
        CITY,
        Status.SUBMITTED,
        "2026年民生实事项目清单",
        received_ago=None,
        channel=Channel.ONLINE,
        steps=(),
    ),
    DemoApplication("DEMO-SQ-002", CITY, R, "城市公交线路调整方案"),
    DemoApplication(
        "DEMO-SQ-003",
        CITY,
        Status.AWAITING_CORRECTION,
        "有关文件",
        steps=((Action.CORRECTION_REQUESTED, Status.AWAITING_CORRECTION),),
    ),
    DemoApplication(
        "DEMO-SQ-004",
        CITY,
        Status.IN_PROGRESS,
        "市区停车收费标准制定依据",
        channel=Channel.ONLINE,
        steps=((Action.NOTE, Status.IN_PROGRESS),),
    ),
    # The overdue one: received 30 working days ago, still in progress.
    DemoApplication(
        "DEMO-SQ-005",
        CITY,
        Status.IN_PROGRESS,
        "某片区控制性详细规划批复",
        received_ago=30,
        steps=((Action.NOTE, Status.IN_PROGRESS),),
    ),
    DemoApplication(
        "DEMO-SQ-006",
        DEPARTMENT,
        Status.THIRD_PARTY,
        "某企业项目核准申请材料",
        applicant_type=ApplicantType.COMMERCIAL,
        steps=((Action.CONSULTATION_STARTED, Status.THIRD_PARTY),),
    ),
    DemoApplication(
        "DEMO-SQ-007",
        DEPARTMENT,
        Status.INTER_AGENCY,
        "跨部门联合审批事项清单",
        steps=((Action.CONSULTATION_STARTED, Status.INTER_AGENCY),),
    ),
    DemoApplication(
        "DEMO-SQ-008",
        CITY,
        Status.EXTENDED,
        "近五年政府投资项目审计结果",
        received_ago=15,
        applicant_type=ApplicantType.RESEARCH,
        steps=((Action.EXTENDED, Status.EXTENDED),),
    ),
    DemoApplication(
        "DEMO-SQ-009",
        CITY,
        Status.EXCESSIVE_REVIEW,
        "全部行政处罚决定书",
        steps=((Action.REASONS_REQUESTED, Status.EXCESSIVE_REVIEW),),
    ),
    DemoApplication(
        "DEMO-SQ-010",
        DEPARTMENT,
        Status.AWAITING_FEE,
        "2015年以来全部价格监测报告",
        applicant_type=ApplicantType.LEGAL_SERVICE,
        steps=((Action.FEE_NOTIFIED, Status.AWAITING_FEE),),
    ),
    DemoApplication(
        "DEMO-SQ-011",
        CITY,
        Status.WITHDRAWN,
        "相关材料",
        received_ago=40,
        outcome=Outcome.OTHER_NO_CORRECTION,
        steps=(
            (Action.CORRECTION_REQUESTED, Status.AWAITING_CORRECTION),
            (Action.WITHDRAWN, Status.WITHDRAWN),
        ),
    ),
    DemoApplication(
        "DEMO-SQ-012",
        DEPARTMENT,
        Status.NOT_PROCESSED,
        "历年能源消费统计原始数据",
        received_ago=40,
        outcome=Outcome.OTHER_FEE_UNPAID,
        applicant_type=ApplicantType.OTHER_ORG,
        steps=(
            (Action.FEE_NOTIFIED, Status.AWAITING_FEE),
            (Action.NOT_PROCESSED, Status.NOT_PROCESSED),
        ),
    ),
    *(
        DemoApplication(
            f"DEMO-SQ-{13 + i:03d}",
            CITY if i % 2 == 0 else DEPARTMENT,
            Status.ANSWERED,
            title,
            received_ago=25,
            reply_type=reply,
            outcome=outcome,
            applicant_type=ApplicantType.values[i % len(ApplicantType.values)],
            steps=((Action.ANSWERED, Status.ANSWERED),),
        )
        for i, (reply, outcome, title) in enumerate(_ANSWERS)
    ),
]
# Received at the end of last year, answered this year (上年结转).
CARRIED_OVER = "DEMO-SQ-099"


def _office(slug: str) -> DisclosureOffice:
    spec = next(s for s in SITES if s.slug == slug)
    organization = Organization.objects.get(name=ORGANIZATIONS[slug].name)
    profile = SiteProfile.objects.get(root_page__slug=slug)
    office, _created = DisclosureOffice.objects.get_or_create(
        organization=organization,
        defaults={
            "site": profile,
            "name": f"{organization.name}政府信息公开工作机构",
            "address": spec.address or "示范市人民路1号",
            "postcode": "250001",
            "phone": spec.phone or "0531-12345678",
            "email": spec.email,
            "hours": "工作日 9:00-12:00，13:30-17:00",
        },
    )
    return office


def _working_days_before(day: datetime.date, n: int) -> datetime.date:
    """A day with ``n`` working days after it up to ``day``."""
    candidate = day - datetime.timedelta(days=n * 7 // 5)
    while working_days_between(candidate, day) < n:
        candidate -= datetime.timedelta(days=1)
    return candidate


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _build(spec: DemoApplication, organization, received, today):
    """The application of ``spec`` received on ``received`` (None: not yet),
    as it stands on ``today``, and its event log."""
    submitted = received or today
    natural = spec.applicant_type == ApplicantType.NATURAL
    application = Application(
        organization=organization,
        registration_number=spec.number,
        query_code=spec.number.replace("-", "").ljust(12, "0"),
        channel=spec.channel,
        applicant_type=spec.applicant_type,
        name="示范申请人" if natural else "示范单位",
        id_type=IdType.RESIDENT_ID if natural else "",
        phone="0531-80000000",
        info_title=spec.title,
        info_description=f"申请公开：{spec.title}。",
        delivery_form=DeliveryForm.ELECTRONIC,
        delivery_channel=DeliveryChannel.EMAIL,
        submitted_at=_moment(submitted, 9),
        received_on=received,
        status=spec.status,
        reply_type=spec.reply_type,
        outcome=spec.outcome,
    )
    if received is not None:
        extension = 20 if spec.status == Status.EXTENDED else 0
        application.extension_days = extension
        if extension:
            application.extension_reason = "涉及多年度资料，需调档整理。"
        application.due_date = answer_due(received, extension_days=extension)
    if spec.status in (Status.THIRD_PARTY, Status.INTER_AGENCY):
        application.paused_since = add_working_days(received, 2)
        application.consultation_due = third_party_due(application.paused_since)
    if spec.status == Status.AWAITING_CORRECTION:
        application.paused_since = add_working_days(received, 1)
        application.correction_due = correction_notice_due(application.paused_since)
    if spec.status in (Status.AWAITING_FEE, Status.EXCESSIVE_REVIEW):
        application.paused_since = add_working_days(received, 2)
    if spec.status in (Status.AWAITING_FEE, Status.NOT_PROCESSED):
        application.fee_method = FeeMethod.PER_VOLUME
        application.fee_amount = 1400
        application.fee_due = add_working_days(received, 22)
    closed = spec.status in (Status.ANSWERED, Status.WITHDRAWN, Status.NOT_PROCESSED)
    if closed:
        application.closed_on = min(add_working_days(received, 12), today)
    first = Action.SUBMITTED if spec.channel == Channel.ONLINE else Action.REGISTERED
    steps = [(first, Status.SUBMITTED if received is None else R)]
    if spec.channel == Channel.ONLINE and received is not None:
        steps.append((Action.RECEIPT_CONFIRMED, R))
    steps += list(spec.steps)
    events, before = [], ""
    for number, (action, after) in enumerate(steps):
        day = min(add_working_days(submitted, number), today)
        if closed and number == len(steps) - 1:
            day = application.closed_on
        events.append(
            ApplicationEvent(
                application=application,
                action=action,
                at=_moment(day, 10 + number),
                from_status=before,
                to_status=after,
                note="演示数据",
            )
        )
        before = after
    return application, events


def load_demo_applications() -> None:
    today = timezone.localdate()
    offices = {slug: _office(slug) for slug in (CITY, DEPARTMENT)}
    existing = set(
        Application.objects.filter(
            registration_number__startswith="DEMO-SQ-"
        ).values_list("registration_number", flat=True)
    )
    # Received on the last working days of last year, answered in January.
    carried = DemoApplication(
        CARRIED_OVER,
        CITY,
        Status.ANSWERED,
        "上年度受理的城市更新规划文本",
        reply_type=ReplyType.DISCLOSED,
        outcome=Outcome.DISCLOSED,
        steps=((Action.ANSWERED, Status.ANSWERED),),
    )
    specs = [
        (
            spec,
            None
            if spec.received_ago is None
            else _working_days_before(today, spec.received_ago),
        )
        for spec in APPLICATIONS
    ]
    specs.append((carried, _working_days_before(datetime.date(today.year, 1, 1), 3)))
    applications, events = [], []
    for spec, received in specs:
        if spec.number in existing:
            continue
        organization = offices[spec.site].organization
        application, log = _build(spec, organization, received, today)
        applications.append(application)
        events += log
    Application.objects.bulk_create(applications)
    for event in events:
        event.application_id = event.application.pk
    ApplicationEvent.objects.bulk_create(events)
    _appeals(offices, today)


def _appeals(offices, today) -> None:
    year = today.year
    records = [
        (
            offices[CITY].organization,
            f"示范复决字〔{year}〕1号",
            AppealKind.REVIEW,
            datetime.date(year, 2, 10),
            AppealResult.UPHELD,
            datetime.date(year, 4, 8),
        ),
        (
            offices[DEPARTMENT].organization,
            f"示范行初字〔{year}〕2号",
            AppealKind.LAWSUIT_DIRECT,
            datetime.date(year, 3, 15),
            AppealResult.PENDING,
            None,
        ),
    ]
    for organization, case_number, kind, filed, result, decided in records:
        AppealRecord.objects.get_or_create(
            organization=organization,
            case_number=case_number,
            defaults={
                "kind": kind,
                "filed_on": min(filed, today),
                "result": result,
                "decided_on": min(decided, today) if decided else None,
            },
        )
