"""Admin hooks of the intake part (menu items: applications.hooks.MENU_HOOK)."""
