#!/usr/bin/env python3
"""Independent reference for the Rust embedder's test values.

A plain NumPy forward pass of all-MiniLM-L6-v2 (BERT, exact GELU, mean pooling over the
attention mask, L2 normalisation), written from the architecture description, not from our
Rust code. Run: python3 -m venv env && env/bin/pip install numpy tokenizers safetensors &&
env/bin/python scripts/reference_embedding.py data/models/all-MiniLM-L6-v2 "This is an example sentence"
"""
import json
import math
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

model_dir, sentences = sys.argv[1], sys.argv[2:]
cfg = json.load(open(f"{model_dir}/config.json"))
w = load_file(f"{model_dir}/model.safetensors")
w = {k.removeprefix("bert."): v.astype(np.float64) for k, v in w.items()}
tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
tok.no_padding()
tok.no_truncation()
heads, eps = cfg["num_attention_heads"], cfg["layer_norm_eps"]
erf = np.vectorize(math.erf)


def layer_norm(x, p):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w[p + ".weight"] + w[p + ".bias"]


def linear(x, p):
    return x @ w[p + ".weight"].T + w[p + ".bias"]


for s in sentences:
    enc = tok.encode(s)
    ids = np.array(enc.ids)
    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n] + w["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, "embeddings.LayerNorm")
    d = x.shape[1] // heads
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}"
        q = linear(x, p + ".attention.self.query").reshape(n, heads, d).transpose(1, 0, 2)
        k = linear(x, p + ".attention.self.key").reshape(n, heads, d).transpose(1, 0, 2)
        v = linear(x, p + ".attention.self.value").reshape(n, heads, d).transpose(1, 0, 2)
        a = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        a = np.exp(a - a.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        ctx = (a @ v).transpose(1, 0, 2).reshape(n, -1)
        x = layer_norm(linear(ctx, p + ".attention.output.dense") + x, p + ".attention.output.LayerNorm")
        h = linear(x, p + ".intermediate.dense")
        h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
        x = layer_norm(linear(h, p + ".output.dense") + x, p + ".output.LayerNorm")
    e = x.mean(0)
    e /= np.linalg.norm(e)
    print(s, "tokens", n)
    print("first8", [round(float(v), 6) for v in e[:8]])
    print("sum", round(float(e.sum()), 6), "dot_with_index", round(float((e * np.arange(len(e))).sum()), 6))
