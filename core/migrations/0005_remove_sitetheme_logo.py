from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0004_site_theme_logo_to_registry")]

    operations = [migrations.RemoveField(model_name="sitetheme", name="logo")]
