"""CLI used by the upload service's webhook: python -m skyplot.submit SURVEY_ID [--priority]."""
import argparse

from .queues import submit_survey


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("survey_id")
    p.add_argument("--priority", action="store_true")
    p.add_argument("--quality", default="medium", choices=["low", "medium", "high"])
    a = p.parse_args()
    job = submit_survey(a.survey_id, priority=a.priority, quality=a.quality)
    print(job.id)


if __name__ == "__main__":
    main()
