from tilesmith.fleet import FleetState, plan


def test_scale_up_when_all_busy():
    target, _ = plan(FleetState(backlog=200, registered=4, busy=4, idle=0), current_replicas=4)
    assert target == 10


def test_hold_while_idle_workers_exist():
    target, why = plan(FleetState(backlog=200, registered=6, busy=4, idle=2), current_replicas=4)
    assert target == 4 and "idle" in why


def test_shrink_when_empty():
    target, _ = plan(FleetState(backlog=0, registered=5, busy=0, idle=5), current_replicas=5)
    assert target == 4
