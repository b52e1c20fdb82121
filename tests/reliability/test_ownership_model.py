"""Property-based: random sequences of create / acquire / borrow / release / move / clone / view,
checked step by step against a small model of who owns what.

The model knows, for every texture *state* (what one owner holds: a move makes a new one), whether
it is alive; owned handles, borrows and views point at a state, frame references at a shared
frame whose texture state lives while any reference is held. After every step each handle's
``released`` / ``expired`` flag must match the model, every operation must succeed or fail exactly
as the model says, and the number of live textures must be the model's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import wgpu
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

import streamlib as sl

LABEL = "model"


@dataclass
class Owned:
    handle: sl.OwnedTexture
    sid: int


@dataclass
class Borrow:
    handle: sl.BorrowedTexture | sl.BorrowedTextureView | sl.OwnedTextureView
    sid: int


@dataclass
class FrameRef:
    handle: sl.VideoFrame
    fid: int
    held: bool = True


@dataclass
class Model:
    alive: dict[int, bool] = field(default_factory=dict)  # texture state -> alive
    frame_sid: dict[int, int] = field(default_factory=dict)  # frame -> its texture state
    frame_refs: dict[int, int] = field(default_factory=dict)  # frame -> references held
    next_id: int = 0

    def new_state(self) -> int:
        self.next_id += 1
        self.alive[self.next_id] = True
        return self.next_id


class OwnershipMachine(RuleBasedStateMachine):
    gpu: sl.GpuContext

    owned = Bundle("owned")
    borrows = Bundle("borrows")
    frames = Bundle("frames")

    def __init__(self) -> None:
        super().__init__()
        self.model = Model()
        self.all_owned: list[Owned] = []
        self.all_borrows: list[Borrow] = []
        self.all_frames: list[FrameRef] = []

    # -- making ----------------------------------------------------------------------------

    @rule(target=owned, pooled=st.booleans())
    def create(self, pooled: bool) -> Owned:
        return self._make(pooled)

    def _make(self, pooled: bool) -> Owned:
        make = self.gpu.texture_pool.acquire if pooled else self.gpu.create_texture
        o = Owned(make(4, 4, label=LABEL), self.model.new_state())
        self.all_owned.append(o)
        return o

    @rule(target=borrows, o=owned)
    def borrow(self, o: Owned) -> Borrow:
        if not self.model.alive[o.sid]:
            with pytest.raises(sl.ResourceReleasedError):
                o.handle.borrow()
            return self._dead_borrow(o.sid)
        b = Borrow(o.handle.borrow(), o.sid)
        self.all_borrows.append(b)
        return b

    def _dead_borrow(self, sid: int) -> Borrow:
        """A stand-in borrow of a dead state (an expired handle made earlier, or a fresh one that expired)."""
        for b in self.all_borrows:
            if b.sid == sid:
                return b
        t = self.gpu.create_texture(4, 4, label=LABEL)
        b = Borrow(t.borrow(), sid)
        t.release()
        return b

    @rule(target=borrows, o=owned)
    def view_of_owned(self, o: Owned) -> Borrow:
        if not self.model.alive[o.sid]:
            with pytest.raises(sl.ResourceReleasedError):
                o.handle.create_view()
            return self._dead_borrow(o.sid)
        b = Borrow(o.handle.create_view(), o.sid)
        self.all_borrows.append(b)
        return b

    @rule(target=borrows, b=borrows)
    def view_of_borrow(self, b: Borrow) -> Borrow:
        h = b.handle
        if not isinstance(h, sl.BorrowedTexture):
            return b
        if not self.model.alive[b.sid]:
            with pytest.raises(sl.BorrowExpiredError):
                h.create_view()
            return b
        v = Borrow(h.create_view(), b.sid)
        self.all_borrows.append(v)
        return v

    # -- moving and sharing ------------------------------------------------------------------

    @rule(target=frames, o=owned)
    def move_into_frame(self, o: Owned) -> FrameRef:
        return self._move(o)

    def _move(self, o: Owned) -> FrameRef:
        m = self.model
        if not m.alive[o.sid]:
            with pytest.raises(sl.ResourceReleasedError):
                sl.VideoFrame.from_texture(o.handle)
            return self._any_frame_or_new()
        frame = sl.VideoFrame.from_texture(o.handle)
        m.alive[o.sid] = False  # the moved-from state is over: its borrows expire
        m.next_id += 1
        fid = m.next_id
        m.frame_sid[fid] = m.new_state()
        m.frame_refs[fid] = 1
        ref = FrameRef(frame, fid)
        self.all_frames.append(ref)
        return ref

    def _any_frame_or_new(self) -> FrameRef:
        if self.all_frames:
            return self.all_frames[-1]
        return self._move(self._make(pooled=False))

    @rule(target=frames, f=frames)
    def clone(self, f: FrameRef) -> FrameRef:
        if not f.held:
            with pytest.raises(sl.ResourceReleasedError):
                f.handle.clone()
            return f
        ref = FrameRef(f.handle.clone(), f.fid)
        self.model.frame_refs[f.fid] += 1
        self.all_frames.append(ref)
        return ref

    @rule(target=borrows, f=frames)
    def frame_data(self, f: FrameRef) -> Borrow:
        sid = self.model.frame_sid[f.fid]
        if not f.held:
            with pytest.raises(sl.ResourceReleasedError):
                _ = f.handle.data
            return self._dead_borrow(sid) if not self.model.alive[sid] else Borrow(self._data_of_live(f.fid), sid)
        b = Borrow(f.handle.data, sid)
        self.all_borrows.append(b)
        return b

    def _data_of_live(self, fid: int) -> sl.BorrowedTexture:
        holder = next(r for r in self.all_frames if r.fid == fid and r.held)
        return holder.handle.data

    # -- ending ------------------------------------------------------------------------------

    @rule(o=owned)
    def release(self, o: Owned) -> None:
        o.handle.release()  # idempotent: fine on a released or moved handle
        self.model.alive[o.sid] = False

    @rule(f=frames)
    def release_frame(self, f: FrameRef) -> None:
        f.handle.release()
        if f.held:
            f.held = False
            m = self.model
            m.frame_refs[f.fid] -= 1
            if m.frame_refs[f.fid] == 0:
                m.alive[m.frame_sid[f.fid]] = False

    @rule(b=borrows)
    def use_borrow(self, b: Borrow) -> None:
        if self.model.alive[b.sid]:
            assert isinstance(b.handle.raw, (wgpu.GPUTexture, wgpu.GPUTextureView))  # no error, the real object
        else:
            with pytest.raises(
                sl.BorrowExpiredError if not isinstance(b.handle, sl.OwnedTextureView) else sl.ResourceReleasedError
            ):
                _ = b.handle.raw

    # -- what must always hold ------------------------------------------------------------

    @invariant()
    def flags_match_the_model(self) -> None:
        alive = self.model.alive
        for o in self.all_owned:
            assert o.handle.released == (not alive[o.sid]), (o, alive[o.sid])
        for b in self.all_borrows:
            h = b.handle
            flag = h.released if isinstance(h, sl.OwnedTextureView) else h.expired
            assert flag == (not alive[b.sid]), (b, alive[b.sid])
        for f in self.all_frames:
            assert f.handle.released == (not f.held)

    @invariant()
    def live_textures_match_the_model(self) -> None:
        live = sum(1 for r in sl.live_resources() if r.kind == "Texture" and r.label == LABEL)
        assert live == sum(self.model.alive.values())

    def teardown(self) -> None:
        for f in self.all_frames:
            f.handle.release()
        for o in self.all_owned:
            o.handle.release()
        for b in self.all_borrows:
            if isinstance(b.handle, sl.OwnedTextureView):
                b.handle.release()
        assert not [r for r in sl.live_resources() if r.label == LABEL]
        assert self.gpu.texture_pool.stats().live == 0


def test_ownership_matches_the_model(gpu: sl.GpuContext) -> None:
    class Machine(OwnershipMachine):
        pass

    Machine.gpu = gpu
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=100, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
        ),
    )
