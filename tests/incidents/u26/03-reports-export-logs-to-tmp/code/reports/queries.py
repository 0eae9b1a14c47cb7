from google.cloud import bigquery

_client = None


def client() -> bigquery.Client:
    global _client
    if _client is None:
        _client = bigquery.Client()
    return _client


def usage_by_account(dataset: str, month: str, limit: int):
    sql = f"""
        SELECT account_id, account_name, plan, seats, active_users, api_calls, storage_gb, discount_code
        FROM `{dataset}.monthly_usage`
        WHERE month = @month
        ORDER BY account_id
        LIMIT @limit
    """
    job = client().query(
        sql,
        job_config=bigquery.QueryJobConfig(
            query_parameters=[
                bigquery.ScalarQueryParameter("month", "STRING", month),
                bigquery.ScalarQueryParameter("limit", "INT64", limit),
            ]
        ),
    )
    return [dict(row.items()) for row in job.result()]


def summary(dataset: str, month: str) -> dict:
    sql = f"""
        SELECT COUNT(*) AS accounts, SUM(active_users) AS active_users, SUM(api_calls) AS api_calls
        FROM `{dataset}.monthly_usage` WHERE month = @month
    """
    job = client().query(
        sql,
        job_config=bigquery.QueryJobConfig(
            query_parameters=[bigquery.ScalarQueryParameter("month", "STRING", month)]
        ),
    )
    row = next(iter(job.result()))
    return dict(row.items())
