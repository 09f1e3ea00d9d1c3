"""A frozen dataclass made by a builder is the object its class would make."""
import pickle
from dataclasses import FrozenInstanceError, asdict, dataclass, replace

import pytest

from transforms.frozen import builder


@dataclass(frozen=True, slots=True)
class Reading:
    start: int
    end: int
    value: float | None


def test_the_built_object_is_the_one_the_class_makes():
    made, built = Reading(3, 7, 1.5), builder(Reading)(3, 7, 1.5)
    assert type(built) is Reading
    assert built == made and hash(built) == hash(made) and repr(built) == repr(made)
    assert asdict(built) == {"start": 3, "end": 7, "value": 1.5}
    assert replace(built, value=None) == Reading(3, 7, None)
    assert pickle.loads(pickle.dumps(built)) == made


def test_the_built_object_cannot_be_changed():
    built = builder(Reading)(3, 7, None)
    with pytest.raises(FrozenInstanceError):
        built.start = 4


def test_only_frozen_dataclasses_with_slots_have_a_builder():
    @dataclass(slots=True)
    class Plain:
        start: int

    @dataclass(frozen=True)
    class Unslotted:
        start: int

    for cls in (Plain, Unslotted):
        with pytest.raises(TypeError):
            builder(cls)
