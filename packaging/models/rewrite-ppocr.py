#!/usr/bin/python3
"""Rewrites a PP-OCR ONNX graph (paddle2onnx export) into one OpenCV 4.6's cv::dnn::readNetFromONNX loads.

OpenCV 4.6 refuses the files as shipped (the detector at parseClip, the recogniser and the angle classifier at
parseShape: dynamic shapes) and fails at run time on the recogniser's layer norm with broadcast constants. The rewrite,
on the graph only (no weight changes value):
  1. fixes the input shape to 1x3xHxW (the recogniser's width is then frozen: one file per width bucket);
  2. turns every Constant node into an initializer;
  3. folds what is then constant: Shape of a tensor whose shape is inferred, and every node whose inputs are all
     initializers (the shape-computation chains: Shape -> Cast -> Slice -> Concat -> Reshape's target), repeated until
     nothing more folds;
  4. expands the constant operand of an element-wise Add/Sub/Mul/Div to the full shape of the other operand when it
     only broadcasts along leading axes of a 3-D tensor (the layer norm's gamma/beta and the attention's scale);
  5. moves Clip's min/max inputs into attributes (the form OpenCV's parseClip reads).
Usage: rewrite-ppocr.py IN.onnx OUT.onnx HEIGHT WIDTH
Needs Debian's python3-onnx and python3-numpy only.
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference


def fold_node(node, values):
    """numpy value of node's outputs when all its inputs are known, else None (only the ops the chains use)."""
    ins = [values[i] if i else None for i in node.input]
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    op = node.op_type
    if op == "Cast":
        dtype = helper.tensor_dtype_to_np_dtype(attrs["to"]) if hasattr(helper, "tensor_dtype_to_np_dtype") else \
            onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[attrs["to"]]
        return [ins[0].astype(dtype)]
    if op == "Slice":
        data = ins[0]
        if len(ins) > 1:
            starts, ends = ins[1], ins[2]
            axes = ins[3] if len(ins) > 3 and ins[3] is not None else list(range(len(starts)))
            steps = ins[4] if len(ins) > 4 and ins[4] is not None else [1] * len(starts)
        else:
            starts, ends = attrs["starts"], attrs["ends"]
            axes = attrs.get("axes", list(range(len(starts))))
            steps = [1] * len(starts)
        sl = [slice(None)] * data.ndim
        for s, e, a, st in zip(starts, ends, axes, steps):
            sl[int(a)] = slice(int(s), int(min(e, np.iinfo(np.int64).max)), int(st))
        return [data[tuple(sl)]]
    if op == "Concat":
        return [np.concatenate([np.atleast_1d(x) for x in ins], axis=attrs["axis"])]
    if op == "Squeeze":
        axes = attrs.get("axes", ins[1] if len(ins) > 1 else None)
        return [np.squeeze(ins[0], axis=tuple(axes)) if axes is not None else np.squeeze(ins[0])]
    if op == "Unsqueeze":
        axes = attrs.get("axes", ins[1] if len(ins) > 1 else None)
        out = ins[0]
        for a in sorted(axes):
            out = np.expand_dims(out, a)
        return [out]
    if op == "Gather":
        return [np.take(ins[0], ins[1], axis=attrs.get("axis", 0))]
    if op in ("Add", "Sub", "Mul", "Div"):
        f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide}[op]
        out = f(ins[0], ins[1])
        if op == "Div" and np.issubdtype(ins[0].dtype, np.integer):
            out = (ins[0] // ins[1])
        return [out.astype(ins[0].dtype)]
    if op == "Reshape":
        return [ins[0].reshape([int(d) if d != 0 else ins[0].shape[i] for i, d in enumerate(ins[1])])]
    return None


def rewrite(src, dst, height, width):
    model = onnx.load(src)
    graph = model.graph
    # 1. fixed input shape
    dims = graph.input[0].type.tensor_type.shape.dim
    for d, v in zip(dims, (1, 3, height, width)):
        d.ClearField("dim_param")
        d.dim_value = v
    for o in graph.output:  # let inference fill the outputs
        o.type.tensor_type.ClearField("shape")
    # 2. Constant nodes -> initializers
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    keep = []
    for n in graph.node:
        if n.op_type == "Constant":
            values[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
        else:
            keep.append(n)
    # 3. fold until nothing changes
    while True:
        del graph.node[:]
        graph.node.extend(keep)
        del graph.initializer[:]
        graph.initializer.extend(numpy_helper.from_array(np.asarray(v), k) for k, v in values.items())
        inferred = shape_inference.infer_shapes(model)
        shapes = {}
        for vi in list(inferred.graph.value_info) + list(inferred.graph.input) + list(inferred.graph.output):
            tt = vi.type.tensor_type
            if tt.HasField("shape") and all(d.HasField("dim_value") for d in tt.shape.dim):
                shapes[vi.name] = [d.dim_value for d in tt.shape.dim]
        folded, rest = False, []
        for n in keep:
            out = None
            if n.op_type == "Shape" and n.input[0] in shapes:
                out = [np.array(shapes[n.input[0]], dtype=np.int64)]
            elif all((not i) or i in values for i in n.input):
                out = fold_node(n, values)
            if out is None:
                rest.append(n)
                continue
            for name, v in zip(n.output, out):
                values[name] = np.asarray(v)
            folded = True
        keep = rest
        if not folded:
            break
    # 4. expand broadcast constants of element-wise ops on 3-D tensors
    for n in keep:
        if n.op_type not in ("Add", "Sub", "Mul", "Div") or len(n.input) != 2:
            continue
        for ci, ti in ((0, 1), (1, 0)):
            c, t = n.input[ci], n.input[ti]
            if c in values and t in shapes and len(shapes[t]) == 3:
                v = values[c]
                if v.size > 1 and list(v.shape) != shapes[t]:
                    name = c + "_expanded_" + n.output[0]
                    values[name] = np.ascontiguousarray(np.broadcast_to(v, shapes[t])).astype(v.dtype)
                    n.input[ci] = name
    # 5. Clip min/max inputs -> attributes
    for n in keep:
        if n.op_type == "Clip" and len(n.input) > 1:
            lo = values.get(n.input[1]) if len(n.input) > 1 and n.input[1] else None
            hi = values.get(n.input[2]) if len(n.input) > 2 and n.input[2] else None
            x = n.input[0]
            del n.input[:]
            n.input.append(x)
            if lo is not None:
                n.attribute.append(helper.make_attribute("min", float(lo)))
            if hi is not None:
                n.attribute.append(helper.make_attribute("max", float(hi)))
    # only the initializers something still reads
    used = {i for n in keep for i in n.input}
    del graph.node[:]
    graph.node.extend(keep)
    del graph.initializer[:]
    graph.initializer.extend(numpy_helper.from_array(np.asarray(values[k]), k) for k in values if k in used)
    del graph.value_info[:]
    # OpenCV reads the outputs' shapes: give them the inferred fixed ones
    inferred = shape_inference.infer_shapes(model)
    del graph.output[:]
    graph.output.extend(inferred.graph.output)
    onnx.save(model, dst)
    return len(keep)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    nodes = rewrite(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    print("rewrite-ppocr: %s -> %s (%d nodes, input 1x3x%sx%s)" % (sys.argv[1], sys.argv[2], nodes, sys.argv[3],
                                                                  sys.argv[4]))
