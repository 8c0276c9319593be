"""Online interviews on each site's own host: list, detail, questions, live feed."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.test import TestCase, override_settings
from django.urls import reverse

from interaction.choices import InterviewStatus, Moderation
from interaction.models import InterviewQuestion
from interaction.services import interviews as services
from tests.interaction.test_interviews_admin import ask, make_interview
from tests.site_registry.factories import open_city

FGW = {"HTTP_HOST": "fgw.city.localhost"}
JYJ = {"HTTP_HOST": "jyj.city.localhost"}
ID_NUMBER = "11010519491231002X"
MOBILE = "13812345678"


class PublicInterviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city, cls.fgw, cls.jyj = open_city()
        cls.interview = make_interview(
            cls.fgw,
            slug="yingshang",
            title="优化营商环境在线访谈",
            is_published=True,
            status=InterviewStatus.LIVE,
            video_url="https://video.example.gov.cn/live/1",
            transcript="主持人：欢迎收看。\n\n张三：谢谢大家。",
        )
        cls.hidden = make_interview(cls.fgw, slug="weifabu", title="未发布的访谈")
        cls.other = make_interview(
            cls.jyj, slug="jiaoyu", title="教育局的访谈", is_published=True
        )
        cls.approved = ask(
            cls.interview,
            f"我的手机号是{MOBILE}，身份证{ID_NUMBER}，贴息怎么申请？",
            asker_name="市民甲",
            moderation=Moderation.APPROVED,
            answer="可在政务服务网在线申请。",
            answered_by="张三",
            answered_live=True,
        )
        cls.pending = ask(cls.interview, "还在审核中的问题")
        cls.rejected = ask(
            cls.interview, "未通过审核的问题", moderation=Moderation.REJECTED
        )

    def detail_url(self, slug="yingshang"):
        return reverse("interaction:interview_detail", args=[slug])

    def live_url(self, slug="yingshang"):
        return reverse("interaction:interview_live", args=[slug])

    # --- list and detail ---

    def test_list_shows_only_this_sites_published_interviews(self):
        response = self.client.get(reverse("interaction:interview_list"), **FGW)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "优化营商环境在线访谈")
        self.assertNotContains(response, "未发布的访谈")
        self.assertNotContains(response, "教育局的访谈")

    def test_detail_shows_the_interview_and_approved_questions_masked(self):
        response = self.client.get(self.detail_url(), **FGW)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for text in (
            "优化营商环境在线访谈",
            "张三，示范市发展和改革委员会主任",
            "营商环境",
            "https://video.example.gov.cn/live/1",
            "主持人：欢迎收看。",
            "贴息怎么申请",
            "可在政务服务网在线申请。",
            "现场答复",
        ):
            self.assertIn(text, html)
        self.assertNotIn(MOBILE, html)
        self.assertNotIn(ID_NUMBER, html)
        self.assertNotIn("还在审核中的问题", html)
        self.assertNotIn("未通过审核的问题", html)

    def test_other_sites_and_unpublished_interviews_are_404(self):
        self.assertEqual(
            self.client.get(self.detail_url("jiaoyu"), **FGW).status_code, 404
        )
        self.assertEqual(
            self.client.get(self.detail_url("yingshang"), **JYJ).status_code, 404
        )
        self.assertEqual(
            self.client.get(self.detail_url("weifabu"), **FGW).status_code, 404
        )
        self.assertEqual(
            self.client.get(self.live_url("jiaoyu"), **FGW).status_code, 404
        )
        self.assertEqual(
            self.client.get(self.detail_url("jiaoyu"), **JYJ).status_code, 200
        )

    def test_live_script_is_a_same_origin_file_under_the_strict_policy(self):
        response = self.client.get(self.detail_url(), **FGW)
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy.split("script-src")[1].split(";")[0])
        soup = BeautifulSoup(response.content, "html.parser")
        scripts = soup.find_all("script")
        self.assertTrue(all(s.get("src") and not s.string for s in scripts))
        self.assertTrue(
            any(s["src"].endswith("interaction/interview-live.js") for s in scripts)
        )
        self.assertIsNotNone(finders.find("interaction/interview-live.js"))
        root = soup.select_one("#interview")
        self.assertEqual(root["data-live-url"], self.live_url())
        self.assertTrue(root["data-cursor"].isdigit())

    # --- the question form ---

    def post_question(self, **data):
        return self.client.post(self.detail_url(), data, **FGW)

    def test_question_is_stored_pending_and_not_shown(self):
        response = self.post_question(asker_name="网友乙", content="创业补贴何时发放？")
        self.assertEqual(response.status_code, 302)
        question = InterviewQuestion.objects.get(content="创业补贴何时发放？")
        self.assertEqual(question.moderation, Moderation.PENDING)
        self.assertEqual(question.asker_name, "网友乙")
        self.assertEqual(question.submitter_ip, "127.0.0.1")
        page = self.client.get(response["Location"], **FGW)
        self.assertContains(page, "您的问题已提交，审核通过后显示。")
        self.assertNotContains(page, "创业补贴何时发放？")

    def test_bad_input_gets_chinese_errors_and_nothing_is_saved(self):
        count = InterviewQuestion.objects.count()
        for data, error in (
            ({"content": ""}, "请填写您的问题。"),
            ({"content": "短"}, "问题至少需要5个字。"),
            ({"content": "很" * 501}, "问题不能超过500个字。"),
            (
                {"content": "正常的问题内容", "asker_name": "名" * 51},
                "昵称不能超过50个字。",
            ),
        ):
            response = self.post_question(**data)
            self.assertEqual(response.status_code, 400)
            self.assertContains(response, error, status_code=400)
        self.assertEqual(InterviewQuestion.objects.count(), count)

    def test_honeypot_keeps_nothing(self):
        count = InterviewQuestion.objects.count()
        response = self.post_question(
            content="机器人发的问题内容", website="http://spam"
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(InterviewQuestion.objects.count(), count)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_rate_limit_per_client_address(self):
        def post(ip, n):
            return self.client.post(
                self.detail_url(),
                {"content": f"第{n}个问题的内容"},
                HTTP_X_FORWARDED_FOR=ip,
                **FGW,
            )

        for n in range(services.QUESTION_LIMIT):
            self.assertEqual(post("203.0.113.7", n).status_code, 302)
        response = post("203.0.113.7", 99)
        self.assertContains(response, "提问过于频繁，请稍后再试。", status_code=429)
        self.assertFalse(
            InterviewQuestion.objects.filter(content="第99个问题的内容").exists()
        )
        # Another address is not held back; a forged one is not stored.
        self.assertEqual(post("203.0.113.8", 100).status_code, 302)
        self.assertEqual(post("not-an-address", 101).status_code, 302)
        stored = InterviewQuestion.objects.get(content="第101个问题的内容")
        self.assertIsNone(stored.submitter_ip)

    def test_no_questions_after_the_end(self):
        self.interview.status = InterviewStatus.FINISHED
        self.interview.save()
        page = self.client.get(self.detail_url(), **FGW)
        self.assertNotContains(page, "我要提问")
        response = self.post_question(content="结束后才来的问题")
        self.assertEqual(response.status_code, 404)

    # --- the live feed ---

    def test_live_json_returns_what_changed_since_the_cursor(self):
        first = self.client.get(self.live_url(), **FGW)
        self.assertEqual(first.status_code, 200)
        data = first.json()
        self.assertEqual(data["status"], "live")
        self.assertEqual([q["id"] for q in data["questions"]], [self.approved.pk])
        self.assertNotIn(MOBILE, first.content.decode())
        self.assertEqual(data["transcript"], ["主持人：欢迎收看。", "张三：谢谢大家。"])
        cursor = data["cursor"]

        quiet = self.client.get(self.live_url(), {"since": cursor}, **FGW).json()
        self.assertEqual(quiet["questions"], [])
        self.assertIsNone(quiet["transcript"])
        self.assertEqual(quiet["cursor"], cursor)

        services.update_question(
            question=self.pending,
            moderation=Moderation.APPROVED,
            answer="",
            answered_by="",
            answered_live=False,
        )
        news = self.client.get(self.live_url(), {"since": cursor}, **FGW).json()
        self.assertEqual([q["id"] for q in news["questions"]], [self.pending.pk])
        self.assertEqual(news["questions"][0]["content"], "还在审核中的问题")
        self.assertGreater(int(news["cursor"]), int(cursor))

        services.update_question(
            question=self.pending,
            moderation=Moderation.REJECTED,
            answer="",
            answered_by="",
            answered_live=False,
        )
        gone = self.client.get(self.live_url(), {"since": news["cursor"]}, **FGW).json()
        self.assertEqual(gone["questions"], [])
        self.assertEqual(gone["withdrawn"], [self.pending.pk])

    def test_live_json_refuses_a_bad_cursor(self):
        for since in ("abc", "-1", "1" * 30):
            response = self.client.get(self.live_url(), {"since": since}, **FGW)
            self.assertEqual(response.status_code, 400, since)
