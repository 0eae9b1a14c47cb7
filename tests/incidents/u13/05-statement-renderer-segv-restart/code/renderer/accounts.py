"""Which accounts belong to this task's shard."""

from dataclasses import dataclass

from google.cloud import bigquery

QUERY = """
SELECT account_id, holder_name, email, currency
FROM `copperleaf-prod.ledger.accounts`
WHERE status = 'open' AND MOD(ABS(FARM_FINGERPRINT(account_id)), @task_count) = @task_index
ORDER BY account_id
"""


@dataclass(frozen=True)
class Account:
    account_id: str
    holder_name: str
    email: str
    currency: str


def shard(task_index: int, task_count: int) -> list[Account]:
    client = bigquery.Client()
    job = client.query(
        QUERY,
        job_config=bigquery.QueryJobConfig(
            query_parameters=[
                bigquery.ScalarQueryParameter("task_index", "INT64", task_index),
                bigquery.ScalarQueryParameter("task_count", "INT64", task_count),
            ]
        ),
    )
    return [Account(**dict(r)) for r in job.result()]
