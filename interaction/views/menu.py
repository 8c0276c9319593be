# The hook that puts an item into the 互动交流 admin submenu (wagtail_hooks).
MENU_HOOK = "register_interaction_menu_item"
