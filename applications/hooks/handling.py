"""Admin hooks of the handling part (menu items: applications.hooks.MENU_HOOK)."""
