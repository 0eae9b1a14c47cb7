from rebalancer import plan


def test_needs_visit_thresholds():
    assert plan.needs_visit(plan.DockState("S1", 1, 20), 0.15, 0.85) == "fill"
    assert plan.needs_visit(plan.DockState("S1", 18, 20), 0.15, 0.85) == "empty"
    assert plan.needs_visit(plan.DockState("S1", 10, 20), 0.15, 0.85) is None


def test_bikes_to_move_towards_half():
    assert plan.bikes_to_move(plan.DockState("S1", 2, 20)) == 8
