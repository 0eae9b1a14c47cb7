import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Manifest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("broker", models.CharField(max_length=120)),
                ("vessel", models.CharField(blank=True, max_length=120)),
                ("voyage", models.CharField(blank=True, max_length=40)),
                ("blob_name", models.CharField(max_length=400)),
                ("pages", models.PositiveIntegerField(blank=True, null=True)),
                ("status", models.CharField(choices=[("uploaded", "Uploaded"), ("queued", "Queued"), ("extracting", "Extracting"), ("done", "Done"), ("failed", "Failed")], default="uploaded", max_length=16)),
                ("rq_job_id", models.CharField(blank=True, max_length=64)),
                ("error", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"indexes": [models.Index(fields=["status", "created_at"], name="manifests_m_status_5b1f0e_idx")]},
        ),
        migrations.CreateModel(
            name="LineItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("container_no", models.CharField(max_length=16)),
                ("hs_code", models.CharField(blank=True, max_length=12)),
                ("description", models.TextField(blank=True)),
                ("gross_kg", models.DecimalField(decimal_places=2, max_digits=12, null=True)),
                ("manifest", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="items", to="manifests.manifest")),
            ],
        ),
    ]
