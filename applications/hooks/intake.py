"""Admin hooks of the intake part (menu hook: wagtail_hooks.MENU_HOOK)."""
