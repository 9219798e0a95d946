"""Merging layers: several tensors in, one out (side by side, or number by number)."""

from math import prod

from .base import Args, Family, Inferred, Shape, ShapeError, arg, num, shape_text


def shapes_text(shapes: list[Shape]) -> str:
    return ", ".join(shape_text(s) for s in shapes)


def broadcast(layer: str, shapes: list[Shape]) -> Shape:
    """The shape Keras gives an element-wise merge: axes are matched from the right; a 1 stretches to fit.

    An input with fewer axes gets new axes of size 1 after the batch axis, as Keras does.
    """
    out: tuple[int | None, ...] = shapes[0][1:]
    for shape in shapes[1:]:
        a, b = (out, shape[1:]) if len(out) >= len(shape) - 1 else (shape[1:], out)
        merged = list(a[: len(a) - len(b)])
        for i, j in zip(a[len(a) - len(b) :], b, strict=True):
            if i is None or j is None:
                merged.append(None)
            elif i == 1 or j == 1 or i == j:
                merged.append(j if i == 1 else i)
            else:
                raise ShapeError(
                    f"{layer} needs inputs of the same shape (or with size 1 where they differ); "
                    f"received {shapes_text(shapes)}",
                    f"{layer} нужны входы одинаковой формы (или с размером 1 там, где они различаются); "
                    f"получено {shapes_text(shapes)}",
                )
        out = tuple(merged)
    return (None, *out)


def elementwise(layer: str, operator: str, shapes: list[Shape]) -> Inferred:
    """Add, Subtract, Multiply (``a + b = out``), Average and Maximum (``max(a, b) = out``)."""
    out = broadcast(layer, shapes)
    texts = [shape_text(s) for s in shapes]
    combined = f" {operator} ".join(texts) if len(operator) == 1 else f"{operator}({', '.join(texts)})"
    work = prod(d or 1 for d in out[1:]) * (len(shapes) - 1)
    return Inferred([out], shape_formula=f"{combined} = {shape_text(out)}", work=work)


MERGE_HELP = {  # name: (help in English, help in Russian, the operator its formula shows)
    "Add": ("a + b + …, number by number.", "a + b + …, число за числом.", "+"),
    "Subtract": (
        "a − b, number by number (exactly two inputs).",
        "a − b, число за числом (ровно два входа).",
        "−",
    ),
    "Multiply": ("a × b × …, number by number.", "a × b × …, число за числом.", "×"),
    "Average": ("(a + b + …) / n, number by number.", "(a + b + …) / n, число за числом.", "mean"),
    "Maximum": ("max(a, b, …), number by number.", "max(a, b, …), число за числом.", "max"),
}
SAME_SHAPE_NOTE = (
    " Inputs must have the same shape; an axis of size 1 is stretched to match.",
    " Формы входов должны совпадать; ось размера 1 растягивается до нужной.",
)
FAMILY = Family(
    "merging",
    {
        **{name: (en + SAME_SHAPE_NOTE[0], ru + SAME_SHAPE_NOTE[1]) for name, (en, ru, _) in MERGE_HELP.items()},
        "Concatenate": (
            "Joins inputs side by side along one axis; all other axes must match.",
            "Соединяет входы рядом вдоль одной оси; остальные оси должны совпадать.",
        ),
    },
)


def register_elementwise(name: str, operator: str) -> None:
    def infer(args: Args, inputs: list[Shape]) -> Inferred:
        if name == "Subtract" and len(inputs) != 2:
            raise ShapeError(
                f"Subtract takes exactly 2 inputs (a − b); received {len(inputs)}: {shapes_text(inputs)}",
                f"Subtract принимает ровно 2 входа (a − b); получено {len(inputs)}: {shapes_text(inputs)}",
            )
        return elementwise(name, operator, inputs)

    FAMILY.layer(name, Args, inputs=(2, 2) if name == "Subtract" else (2, None))(infer)


for _name, (_, _, _operator) in MERGE_HELP.items():
    register_elementwise(_name, _operator)


class ConcatenateArgs(Args):
    axis: int = arg(
        -1,
        "Axis to join along, counting the batch axis as 0 (-1: the last).",
        "Ось, вдоль которой соединять, считая ось батча нулевой (-1 — последняя).",
        ge=-6,
        le=6,
        card=True,
    )


@FAMILY.layer("Concatenate", ConcatenateArgs, inputs=(2, None))
def infer_concatenate(args: ConcatenateArgs, inputs: list[Shape]) -> Inferred:
    ranks = {len(s) for s in inputs}
    if len(ranks) > 1:
        raise ShapeError(
            f"Concatenate needs inputs with the same number of axes; received {shapes_text(inputs)}",
            f"Concatenate нужны входы с одинаковым числом осей; получено {shapes_text(inputs)}",
        )
    (rank,) = ranks
    if not -rank <= args.axis < rank or args.axis % rank == 0:
        raise ShapeError(
            f"Concatenate cannot join along axis={args.axis}: inputs of shape {shape_text(inputs[0])} "
            f"have axes 1 to {rank - 1} (or -1 to -{rank - 1}) besides the batch axis 0",
            f"Concatenate не может соединять по оси axis={args.axis}: у входов формы {shape_text(inputs[0])} "
            f"есть оси от 1 до {rank - 1} (или от -1 до -{rank - 1}) кроме оси батча 0",
        )
    axis = args.axis % rank
    for i in range(1, rank):
        sizes = {s[i] for s in inputs} - {None}
        if i != axis and len(sizes) > 1:
            raise ShapeError(
                f"Concatenate along axis {axis} needs every other axis to match; "
                f"axis {i} differs in {shapes_text(inputs)}",
                f"Concatenate по оси {axis} требует совпадения всех остальных осей; "
                f"ось {i} различается в {shapes_text(inputs)}",
            )
    parts = [s[axis] for s in inputs]
    known = [p for p in parts if p is not None]
    total = sum(known) if len(known) == len(parts) else None
    out = tuple(total if i == axis else d for i, d in enumerate(inputs[0]))
    return Inferred(
        [out],
        shape_formula=" + ".join(num(p) for p in parts) + f" = {num(total)}",
        work=prod(d or 1 for d in out[1:]),
    )
