"""Admin hooks of the letters part (menu hook: wagtail_hooks.MENU_HOOK)."""
