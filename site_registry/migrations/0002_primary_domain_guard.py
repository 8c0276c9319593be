"""Every full site keeps exactly one primary domain (issue 13.1).

Saving a site's edit form used to clear ``is_primary`` on all its domains, so
the site answered 400 on every host. This migration repairs such sites (the
domain the Wagtail site still points at becomes primary again) and, on
PostgreSQL, adds a deferred constraint trigger: at commit a full site must have
exactly one primary domain and a sub-site none. The partial unique constraint
``site_registry_one_primary_domain`` already forbids a second primary; the
trigger forbids none. Deferred, because services move the flag between rows
or create the profile before its domains inside one transaction.
"""

from django.db import migrations

FUNCTION = "site_registry_check_primary_domain"

CREATE_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
DECLARE
    profile_ids bigint[] := ARRAY[]::bigint[];
    pid bigint;
    profile_kind varchar;
    primaries integer;
BEGIN
    IF TG_TABLE_NAME = 'site_registry_sitedomain' THEN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            profile_ids := array_append(profile_ids, OLD.profile_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            profile_ids := array_append(profile_ids, NEW.profile_id);
        END IF;
    ELSE
        profile_ids := ARRAY[NEW.id];
    END IF;
    FOREACH pid IN ARRAY profile_ids LOOP
        SELECT kind INTO profile_kind FROM site_registry_siteprofile WHERE id = pid;
        CONTINUE WHEN NOT FOUND;
        SELECT count(*) INTO primaries FROM site_registry_sitedomain
            WHERE profile_id = pid AND is_primary;
        IF (profile_kind = 'site' AND primaries <> 1)
                OR (profile_kind = 'subsite' AND primaries <> 0) THEN
            -- No placeholders: the SQL passes through a DB-API cursor.
            RAISE EXCEPTION USING
                ERRCODE = 'check_violation',
                MESSAGE = 'site_registry_primary_domain: profile ' || pid
                    || ' (' || profile_kind || ') has ' || primaries
                    || ' primary domains';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER site_registry_domain_primary_check
    AFTER INSERT OR UPDATE OR DELETE ON site_registry_sitedomain
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();

CREATE CONSTRAINT TRIGGER site_registry_profile_primary_check
    AFTER INSERT OR UPDATE OF kind ON site_registry_siteprofile
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""

DROP_SQL = f"""
DROP TRIGGER IF EXISTS site_registry_domain_primary_check ON site_registry_sitedomain;
DROP TRIGGER IF EXISTS site_registry_profile_primary_check ON site_registry_siteprofile;
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def repair_primary_domains(apps, schema_editor):
    SiteProfile = apps.get_model("site_registry", "SiteProfile")
    SiteDomain = apps.get_model("site_registry", "SiteDomain")
    for profile in SiteProfile.objects.select_related("site"):
        domains = SiteDomain.objects.filter(profile=profile)
        if profile.kind == "subsite":
            domains.filter(is_primary=True).update(is_primary=False)
            continue
        if domains.filter(is_primary=True).exists():
            continue
        # The Wagtail site kept the last primary host name: restore that one.
        hostname = profile.site.hostname if profile.site_id else ""
        domain = (
            domains.filter(hostname=hostname).first()
            or domains.order_by("hostname").first()
        )
        if domain is not None:
            domain.is_primary = True
            domain.save(update_fields=["is_primary"])


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SQL)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("site_registry", "0001_initial")]

    operations = [
        migrations.RunPython(repair_primary_domains, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
