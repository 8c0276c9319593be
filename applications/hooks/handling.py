"""Admin hooks of the handling part (menu hook: wagtail_hooks.MENU_HOOK)."""
