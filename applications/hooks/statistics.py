"""Admin hooks of the statistics part (menu hook: wagtail_hooks.MENU_HOOK)."""
