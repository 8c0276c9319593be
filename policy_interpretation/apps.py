from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyInterpretationConfig(AppConfig):
    # Interpretation pages (政策解读) linked to disclosure documents.
    name = "policy_interpretation"
    verbose_name = _("政策解读")
