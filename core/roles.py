"""Names of the cluster-wide groups, shared by the registry and the security rules.

One constant each, so the group the registry creates is the group the account
rules (two-factor authentication, audit export, search reports) treat as the
office. Plain strings without Django imports: the settings read them too.
"""

# The e-government office that runs the cluster (站群管理办公室).
OFFICE_GROUP = "站群管理办公室"
# The name the registry used before issue 13.6; migrated to OFFICE_GROUP.
LEGACY_OFFICE_GROUP = "电子政务办"
# Auditors: read every site, assign findings.
AUDITOR_GROUP = "网站审计"
