import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Court",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(unique=True)),
                ("name", models.CharField(max_length=200)),
            ],
        ),
        migrations.CreateModel(
            name="Filing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("docket_number", models.CharField(db_index=True, max_length=64)),
                ("case_name", models.CharField(max_length=400)),
                ("document_title", models.CharField(max_length=400)),
                ("document_text", models.TextField()),
                ("source_url", models.URLField(blank=True)),
                ("received_at", models.DateTimeField(db_index=True)),
                ("court", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="filings", to="filings.court")),
            ],
            options={"ordering": ["received_at"]},
        ),
        migrations.CreateModel(
            name="FilingSummary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("model", models.CharField(max_length=100)),
                ("text", models.TextField()),
                ("input_tokens", models.PositiveIntegerField(default=0)),
                ("output_tokens", models.PositiveIntegerField(default=0)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("filing", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="summary", to="filings.filing")),
            ],
        ),
    ]
