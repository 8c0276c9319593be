"""Admin hooks of the statistics part (menu items: applications.hooks.MENU_HOOK)."""
