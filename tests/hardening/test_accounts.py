"""Lockout, two-factor authentication, password rules, sessions and the audit log."""

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupPagePermission, ModelLogEntry, Page

from tests.two_factor import confirmed_device, current_token

PASSWORD = "Long-enough-Pw-2026"
LOGIN = "/admin/login/"


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


class LockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user("zhang", password=PASSWORD)
        cls.other = get_user_model().objects.create_user("li", password=PASSWORD)
        access = Group.objects.create(name="editors-lock")
        access.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.user.groups.add(access)
        cls.other.groups.add(access)

    def test_user_locked_after_five_failures_and_reset_by_command(self):
        for _ in range(4):
            response = _login(self.client, "zhang", "wrong", ip="10.0.0.1")
            self.assertEqual(response.status_code, 200)
        # The fifth failure locks the account ...
        response = _login(self.client, "zhang", "wrong", ip="10.0.0.1")
        self.assertEqual(response.status_code, 429)
        # ... so even the right password from another address is refused.
        response = _login(self.client, "zhang", PASSWORD, ip="10.0.0.9")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "登录失败次数过多", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        call_command("axes_reset_username", "zhang")
        response = _login(self.client, "zhang", PASSWORD, ip="10.0.0.9")
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)

    def test_failures_from_one_address_do_not_lock_other_users(self):
        # Behind a proxy with TRUSTED_PROXY_COUNT=0 every request has the proxy's
        # address: an attacker guessing names must not lock everyone out.
        for index in range(6):
            _login(self.client, f"guess{index}", "wrong", ip="10.0.0.2")
        for _ in range(5):
            _login(self.client, "zhang", "wrong", ip="10.0.0.2")
        response = _login(self.client, "li", PASSWORD, ip="10.0.0.2")
        self.assertEqual(response.status_code, 302)
        # The attacked name itself is locked, from that address and any other.
        self.assertEqual(
            _login(self.client, "zhang", PASSWORD, ip="10.0.0.2").status_code, 429
        )
        self.assertEqual(
            _login(self.client, "zhang", PASSWORD, ip="10.0.0.3").status_code, 429
        )
        call_command("axes_reset_ip", "10.0.0.2")
        self.assertFalse(AccessAttempt.objects.filter(ip_address="10.0.0.2").exists())

    def test_success_resets_the_counter(self):
        for _ in range(4):
            _login(self.client, "zhang", "wrong", ip="10.0.0.4")
        self.assertEqual(
            _login(self.client, "zhang", PASSWORD, ip="10.0.0.4").status_code, 302
        )
        self.client.logout()
        for _ in range(4):
            _login(self.client, "zhang", "wrong", ip="10.0.0.4")
        self.assertEqual(
            _login(self.client, "zhang", PASSWORD, ip="10.0.0.4").status_code, 302
        )

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_proxy_the_forwarded_address_counts(self):
        for _ in range(5):
            self.client.post(
                LOGIN,
                {"username": "nobody", "password": "x"},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR="203.0.113.7",
            )
        self.assertTrue(AccessAttempt.objects.filter(ip_address="203.0.113.7").exists())
        response = self.client.post(
            LOGIN,
            {"username": "li", "password": PASSWORD},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
        self.assertEqual(response.status_code, 302)


class AuditLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user("wang", password=PASSWORD)

    def _entries(self, action):
        return ModelLogEntry.objects.filter(action=action)

    def test_login_failure_and_logout_are_logged_with_the_address(self):
        _login(self.client, "wang", "wrong", ip="10.1.0.1")
        _login(self.client, "ghost", "wrong", ip="10.1.0.2")
        failures = self._entries("hardening.login_failed").order_by("timestamp")
        self.assertEqual(
            [(e.object_id, e.data["username"], e.data["ip"]) for e in failures],
            [(str(self.user.pk), "wang", "10.1.0.1"), ("unknown", "ghost", "10.1.0.2")],
        )
        _login(self.client, "wang", PASSWORD, ip="10.1.0.3")
        login = self._entries("hardening.login").get()
        self.assertEqual((login.user, login.data["ip"]), (self.user, "10.1.0.3"))
        self.client.logout()
        self.assertEqual(self._entries("hardening.logout").get().user, self.user)

    def test_group_and_permission_changes_are_logged(self):
        group = Group.objects.create(name="site-x-editors")
        self.user.groups.add(group)
        entry = self._entries("hardening.groups_changed").get()
        self.assertEqual(entry.object_id, str(self.user.pk))
        self.assertEqual(entry.data["groups"], ["site-x-editors"])
        publish = Permission.objects.get(codename="publish_page")
        GroupPagePermission.objects.create(
            group=group, page=Page.get_first_root_node(), permission=publish
        )
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        changes = self._entries("hardening.permissions_changed").order_by("timestamp")
        self.assertEqual(
            [e.data["permissions"] for e in changes],
            [["publish_page"], ["wagtailadmin.access_admin"]],
        )
        self.assertTrue(all(e.object_id == str(group.pk) for e in changes))


class TwoFactorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        user_model = get_user_model()
        cls.office = user_model.objects.create_superuser("office", password=PASSWORD)
        access = Permission.objects.get(codename="access_admin")
        cls.editor = user_model.objects.create_user("editor", password=PASSWORD)
        editors = Group.objects.create(name="fgw-编辑")
        editors.permissions.add(access)
        cls.editor.groups.add(editors)
        cls.reviewer = user_model.objects.create_user("reviewer", password=PASSWORD)
        reviewers = Group.objects.create(name="fgw-保密审查")
        reviewers.permissions.add(access)
        cls.reviewer.groups.add(reviewers)

    def test_office_must_enrol_then_verify_on_every_login(self):
        response = _login(self.client, "office", PASSWORD)
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        response = self.client.get("/admin/pages/")
        setup = reverse("hardening:totp_setup")
        self.assertRedirects(response, f"{setup}?next=/admin/pages/")
        response = self.client.get(setup)
        self.assertContains(response, "<svg")
        device = TOTPDevice.objects.get(user=self.office, confirmed=False)
        response = self.client.post(setup, {"token": "000000", "next": "/admin/"})
        self.assertContains(response, "动态口令不正确")
        device.refresh_from_db()
        device.throttle_reset()  # django-otp delays the next try after a failure
        response = self.client.post(
            setup, {"token": current_token(device), "next": "/admin/pages/"}
        )
        self.assertRedirects(response, "/admin/pages/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/pages/").status_code, 200)
        self.assertTrue(
            ModelLogEntry.objects.filter(action="hardening.otp_enrolled").exists()
        )

        self.client.logout()
        _login(self.client, "office", PASSWORD)
        verify = reverse("hardening:totp_verify")
        self.assertRedirects(self.client.get("/admin/"), f"{verify}?next=/admin/")
        response = self.client.post(verify, {"token": "12345", "next": "/admin/"})
        self.assertContains(response, "请输入 6 位数字动态口令")
        device.refresh_from_db()
        # A TOTP code is accepted once; let this test reuse the current step.
        device.last_t = -1
        device.save()
        response = self.client.post(
            verify, {"token": current_token(device), "next": "/admin/"}
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_reviewers_must_use_two_factors(self):
        _login(self.client, "reviewer", PASSWORD)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("hardening:totp_setup"), response["Location"])

    def test_editors_may_but_need_not(self):
        _login(self.client, "editor", PASSWORD)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        # Once an editor has enrolled, the code is asked for at every login.
        confirmed_device(self.editor)
        self.client.logout()
        _login(self.client, "editor", PASSWORD)
        response = self.client.get("/admin/")
        self.assertIn(reverse("hardening:totp_verify"), response["Location"])

    def test_next_url_cannot_leave_the_site(self):
        _login(self.client, "office", PASSWORD)
        device = confirmed_device(self.office)
        response = self.client.post(
            reverse("hardening:totp_verify"),
            {"token": current_token(device), "next": "https://evil.example/"},
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)


class PasswordAndSessionTests(TestCase):
    def test_password_needs_three_character_classes(self):
        with self.assertRaises(ValidationError) as caught:
            validate_password("onlylowercaseletters")
        self.assertIn("至少 3 类", " ".join(caught.exception.messages))
        with self.assertRaises(ValidationError):
            validate_password("Short-1")  # fewer than 10 characters
        validate_password("Lower-and-Upper-2026")

    def test_session_expires_after_thirty_idle_minutes(self):
        user = get_user_model().objects.create_user("zhao", password=PASSWORD)
        _login(self.client, "zhao", PASSWORD)
        self.assertEqual(self.client.session.get_expiry_age(), 30 * 60)
        self.assertEqual(user.pk, int(self.client.session["_auth_user_id"]))
        from django.conf import settings

        # Every request renews the session, so only inactivity ends it.
        self.assertTrue(settings.SESSION_SAVE_EVERY_REQUEST)


class LogoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user("zhao", password=PASSWORD)
        access = Group.objects.create(name="editors-logout")
        access.permissions.add(Permission.objects.get(codename="access_admin"))
        cls.user.groups.add(access)

    def test_get_does_not_log_out(self):
        # An <img src="/admin/logout/"> on any page must not end the session.
        self.client.force_login(self.user)
        response = self.client.get("/admin/logout/")
        self.assertEqual(response.status_code, 405)
        # Browsers drop a cookie set with Max-Age=0 (the test client does not).
        cookie = response.cookies.get("sessionid")
        if cookie is not None:  # refreshed by SESSION_SAVE_EVERY_REQUEST
            self.assertNotEqual(cookie["max-age"], 0)
            self.assertNotIn("1970", cookie["expires"])
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_post_logs_out(self):
        self.client.force_login(self.user)
        response = self.client.post("/admin/logout/")
        self.assertRedirects(response, "/admin/login/", fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get("/admin/").status_code, 302)
