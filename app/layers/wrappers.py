"""TimeDistributed: one layer applied to every step of a sequence, with the same weights at each step.

Imported after every other family: the layer it wraps may be any single-input type of the allow-list."""

from typing import TYPE_CHECKING, Annotated, Literal, Protocol, Union

from pydantic import BaseModel, ConfigDict, Field, create_model

from .base import REGISTRY, Args, Expects, Family, Inferred, Shape, ShapeError, num, required, shape_text

HELP = {
    "TimeDistributed": (
        "Applies one layer to every step of a sequence on its own, with the same weights at each step.",
        "Применяет один слой к каждому шагу последовательности отдельно, с одними и теми же весами на всех шагах.",
    ),
}
"""What each layer of the family does, in English and Russian."""
FAMILY = Family("recurrent", HELP)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


WRAPPABLE = sorted(
    name for name, kind in REGISTRY.items() if kind.min_inputs == 1 and kind.max_inputs == 1 and not kind.wrapper
)
"""Single-input layers that wrap nothing themselves."""


class WrappedLayer(Protocol):
    type: str
    args: Args


if TYPE_CHECKING:  # the union below is built at run time from the allow-list: a type checker sees its shape
    LayerSpec = WrappedLayer
else:
    _SPECS = [
        create_model(f"{name}Spec", __base__=_Spec, type=(Literal[name], ...), args=(REGISTRY[name].args, ...))
        for name in WRAPPABLE
    ]
    LayerSpec = Annotated[
        Union[tuple(_SPECS)],  # noqa: UP007  (a union built from the allow-list)
        Field(discriminator="type"),
        Expects(
            'a layer: {"type": "Dense", "args": {"units": …}} (any single-input type of the catalogue)',
            'слой: {"type": "Dense", "args": {"units": …}} (любой тип каталога с одним входом)',
        ),
    ]


class TimeDistributedArgs(Args):
    layer: LayerSpec = required(
        {"type": "Dense", "args": {"units": 2}},
        'The layer to apply to every step, e.g. {"type": "Dense", "args": {"units": 8}}.',
        'Слой, применяемый к каждому шагу, например {"type": "Dense", "args": {"units": 8}}.',
    )


@FAMILY.layer("TimeDistributed", TimeDistributedArgs, wrapper="layer")
def infer_time_distributed(args: TimeDistributedArgs, inputs: list[Shape]) -> Inferred:
    (shape,) = inputs
    if len(shape) < 3:
        raise ShapeError(
            f"TimeDistributed needs an input with steps and at least one more axis, (batch, steps, …); received "
            f"shape {shape_text(shape)}",
            f"TimeDistributed нужен вход с шагами и хотя бы ещё одной осью, (батч, шаги, …); получена форма "
            f"{shape_text(shape)}",
        )
    inner = REGISTRY[args.layer.type]
    try:
        step = inner.infer(args.layer.args, [(shape[0], *shape[2:])])
    except ShapeError as error:
        raise ShapeError(
            f"TimeDistributed: the wrapped {inner.name} gets each step, of shape {shape_text((shape[0], *shape[2:]))}: "
            f"{error.en}",
            f"TimeDistributed: вложенный {inner.name} получает каждый шаг формы {shape_text((shape[0], *shape[2:]))}: "
            f"{error.ru}",
        ) from None
    if len(step.outputs) != 1:
        raise ShapeError(
            f"TimeDistributed can wrap a layer with one output; the {inner.name} here gives {len(step.outputs)} "
            f"(input shape {shape_text(shape)})",
            f"TimeDistributed может обернуть слой с одним выходом; здесь {inner.name} даёт {len(step.outputs)} "
            f"(форма входа {shape_text(shape)})",
        )
    out = (shape[0], shape[1], *step.outputs[0][1:])
    return Inferred(
        [out],
        step.weights,
        param_formula=step.param_formula,
        shape_formula=f"{num(shape[1])} × {shape_text((shape[0], *shape[2:]))} → {num(shape[1])} × "
        f"{shape_text(step.outputs[0])} = {shape_text(out)}",
        work=(shape[1] or 1) * step.work,
        steps=step.steps,
    )
