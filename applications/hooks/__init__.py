"""Admin hooks, one module per part of the app.

Each part adds its menu items with ``@hooks.register(MENU_HOOK)``; they appear
under the 依申请公开 menu (wagtail_hooks).
"""

MENU_HOOK = "register_applications_menu_item"
