"""The transport's QoS: a channel closing after a lost connection never raises out of its restore."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from worker.transport import Channel, QoS


class _GoneChannel(SimpleNamespace):
    """A channel whose connection was released: building a client fails as kombu's does then."""

    do_restore = False  # kombu's finalizer restores nothing when the test object is collected

    def conn_or_acquire(self, client: Any = None) -> Any:
        raise AttributeError("'NoneType' object has no attribute 'hostname'")


def test_restore_on_a_closed_connection_is_left_for_the_consumer() -> None:
    qos = QoS(_GoneChannel())
    qos._delivered["tag-1"] = object()
    qos.restore_unacked()  # does not raise: the consumer restores the message when Redis is back
    assert list(qos._delivered) == ["tag-1"]


def test_the_vetting_channel_uses_this_qos() -> None:
    assert Channel.QoS is QoS
