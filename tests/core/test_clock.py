"""Simulated time: the timer heap runs in time order, same-time timers in the order set."""

from sandbox.core.clock import Clock


def test_timers_run_in_time_then_insertion_order():
    clock, ran = Clock(), []
    clock.call_at(5, ran.append, "b")
    clock.call_at(1, ran.append, "a")
    clock.call_at(5, ran.append, "c")
    while (due := clock.pop_due(10)) is not None:
        action, args = due
        action(*args)
    assert ran == ["a", "b", "c"] and clock.now == 5


def test_pop_due_leaves_future_timers():
    clock = Clock()
    clock.call_later(30, print)
    assert clock.pop_due(29.9) is None and clock.now == 0 and clock.next_due() == 30


def test_timer_in_the_past_runs_now():
    clock = Clock(now=100)
    clock.call_at(50, print)
    assert clock.next_due() == 100


def run_all(clock: Clock, until: float) -> None:
    while (due := clock.pop_due(until)) is not None:
        action, args = due
        action(*args)


def test_a_timer_set_for_the_running_instant_runs_after_those_already_due_then():
    """Timers are kept per instant: one set while an instant runs joins the end of that instant's queue."""
    clock, ran = Clock(), []
    clock.call_at(2, lambda: (ran.append("first"), clock.call_at(2, ran.append, "set while running")))
    clock.call_at(2, ran.append, "second")
    clock.call_at(3, ran.append, "later")
    run_all(clock, 10)
    assert ran == ["first", "second", "set while running", "later"]


def test_cancelled_timers_are_skipped_and_empty_instants_are_not_due():
    clock, ran = Clock(), []
    doomed = clock.call_at(1, ran.append, "cancelled")
    clock.call_at(1, ran.append, "kept")
    alone = clock.call_at(2, ran.append, "cancelled too")
    clock.call_at(5, ran.append, "last")
    clock.cancel(doomed)
    clock.cancel(alone)
    assert clock.pending() == 2 and clock.next_due() == 1
    run_all(clock, 3)
    assert ran == ["kept"] and clock.next_due() == 5 and clock.busy()
    run_all(clock, 10)
    assert ran == ["kept", "last"] and not clock.busy() and clock.pending() == 0


def test_next_due_besides_skips_one_action_and_cancelled_timers():
    clock = Clock()
    clock.call_at(1, print)
    clock.cancel(clock.call_at(2, repr))
    clock.call_at(4, repr)
    assert clock.next_due_besides(print) == 4 and clock.next_due_besides(repr) == 1
