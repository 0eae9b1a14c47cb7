from google.cloud import firestore

_db = firestore.Client()


def save_extraction(claim_id: str, data: dict) -> None:
    _db.collection("claims").document(claim_id).set({"ocr": data, "ocr_status": "done"}, merge=True)
