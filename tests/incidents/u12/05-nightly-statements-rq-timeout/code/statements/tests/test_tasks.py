from django.test import TestCase, override_settings

from statements.models import Account, Statement
from statements.tasks import build_nightly_statements


@override_settings(STATEMENT_BATCH=2)
class BuildTest(TestCase):
    def test_builds_one_statement_per_active_account(self):
        for i in range(5):
            Account.objects.create(number=f"A{i}", email=f"a{i}@x.test", active=i != 3)
        import os

        os.environ["RENDER_FAKE_SECONDS"] = "0.001"
        assert build_nightly_statements("2026-11") == 4
        assert Statement.objects.filter(period="2026-11").count() == 4
