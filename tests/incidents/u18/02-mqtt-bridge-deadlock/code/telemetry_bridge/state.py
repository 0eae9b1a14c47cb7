import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class PlantState:
    last_seen: dict = field(default_factory=dict)
    active_alarms: set = field(default_factory=set)


class State:
    def __init__(self):
        self.lock = asyncio.Lock()
        self.plants = defaultdict(PlantState)
        self.received = 0
        self.alarms_raised = 0
        self.started = time.time()

    def summary(self) -> dict:
        return {
            "plants": len(self.plants),
            "messages": self.received,
            "alarms_raised": self.alarms_raised,
            "active_alarms": sum(len(p.active_alarms) for p in self.plants.values()),
        }
