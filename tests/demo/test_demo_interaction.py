"""The demo's interaction data (issue #16): channels and messages on every open
site, one planted V5 defect, an interview, a solicitation and a survey."""

import io

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from demo import interaction as demo_interaction
from demo.cluster import SITES, V5_OVERDUE_SITE
from interaction.choices import (
    OPEN_STATUSES,
    ChannelKind,
    ConsultationKind,
    InterviewStatus,
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
    SurveyResponse,
)
from interaction.rules import due_date_for, v5_answer_limit
from site_registry.models import SiteProfile

pytestmark = pytest.mark.django_db

OPEN_SITES = [spec for spec in SITES if spec.is_open]


@pytest.fixture
def demo_cluster_with_content(module_demo_cluster_with_content, db):
    """Loaded once for this module (tests/conftest.py)."""
    return module_demo_cluster_with_content


def _site(slug):
    return SiteProfile.objects.get(root_page__slug=slug)


def _v5_overdue(now):
    """Counting messages still unanswered more than 3 months after receipt."""
    return [
        message
        for message in Message.objects.counting_for_v5()
        .filter(status__in=OPEN_STATUSES)
        .select_related("site__root_page")
        if v5_answer_limit(message.received_at) < now
    ]


@pytest.mark.parametrize("spec", OPEN_SITES, ids=lambda spec: spec.slug)
def test_every_open_site_has_a_counting_consultation_channel_with_every_state(
    demo_cluster_with_content, spec
):
    site = _site(spec.slug)
    channel = Channel.objects.get(site=site, slug="zxzx")
    assert channel.kind == ChannelKind.CONSULTATION
    assert channel.counts_for_v5 and channel.publish_replies
    assert channel.answer_days == 10
    assert set(channel.departments.all()) == set(site.organizations.all())
    statuses = set(channel.messages.values_list("status", flat=True))
    assert statuses == set(MessageStatus.values)
    messages = channel.messages.all()
    published = messages.filter(is_published=True)
    assert published.count() >= 3
    for message in published:
        assert message.status == MessageStatus.ANSWERED and message.wants_public
        assert message.answer and message.answer_department and message.answered_at
        assert message.received_at < message.answered_at <= message.published_at
        assert message.answered_at.date() <= message.due_date
    private = messages.get(status=MessageStatus.ANSWERED, wants_public=False)
    assert not private.is_published and private.answer
    spam = messages.get(status=MessageStatus.INVALID)
    assert spam.invalid_reason == "spam" and spam.invalid_note
    today = timezone.localdate()
    for message in messages:
        assert message.due_date == due_date_for(message.received_at, 10)
        assert message.received_at <= timezone.now()
        # Invented contacts: masked phone numbers, documentation IP addresses.
        assert "****" in message.contact_phone
        assert message.submitter_ip.startswith("192.0.2.")
    soon = messages.filter(status__in=OPEN_STATUSES, due_date__gte=today)
    assert soon.count() >= 4
    assert soon.filter(due_date__lte=today + relativedelta(days=16)).count() >= 4


def test_every_message_log_leads_to_its_state(demo_cluster_with_content):
    expected = {
        MessageStatus.RECEIVED: [MessageAction.SUBMITTED],
        MessageStatus.ASSIGNED: [MessageAction.SUBMITTED, MessageAction.ASSIGNED],
        MessageStatus.REPLIED: [
            MessageAction.SUBMITTED,
            MessageAction.ASSIGNED,
            MessageAction.REPLIED,
        ],
        MessageStatus.INVALID: [MessageAction.SUBMITTED, MessageAction.INVALIDATED],
    }
    answered = [
        MessageAction.SUBMITTED,
        MessageAction.ASSIGNED,
        MessageAction.REPLIED,
        MessageAction.APPROVED,
    ]
    messages = Message.objects.prefetch_related("events")
    assert messages.count() > 80
    for message in messages:
        events = list(message.events.all())
        actions = [event.action for event in events]
        if message.status == MessageStatus.ANSWERED:
            wanted = answered + ([MessageAction.PUBLISHED] * message.is_published)
        else:
            wanted = expected[message.status]
        assert actions == wanted, message.title
        assert events[0].at == message.received_at
        assert events[-1].to_status == message.status
        times = [event.at for event in events]
        assert times == sorted(times) and times[-1] <= timezone.now()
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_status == before.to_status


def test_exactly_one_site_is_planted_with_a_v5_overdue_message(
    demo_cluster_with_content,
):
    now = timezone.now()
    overdue = _v5_overdue(now)
    assert [m.site.root_page.slug for m in overdue] == [V5_OVERDUE_SITE]
    assert SiteProfile.objects.get(root_page__slug=V5_OVERDUE_SITE).level in {
        "township",
        "department",
    }
    message = overdue[0]
    assert message.channel.kind == ChannelKind.CONSULTATION
    four_months_ago = timezone.localdate() - relativedelta(months=4)
    assert timezone.localtime(message.received_at).date() == four_months_ago
    assert not message.answer and message.answered_at is None
    # Nothing else is late: the demo's other open messages are within their deadline.
    late = Message.objects.filter(
        status__in=OPEN_STATUSES, due_date__lt=timezone.localdate()
    )
    assert list(late) == [message]


def test_city_portal_channels(demo_cluster_with_content):
    site = _site("www")
    kinds = dict(Channel.objects.filter(site=site).values_list("kind", "counts_for_v5"))
    assert kinds == {
        ChannelKind.CONSULTATION: True,
        ChannelKind.LEADER_MAILBOX: True,
        ChannelKind.COMPLAINT: True,
        ChannelKind.ERROR_REPORT: True,
        ChannelKind.PETITION: False,
    }
    petition = Channel.objects.get(site=site, kind=ChannelKind.PETITION)
    assert petition.messages.exists()
    assert not petition.messages.filter(is_published=True).exists()
    for kind in (ChannelKind.LEADER_MAILBOX, ChannelKind.COMPLAINT):
        channel = Channel.objects.get(site=site, kind=kind)
        assert channel.messages.filter(is_published=True).exists()
        assert channel.messages.filter(status__in=OPEN_STATUSES).exists()


def test_city_portal_interview(demo_cluster_with_content):
    interview = Interview.objects.get(site=_site("www"))
    assert interview.status == InterviewStatus.FINISHED and interview.is_published
    assert len(interview.guests.splitlines()) == 2
    assert interview.topic and interview.transcript.count("【") >= 3
    assert interview.video_url.startswith("https://")
    assert interview.announced_at < interview.starts_at < interview.ends_at
    questions = InterviewQuestion.objects.filter(interview=interview)
    live = questions.filter(answered_live=True, moderation=Moderation.APPROVED)
    assert live.count() == 3
    for question in live:
        assert interview.starts_at <= question.answered_at <= interview.ends_at
    later = questions.get(answered_live=False, moderation=Moderation.APPROVED)
    assert later.answer and later.due_date
    assert interview.ends_at < later.answered_at
    assert timezone.localtime(later.answered_at).date() <= later.due_date
    assert questions.filter(moderation=Moderation.REJECTED, answer="").count() == 1


def test_city_portal_solicitation_with_feedback(demo_cluster_with_content):
    solicitation = Consultation.objects.get(
        site=_site("www"), kind=ConsultationKind.SOLICITATION
    )
    assert solicitation.is_published and solicitation.ends_at < timezone.now()
    assert solicitation.feedback
    assert solicitation.ends_at < solicitation.feedback_published_at < timezone.now()
    comments = ConsultationComment.objects.filter(consultation=solicitation)
    assert comments.filter(moderation=Moderation.APPROVED).count() >= 3
    for comment in comments:
        assert solicitation.starts_at <= comment.submitted_at <= solicitation.ends_at


def test_city_portal_survey_has_results(demo_cluster_with_content):
    survey = Consultation.objects.get(site=_site("www"), kind=ConsultationKind.SURVEY)
    assert survey.results_public and survey.is_published
    questions = list(survey.questions.all())
    assert 2 <= len(questions) <= 3
    assert SurveyResponse.objects.filter(consultation=survey).count() == 30
    for question in questions:
        answers = SurveyAnswer.objects.filter(question=question)
        assert answers.count() == 30
        votes = (
            question.options.annotate(votes=Count("answers"))
            .values_list("votes", flat=True)
            .order_by("sort_order")
        )
        if question.kind == QuestionKind.SINGLE:
            assert sum(votes) == 30
            assert all(answer.options.count() == 1 for answer in answers)
        else:
            assert sum(votes) > 30
        # Uneven results, so the bars of the results page differ.
        assert len(set(votes)) > 1


def test_running_twice_does_not_duplicate(demo_cluster_with_content):
    models = [
        Channel,
        Message,
        MessageEvent,
        Interview,
        InterviewQuestion,
        Consultation,
        ConsultationComment,
        SurveyResponse,
        SurveyAnswer,
    ]
    before = {model: model.objects.count() for model in models}
    codes = set(Message.objects.values_list("query_code", flat=True))
    call_command("load_demo_cluster", stdout=io.StringIO())
    assert {model: model.objects.count() for model in models} == before
    assert set(Message.objects.values_list("query_code", flat=True)) == codes


def test_home_quick_link_and_menu_lead_to_the_interaction_pages(
    client, demo_cluster_with_content
):
    html = client.get("/", HTTP_HOST="www.localhost").content.decode()
    # The column's page has the slug `interaction`: on a site's own host its
    # address is the interaction app's channel index.
    assert html.count('href="/interaction/"') >= 2  # menu and quick link


def _column_html(client):
    # The sub-site's column is a page of its own (the portal's /interaction/
    # is the interaction app's).
    response = client.get("/qtz/interaction/", HTTP_HOST="dc.localhost")
    assert response.status_code == 200
    return response.content.decode()


def test_column_links_only_the_routed_interaction_pages(
    client, demo_cluster_with_content
):
    html = _column_html(client)
    routed = demo_interaction.routed_links()
    for path, label in demo_interaction.INTERACTION_LINKS:
        assert (f'<a href="{path}">{label}</a>' in html) == ((path, label) in routed)


@override_settings(ROOT_URLCONF="tests.demo.urls_routed")
def test_column_links_the_interaction_pages_once_routed(
    client, demo_cluster_with_content
):
    call_command("load_demo_cluster", stdout=io.StringIO())
    html = _column_html(client)
    for path, label in demo_interaction.INTERACTION_LINKS:
        assert f'<a href="{path}">{label}</a>' in html
