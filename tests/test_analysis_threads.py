"""The analysis kernels' worker threads: numba's count, capped at the usable cores."""

import numba
import numpy as np

from nlc import cores
from nlc.analysis import _kernels


def test_threads_never_exceed_the_usable_cores(monkeypatch):
    monkeypatch.setattr(cores.os, "sched_getaffinity", lambda pid: {0})
    assert _kernels.threads() == 1
    monkeypatch.setattr(cores.os, "sched_getaffinity", lambda pid: set(range(64)))
    assert _kernels.threads() == numba.get_num_threads()


def test_on_threads_keeps_item_order_whatever_the_cores(monkeypatch):
    for allowed in ({0}, {0, 1, 2, 3}):
        monkeypatch.setattr(cores.os, "sched_getaffinity", lambda pid, c=allowed: c)
        assert _kernels.on_threads(lambda x: x * x, range(10)) == [x * x for x in range(10)]


def test_a_kernel_split_on_two_threads_equals_one_thread():
    def squares(first, step, values):
        out = np.zeros(values.shape[0])
        for i in range(first, values.shape[0], step):
            out[i] = values[i] * values[i]
        return out

    run = _kernels.kernel(squares)
    values = np.arange(1000, dtype=np.float64)
    serial = run.serial(values)
    split = run.parallel(values)
    np.testing.assert_array_equal(serial, split)
    np.testing.assert_array_equal(serial, values**2)
