"""Admin hooks of the letters part (menu items: applications.hooks.MENU_HOOK)."""
