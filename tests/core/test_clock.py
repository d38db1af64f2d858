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
