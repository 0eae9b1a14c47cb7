import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    pim_url: str
    pim_token: str
    search_url: str
    search_api_key: str
    collection: str
    state_bucket: str
    page_size: int

    @classmethod
    def from_env(cls) -> "Config":
        return cls(
            pim_url=os.environ["PIM_URL"].rstrip("/"),
            pim_token=os.environ["PIM_TOKEN"],
            search_url=os.environ["SEARCH_URL"].rstrip("/"),
            search_api_key=os.environ["SEARCH_API_KEY"],
            collection=os.environ.get("SEARCH_COLLECTION", "products"),
            state_bucket=os.environ["STATE_BUCKET"],
            page_size=int(os.environ.get("PAGE_SIZE", "100")),
        )
