import os

from elasticsearch import Elasticsearch, helpers

es = Elasticsearch(os.environ.get("ES_URL", "http://localhost:9200"))
INDEX = os.environ.get("POI_INDEX", "poi-v7")


def bulk_upsert(features: list[dict]) -> int:
    actions = (
        {"_op_type": "index", "_index": INDEX, "_id": f["id"], "_source": {"name": f["properties"].get("name"), "kind": f["properties"].get("kind"), "location": f["geometry"]["coordinates"]}}
        for f in features
    )
    ok, _ = helpers.bulk(es, actions, raise_on_error=False)
    return ok
