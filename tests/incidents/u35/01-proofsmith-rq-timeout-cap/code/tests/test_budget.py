from proofsmith.budget import budget_for
from proofsmith.settings import Settings


def test_small_job_gets_setup_plus_pages():
    s = Settings(setup_seconds=30, seconds_per_page=2, max_job_seconds=1800)
    assert budget_for(10, s) == 50


def test_cap_applies():
    s = Settings(setup_seconds=30, seconds_per_page=2, max_job_seconds=1800)
    assert budget_for(5000, s) == 1800
