#!/usr/bin/python3
"""Converts the dlib ResNet face descriptor from its TF.js form (a weights manifest + one .bin of uint8-quantised and
float32 tensors, as @vladmandic/face-api ships it) into an ONNX graph that OpenCV 4.6's cv::dnn loads, and checks the
conversion: a numpy forward of the TF.js weights with TF.js semantics (NHWC, the layer code of face-api's
FaceRecognitionNet) and a numpy evaluation of the written ONNX graph (NCHW, read back node by node) must agree
(cosine >= 0.99999) on deterministic inputs. Only Debian's python3-onnx and python3-numpy are used.

The graph takes the normalised input (1x3x150x150, RGB, (x - mean) / 255 with mean 122.782, 117.001, 104.298: the
manifest says so) and gives the 128-d descriptor. Each conv + bias + scale layer is folded into one Conv.

Usage: convert_dlib_tfjs.py MANIFEST.json WEIGHTS.bin OUT.onnx [REFERENCE_OUT.txt]
REFERENCE_OUT.txt gets the descriptor of the first check input, so a C++ test can compare OpenCV's output with it.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MEAN_RGB = (122.782, 117.001, 104.298)
SIZE = 150


def read_weights(manifest_path, bin_path):
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    with open(bin_path, "rb") as f:
        data = f.read()
    weights, offset = {}, 0
    for group in manifest:
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            quant = spec.get("quantization")
            if quant:
                if quant["dtype"] != "uint8":
                    raise SystemExit("unsupported quantisation %s for %s" % (quant["dtype"], spec["name"]))
                q = np.frombuffer(data, dtype=np.uint8, count=count, offset=offset).astype(np.float64)
                value = q * quant["scale"] + quant["min"]
                offset += count
            else:
                if spec["dtype"] != "float32":
                    raise SystemExit("unsupported dtype %s for %s" % (spec["dtype"], spec["name"]))
                value = np.frombuffer(data, dtype="<f4", count=count, offset=offset).astype(np.float64)
                offset += 4 * count
            weights[spec["name"]] = value.reshape(spec["shape"]).astype(np.float32)
    if offset != len(data):
        raise SystemExit("weights file has %d bytes, the manifest describes %d" % (len(data), offset))
    return weights


# The network as face-api's FaceRecognitionNet.forwardInput builds it.
RESIDUALS = [("conv32_1", False), ("conv32_2", False), ("conv32_3", False),
             ("conv64_down", True), ("conv64_1", False), ("conv64_2", False), ("conv64_3", False),
             ("conv128_down", True), ("conv128_1", False), ("conv128_2", False),
             ("conv256_down", True), ("conv256_1", False), ("conv256_2", False), ("conv256_down_out", True)]


# ---- numpy forward with TF.js semantics (NHWC) ----

def tf_conv(x, w, stride, padding):
    kh, kw, cin, cout = w.shape
    if padding == "same":  # stride 1 only here: symmetric padding
        ph, pw = (kh - 1) // 2, (kw - 1) // 2
        x = np.pad(x, ((ph, kh - 1 - ph), (pw, kw - 1 - pw), (0, 0)))
    h, wd = x.shape[0], x.shape[1]
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    cols = np.empty((oh, ow, kh, kw, cin), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j, :] = x[i:i + stride * oh:stride, j:j + stride * ow:stride, :]
    return cols.reshape(oh * ow, -1) @ w.reshape(-1, cout).astype(np.float64), (oh, ow, cout)


def tf_conv_layer(x, weights, prefix, stride, padding, relu):
    out, shape = tf_conv(x, weights[prefix + "/conv/filters"], stride, padding)
    out = out.reshape(shape) + weights[prefix + "/conv/bias"]
    out = out * weights[prefix + "/scale/weights"] + weights[prefix + "/scale/biases"]
    return np.maximum(out, 0) if relu else out


def tf_pool(x, k, s, op):
    oh, ow = (x.shape[0] - k) // s + 1, (x.shape[1] - k) // s + 1
    windows = np.stack([x[i:i + s * oh:s, j:j + s * ow:s, :] for i in range(k) for j in range(k)])
    return windows.max(axis=0) if op == "max" else windows.mean(axis=0)


def tfjs_forward(weights, rgb):
    x = (rgb.astype(np.float64) - np.array(MEAN_RGB)) / 255.0
    x = tf_conv_layer(x, weights, "conv32_down", 2, "valid", True)
    x = tf_pool(x, 3, 2, "max")
    for name, down in RESIDUALS:
        out = tf_conv_layer(x, weights, name + "/conv1", 2 if down else 1, "valid" if down else "same", True)
        out = tf_conv_layer(out, weights, name + "/conv2", 1, "same", False)
        if down:
            pooled = tf_pool(x, 2, 2, "avg")
            if pooled.shape[:2] != out.shape[:2]:  # face-api appends a zero row and column
                out = np.pad(out, ((0, 1), (0, 1), (0, 0)))
            if pooled.shape[2] != out.shape[2]:  # and zero channels to the shortcut
                pooled = np.pad(pooled, ((0, 0), (0, 0), (0, out.shape[2] - pooled.shape[2])))
            out = out + pooled
        else:
            out = out + x
        x = np.maximum(out, 0)
    return x.mean(axis=(0, 1)) @ weights["fc"].astype(np.float64)


# ---- the ONNX graph ----

class Graph:
    def __init__(self, weights):
        self.w = weights
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, base):
        self.n += 1
        return "%s_%d" % (base, self.n)

    def const(self, base, value, dtype=np.float32):
        name = self.name(base)
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def node(self, op, inputs, **attrs):
        out = self.name(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def conv(self, x, prefix, stride, pad, relu):
        w = self.w[prefix + "/conv/filters"].astype(np.float64)  # kh kw cin cout
        s = self.w[prefix + "/scale/weights"].astype(np.float64)
        b = self.w[prefix + "/conv/bias"].astype(np.float64) * s + self.w[prefix + "/scale/biases"]
        w = np.transpose(w * s, (3, 2, 0, 1))  # -> cout cin kh kw, scale folded in
        y = self.node("Conv", [x, self.const("w", w), self.const("b", b)], kernel_shape=list(w.shape[2:]),
                      strides=[stride, stride], pads=[pad, pad, pad, pad])
        return self.node("Relu", [y]) if relu else y

    def pad(self, x, pads):
        return self.node("Pad", [x, self.const("pads", pads, np.int64)], mode="constant")


def build_onnx(weights):
    g = Graph(weights)
    x = g.conv("input", "conv32_down", 2, 0, True)
    x = g.node("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2])
    size, channels = (SIZE - 7) // 2 + 1, 32
    size = (size - 3) // 2 + 1
    for name, down in RESIDUALS:
        out = g.conv(x, name + "/conv1", 2 if down else 1, 0 if down else 1, True)
        out = g.conv(out, name + "/conv2", 1, 1, False)
        cout = weights[name + "/conv2/conv/filters"].shape[3]
        if down:
            conv_size, pool_size = (size - 3) // 2 + 1, size // 2
            shortcut = g.node("AveragePool", [x], kernel_shape=[2, 2], strides=[2, 2])
            if conv_size != pool_size:
                out = g.pad(out, [0, 0, 0, 0, 0, 0, pool_size - conv_size, pool_size - conv_size])
            if cout != channels:
                shortcut = g.pad(shortcut, [0, 0, 0, 0, 0, cout - channels, 0, 0])
            size, channels = pool_size, cout
        else:
            shortcut = x
        x = g.node("Relu", [g.node("Add", [out, shortcut])])
    x = g.node("Flatten", [g.node("GlobalAveragePool", [x])], axis=1)
    # OpenCV 4.6 runs Gemm as its fully connected layer only with the weights transposed (transB=1).
    y = g.node("Gemm", [x, g.const("fc", weights["fc"].T)], transB=1)
    g.nodes[-1].output[0] = "descriptor"
    graph = helper.make_graph(g.nodes, "dlib_face_descriptor",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, SIZE, SIZE])],
                              [helper.make_tensor_value_info("descriptor", TensorProto.FLOAT, [1, 128])], g.inits)
    del y
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)],
                              producer_name="kiosk convert_dlib_tfjs.py")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


# ---- numpy evaluation of the written ONNX graph (NCHW), independent of the builder above ----

def onnx_eval(model, x):
    values = {i.name: numpy_helper.to_array(i).astype(np.float64) for i in model.graph.initializer}
    values[model.graph.input[0].name] = x.astype(np.float64)
    for n in model.graph.node:
        a = {attr.name: helper.get_attribute_value(attr) for attr in n.attribute}
        i = [values[name] for name in n.input]
        if n.op_type == "Conv":
            w, b = i[1], i[2]
            p, s = a["pads"], a["strides"][0]
            xin = np.pad(i[0][0], ((0, 0), (p[0], p[2]), (p[1], p[3])))
            kh, kw = w.shape[2:]
            oh, ow = (xin.shape[1] - kh) // s + 1, (xin.shape[2] - kw) // s + 1
            cols = np.stack([xin[:, r:r + s * oh:s, c:c + s * ow:s] for r in range(kh) for c in range(kw)], axis=1)
            # cols: cin, kh*kw, oh, ow -> (cin*kh*kw) x (oh*ow)
            y = w.reshape(w.shape[0], -1) @ cols.reshape(-1, oh * ow) + b[:, None]
            out = y.reshape(1, w.shape[0], oh, ow)
        elif n.op_type == "Relu":
            out = np.maximum(i[0], 0)
        elif n.op_type == "Add":
            out = i[0] + i[1]
        elif n.op_type in ("MaxPool", "AveragePool"):
            k, s = a["kernel_shape"][0], a["strides"][0]
            t = i[0]
            oh, ow = (t.shape[2] - k) // s + 1, (t.shape[3] - k) // s + 1
            win = np.stack([t[:, :, r:r + s * oh:s, c:c + s * ow:s] for r in range(k) for c in range(k)])
            out = win.max(axis=0) if n.op_type == "MaxPool" else win.mean(axis=0)
        elif n.op_type == "Pad":
            p = i[1].astype(int)
            half = len(p) // 2
            out = np.pad(i[0], [(p[d], p[d + half]) for d in range(half)])
        elif n.op_type == "GlobalAveragePool":
            out = i[0].mean(axis=(2, 3), keepdims=True)
        elif n.op_type == "Flatten":
            out = i[0].reshape(i[0].shape[0], -1)
        elif n.op_type == "Gemm":
            out = i[0] @ (i[1].T if a.get("transB", 0) else i[1])
        else:
            raise SystemExit("unexpected node %s" % n.op_type)
        values[n.output[0]] = out
    return values[model.graph.output[0].name][0]


def check_inputs():
    rng = np.random.default_rng(20261207)
    noise = rng.integers(0, 256, size=(SIZE, SIZE, 3)).astype(np.float64)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    blob = np.stack([128 + 100 * np.sin(xx / 9.0), 128 + 90 * np.cos(yy / 7.0), 128 + 60 * np.sin((xx + yy) / 11.0)],
                    axis=2)
    return [blob, noise]


def cosine(a, b):
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    weights = read_weights(argv[1], argv[2])
    model = build_onnx(weights)
    worst = 1.0
    reference = None
    for rgb in check_inputs():
        expected = tfjs_forward(weights, rgb)
        nchw = ((rgb - np.array(MEAN_RGB)) / 255.0).transpose(2, 0, 1)[None]
        got = onnx_eval(model, nchw.astype(np.float32))
        worst = min(worst, cosine(expected, got))
        if reference is None:
            reference = expected
    if worst < 0.99999:
        print("convert_dlib_tfjs: the ONNX graph disagrees with the TF.js forward (cosine %.7f)" % worst,
              file=sys.stderr)
        return 1
    tmp = argv[3] + ".part"
    onnx.save(model, tmp)
    import os
    os.replace(tmp, argv[3])
    if len(argv) == 5:
        with open(argv[4] + ".part", "w", encoding="ascii") as f:
            f.write("# descriptor of convert_dlib_tfjs.py's first check input (sinusoid blob 150x150 RGB)\n")
            f.write(" ".join("%.8g" % v for v in reference) + "\n")
        os.replace(argv[4] + ".part", argv[4])
    print("convert_dlib_tfjs: wrote %s (checked against the TF.js forward: cosine %.7f)" % (argv[3], worst))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
