import os
from functools import lru_cache
from pathlib import Path

import litellm
import yaml

CONFIG_PATH = Path(os.environ.get("CLAUSEBOT_LLM_CONFIG", Path(__file__).parent.parent / "config" / "llm.yaml"))


def _resolve(value):
    if isinstance(value, str) and value.startswith("os.environ/"):
        return os.environ.get(value.split("/", 1)[1])
    return value


@lru_cache(maxsize=1)
def router() -> litellm.Router:
    cfg = yaml.safe_load(CONFIG_PATH.read_text())
    model_list = [
        {"model_name": m["model_name"], "litellm_params": {k: _resolve(v) for k, v in m["litellm_params"].items()}}
        for m in cfg["model_list"]
    ]
    for key, value in (cfg.get("litellm_settings") or {}).items():
        setattr(litellm, key, value)
    return litellm.Router(model_list=model_list, **(cfg.get("router_settings") or {}))


def complete(alias: str, system: str, user: str) -> str:
    resp = router().completion(
        model=alias,
        messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
    )
    return resp.choices[0].message.content
