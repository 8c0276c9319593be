"""Writes of the inspection: runs with checkpoints, the finding lifecycle,
scores, probes, and rectification (整改)."""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from inspection import rules as rule_registry
from inspection.choices import ACTIVE_STATUSES, FindingStatus, RunStatus
from inspection.linkcheck import fetch
from inspection.models import (
    Finding,
    InspectionPointsSettings,
    InspectionRun,
    ProbeResult,
    RunStep,
    SiteScore,
)
from inspection.rules.base import FoundProblem, InspectionContext
from inspection.scoring import score_findings
from inspection.selectors import (
    can_audit,
    can_start_runs,
    inspected_sites,
    sites_of_user,
)

logger = logging.getLogger(__name__)

# A probe fails when no page arrives within 15 s (V2, docs/domain.md d2).
PROBE_TIMEOUT = 15


class InspectionError(Exception):
    pass


class RunAlreadyRunning(InspectionError):
    def __init__(self, run):
        message = _("检查任务 #%(pk)s 正在运行，请等待其完成。") % {"pk": run.pk}
        super().__init__(message)
        self.run = run


# -- runs -------------------------------------------------------------------


def _selected_rules(checks: list[str]):
    registry = rule_registry.all_rules()
    unknown = [name for name in checks if name not in registry]
    if unknown:
        raise InspectionError(
            _("没有名为“%(names)s”的检查项。可用的检查项：%(known)s")
            % {"names": "、".join(unknown), "known": "、".join(registry)}
        )
    return [registry[name] for name in checks] if checks else list(registry.values())


def start_or_resume_run(
    *,
    site_codes: list[str] | None = None,
    checks: list[str] | None = None,
    resume: bool = False,
    today: datetime.date | None = None,
    started_by=None,
) -> InspectionRun:
    if resume:
        run = (
            InspectionRun.objects.filter(
                status__in=[RunStatus.RUNNING, RunStatus.INTERRUPTED]
            )
            .order_by("-started_at")
            .first()
        )
        if run is None:
            raise InspectionError(_("没有可以继续的未完成检查任务。"))
        return run
    site_codes = list(site_codes or [])
    checks = list(checks or [])
    _selected_rules(checks)  # reject unknown names before recording anything
    if site_codes:
        found = set(inspected_sites(codes=site_codes).values_list("code", flat=True))
        missing = [code for code in site_codes if code not in found]
        if missing:
            raise InspectionError(
                _("找不到正常运行的网站：%(codes)s") % {"codes": "、".join(missing)}
            )
    return InspectionRun.objects.create(
        site_codes=site_codes,
        checks=checks,
        today=today or timezone.localdate(),
        started_by=started_by,
    )


def start_run_now(
    *,
    user,
    dispatch: Callable[[int], None],
    today: datetime.date | None = None,
) -> InspectionRun:
    """立即检查: record a run of every site and hand it to the background;
    ``today`` runs it for a past day (default today).

    One run at a time: while one is running, pressing the button again starts
    nothing. The run starts once the request's transaction has committed, by
    ``dispatch(run_id)`` (``inspection.tasks.dispatch_run``: the tasks call
    these services, so the caller passes it in).
    """
    if not can_start_runs(user=user):
        raise PermissionDenied
    with transaction.atomic():
        running = (
            InspectionRun.objects.select_for_update()
            .filter(status=RunStatus.RUNNING)
            .first()
        )
        if running is not None:
            raise RunAlreadyRunning(running)
        run = start_or_resume_run(started_by=user, today=today)
        transaction.on_commit(lambda: dispatch(run.pk))
    return run


def execute_run(run: InspectionRun, *, progress: bool = False) -> InspectionRun:
    """Run every (site, rule) step of ``run`` not yet done; resumable.

    Each step commits on its own, so an interruption keeps every finished
    step's findings and a resumed run skips them. A rule that fails on a site is
    logged and leaves that site's findings of that rule untouched.
    """
    rules = _selected_rules(run.checks)
    sites = list(inspected_sites(codes=run.site_codes or None))
    done = set(run.steps.values_list("site_id", "rule"))
    run.steps_total = len(sites) * len(rules)
    run.steps_done = len(done)
    run.status = RunStatus.RUNNING
    run.save(update_fields=["steps_total", "steps_done", "status"])
    context = InspectionContext(today=run.today)
    bar = tqdm(
        total=run.steps_total,
        initial=run.steps_done,
        disable=not progress,
        desc=_("网站检查"),
        unit=_("步"),
    )
    try:
        for site in sites:
            for rule in rules:
                if (site.pk, rule.name) in done:
                    continue
                bar.set_postfix_str(f"{site.code or site.pk} {rule.name}")
                _run_step(run, site, rule, context)
                bar.update(1)
            record_score(run=run, site=site)
    except BaseException:
        InspectionRun.objects.filter(pk=run.pk).update(status=RunStatus.INTERRUPTED)
        run.status = RunStatus.INTERRUPTED
        raise
    finally:
        bar.close()
    run.refresh_from_db(fields=["steps_done", "findings_count"])
    run.status = RunStatus.COMPLETE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


def _run_step(run, site, rule, context) -> None:
    started = time.monotonic()
    try:
        reason = rule.not_checked(site=site, context=context)
        problems = [] if reason else list(rule.check(site=site, context=context))
    except Exception as error:  # one broken rule must not stop the daily run
        logger.exception("inspection rule %s failed on site %s", rule.name, site.pk)
        with transaction.atomic():
            RunStep.objects.create(
                run=run, site=site, rule=rule.name, error=str(error)[:300]
            )
            InspectionRun.objects.filter(pk=run.pk).update(
                steps_done=F("steps_done") + 1
            )
        return
    with transaction.atomic():
        if not reason:
            sync_findings(
                site=site, rule_name=rule.name, problems=problems, today=run.today
            )
        RunStep.objects.create(
            run=run,
            site=site,
            rule=rule.name,
            findings_count=len(problems),
            not_checked=reason[:300],
        )
        InspectionRun.objects.filter(pk=run.pk).update(
            steps_done=F("steps_done") + 1,
            findings_count=F("findings_count") + len(problems),
        )
    logger.debug(
        "inspection %s on %s: %d problems in %.2fs",
        rule.name,
        site.pk,
        len(problems),
        time.monotonic() - started,
    )


def run_inspection(
    *,
    site_codes: list[str] | None = None,
    checks: list[str] | None = None,
    resume: bool = False,
    today: datetime.date | None = None,
    progress: bool = False,
) -> InspectionRun:
    run = start_or_resume_run(
        site_codes=site_codes, checks=checks, resume=resume, today=today
    )
    return execute_run(run, progress=progress)


# -- finding lifecycle --------------------------------------------------------


def sync_findings(
    *,
    site,
    rule_name: str,
    problems: list[FoundProblem],
    today: datetime.date | None = None,
) -> None:
    """Match a complete result of one rule on one site against stored findings.

    New problems open findings; problems seen again update ``last_seen`` (and
    reopen closed ones, or send a finding marked fixed back to rectification);
    active findings the rule no longer produces are closed.
    """
    now = timezone.now()
    today = today or timezone.localdate()
    existing = {f.key: f for f in Finding.objects.filter(site=site, rule=rule_name)}
    unique = {problem.key: problem for problem in problems}
    urls = public_urls(problems)
    to_create, to_update = [], []
    for key, problem in unique.items():
        finding = existing.get(key)
        if finding is None:
            to_create.append(
                Finding(
                    site=site,
                    rule=rule_name,
                    key=key,
                    indicator=problem.indicator,
                    severity=problem.severity,
                    item=problem.item,
                    checked_on=today,
                    page_id=problem.page_id,
                    target=urls.get(problem.key, "")[:1000],
                    message=problem.message[:500],
                    evidence=problem.evidence,
                    first_seen=now,
                    last_seen=now,
                )
            )
            continue
        finding.indicator = problem.indicator
        finding.severity = problem.severity
        finding.item = problem.item
        finding.checked_on = today
        finding.page_id = problem.page_id
        finding.target = urls.get(problem.key, "")[:1000]
        finding.message = problem.message[:500]
        finding.evidence = problem.evidence
        finding.last_seen = now
        if finding.status == FindingStatus.CLOSED:
            finding.status = FindingStatus.OPEN
            finding.closed_at = None
            finding.times_reopened += 1
        elif finding.status == FindingStatus.FIXED:
            # Marked fixed but still there: verification failed.
            finding.status = FindingStatus.ASSIGNED
            finding.times_reopened += 1
        to_update.append(finding)
    for key, finding in existing.items():
        if key not in unique and finding.status in ACTIVE_STATUSES:
            finding.status = FindingStatus.CLOSED
            finding.closed_at = now
            to_update.append(finding)
    Finding.objects.bulk_create(to_create, batch_size=500)
    Finding.objects.bulk_update(
        to_update,
        [
            "indicator",
            "severity",
            "item",
            "checked_on",
            "page",
            "target",
            "message",
            "evidence",
            "last_seen",
            "status",
            "closed_at",
            "times_reopened",
        ],
        batch_size=500,
    )


def public_urls(problems: list[FoundProblem]) -> dict[str, str]:
    """What a finding shows as its address: the page's public URL on its site's
    own domain (problem key -> URL).

    A rule's ``target`` is the page's place in the tree, which keeps a
    finding's identity stable when a domain changes; auditors never see it. A
    target that is already a web address (a link) is shown as it is.
    """
    from wagtail.models import Page

    ids = {problem.page_id for problem in problems if problem.page_id}
    # Specific pages: a page type may route its URL its own way.
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    urls = {}
    for problem in problems:
        page = pages.get(problem.page_id)
        url = page.get_full_url() if page is not None else None
        url = url or problem.link
        if not url and problem.target.startswith(("http://", "https://")):
            url = problem.target
        urls[problem.key] = url or ""
    return urls


def office_points() -> dict:
    """The office's points per deduction finding (检查扣分标准)."""
    return InspectionPointsSettings.load().points()


def record_score(*, run: InspectionRun, site) -> SiteScore:
    findings = Finding.objects.filter(site=site, status__in=ACTIVE_STATUSES).only(
        "indicator", "severity", "item", "page_id", "message"
    )
    result = score_findings(
        findings, home_page_id=site.root_page_id, points=office_points()
    )
    score, _created = SiteScore.objects.update_or_create(
        run=run,
        site=site,
        defaults={
            "score": result.score,
            "vetoed": result.vetoed,
            "passed": result.passed,
            "veto_indicators": result.veto_indicators,
            "deductions": result.deductions,
            "lines": result.lines,
        },
    )
    return score


# -- probes ---------------------------------------------------------------------


def probe_url(site) -> str | None:
    domain = site.primary_domain
    if domain is None:
        return None
    template = getattr(settings, "INSPECTION_PROBE_URL", "https://{host}/")
    return template.format(host=domain.hostname)


def probe_sites(*, timeout: float | None = None) -> list[ProbeResult]:
    """Fetch every open full site's primary domain once and store the outcome."""
    from concurrent.futures import ThreadPoolExecutor

    if timeout is None:
        timeout = getattr(settings, "INSPECTION_PROBE_TIMEOUT", PROBE_TIMEOUT)

    sites = [
        site
        for site in inspected_sites().prefetch_related("domains")
        if not site.is_subsite and probe_url(site)
    ]

    def one(site):
        url = probe_url(site)
        started = time.monotonic()
        status = fetch(url, timeout=timeout)
        return site, url, status, int(1000 * (time.monotonic() - started))

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(one, sites))
    now = timezone.now()
    return ProbeResult.objects.bulk_create(
        [
            ProbeResult(
                site=site,
                url=url,
                checked_at=now,
                ok=status.ok,
                status_code=status.status_code,
                elapsed_ms=elapsed,
                error=status.error[:300],
            )
            for site, url, status, elapsed in outcomes
        ]
    )


# -- rectification (整改) -----------------------------------------------------


def assign_finding(
    *, finding: Finding, user, deadline: datetime.date, note: str = ""
) -> Finding:
    """An auditor hands an active finding to the site for rectification."""
    if not can_audit(user=user):
        raise PermissionDenied
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError(_("该问题已关闭，无需整改。"))
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("整改期限不能早于今天。")})
    finding.status = FindingStatus.ASSIGNED
    finding.deadline = deadline
    finding.assigned_by = user
    finding.assigned_at = timezone.now()
    if note:
        finding.note = note
    finding.save(
        update_fields=["status", "deadline", "assigned_by", "assigned_at", "note"]
    )
    return finding


def mark_fixed(*, finding: Finding, user, note: str = "") -> Finding:
    """A site editor reports the problem fixed; the next run verifies it."""
    if not sites_of_user(user=user).filter(pk=finding.site_id).exists():
        raise PermissionDenied
    if finding.status not in (FindingStatus.OPEN, FindingStatus.ASSIGNED):
        raise ValidationError(_("只有待处理或整改中的问题可以标记为已整改。"))
    note = (note or "").strip()
    if len(note) > 1000:
        raise ValidationError({"note": _("整改说明不能超过1000字。")})
    finding.status = FindingStatus.FIXED
    finding.fixed_by = user
    finding.fixed_at = timezone.now()
    finding.note = note or finding.note
    finding.save(update_fields=["status", "fixed_by", "fixed_at", "note"])
    return finding
