from google.cloud import bigquery

Q = """
SELECT FORMAT_DATE('%d.%m.%Y', booked_on) AS d, description
FROM `copperleaf-prod.ledger.entries`
WHERE account_id = @a AND FORMAT_DATE('%Y-%m', booked_on) = @m
ORDER BY booked_on, entry_id
"""


def lines(account_id: str, month: str) -> list[tuple[str, str]]:
    client = bigquery.Client()
    cfg = bigquery.QueryJobConfig(
        query_parameters=[
            bigquery.ScalarQueryParameter("a", "STRING", account_id),
            bigquery.ScalarQueryParameter("m", "STRING", month),
        ]
    )
    return [(r["d"], r["description"]) for r in client.query(Q, job_config=cfg).result()]
